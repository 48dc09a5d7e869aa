"""API shapes of opportunities, contracts, receivables and payments. Writable fields are listed
explicitly (stage, closed_on, paid_amount, delivery dates are never written through them);
foreign keys accept only objects the user can see."""

from rest_framework import serializers

from customers.models import (
    Contract,
    Customer,
    EscalationReport,
    Opportunity,
    Payment,
    Receivable,
    Stage,
)
from customers.rules import opportunity_is_major
from teams.models import Employee
from teams.serializers import VisiblePrimaryKeyRelatedField

MONEY = {"max_digits": 14, "decimal_places": 2}


class OpportunityInputSerializer(serializers.ModelSerializer):
    """`POST opportunities/`: a customer you see, the owner (a salesperson you see; default: the
    customer's), the amount and the dates; the stage moves only through `move/`."""

    customer = VisiblePrimaryKeyRelatedField(queryset=Customer.objects.all())
    owner = VisiblePrimaryKeyRelatedField(queryset=Employee.objects.all(), required=False)

    class Meta:
        model = Opportunity
        fields = ["customer", "owner", "name", "amount", "product_line", "expected_close_on", "needs_confirmed_on",
                  "quote_submitted_on"]


class OpportunityUpdateInputSerializer(OpportunityInputSerializer):
    """`PUT/PATCH opportunities/{id}/`: the customer stays; everything else writable is optional."""

    class Meta(OpportunityInputSerializer.Meta):
        fields = [name for name in OpportunityInputSerializer.Meta.fields if name != "customer"]


class OpportunityOutputSerializer(OpportunityInputSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    is_major = serializers.SerializerMethodField()
    has_escalation_report = serializers.BooleanField(read_only=True, default=False)

    class Meta(OpportunityInputSerializer.Meta):
        fields = [
            "id", "customer", "customer_name", "owner", "owner_name", "name", "amount", "product_line",
            "expected_close_on", "stage", "needs_confirmed_on", "quote_submitted_on", "quote_due_on",
            "lost_reason", "closed_on", "contract", "is_major", "has_escalation_report", "created_at",
        ]
        read_only_fields = ["stage", "quote_due_on", "lost_reason", "closed_on", "contract", "created_at"]

    def get_is_major(self, opportunity) -> bool:
        return opportunity_is_major(opportunity, policy=self.context["policy"])


class NewContractInputSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=40)
    amount = serializers.DecimalField(**MONEY)
    signed_on = serializers.DateField()
    start_on = serializers.DateField()
    end_on = serializers.DateField()
    product_line = serializers.CharField(max_length=100, required=False, allow_blank=True)
    gross_margin_pct = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True)


class OpportunityMoveInputSerializer(serializers.Serializer):
    to_stage = serializers.ChoiceField(choices=Stage.choices)
    lost_reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    contract = VisiblePrimaryKeyRelatedField(queryset=Contract.objects.all(), required=False, allow_null=True,
                                             help_text="For won: an existing contract of the same customer.")
    new_contract = NewContractInputSerializer(required=False, allow_null=True,
                                              help_text="For won: the contract to create with the move.")


class EscalationReportInputSerializer(serializers.ModelSerializer):
    """The four parts (the service answers a missing one with a 400 naming it)."""

    class Meta:
        model = EscalationReport
        fields = ["background", "needs_detail", "progress", "risks"]
        extra_kwargs = {name: {"allow_blank": True} for name in fields}


class EscalationReportOutputSerializer(EscalationReportInputSerializer):
    # The author is a user (issue 10: audit columns reference users); the API keeps answering their
    # employee id, as before (None for an author without one, such as an admin).
    written_by = serializers.IntegerField(source="written_by.employee.pk", read_only=True, default=None,
                                          allow_null=True, help_text="The author's employee id.")

    class Meta(EscalationReportInputSerializer.Meta):
        fields = ["background", "needs_detail", "progress", "risks", "written_by", "written_at", "updated_at"]
        read_only_fields = ["written_by", "written_at", "updated_at"]


class ContractInputSerializer(serializers.ModelSerializer):
    """`POST contracts/`: for a customer you see; renews one of theirs you see."""

    customer = VisiblePrimaryKeyRelatedField(queryset=Customer.objects.all())
    owner = VisiblePrimaryKeyRelatedField(queryset=Employee.objects.all(), required=False)
    renews = VisiblePrimaryKeyRelatedField(queryset=Contract.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Contract
        fields = ["number", "customer", "owner", "amount", "product_line", "gross_margin_pct", "signed_on",
                  "start_on", "end_on", "renews"]
        # Uniqueness and the other rules are the service's, with one message per field.
        extra_kwargs = {"number": {"validators": []}}


class ContractOutputSerializer(ContractInputSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    renewed = serializers.BooleanField(read_only=True, default=False)

    class Meta(ContractInputSerializer.Meta):
        fields = [
            "id", "number", "customer", "customer_name", "owner", "owner_name", "amount", "product_line",
            "gross_margin_pct", "signed_on", "start_on", "end_on", "renews", "renewed", "delivery_due_on",
            "delivery_confirmed_on", "created_at",
        ]
        read_only_fields = ["delivery_due_on", "delivery_confirmed_on", "created_at"]


class ContractConfirmDeliveryInputSerializer(serializers.Serializer):
    confirmed_on = serializers.DateField(required=False, allow_null=True)


class ReceivableInputSerializer(serializers.ModelSerializer):
    """`POST receivables/`: an instalment of a contract you see."""

    contract = VisiblePrimaryKeyRelatedField(queryset=Contract.objects.all())

    class Meta:
        model = Receivable
        fields = ["contract", "due_on", "amount"]


class ReceivableOutputSerializer(ReceivableInputSerializer):
    contract_number = serializers.CharField(source="contract.number", read_only=True)
    customer = serializers.IntegerField(source="contract.customer_id", read_only=True)
    customer_name = serializers.CharField(source="contract.customer.name", read_only=True)
    owner = serializers.IntegerField(source="contract.owner_id", read_only=True)
    open_amount = serializers.DecimalField(read_only=True, **MONEY)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta(ReceivableInputSerializer.Meta):
        fields = [
            "id", "contract", "contract_number", "customer", "customer_name", "owner", "due_on", "amount",
            "paid_amount", "open_amount", "overdue", "created_at",
        ]
        read_only_fields = ["paid_amount", "created_at"]


class PaymentInputSerializer(serializers.ModelSerializer):
    """`POST payments/`: a payment against a receivable you see."""

    receivable = VisiblePrimaryKeyRelatedField(queryset=Receivable.objects.all())

    class Meta:
        model = Payment
        fields = ["receivable", "amount", "paid_on"]


class PaymentOutputSerializer(PaymentInputSerializer):
    contract = serializers.IntegerField(source="receivable.contract_id", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True, default=None, allow_null=True)

    class Meta(PaymentInputSerializer.Meta):
        fields = ["id", "receivable", "contract", "amount", "paid_on", "recorded_by", "created_at"]
        read_only_fields = ["created_at"]
