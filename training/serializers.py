"""DRF serializers of training, one Input and one Output per endpoint; SPEC §10 field names:
`training-sessions/` id, title, category, format, starts_at, hours, trainer, teams (unit ids);
`attendances/` id, session, employee, status; `assessments/` id, session, employee, score,
attempt, passed (computed); `certifications/` id, name, employee, issued_on, expires_on."""

from decimal import Decimal

from rest_framework import serializers

from common.filters import MAX_ID
from customers.serializers.customers import BusinessDateTimeField
from teams.models import Employee, OrgUnit
from teams.serializers import VisiblePrimaryKeyRelatedField
from training.models import (
    Assessment,
    Attendance,
    AttendanceStatus,
    Category,
    Certification,
    Format,
    TrainingSession,
)


class TrainingSessionOutputSerializer(serializers.ModelSerializer):
    """`trainer` is the employee id of an internal trainer (null for an external one, whose name is
    `trainer_name`); `teams` the ids of the team units covered; `cancelled_at` null unless cancelled."""

    hours = serializers.DecimalField(max_digits=4, decimal_places=2, read_only=True)
    teams = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = TrainingSession
        fields = ["id", "title", "category", "format", "starts_at", "hours", "trainer", "trainer_name", "teams",
                  "cancelled_at"]
        read_only_fields = fields


class TrainingSessionInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    category = serializers.ChoiceField(choices=Category.choices)
    format = serializers.ChoiceField(choices=Format.choices)
    starts_at = BusinessDateTimeField()
    hours = serializers.DecimalField(max_digits=4, decimal_places=2, min_value=Decimal("0.25"),
                                     max_value=Decimal("24"))
    trainer = VisiblePrimaryKeyRelatedField(queryset=Employee.objects.all(), required=False, allow_null=True,
                                            default=None)
    trainer_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    teams = VisiblePrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), many=True, allow_empty=False)


class TrainingSessionUpdateInputSerializer(TrainingSessionInputSerializer):
    """PATCH: any of the fields; the start and the teams stay once attendance or scores exist (409)."""


class AttendanceOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["id", "session", "employee", "status"]
        read_only_fields = fields


class _InviteeInput(serializers.Serializer):
    """`session` must be a session the user sees (400 "does not exist" otherwise); `employee` an
    invitee of it — any other id, existing or not, is the same 400 naming `employee`."""

    session = VisiblePrimaryKeyRelatedField(queryset=TrainingSession.objects.all())
    employee = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class AttendanceInputSerializer(_InviteeInput):
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)


class AssessmentOutputSerializer(serializers.ModelSerializer):
    score = serializers.DecimalField(max_digits=5, decimal_places=2, read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "session", "employee", "score", "attempt", "passed"]
        read_only_fields = fields


class AssessmentInputSerializer(_InviteeInput):
    score = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=Decimal("0"),
                                     max_value=Decimal("100"))


class CertificationOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Certification
        fields = ["id", "name", "employee", "issued_on", "expires_on"]
        read_only_fields = fields


class CertificationInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    employee = VisiblePrimaryKeyRelatedField(queryset=Employee.objects.select_related("org_unit"))
    issued_on = serializers.DateField()
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)


class CertificationUpdateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    issued_on = serializers.DateField(required=False)
    expires_on = serializers.DateField(required=False, allow_null=True)
