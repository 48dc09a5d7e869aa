"""Forms of the expenses pages. They only shape input; every rule is the services' (the limits,
the receipt's type, duplicates), so a refused value comes back at its field with the input kept."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import iso_date_field
from customers.forms.pickers import CustomerPickerField
from expenses.models import Category

#: A phone's file picker offers the camera first; PDFs are accepted from a desktop.
RECEIPT_ACCEPT = "image/*,application/pdf"


class ReceiptInput(forms.FileInput):
    def __init__(self, attrs=None):
        super().__init__(attrs={"accept": RECEIPT_ACCEPT, "capture": "environment", **(attrs or {})})


def _amount_field():
    return forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=0,
                              widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}))


class ClaimForm(forms.Form):
    """The phone-first claim: a photo of the receipt and four fields; the rest under "More"."""

    receipt = forms.FileField(label=_("Receipt (photo or PDF)"), required=False, widget=ReceiptInput(),
                              help_text=_("PDF, PNG or JPEG, at most 10 MB."))
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    amount = _amount_field()
    incurred_on = iso_date_field(label=_("Incurred on"))
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    invoice_number = forms.CharField(label=_("Invoice number"), max_length=60, required=False)
    customer = CustomerPickerField(label=_("Customer (optional)"), required=False)
    event = forms.ModelChoiceField(label=_("Marketing event (optional)"), queryset=None, required=False)

    #: The fields under "More" (the page shows the first five at once).
    MORE = ("invoice_number", "customer", "event")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from customers.models import Customer
        from events.models import MarketingEvent

        self.fields["customer"].set_customers(Customer.objects.visible_to(user))
        today = timezone.localdate()
        # Events a claim can still name: those of the last 90 days and the coming month.
        self.fields["event"].queryset = MarketingEvent.objects.visible_to(user).filter(
            starts_at__date__gte=today - timedelta(days=90), starts_at__date__lte=today + timedelta(days=31),
        ).order_by("-starts_at")
        self.fields["incurred_on"].widget.attrs["max"] = today.isoformat()
        if not self.is_bound and "incurred_on" not in self.initial:
            self.initial["incurred_on"] = today

    def main_fields(self):
        return [self[name] for name in self.fields if name not in self.MORE]

    def more_fields(self):
        return [self[name] for name in self.MORE]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        if not data.get("receipt"):
            data.pop("receipt", None)
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(label=_("Yes, reject this claim and send it back to the claimant."))


class BudgetForm(forms.Form):
    org_unit = forms.ModelChoiceField(label=_("Org unit"), queryset=None)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    period = forms.CharField(label=_("Period"), max_length=7, help_text=_("2026, 2026-Q4 or 2026-11."))
    amount = _amount_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from teams.models import OrgUnit

        self.fields["org_unit"].queryset = OrgUnit.objects.visible_to(user).order_by("path")


class BudgetAmountForm(forms.Form):
    amount = _amount_field()


class DeleteForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, delete it."))
