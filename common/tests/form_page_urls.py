"""A tiny form view on `common.views.form_page`, for its tests only."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.urls import path

from common.exceptions import ApplicationError, Conflict, NotAllowed, NotFound
from common.views import domain_errors, form_page
from salesops import urls as project_urls

CALLS = []


class AmountForm(forms.Form):
    amount = forms.DecimalField()
    note = forms.CharField(required=False)


def _service(data):
    CALLS.append(data)
    outcome = data["note"]
    if outcome == "too-big":
        raise ApplicationError("Amount is too big.", field="amount")
    if outcome == "locked":
        raise Conflict("The month is closed.", field="amount")
    if outcome == "invalid":
        raise ValidationError({"note": ["Note is odd."], "__all__": ["Whole form is odd."]})
    if outcome == "forbidden":
        raise NotAllowed("Not yours.")
    if outcome == "gone":
        raise NotFound()
    return {"id": 7}


@login_required
def amount_page(request):
    form = AmountForm(request.POST or None)
    return form_page(
        request, form=form, template="common_test/form.html", context={"title": "Amount"},
        service=lambda: _service(form.cleaned_data),
        success_url=lambda result: f"/done/{result['id']}/",
        success_message=lambda result: f"Saved {result['id']}.",
    )


@login_required
@domain_errors
def button_page(request):
    raise Conflict("The month is closed.")


# The project's URLs too: base.html links to the navigation.
urlpatterns = [path("test-form/amount/", amount_page), path("test-form/button/", button_page),
               *project_urls.urlpatterns]
