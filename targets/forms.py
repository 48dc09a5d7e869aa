"""Forms of the target pages. They only validate input shapes; every rule is in `targets.services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.exceptions import ApplicationError
from common.periods import Period
from targets.models import DistributionProfile
from targets.services import Into, Method
from teams.models import Employee, OrgUnit


class PeriodFormField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Period"))
        kwargs.setdefault("help_text", _("A year 2026, a quarter 2026-Q4 or a month 2026-10."))
        super().__init__(**kwargs)
        self.widget.attrs.update({"maxlength": "7", "placeholder": "2026-Q4"})

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return Period.parse(text)
        except ApplicationError as exc:
            raise forms.ValidationError(str(exc.message))

    def prepare_value(self, value):
        return str(value) if isinstance(value, Period) else value


class _VisibleChoicesMixin:
    def _limit(self, user):
        self.fields["org_unit"].queryset = OrgUnit.objects.visible_to(user).order_by("path")
        self.fields["org_unit"].label_from_instance = lambda u: f"{'— ' * u.depth}{u.name}"


class TargetForm(_VisibleChoicesMixin, forms.Form):
    period = PeriodFormField()
    org_unit = forms.ModelChoiceField(OrgUnit.objects.none(), label=_("Org unit"), required=False)
    employee = forms.ModelChoiceField(Employee.objects.none(), label=_("Employee"), required=False)
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=0)
    product_line = forms.CharField(label=_("Product line"), max_length=100, required=False,
                                   help_text=_("Empty for the overall target."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit(user)
        self.fields["employee"].queryset = (
            Employee.objects.visible_to(user).filter(active=True).select_related("org_unit").order_by("number")
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("org_unit")) == bool(data.get("employee")):
            raise forms.ValidationError(_("Choose either an org unit or an employee."))
        return data


class TargetChangeForm(forms.Form):
    amount = forms.DecimalField(label=_("New amount"), max_digits=14, decimal_places=2, min_value=0)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             help_text=_("Required: it is kept in the change history."))


class DecomposeForm(_VisibleChoicesMixin, forms.Form):
    period = PeriodFormField()
    org_unit = forms.ModelChoiceField(OrgUnit.objects.none(), label=_("Org unit"))
    into = forms.ChoiceField(label=_("Split"), choices=Into.choices, initial=Into.CHILDREN)
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices, initial=Method.EQUAL)
    profile = forms.ModelChoiceField(DistributionProfile.objects.all(), label=_("Distribution profile"),
                                     required=False, help_text=_("For “Distribution profile”; empty = the default."))
    cascade = forms.BooleanField(label=_("Also split every child unit down to its reps"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=2000, help_text=_("Required when this replaces targets already set."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit(user)
