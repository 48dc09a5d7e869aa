"""DRF serializers, one Input and one Output per endpoint (issue 10): an Input lists exactly what a
request may carry, an Output what an answer shows (everything computed is read-only)."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common import phrases
from common.periods import Period
from performance.models import CoachingPlan, ImprovementPlan, KPIScheme, ManagerRating, SchemeRole, Scorecard
from teams.models import Employee
from teams.serializers import VisiblePrimaryKeyRelatedField


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-03"})
class MonthField(serializers.Field):
    """"YYYY-MM" in and out; stored as the month's first day."""

    def to_representation(self, value):
        return f"{value:%Y-%m}"

    def to_internal_value(self, data):
        return Period.parse_month(data)


class ActingEmployeeField(serializers.IntegerField):
    """An audit column (a user) shown as the id of that user's employee, as the API always showed
    it; null for nobody or a user who is nobody's login (an admin)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def get_attribute(self, instance):
        user = getattr(instance, self.source)
        employee = getattr(user, "employee", None) if user is not None else None
        return None if employee is None else employee.pk

    def to_representation(self, value):
        return value


class ScorecardOutputSerializer(serializers.ModelSerializer):
    """Exactly the row shape of SPEC §10 (`kpis` as {code, value, score, weight}) plus `explanation`,
    rendered in the requester's language (Accept-Language)."""

    month = MonthField(read_only=True)
    composite = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True, allow_null=True)
    kpis = serializers.SerializerMethodField()
    explanation = serializers.SerializerMethodField()

    class Meta:
        model = Scorecard
        fields = ["employee", "month", "status", "composite", "team_rank", "company_rank", "flags", "kpis", "explanation"]
        read_only_fields = fields

    def get_kpis(self, card) -> list[dict]:
        return [{"code": k["code"], "value": k["value"], "score": k["score"], "weight": k["weight"]} for k in card.kpis]

    def get_explanation(self, card) -> str:
        return phrases.render(card.explanation)


class ManagerRatingInputSerializer(serializers.Serializer):
    employee = VisiblePrimaryKeyRelatedField(queryset=Employee.objects.select_related("org_unit"))
    month = MonthField()
    rating = serializers.IntegerField(min_value=0, max_value=100)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True)


class ManagerRatingOutputSerializer(serializers.ModelSerializer):
    month = MonthField(read_only=True)
    rated_by = ActingEmployeeField(help_text="The rater's employee id.")

    class Meta:
        model = ManagerRating
        fields = ["id", "employee", "month", "rating", "comment", "rated_by", "rated_at"]
        read_only_fields = fields


class ImprovementPlanOutputSerializer(serializers.ModelSerializer):
    month = MonthField(read_only=True)
    accepted_by = ActingEmployeeField(help_text="The employee id of who accepted the plan.")

    class Meta:
        model = ImprovementPlan
        fields = ["id", "employee", "month", "due_on", "text", "status", "submitted_at", "accepted_by", "accepted_at"]
        read_only_fields = fields


class ImprovementPlanSubmitInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=True)


class CoachingPlanUpdateInputSerializer(serializers.Serializer):
    mentor = VisiblePrimaryKeyRelatedField(queryset=Employee.objects.all(), required=False, allow_null=True)
    actions = serializers.CharField(required=False, allow_blank=True)
    bonus_reduction_pct = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100,
                                                   required=False)


class CoachingPlanOutputSerializer(serializers.ModelSerializer):
    month = MonthField(read_only=True)

    class Meta:
        model = CoachingPlan
        fields = ["id", "employee", "month", "mentor", "actions", "status", "consecutive_months",
                  "escalated_to_manager", "escalated_for_month", "bonus_reduction_pct"]
        read_only_fields = fields


@extend_schema_field({"type": "string", "pattern": "^(" + "|".join(SchemeRole.values) + ")$",
                      "description": "A scored role: " + ", ".join(SchemeRole.values) + "."})
class SchemeRoleField(serializers.ChoiceField):
    """A scored role (documented by a pattern: an enum would collide with the employees' `Role`)."""

    def __init__(self, **kwargs):
        super().__init__(choices=SchemeRole.choices, **kwargs)


class KPISchemeOutputSerializer(serializers.ModelSerializer):
    """A KPI scheme version: `weights` maps each catalogue KPI code it weighs to its weight."""

    role = SchemeRoleField(read_only=True)
    weights = serializers.SerializerMethodField()

    class Meta:
        model = KPIScheme
        fields = ["id", "role", "version", "active", "weights", "attainment_cap", "prospects_goal", "prospects_cap",
                  "low_satisfaction_below", "complaint_limit", "reference_deal_amount", "created_at"]
        read_only_fields = fields

    def get_weights(self, scheme) -> dict[str, int]:
        return scheme.weights


@extend_schema_field({"type": "object", "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 100},
                      "example": {"sales_attainment": 60, "complaint_rate": 20, "event_attendance": 20}})
class WeightsField(serializers.DictField):
    """{catalogue code: whole weight 0–100}; the codes and the sum are the service's checks."""

    child = serializers.JSONField()


class KPISchemeInputSerializer(serializers.Serializer):
    """`POST kpi-schemes/`: the role's next version. Parameters left out keep the current version's."""

    role = SchemeRoleField()
    weights = WeightsField()
    attainment_cap = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=Decimal("0.01"), required=False)
    prospects_goal = serializers.IntegerField(min_value=1, max_value=32767, required=False)
    prospects_cap = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=Decimal("0.01"), required=False)
    low_satisfaction_below = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=Decimal("0"),
                                                      required=False)
    complaint_limit = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=Decimal("0.01"), required=False)
    reference_deal_amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"),
                                                     required=False)
