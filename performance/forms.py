from django import forms
from django.utils.translation import gettext_lazy as _

from teams.models import Employee


class RatingForm(forms.Form):
    employee = forms.IntegerField(widget=forms.HiddenInput)
    rating = forms.IntegerField(label=_("Rating (0–100)"), min_value=0, max_value=100)
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class ImprovementPlanForm(forms.Form):
    text = forms.CharField(label=_("My improvement plan"), widget=forms.Textarea(attrs={"rows": 6}))


class CoachingPlanForm(forms.Form):
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=Employee.objects.none(), required=False)
    actions = forms.CharField(label=_("Actions"), widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args, user, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = (
            Employee.objects.visible_to(user).filter(active=True).exclude(pk=plan.employee_id).order_by("number")
        )
