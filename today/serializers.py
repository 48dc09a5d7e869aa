"""The JSON of `today/` and `weekly-report/` (SPEC §10): amounts and percentages as strings with
2 decimals (`null` when undefined), dates ISO."""

from rest_framework import serializers

from common.phrases import render as render_phrase

MONEY = {"max_digits": 14, "decimal_places": 2, "allow_null": True}


class WeeklyReportInputSerializer(serializers.Serializer):
    unit = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    week = serializers.CharField(required=False, allow_blank=True, max_length=20)
    format = serializers.ChoiceField(choices=["json", "xlsx"], required=False, default="json")


class DueCustomerOutputSerializer(serializers.Serializer):
    customer = serializers.IntegerField(source="id")
    name = serializers.CharField()
    tier = serializers.CharField()
    status = serializers.CharField()
    days_overdue = serializers.IntegerField()
    next_follow_up_on = serializers.DateField(allow_null=True)
    last_contact_on = serializers.DateField(allow_null=True)


class FiguresOutputSerializer(serializers.Serializer):
    target = serializers.DecimalField(**MONEY)
    actual = serializers.DecimalField(**MONEY)
    attainment_pct = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    company_rank = serializers.IntegerField(allow_null=True)
    weighted_forecast = serializers.DecimalField(**MONEY)


class TodayNotificationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    message = serializers.SerializerMethodField()
    link = serializers.CharField()
    created_at = serializers.DateTimeField()

    def get_message(self, notification) -> str:
        message = notification.message
        # A digest's first phrase is its headline (the inbox shows it the same way).
        return render_phrase(message[0] if getattr(notification, "shown_items", None) else message)


class InvitationToMakeOutputSerializer(serializers.Serializer):
    event = serializers.IntegerField(source="id")
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    quota = serializers.IntegerField()
    invited = serializers.IntegerField()
    accepted = serializers.IntegerField()


class InvitationToConfirmOutputSerializer(serializers.Serializer):
    invitation = serializers.IntegerField(source="id")
    customer = serializers.CharField()
    event = serializers.CharField()
    starts_at = serializers.DateTimeField()


class InvitationWorkOutputSerializer(serializers.Serializer):
    to_invite = InvitationToMakeOutputSerializer(many=True)
    to_confirm = InvitationToConfirmOutputSerializer(many=True)


class TodayComplaintOutputSerializer(serializers.Serializer):
    complaint = serializers.IntegerField(source="id")
    customer = serializers.IntegerField()
    customer_name = serializers.CharField()
    severity = serializers.CharField()
    status = serializers.CharField()
    due_at = serializers.DateTimeField(allow_null=True)
    breached = serializers.BooleanField()


class TodayClaimOutputSerializer(serializers.Serializer):
    claim = serializers.IntegerField(source="id")
    category = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)
    status = serializers.CharField()
    incurred_on = serializers.DateField()


class TodayOutputSerializer(serializers.Serializer):
    today = serializers.DateField()
    month = serializers.CharField()
    employee = serializers.IntegerField(source="employee.pk")
    due = DueCustomerOutputSerializer(many=True)
    due_count = serializers.IntegerField()
    overdue_count = serializers.IntegerField()
    figures = FiguresOutputSerializer()
    notifications = TodayNotificationOutputSerializer(many=True)
    unread_count = serializers.IntegerField()
    invitations = InvitationWorkOutputSerializer()
    complaints = TodayComplaintOutputSerializer(many=True)
    claims = TodayClaimOutputSerializer(many=True)


class TotalsOutputSerializer(serializers.Serializer):
    week_sales = serializers.DecimalField(**MONEY)
    month_sales_to_date = serializers.DecimalField(**MONEY)
    month_target = serializers.DecimalField(**MONEY)
    target_to_date = serializers.DecimalField(**MONEY)
    attainment_to_date_pct = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    new_customers = serializers.IntegerField()
    followups = serializers.IntegerField()


class MemberWeekOutputSerializer(TotalsOutputSerializer):
    """A member's line: the totals' figures for one person."""

    employee = serializers.IntegerField(source="employee_id")
    number = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()


class MajorOpportunityOutputSerializer(serializers.Serializer):
    opportunity = serializers.IntegerField(source="id")
    name = serializers.CharField()
    customer = serializers.CharField()
    owner = serializers.CharField()
    stage = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)
    expected_close_on = serializers.DateField(allow_null=True)
    progress = serializers.CharField()
    progress_on = serializers.DateField(allow_null=True)


class DueItemOutputSerializer(serializers.Serializer):
    on = serializers.DateField()
    title = serializers.CharField()
    customer = serializers.CharField()
    owner = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)
    link = serializers.CharField()


class DueSectionOutputSerializer(serializers.Serializer):
    kind = serializers.CharField()
    count = serializers.IntegerField()
    items = DueItemOutputSerializer(many=True)


class UnitWeekOutputSerializer(serializers.Serializer):
    """A child unit's line: its members' figures summed."""

    unit = serializers.IntegerField(source="unit_id")
    name = serializers.CharField()
    member_count = serializers.IntegerField()
    totals = TotalsOutputSerializer()


class WeeklyReportOutputSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    week = serializers.CharField()
    last_week = serializers.CharField()
    month = serializers.CharField()
    working_days_in_month = serializers.IntegerField()
    working_days_to_date = serializers.IntegerField()
    members = MemberWeekOutputSerializer(many=True)
    totals = TotalsOutputSerializer()
    units = UnitWeekOutputSerializer(many=True)
    grouped = serializers.BooleanField()
    major_opportunities = MajorOpportunityOutputSerializer(many=True)
    due = DueSectionOutputSerializer(many=True)
