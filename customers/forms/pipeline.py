"""Page forms of the pipeline, contracts and receivables. They only parse input and limit choices
to the user's scope; the rules are in `customers.services.pipeline` / `.contracts`."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.forms import iso_date_field
from customers.forms.pickers import ContractPickerField, CustomerPickerField
from customers.models import Contract, Customer, Stage
from customers.models.pipeline import NEXT_STAGE
from customers.services import pipeline as pipeline_services
from teams.forms import OwnerPickerField

MONEY = {"max_digits": 14, "decimal_places": 2}


class OpportunityForm(forms.Form):
    customer = CustomerPickerField(label=_("Customer"))
    name = forms.CharField(label=pgettext_lazy("customer or opportunity", "Name"), max_length=200)
    amount = forms.DecimalField(label=_("Amount"), min_value=0, **MONEY)
    owner = OwnerPickerField(label=_("Owner"), required=False, help_text=_("Empty: the customer's owner."))
    product_line = forms.CharField(label=_("Product line"), max_length=100, required=False)
    expected_close_on = iso_date_field(label=_("Expected close date"), required=False)
    needs_confirmed_on = iso_date_field(label=_("Needs confirmed on"), required=False)
    quote_submitted_on = iso_date_field(label=_("Quote submitted on"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].set_customers(Customer.objects.visible_to(user))
        self.fields["owner"].set_user(user)


class OpportunityEditForm(forms.Form):
    """The editable fields of an open opportunity (its customer and stage stay)."""

    name = forms.CharField(label=pgettext_lazy("customer or opportunity", "Name"), max_length=200)
    amount = forms.DecimalField(label=_("Amount"), min_value=0, **MONEY)
    owner = OwnerPickerField(label=_("Owner"))
    product_line = forms.CharField(label=_("Product line"), max_length=100, required=False)
    expected_close_on = iso_date_field(label=_("Expected close date"), required=False)
    needs_confirmed_on = iso_date_field(label=_("Needs confirmed on"), required=False)
    quote_submitted_on = iso_date_field(label=_("Quote submitted on"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].set_user(user)


class StageField(forms.ChoiceField):
    """Offers the moves the stage machine allows from here, and accepts any known stage, so that a
    move it refuses reaches the service and is answered there (409, as in the API)."""

    def valid_value(self, value) -> bool:
        return value in Stage.values


class OpportunityMoveForm(forms.Form):
    to_stage = StageField(label=_("Move to"), choices=Stage.choices)
    lost_reason = forms.CharField(label=_("Lost reason"), max_length=300, required=False)
    contract = forms.ModelChoiceField(label=_("Existing contract"), queryset=Contract.objects.none(), required=False,
                                      help_text=_("For won: link a contract of this customer, or enter a new one below."))
    number = forms.CharField(label=_("Contract number"), max_length=40, required=False)
    contract_amount = forms.DecimalField(label=_("Contract amount"), required=False, **MONEY)
    signed_on = iso_date_field(label=_("Signed on"), required=False)
    start_on = iso_date_field(label=_("Start on"), required=False)
    end_on = iso_date_field(label=_("End on"), required=False)

    def __init__(self, *args, user, opportunity, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = pipeline_services.ALLOWED_MOVES.get(opportunity.stage, ())
        self.fields["to_stage"].choices = [(stage, Stage(stage).label) for stage in allowed]
        self.fields["to_stage"].initial = NEXT_STAGE.get(opportunity.stage) or (allowed[0] if allowed else None)
        self.fields["contract"].queryset = Contract.objects.visible_to(user).filter(
            customer_id=opportunity.customer_id, opportunity__isnull=True
        )

    def contract_data(self) -> dict | None:
        """The new contract's fields when a number was entered (else None)."""
        data = self.cleaned_data
        if not data.get("number"):
            return None
        return {"number": data["number"], "amount": data.get("contract_amount"), "signed_on": data.get("signed_on"),
                "start_on": data.get("start_on"), "end_on": data.get("end_on")}


class EscalationReportForm(forms.Form):
    background = forms.CharField(label=_("Customer background"), widget=forms.Textarea)
    needs_detail = forms.CharField(label=_("Needs detail"), widget=forms.Textarea)
    progress = forms.CharField(label=_("Current progress"), widget=forms.Textarea)
    risks = forms.CharField(label=_("Risks"), widget=forms.Textarea)


class ContractForm(forms.Form):
    number = forms.CharField(label=_("Contract number"), max_length=40)
    customer = CustomerPickerField(label=_("Customer"))
    owner = OwnerPickerField(label=_("Owner"), required=False, help_text=_("Empty: the customer's owner."))
    amount = forms.DecimalField(label=_("Amount"), **MONEY)
    product_line = forms.CharField(label=_("Product line"), max_length=100, required=False)
    gross_margin_pct = forms.DecimalField(label=_("Gross margin %"), max_digits=5, decimal_places=2, required=False)
    signed_on = iso_date_field(label=_("Signed on"))
    start_on = iso_date_field(label=_("Start on"))
    end_on = iso_date_field(label=_("End on"))
    renews = ContractPickerField(label=_("Renews"), required=False,
                                 help_text=_("Optional: the contract this one renews (type its number)."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].set_customers(Customer.objects.visible_to(user))
        self.fields["owner"].set_user(user)
        self.fields["renews"].set_contracts(Contract.objects.visible_to(user))


class ReceivableForm(forms.Form):
    due_on = iso_date_field(label=pgettext_lazy("receivable", "Due on"))
    amount = forms.DecimalField(label=_("Amount"), **MONEY)


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), **MONEY)
    paid_on = iso_date_field(label=_("Paid on"))
