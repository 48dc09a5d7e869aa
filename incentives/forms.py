"""The bonus pages' forms. They check the shape of the input; the services check the rules (who
may act, open months, non-zero amounts with a reason), and a refusal comes back at its field."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.exceptions import ApplicationError
from common.forms import IsoDateInput, IsoMonthInput
from common.periods import Period
from incentives.models import InquiryCategory
from incentives.services import adjustable_employees


class MonthPickForm(forms.Form):
    """The month picker of the sheet index (ISO ``YYYY-MM`` in every language)."""

    month = forms.CharField(label=pgettext_lazy("bonus sheet", "Month"), max_length=7, widget=IsoMonthInput())

    def clean_month(self) -> Period:
        try:
            return Period.parse_month(self.cleaned_data["month"])
        except ApplicationError as exc:
            raise forms.ValidationError(str(exc.message)) from exc


class AdjustmentForm(forms.Form):
    """HR's manual adjustment. The people offered are those HR may adjust — never herself."""

    employee = forms.ModelChoiceField(
        label=_("Employee"), queryset=None,
        error_messages={"invalid_choice": _("Pick an active employee you may adjust (never yourself).")})
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2,
                                help_text=_("Negative to deduct."))
    reason = forms.CharField(label=_("Reason"), max_length=300, required=True,
                             error_messages={"required": _("A reason is required for every adjustment.")})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = adjustable_employees(actor=user).order_by("number")
        self.fields["employee"].label_from_instance = lambda e: f"{e.name} ({e.number})"


class SheetNoteForm(forms.Form):
    """The optional note of a sheet's move (submit, send back)."""

    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ApproveForm(SheetNoteForm):
    """Approving closes the month for good, so it takes a ticked box (works without JavaScript,
    with a keyboard and with a screen reader)."""

    confirm = forms.BooleanField(
        label=_("I have checked the sheet: approve it and close the month for good (its scorecards are "
                "published, its targets locked, nothing on it can change afterwards)."),
        error_messages={"required": _("Tick the box to confirm: approving closes the month for good.")})

    field_order = ["confirm", "note"]


class WhatIfForm(forms.Form):
    """"If I sign X more": the extra sales of the running month (the rules say what it gives)."""

    extra_sales = forms.DecimalField(label=_("Extra sales this month"), max_digits=14, decimal_places=2,
                                     help_text=_("Nothing is saved: the same rules as the sheet, computed now."))


class InquiryForm(forms.Form):
    """The employee's question about their own row."""

    category = forms.ChoiceField(label=_("What looks wrong"), choices=InquiryCategory.choices)
    text = forms.CharField(label=_("Your question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Say what looks wrong.")})


class InquiryAnswerForm(forms.Form):
    """HR's answer: an explanation, optionally an adjustment that cites the inquiry."""

    answer = forms.CharField(label=_("Answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("An answer needs an explanation.")})
    adjustment = forms.DecimalField(label=_("Adjustment (optional)"), max_digits=14, decimal_places=2, required=False,
                                    help_text=_("Negative to deduct; recorded with the inquiry as its reason."))


class InquiryReopenForm(forms.Form):
    text = forms.CharField(label=_("Why the answer does not settle it"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Say why the answer does not settle it.")})


class InquiryAcceptForm(forms.Form):
    """Accepting takes no input."""


class PayForm(forms.Form):
    """HR records the payroll run that paid the exported sheet."""

    payroll_reference = forms.CharField(label=_("Payroll reference"), max_length=100)
    paid_on = forms.DateField(label=pgettext_lazy("payroll", "Paid on"), widget=IsoDateInput())
