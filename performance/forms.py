from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.forms import IsoMonthInput
from performance import catalogue
from performance.models import KPICode, KPIScheme
from performance.services.schemes import PARAMETERS
from teams.models import Employee


class MonthPickerForm(forms.Form):
    """The month of a scorecard or rating page: the months that have scorecards as a list, else a
    free month field (ISO ``YYYY-MM`` in the HTML whatever the language)."""

    month = forms.CharField(label=_("Month"))

    def __init__(self, *args, month, months, **kwargs):
        super().__init__(*args, initial={"month": str(month)}, **kwargs)
        if months:
            choices = [(str(m), str(m)) for m in months]
            if str(month) not in dict(choices):
                choices.append((str(month), str(month)))
            self.fields["month"].widget = forms.Select(choices=choices, attrs={"onchange": "this.form.submit()"})
        else:
            self.fields["month"].widget = IsoMonthInput(attrs={"required": True})


class RatingForm(forms.Form):
    employee = forms.IntegerField(widget=forms.HiddenInput)
    rating = forms.IntegerField(label=_("Rating (0–100)"), min_value=0, max_value=100)
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class ImprovementPlanForm(forms.Form):
    text = forms.CharField(label=_("My improvement plan"), widget=forms.Textarea(attrs={"rows": 6}))


class CoachingPlanForm(forms.Form):
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=Employee.objects.none(), required=False)
    actions = forms.CharField(label=pgettext_lazy("coaching plan", "Actions"), widget=forms.Textarea(attrs={"rows": 5}), required=False)

    bonus_reduction_pct = forms.DecimalField(
        label=_("Bonus reduction (%)"), min_value=0, max_value=100, max_digits=5, decimal_places=2, required=False,
        help_text=_("The month's bonus is reduced by this share while the escalated plan is open."),
    )

    def __init__(self, *args, user, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = (
            Employee.objects.visible_to(user).filter(active=True).exclude(pk=plan.employee_id).order_by("number")
        )
        if not plan.escalated_to_manager:  # only the bottom-performer review reduces a bonus
            del self.fields["bonus_reduction_pct"]


class KPISchemeForm(forms.Form):
    """A role's next scheme version on the settings page: a weight 0–100 for each catalogue KPI
    (blank = 0, not in the scheme) and the scoring parameters. The sum-to-100 check is the service's
    (`kpi_scheme_save`), shown above the fields."""

    def __init__(self, *args, scheme, **kwargs):
        initial = {f"w_{code}": (getattr(scheme, f"w_{code}") or None) if scheme else None for code in catalogue.codes()}
        if scheme is not None:
            initial.update({name: getattr(scheme, name) for name in PARAMETERS})
        super().__init__(*args, initial=initial, **kwargs)
        labels = dict(KPICode.choices)
        for code in catalogue.codes():
            self.fields[f"w_{code}"] = forms.IntegerField(
                label=labels[code], min_value=0, max_value=100, required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "weight", "step": 1}),
            )
        for name in PARAMETERS:
            model_field = KPIScheme._meta.get_field(name)
            self.fields[name] = model_field.formfield(required=False, help_text=model_field.help_text)

    def weights(self) -> dict[str, int]:
        return {code: self.cleaned_data.get(f"w_{code}") or 0 for code in catalogue.codes()}

    def parameters(self) -> dict:
        return {name: self.cleaned_data[name] for name in PARAMETERS if self.cleaned_data.get(name) is not None}
