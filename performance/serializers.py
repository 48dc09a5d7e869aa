"""DRF serializers. Writable fields are listed explicitly; everything computed is read-only."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common import phrases
from common.periods import Period
from performance.models import CoachingPlan, ImprovementPlan, ManagerRating, Scorecard
from teams.models import Employee
from teams.serializers import VisiblePrimaryKeyRelatedField


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-03"})
class MonthField(serializers.Field):
    """"YYYY-MM" in and out; stored as the month's first day."""

    def to_representation(self, value):
        return f"{value:%Y-%m}"

    def to_internal_value(self, data):
        return Period.parse_month(data)


class ScorecardSerializer(serializers.ModelSerializer):
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


class ManagerRatingSerializer(serializers.ModelSerializer):
    employee = VisiblePrimaryKeyRelatedField(queryset=Employee.objects.select_related("org_unit"))
    month = MonthField()
    rating = serializers.IntegerField(min_value=0, max_value=100)
    rated_by = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = ManagerRating
        fields = ["id", "employee", "month", "rating", "comment", "rated_by", "rated_at"]
        read_only_fields = ["id", "rated_by", "rated_at"]


class ImprovementPlanSerializer(serializers.ModelSerializer):
    month = MonthField(read_only=True)

    class Meta:
        model = ImprovementPlan
        fields = ["id", "employee", "month", "due_on", "text", "status", "submitted_at", "accepted_by", "accepted_at"]
        read_only_fields = fields


class PlanTextSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=True)


class CoachingPlanSerializer(serializers.ModelSerializer):
    month = MonthField(read_only=True)
    mentor = VisiblePrimaryKeyRelatedField(queryset=Employee.objects.all(), required=False, allow_null=True)
    actions = serializers.CharField(required=False, allow_blank=True)

    class Meta:
        model = CoachingPlan
        fields = ["id", "employee", "month", "mentor", "actions", "status", "consecutive_months",
                  "escalated_to_manager", "escalated_for_month"]
        read_only_fields = ["id", "employee", "month", "status", "consecutive_months", "escalated_to_manager",
                            "escalated_for_month"]
