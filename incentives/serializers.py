"""API shapes of the incentives app (SPEC §10). Amounts are strings with 2 decimals."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common import phrases
from common.periods import Period
from incentives.models import BonusAdjustment, BonusRow
from teams.models import Employee
from teams.serializers import VisiblePrimaryKeyRelatedField


class BonusRowSerializer(serializers.ModelSerializer):
    """Exactly the row of SPEC §10: employee id, number, name, team, role, figures, every bonus
    component, total, and the explanation per component — stored as phrases, rendered here in the
    requester's language (Accept-Language, activated by LocaleMiddleware)."""

    explanation = serializers.SerializerMethodField(
        help_text="One sentence per bonus component that has one, in the requester's language.")

    class Meta:
        model = BonusRow
        fields = ["employee", "number", "name", "team", "role", "target", "actual", "attainment", "composite",
                  "rank", "commission", "top3", "first_order", "team_bonus", "retention", "referral",
                  "adjustments", "total", "explanation"]
        read_only_fields = fields

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_explanation(self, row: BonusRow) -> dict[str, str]:
        return {code: phrases.render(text) for code, text in (row.explanation or {}).items()}


class BonusTotalsSerializer(serializers.Serializer):
    """Sums over every row: no digit limit (each row fits its columns; their sum need not)."""

    commission = serializers.DecimalField(max_digits=None, decimal_places=2)
    top3 = serializers.DecimalField(max_digits=None, decimal_places=2)
    first_order = serializers.DecimalField(max_digits=None, decimal_places=2)
    team_bonus = serializers.DecimalField(max_digits=None, decimal_places=2)
    retention = serializers.DecimalField(max_digits=None, decimal_places=2)
    referral = serializers.DecimalField(max_digits=None, decimal_places=2)
    adjustments = serializers.DecimalField(max_digits=None, decimal_places=2)
    total = serializers.DecimalField(max_digits=None, decimal_places=2)


class BonusSheetSerializer(serializers.Serializer):
    month = serializers.CharField()
    status = serializers.CharField()
    rows = BonusRowSerializer(many=True)
    totals = BonusTotalsSerializer()


class BonusSheetSummarySerializer(serializers.Serializer):
    month = serializers.CharField(source="month_label")
    status = serializers.CharField()
    generated_at = serializers.DateTimeField()


class BonusAdjustmentSerializer(serializers.ModelSerializer):
    """Writable: month ("YYYY-MM"), employee (in the user's scope), amount (±), reason."""

    month = serializers.CharField(max_length=7)
    employee = VisiblePrimaryKeyRelatedField(queryset=Employee.objects.all())
    employee_name = serializers.CharField(source="employee.name", read_only=True)
    entered_by = serializers.CharField(source="entered_by.username", read_only=True)
    reason = serializers.CharField(max_length=300, allow_blank=True)

    class Meta:
        model = BonusAdjustment
        fields = ["id", "month", "employee", "employee_name", "amount", "reason", "entered_by", "recorded_at"]
        read_only_fields = ["id", "employee_name", "entered_by", "recorded_at"]

    def validate_month(self, value: str) -> Period:
        return Period.parse_month(value)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["month"] = f"{instance.month:%Y-%m}"
        return data
