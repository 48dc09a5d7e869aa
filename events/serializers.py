"""API shapes of events and invitations (SPEC §10 field names). Writable fields are listed
explicitly: status, quotas_by_hand, outcome, confirmation, check-in and walk-in are never written
through the resource; they move through the action endpoints."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from customers.models import Customer
from customers.serializers.customers import BusinessDateTimeField
from events.models import Channel, Confirmation, Invitation, MarketingEvent, Outcome
from teams.models import OrgUnit
from teams.serializers import VisiblePrimaryKeyRelatedField

HEADCOUNT = {"min_value": 1, "max_value": 100_000}


class EventInputSerializer(serializers.ModelSerializer):
    """`POST events/`: what the organiser writes (the service checks the rules)."""

    org_unit = VisiblePrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    starts_at = BusinessDateTimeField()
    ends_at = BusinessDateTimeField()
    invitation_deadline = BusinessDateTimeField(required=False)
    capacity = serializers.IntegerField(**HEADCOUNT)
    target_attendance = serializers.IntegerField(**HEADCOUNT)
    follow_up_window_days = serializers.IntegerField(min_value=1, max_value=60, required=False)
    conversion_window_days = serializers.IntegerField(min_value=1, max_value=366, required=False)

    class Meta:
        model = MarketingEvent
        fields = ["title", "topic", "org_unit", "starts_at", "ends_at", "venue", "agenda", "speakers", "capacity",
                  "target_attendance", "invitation_deadline", "follow_up_window_days", "conversion_window_days",
                  "gift"]


class EventUpdateInputSerializer(EventInputSerializer):
    """`PUT/PATCH events/{id}/`: the same fields but the organising unit, which stays."""

    class Meta(EventInputSerializer.Meta):
        fields = [name for name in EventInputSerializer.Meta.fields if name != "org_unit"]


class EventOutputSerializer(EventInputSerializer):
    """`events/`: the §10 fields plus the details of §15.1; status, the cancel reason and whether the
    quotas were set by hand move only through the action endpoints."""

    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)

    class Meta(EventInputSerializer.Meta):
        fields = ["id", "title", "topic", "org_unit", "org_unit_name", "starts_at", "ends_at", "venue", "agenda",
                  "speakers", "capacity", "target_attendance", "invitation_deadline", "follow_up_window_days",
                  "conversion_window_days", "gift", "status", "cancel_reason", "quotas_by_hand"]
        read_only_fields = ["status", "cancel_reason", "quotas_by_hand"]


class EventActionInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class QuotasSerializer(serializers.Serializer):
    """`{employee id: count}` (a JSON object) both ways, in and out; the service checks the reps and
    the sum. One class for both directions: the body and the answer are the same mapping."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError({"quotas": ["Give the quotas as {employee id: count}."]})
        return {"quotas": data}

    def to_representation(self, instance):
        return {str(pk): count for pk, count in instance.items()}


QUOTAS_SCHEMA = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0},
                 "description": "Invitation quota per employee id, e.g. {\"12\": 3, \"15\": 2}."}


class InvitationInputSerializer(serializers.ModelSerializer):
    """`POST invitations/`: the event (one the user sees), the customer (one they see) and the channel."""

    event = serializers.PrimaryKeyRelatedField(queryset=MarketingEvent.objects.all())
    customer = VisiblePrimaryKeyRelatedField(queryset=Customer.objects.select_related("owner__org_unit"))
    channel = serializers.ChoiceField(choices=Channel.choices)
    log_follow_up = serializers.BooleanField(write_only=True, required=False, default=False)

    class Meta:
        model = Invitation
        fields = ["event", "customer", "channel", "log_follow_up"]
        # The service refuses a second invitation of the customer, naming the field `customer`.
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["event"].queryset = MarketingEvent.objects.visible_to(request.user)


class InvitationOutputSerializer(serializers.ModelSerializer):
    """An invitation and how it went (outcome, confirmation, check-in, gift)."""

    customer_name = serializers.CharField(source="customer.name", read_only=True)
    inviter_name = serializers.CharField(source="inviter.name", read_only=True)
    decline_reason = serializers.SerializerMethodField()

    class Meta:
        model = Invitation
        fields = ["id", "event", "customer", "customer_name", "inviter", "inviter_name", "channel", "invited_at",
                  "outcome", "decline_reason", "decline_note", "confirmation", "confirmed_at", "checked_in_at",
                  "walk_in", "gift_given", "short_code"]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "nullable": True, "readOnly": True})
    def get_decline_reason(self, invitation) -> str | None:
        return invitation.decline_reason.code if invitation.decline_reason_id else None


class RespondInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[c for c in Outcome.choices if c[0] != Outcome.PENDING])
    decline_reason = serializers.CharField(max_length=30, required=False, allow_blank=True, allow_null=True)
    decline_note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    log_follow_up = serializers.BooleanField(required=False, default=False)


class ConfirmInputSerializer(serializers.Serializer):
    confirmation = serializers.ChoiceField(
        choices=[c for c in Confirmation.choices if c[0] != Confirmation.UNCONFIRMED])
    log_follow_up = serializers.BooleanField(required=False, default=False)


class CheckInInputSerializer(serializers.Serializer):
    gift_given = serializers.BooleanField(required=False, allow_null=True, default=None)
    log_follow_up = serializers.BooleanField(required=False, default=False)


class WalkInInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    contact_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    gift_given = serializers.BooleanField(required=False, default=False)


class PercentField(serializers.DecimalField):
    def __init__(self, **kwargs):
        super().__init__(max_digits=12, decimal_places=2, allow_null=True, **kwargs)


class MoneyField(serializers.DecimalField):
    def __init__(self, **kwargs):
        super().__init__(max_digits=16, decimal_places=2, **kwargs)


class FunnelOutputSerializer(serializers.Serializer):
    invited = serializers.IntegerField()
    accepted = serializers.IntegerField()
    declined = serializers.IntegerField()
    no_answer = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    attended = serializers.IntegerField()
    walk_ins = serializers.IntegerField()
    signed = serializers.IntegerField()
    acceptance_rate = PercentField()
    attendance_rate = PercentField()
    conversion_rate = PercentField()
    revenue = MoneyField()


class RepLineOutputSerializer(FunnelOutputSerializer):
    employee = serializers.IntegerField()
    name = serializers.CharField()
    number = serializers.CharField()
    team = serializers.CharField()
    quota = serializers.IntegerField()


class EventReportOutputSerializer(FunnelOutputSerializer):
    """`events/{id}/report/` (SPEC §10, §15.3)."""

    event = serializers.IntegerField()
    cost = MoneyField()
    cost_per_attendee = MoneyField(allow_null=True)
    roi = PercentField()
    declined_by_reason = serializers.DictField(child=serializers.IntegerField())
    by_rep = RepLineOutputSerializer(many=True)
