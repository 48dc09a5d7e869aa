"""API shapes of the incentives app (SPEC §10), one Input and/or Output serializer per endpoint.
Amounts are strings with 2 decimals."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common import phrases
from common.periods import Period
from incentives.models import BonusAdjustment, BonusRow
from teams.models import Employee
from teams.serializers import VisiblePrimaryKeyRelatedField


class BonusRowOutputSerializer(serializers.ModelSerializer):
    """Exactly the row of SPEC §10: employee id, number, name, team, role, figures, every bonus
    component, total, and the explanation per component — stored as phrases, rendered here in the
    requester's language (Accept-Language, activated by LocaleMiddleware)."""

    explanation = serializers.SerializerMethodField(
        help_text="One sentence per bonus component that has one, in the requester's language.")

    class Meta:
        model = BonusRow
        fields = ["employee", "number", "name", "team", "role", "target", "actual", "attainment", "composite",
                  "rank", "commission", "top3", "first_order", "team_bonus", "retention", "referral",
                  "awards", "adjustments", "total", "explanation"]
        read_only_fields = fields

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_explanation(self, row: BonusRow) -> dict[str, str]:
        return {code: phrases.render(text) for code, text in (row.explanation or {}).items()}


class BonusTotalsOutputSerializer(serializers.Serializer):
    """Sums over every row the requester may see (not only the page): no digit limit (each row fits
    its columns; their sum need not)."""

    commission = serializers.DecimalField(max_digits=None, decimal_places=2)
    top3 = serializers.DecimalField(max_digits=None, decimal_places=2)
    first_order = serializers.DecimalField(max_digits=None, decimal_places=2)
    team_bonus = serializers.DecimalField(max_digits=None, decimal_places=2)
    retention = serializers.DecimalField(max_digits=None, decimal_places=2)
    referral = serializers.DecimalField(max_digits=None, decimal_places=2)
    awards = serializers.DecimalField(max_digits=None, decimal_places=2)
    adjustments = serializers.DecimalField(max_digits=None, decimal_places=2)
    total = serializers.DecimalField(max_digits=None, decimal_places=2)


class BonusSheetOutputSerializer(serializers.Serializer):
    """`GET bonus-sheets/YYYY-MM/` (and the answer of every action): one page of rows (by employee
    number) and the totals of every row the requester may see."""

    month = serializers.CharField()
    status = serializers.CharField()
    rows = BonusRowOutputSerializer(many=True)
    totals = BonusTotalsOutputSerializer()


class BonusSheetSummaryOutputSerializer(serializers.Serializer):
    """A line of `GET bonus-sheets/`."""

    month = serializers.CharField(source="month_label")
    status = serializers.CharField()
    generated_at = serializers.DateTimeField()


class BonusSheetActionInputSerializer(serializers.Serializer):
    """`POST bonus-sheets/YYYY-MM/<action>/`: an optional note (kept to its first 300 characters)."""

    note = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)


class BonusAdjustmentInputSerializer(serializers.Serializer):
    """`POST bonus-adjustments/`: month ("YYYY-MM"), employee (in the user's scope), amount (±),
    reason (the service checks that it is given and that the amount is not zero)."""

    month = serializers.CharField(max_length=7)
    employee = VisiblePrimaryKeyRelatedField(queryset=Employee.objects.all())
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    reason = serializers.CharField(max_length=300, allow_blank=True)

    def validate_month(self, value: str) -> Period:
        return Period.parse_month(value)


class BonusAdjustmentOutputSerializer(serializers.ModelSerializer):
    month = serializers.SerializerMethodField()
    employee_name = serializers.CharField(source="employee.name", read_only=True)
    entered_by = serializers.CharField(source="entered_by.username", read_only=True)

    class Meta:
        model = BonusAdjustment
        fields = ["id", "month", "employee", "employee_name", "amount", "reason", "entered_by", "recorded_at"]
        read_only_fields = fields

    def get_month(self, adjustment: BonusAdjustment) -> str:
        return f"{adjustment.month:%Y-%m}"
