"""API shapes of the incentives app (SPEC §10), one Input and/or Output serializer per endpoint.
Amounts are strings with 2 decimals."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common import phrases
from common.periods import Period
from incentives.models import BonusAdjustment, BonusInquiry, BonusRow, InquiryCategory
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


# --- inquiries (SPEC §5.5, §10 `bonus-inquiries/`) -------------------------------------------------

class BonusInquiryOutputSerializer(serializers.ModelSerializer):
    """`id, month, employee, category, text, status, answer, adjustment` (the adjustment's id)."""

    month = serializers.SerializerMethodField()
    # plain strings in the schema (their values are listed here, not as shared enums)
    category = serializers.CharField(help_text="missing_contract | wrong_amount | wrong_target | rule | other")
    status = serializers.CharField(help_text="open | answered | closed | reopened")

    class Meta:
        model = BonusInquiry
        fields = ["id", "month", "employee", "category", "text", "status", "answer", "adjustment"]
        read_only_fields = fields

    def get_month(self, inquiry: BonusInquiry) -> str:
        return f"{inquiry.sheet.month:%Y-%m}"


class BonusInquiryInputSerializer(serializers.Serializer):
    """`POST bonus-inquiries/`: the month of the sheet, a category and the question (the asker's
    own row: `employee`, when given, must be oneself — another person's id is a 404)."""

    month = serializers.CharField(max_length=7)
    category = serializers.CharField(max_length=20, help_text=" | ".join(InquiryCategory.values))
    text = serializers.CharField(max_length=2000, allow_blank=True)
    employee = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)

    def validate_month(self, value: str) -> Period:
        return Period.parse_month(value)


class BonusInquiryAnswerInputSerializer(serializers.Serializer):
    """`POST bonus-inquiries/{id}/answer/`: HR's explanation (required) and optionally an
    adjustment amount (±) recorded with a reason citing the inquiry."""

    answer = serializers.CharField(max_length=2000, allow_blank=True)
    adjustment = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)


class BonusInquiryReopenInputSerializer(serializers.Serializer):
    """`POST bonus-inquiries/{id}/reopen/`: why the answer does not settle it (required)."""

    text = serializers.CharField(max_length=2000, allow_blank=True)


class BonusSheetPayInputSerializer(serializers.Serializer):
    """`POST bonus-sheets/YYYY-MM/pay/`: the payroll run's reference and the day it paid."""

    payroll_reference = serializers.CharField(max_length=100, allow_blank=True)
    paid_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


# --- statements (SPEC §5.5, §10 `statements/`) ------------------------------------------------------

class StatementContractOutputSerializer(serializers.Serializer):
    number = serializers.CharField()
    customer = serializers.CharField()
    signed_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class StatementPaymentOutputSerializer(serializers.Serializer):
    contract = serializers.CharField()
    contract_month = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class StatementComponentOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    amount = serializers.DecimalField(max_digits=None, decimal_places=2)
    explanation = serializers.CharField()


class StatementAwardOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    period = serializers.CharField(source="period_label")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class StatementOutputSerializer(serializers.Serializer):
    """A month's statement: `source` is `sheet` (the row of the month's sheet), `preview` (no
    sheet yet: computed live, saved nowhere) or `none` (a sheet without a row for the person)."""

    employee = serializers.IntegerField(source="employee.pk")
    name = serializers.CharField(source="employee.name")
    month = serializers.CharField()
    source = serializers.CharField(help_text="sheet | preview | none")
    sheet_status = serializers.CharField(allow_null=True)
    target = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    actual = serializers.DecimalField(max_digits=None, decimal_places=2)
    attainment = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    contracts = StatementContractOutputSerializer(many=True)
    payments = StatementPaymentOutputSerializer(many=True)
    components = StatementComponentOutputSerializer(many=True)
    awards = StatementAwardOutputSerializer(many=True)
    total = serializers.DecimalField(max_digits=None, decimal_places=2)
    changes = serializers.ListField(child=serializers.CharField())
    inquiries = BonusInquiryOutputSerializer(many=True)


class WhatIfInputSerializer(serializers.Serializer):
    extra_sales = serializers.DecimalField(max_digits=14, decimal_places=2)


class WhatIfStandingOutputSerializer(serializers.Serializer):
    actual = serializers.DecimalField(max_digits=None, decimal_places=2)
    target = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    attainment = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    commission = serializers.DecimalField(max_digits=None, decimal_places=2)
    top3 = serializers.DecimalField(max_digits=None, decimal_places=2)
    top3_rank = serializers.IntegerField(allow_null=True)
    explanation = serializers.DictField(child=serializers.CharField())


class WhatIfOutputSerializer(serializers.Serializer):
    month = serializers.CharField()
    extra_sales = serializers.DecimalField(max_digits=14, decimal_places=2)
    current = WhatIfStandingOutputSerializer()
    what_if = WhatIfStandingOutputSerializer()
