"""API shapes of budgets and claims (SPEC §10): per endpoint an input and an output serializer.
Writable fields are listed explicitly — `status`, `claimant`, the approvals and the receipt's
fingerprint are never written through them; a foreign key accepts only objects the user sees
(anything else is a 400, as if it did not exist)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from customers.models import Customer, FollowUp
from events.models import MarketingEvent
from expenses.models import Category, ExpenseBudget, ExpenseClaim, ExpenseClaimTransition
from teams.models import OrgUnit
from teams.serializers import VisiblePrimaryKeyRelatedField

MONEY = {"max_digits": 14, "decimal_places": 2}


# --- Budgets --------------------------------------------------------------------------------------


class BudgetInputSerializer(serializers.Serializer):
    org_unit = VisiblePrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    category = serializers.ChoiceField(choices=Category.choices)
    period = serializers.CharField(max_length=7, help_text="2026, 2026-Q4 or 2026-11.")
    amount = serializers.DecimalField(**MONEY)


class BudgetUpdateInputSerializer(serializers.Serializer):
    amount = serializers.DecimalField(**MONEY)


class BudgetOutputSerializer(serializers.ModelSerializer):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    consumed = serializers.SerializerMethodField()
    remaining = serializers.SerializerMethodField()

    class Meta:
        model = ExpenseBudget
        fields = ["id", "org_unit", "org_unit_name", "category", "period", "period_kind", "start", "end", "amount",
                  "consumed", "remaining"]
        read_only_fields = fields

    def _line(self, budget):
        return self.context["lines"][budget.pk]

    @extend_schema_field({"type": "string", "format": "decimal", "example": "1200.00"})
    def get_consumed(self, budget) -> str:
        return f"{self._line(budget).consumed:.2f}"

    @extend_schema_field({"type": "string", "format": "decimal", "example": "8800.00"})
    def get_remaining(self, budget) -> str:
        return f"{self._line(budget).remaining:.2f}"


# --- Claims ---------------------------------------------------------------------------------------


class ClaimInputSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices)
    amount = serializers.DecimalField(**MONEY)
    incurred_on = serializers.DateField()
    purpose = serializers.CharField(max_length=300)
    invoice_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    receipt = serializers.FileField(required=False, allow_null=True, allow_empty_file=True,
                                    help_text="PDF, PNG or JPEG (read from the content), at most 10 MB; "
                                              "multipart/form-data. Required to submit.")
    customer = VisiblePrimaryKeyRelatedField(queryset=Customer.objects.all(), required=False, allow_null=True)
    follow_up = VisiblePrimaryKeyRelatedField(queryset=FollowUp.objects.all(), required=False, allow_null=True)
    event = VisiblePrimaryKeyRelatedField(queryset=MarketingEvent.objects.all(), required=False, allow_null=True)


class ClaimUpdateInputSerializer(ClaimInputSerializer):
    """Every writable field optional (PATCH or PUT of a draft or a rejected claim)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields["invoice_number"].default = serializers.empty


class RejectInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, allow_blank=True,
                                   help_text="Why the claim is sent back (required, not blank).")


class ClaimTransitionOutputSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = ExpenseClaimTransition
        fields = ["at", "from_status", "to_status", "actor", "note"]

    @extend_schema_field({"type": "string", "nullable": True})
    def get_actor(self, transition) -> str | None:
        return transition.actor.username if transition.actor_id else None


class ClaimOutputSerializer(serializers.ModelSerializer):
    claimant_name = serializers.CharField(source="claimant.name", read_only=True)
    receipt = serializers.SerializerMethodField()

    class Meta:
        model = ExpenseClaim
        fields = ["id", "claimant", "claimant_name", "category", "amount", "incurred_on", "purpose", "invoice_number",
                  "receipt", "receipt_content_type", "customer", "follow_up", "event", "status", "submitted_at",
                  "rejection_reason", "created_at", "updated_at"]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uri-reference", "nullable": True,
                          "description": "Where the receipt is read (signed-in, in scope)."})
    def get_receipt(self, claim) -> str | None:
        if not claim.receipt:
            return None
        return reverse("expenses:claim-receipt", args=[claim.pk])


class ClaimDetailOutputSerializer(ClaimOutputSerializer):
    transitions = ClaimTransitionOutputSerializer(many=True, read_only=True)

    class Meta(ClaimOutputSerializer.Meta):
        fields = [*ClaimOutputSerializer.Meta.fields, "transitions"]
        read_only_fields = fields
