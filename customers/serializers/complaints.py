"""Serializers of complaints and customer health (SPEC §10 field names). One Input and one Output
serializer per endpoint; writable fields listed explicitly (owner, handler, status, due times and
breach flags are never mass-assigned)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from customers.models import (
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintStatus,
    Customer,
    HealthBand,
    Severity,
)
from customers.serializers.customers import BusinessDateTimeField
from teams.models import Employee
from teams.serializers import VisiblePrimaryKeyRelatedField


def _inline_choices(choices, description: str, **kwargs) -> serializers.ChoiceField:
    """A choice field documented inline, its values in the description (an enum would collide
    with other `status`, `category` or `channel` enums of the API: OpenAPI component names are
    global), as `CustomerStatusField` does."""
    schema = {"type": "string", "description": f"{description} One of: {', '.join(choices.values)}."}
    if kwargs.get("allow_null"):
        schema["nullable"] = True
    if kwargs.get("read_only"):
        schema["readOnly"] = True
    field_class = extend_schema_field(schema)(type("InlineChoiceField", (serializers.ChoiceField,), {}))
    return field_class(choices=choices.choices, **kwargs)


class ComplaintOutputSerializer(serializers.ModelSerializer):
    channel = _inline_choices(ComplaintChannel, "How the complaint came in.", read_only=True)
    category = _inline_choices(ComplaintCategory, "What the complaint is about.", read_only=True)
    severity = _inline_choices(Severity, "Severity; sets the SLA.", read_only=True)
    status = _inline_choices(ComplaintStatus, "Where the complaint stands.", read_only=True)
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    handler_name = serializers.CharField(source="handler.name", read_only=True)
    response_breached = serializers.BooleanField(read_only=True)
    resolution_breached = serializers.BooleanField(read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "id", "customer", "customer_name", "received_at", "channel", "category", "severity", "description",
            "owner", "handler", "handler_name", "status", "resolution", "confirmation", "response_due_at",
            "resolution_due_at", "responded_at", "resolved_at", "closed_at", "response_breached",
            "resolution_breached",
        ]
        read_only_fields = fields


class ComplaintInputSerializer(serializers.Serializer):
    # Owner and unit loaded: the service's visibility check needs no second query.
    customer = VisiblePrimaryKeyRelatedField(queryset=Customer.objects.select_related("owner__org_unit"))
    received_at = BusinessDateTimeField()
    channel = _inline_choices(ComplaintChannel, "How the complaint came in.")
    category = _inline_choices(ComplaintCategory, "What the complaint is about.")
    severity = _inline_choices(Severity, "Severity; sets the SLA.", required=False, default=Severity.NORMAL)
    description = serializers.CharField(max_length=5000)


class ComplaintAssignInputSerializer(serializers.Serializer):
    handler = VisiblePrimaryKeyRelatedField(queryset=Employee.objects.all())


class ComplaintResolveInputSerializer(serializers.Serializer):
    resolution = serializers.CharField(max_length=5000, allow_blank=True)


class ComplaintCloseInputSerializer(serializers.Serializer):
    confirmation = serializers.CharField(max_length=5000, allow_blank=True)


class ComplaintReopenInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class HealthComponentOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    score = serializers.DecimalField(max_digits=5, decimal_places=2)
    weight = serializers.IntegerField()
    explanation = serializers.CharField(help_text="In the requester's language.")


class CustomerHealthOutputSerializer(serializers.Serializer):
    """The customer's latest health (`score` and `band` null for a customer without a contract)."""

    score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    band = _inline_choices(HealthBand, "healthy ≥ 70, watch 40–69.99, at_risk < 40.", allow_null=True)
    month = serializers.CharField(allow_null=True, help_text="YYYY-MM of the score.")
    components = HealthComponentOutputSerializer(many=True)
