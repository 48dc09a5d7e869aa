"""Pages of SPEC §5.5 and §5.9: a person's statement (with the running month's what-if and the
form to ask about a figure), an inquiry's page (HR answers, the asker accepts or reopens once),
and an award's printable A4 certificate in the recipient's language. Views parse input, call one
selector or service, and render; refusals come back at their field (`common.views.form_page`)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common.exceptions import NotFound
from common.notifications import recipient_language
from common.periods import Period
from common.views import domain_errors, form_page
from incentives import services
from incentives.forms import InquiryAcceptForm, InquiryAnswerForm, InquiryForm, InquiryReopenForm, WhatIfForm
from incentives.models import BonusAward
from incentives.selectors.inquiries import bonus_inquiry_get, bonus_inquiry_steps
from incentives.selectors.sheets import ensure_sees_bonuses
from incentives.selectors.statements import bonus_statement, bonus_what_if
from teams.scoping import acting_employee, get_visible_or_404

INQUIRY_FORMS = {"answer": InquiryAnswerForm, "accept": InquiryAcceptForm, "reopen": InquiryReopenForm}
INQUIRY_MESSAGES = {"answer": gettext_lazy("The answer was recorded."),
                    "accept": gettext_lazy("You accepted the answer."),
                    "reopen": gettext_lazy("The inquiry is open again.")}


def _statement_context(request, month: Period, employee_id=None, *, what_if_form=None, inquiry_form=None,
                       what_if=None) -> dict:
    statement = bonus_statement(user=request.user, month=month, employee_id=employee_id)
    own = employee_id is None
    return {
        "statement": statement,
        "own": own,
        "what_if_form": what_if_form or (WhatIfForm() if own and statement["is_running_month"] else None),
        "what_if": what_if,
        "inquiry_form": inquiry_form or (InquiryForm() if own and services.may_raise_inquiry(month=month, actor=request.user)
                                         else None),
    }


@login_required
@domain_errors
def statement(request, month: str, employee: int | None = None):
    period = Period.parse_month(month)
    return render(request, "incentives/statement.html", _statement_context(request, period, employee))


@login_required
@require_POST
@domain_errors
def statement_what_if(request, month: str):
    period = Period.parse_month(month)
    form = WhatIfForm(request.POST)
    return form_page(
        request, form=form, template="incentives/statement.html",
        context=_statement_context(request, period, what_if_form=form),
        service=lambda: bonus_what_if(user=request.user, month=period, extra_sales=form.cleaned_data["extra_sales"]),
        on_success=lambda result: render(request, "incentives/statement.html",
                                         _statement_context(request, period, what_if_form=form, what_if=result)),
    )


@login_required
@require_POST
@domain_errors
def inquiry_create(request, month: str):
    period = Period.parse_month(month)
    ensure_sees_bonuses(request.user)
    form = InquiryForm(request.POST)
    return form_page(
        request, form=form, template="incentives/statement.html",
        context=_statement_context(request, period, inquiry_form=form),
        service=lambda: services.bonus_inquiry_raise(month=period, actor=request.user, **form.cleaned_data),
        success_url=lambda inquiry: reverse("incentives:inquiry", kwargs={"pk": inquiry.pk}),
        success_message=_("Your question was sent to HR."),
    )


def _inquiry_context(request, inquiry, *, refused=None) -> dict:
    user = request.user
    forms = {
        "answer": InquiryAnswerForm() if services.may_answer_inquiry(inquiry=inquiry, actor=user) else None,
        "accept": InquiryAcceptForm() if services.may_respond_inquiry(inquiry=inquiry, actor=user, action="accept") else None,
        "reopen": InquiryReopenForm() if services.may_respond_inquiry(inquiry=inquiry, actor=user, action="reopen") else None,
    }
    if refused is not None:
        forms[refused[0]] = refused[1]
    return {"inquiry": inquiry, "steps": bonus_inquiry_steps(inquiry), "forms": forms,
            "own": (acting_employee(user) or object()) == inquiry.employee}


@login_required
@domain_errors
def inquiry_detail(request, pk: int):
    inquiry = bonus_inquiry_get(user=request.user, pk=pk)
    return render(request, "incentives/inquiry.html", _inquiry_context(request, inquiry))


@login_required
@require_POST
@domain_errors
def inquiry_action(request, pk: int, action: str):
    if action not in INQUIRY_FORMS:
        raise NotFound()
    inquiry = bonus_inquiry_get(user=request.user, pk=pk)
    form = INQUIRY_FORMS[action](request.POST)
    calls = {
        "answer": lambda: services.bonus_inquiry_answer(inquiry=inquiry, actor=request.user,
                                                        answer=form.cleaned_data["answer"],
                                                        adjustment_amount=form.cleaned_data.get("adjustment")),
        "accept": lambda: services.bonus_inquiry_accept(inquiry=inquiry, actor=request.user),
        "reopen": lambda: services.bonus_inquiry_reopen(inquiry=inquiry, actor=request.user,
                                                        text=form.cleaned_data["text"]),
    }
    return form_page(
        request, form=form, template="incentives/inquiry.html",
        context=_inquiry_context(request, inquiry, refused=(action, form)),
        service=calls[action], success_url=reverse("incentives:inquiry", kwargs={"pk": inquiry.pk}),
        success_message=INQUIRY_MESSAGES[action],
    )


@login_required
@domain_errors
def certificate(request, pk: int):
    """The award's certificate, printable on A4, in the recipient's language (their profile's)."""
    ensure_sees_bonuses(request.user)
    award = get_visible_or_404(BonusAward.objects.select_related("employee__user", "employee__org_unit", "sheet"),
                               request.user, pk=pk)
    user = award.employee.user
    language = recipient_language(user) if user is not None else translation.get_language()
    with translation.override(language):
        return render(request, "incentives/certificate.html", {"award": award, "language": language})
