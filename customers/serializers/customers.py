"""Serializers of customers, follow-ups and surveys (SPEC §10). Writable fields are listed
explicitly; owner, tier, status, author, late and the survey's owner are never mass-assigned."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.exceptions import ApplicationError
from common.limits import ensure_plausible_date
from customers.models import Channel, Customer, CustomerStatus, FollowUp, SatisfactionSurvey, Tier
from customers.models.customer import COMPLETENESS_FIELDS
from customers.rules import satisfaction_is_warning
from teams.models import Employee
from teams.serializers import VisiblePrimaryKeyRelatedField

CUSTOMER_READ_ONLY = [
    "id", "owner_name", "tier", "tier_pinned", "pin_reason", "status", "status_reason", "completeness",
    "last_follow_up_at", "created_at",
]


@extend_schema_field({"type": "string", "readOnly": True,
                      "description": "Lifecycle status, one of: " + ", ".join(CustomerStatus.values)})
class CustomerStatusField(serializers.ChoiceField):
    """The lifecycle status, documented inline so its enum does not collide with other `status`
    enums of the API (OpenAPI component names are global)."""

    def __init__(self, **kwargs):
        super().__init__(choices=CustomerStatus.choices, read_only=True, **kwargs)


class CustomerInputSerializer(serializers.ModelSerializer):
    """`POST customers/`: the profile; the owner is optional (default: yourself) and must be a
    salesperson you can see."""

    owner = VisiblePrimaryKeyRelatedField(queryset=Employee.objects.all(), required=False)

    class Meta:
        model = Customer
        fields = ["name", "owner", *[f for f in COMPLETENESS_FIELDS if f != "name"], "next_follow_up_on"]


class CustomerUpdateInputSerializer(CustomerInputSerializer):
    """`PUT/PATCH customers/{id}/`: profile fields only — the owner changes through `reassign/`, the
    tier through `pin-tier/`, the status through `mark-lost/`."""

    class Meta(CustomerInputSerializer.Meta):
        fields = [name for name in CustomerInputSerializer.Meta.fields if name != "owner"]


class CustomerOutputSerializer(CustomerInputSerializer):
    """A customer as every customers endpoint answers it: the profile, owner, tier, status and
    completeness."""

    owner_name = serializers.CharField(source="owner.name", read_only=True)
    completeness = serializers.DecimalField(max_digits=5, decimal_places=2, read_only=True)
    status = CustomerStatusField()

    class Meta(CustomerInputSerializer.Meta):
        fields = [
            "id", "name", "owner", "owner_name", "tier", "tier_pinned", "pin_reason", "status", "status_reason",
            "completeness", *[f for f in COMPLETENESS_FIELDS if f != "name"], "next_follow_up_on",
            "last_follow_up_at", "created_at",
        ]
        read_only_fields = CUSTOMER_READ_ONLY


class CustomerPinTierInputSerializer(serializers.Serializer):
    tier = serializers.ChoiceField(choices=Tier.choices)
    reason = serializers.CharField(max_length=300)


class ReasonInputSerializer(serializers.Serializer):
    """An optional reason (`unpin-tier/`)."""

    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RequiredReasonInputSerializer(serializers.Serializer):
    """A reason that must be given (`mark-lost/`)."""

    reason = serializers.CharField(max_length=300)


class CustomerReassignInputSerializer(serializers.Serializer):
    owner = VisiblePrimaryKeyRelatedField(queryset=Employee.objects.all())
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class BusinessDateTimeField(serializers.DateTimeField):
    """A business date-time: a naive one has its year checked against the business years before
    DRF makes it aware, so a naive year-1 time is a 400 naming the field, not an overflow (SPEC
    §13.1). Aware input is checked by the service; stored values are always aware."""

    def enforce_timezone(self, value):
        if timezone.is_naive(value):
            try:
                ensure_plausible_date(value, field=self.field_name)
            except ApplicationError as exc:
                raise serializers.ValidationError(exc.message, code="year")
        return super().enforce_timezone(value)


class FollowUpInputSerializer(serializers.ModelSerializer):
    """`POST follow-ups/`: what was done with which customer, when, and what comes next."""

    # Owner and unit loaded: the service's visibility check then needs no second query.
    customer = VisiblePrimaryKeyRelatedField(queryset=Customer.objects.select_related("owner__org_unit"))
    occurred_at = BusinessDateTimeField()
    corrects = VisiblePrimaryKeyRelatedField(queryset=FollowUp.objects.all(), required=False, allow_null=True)
    channel = serializers.ChoiceField(choices=Channel.choices)

    class Meta:
        model = FollowUp
        fields = ["customer", "occurred_at", "channel", "content", "feedback", "next_step", "next_follow_up_on",
                  "corrects"]


class FollowUpUpdateInputSerializer(FollowUpInputSerializer):
    """`PUT/PATCH follow-ups/{id}/`, within the author's edit window; the customer and the corrected
    entry stay as logged."""

    class Meta(FollowUpInputSerializer.Meta):
        fields = [name for name in FollowUpInputSerializer.Meta.fields if name not in ("customer", "corrects")]


class FollowUpOutputSerializer(FollowUpInputSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    author_name = serializers.CharField(source="author.name", read_only=True)

    class Meta(FollowUpInputSerializer.Meta):
        fields = [
            "id", "customer", "customer_name", "occurred_at", "channel", "content", "feedback", "next_step",
            "next_follow_up_on", "late", "author", "author_name", "logged_at", "corrects",
        ]
        read_only_fields = ["id", "late", "author", "logged_at"]


class SurveyInputSerializer(serializers.ModelSerializer):
    """`POST surveys/`: a customer you see, the day and the score (0–100)."""

    customer = VisiblePrimaryKeyRelatedField(queryset=Customer.objects.all())
    score = serializers.IntegerField(min_value=0, max_value=100)

    class Meta:
        model = SatisfactionSurvey
        fields = ["customer", "surveyed_on", "score", "comment"]


class SurveyOutputSerializer(SurveyInputSerializer):
    """A survey with its owner and whether its score is below the policy's warning line."""

    customer_name = serializers.CharField(source="customer.name", read_only=True)
    warning = serializers.SerializerMethodField()

    class Meta(SurveyInputSerializer.Meta):
        fields = ["id", "customer", "customer_name", "owner", "surveyed_on", "score", "comment", "warning", "created_at"]
        read_only_fields = ["id", "owner", "warning", "created_at"]

    def get_warning(self, survey) -> bool:
        return satisfaction_is_warning(survey.score, warning_below=self.context["policy"].satisfaction_warning_below)
