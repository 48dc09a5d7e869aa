from django import forms
from django.utils.translation import gettext_lazy as _

from teams.models import Employee


class AdjustmentForm(forms.Form):
    """HR's manual adjustment: the service checks the rules (reason, non-zero, open month)."""

    employee = forms.ModelChoiceField(label=_("Employee"), queryset=Employee.objects.none())
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2,
                                help_text=_("Negative to deduct."))
    reason = forms.CharField(label=_("Reason"), max_length=300, required=True,
                             error_messages={"required": _("A reason is required for every adjustment.")})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = Employee.objects.visible_to(user).filter(active=True).order_by("number")
