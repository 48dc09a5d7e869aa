"""Serializers of the targets API (SPEC §10). Writable fields are listed explicitly; amounts are
strings with 2 decimals; every foreign key in a request accepts only what the user can see.
Per endpoint an `…InputSerializer` (what a request may carry) and an `…OutputSerializer` (what
the answer holds); the distribution profiles' plain CRUD endpoint keeps one model serializer."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.exceptions import ApplicationError
from common.periods import Period
from targets.models import MONTH_FIELDS, DistributionProfile, SalesTarget, TargetChange
from targets.services import Into, Method
from teams.models import Employee, OrgUnit
from teams.serializers import VisiblePrimaryKeyRelatedField


class PeriodField(serializers.CharField):
    """`YYYY`, `YYYY-Qn` or `YYYY-MM` → a `Period` (400 naming the field otherwise)."""

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        try:
            return Period.parse(text)
        except ApplicationError as exc:
            raise serializers.ValidationError(str(exc.message))

    def to_representation(self, value):
        return str(value)


class TargetOutputSerializer(serializers.ModelSerializer):
    assignee_name = serializers.SerializerMethodField()

    class Meta:
        model = SalesTarget
        fields = [
            "id", "period", "period_kind", "org_unit", "employee", "assignee_name", "amount", "product_line",
            "method", "created_at", "updated_at",
        ]
        read_only_fields = fields

    def get_assignee_name(self, target) -> str:
        return target.assignee.name


class TargetCreateInputSerializer(serializers.Serializer):
    period = PeriodField()
    org_unit = VisiblePrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), required=False, allow_null=True)
    employee = VisiblePrimaryKeyRelatedField(queryset=Employee.objects.select_related("org_unit"), required=False,
                                             allow_null=True)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    product_line = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class TargetChangeInputSerializer(serializers.Serializer):
    """Only the amount of a target changes, always with a reason."""

    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class TargetChangeOutputSerializer(serializers.ModelSerializer):
    changed_by = serializers.CharField(source="changed_by.username", default=None, read_only=True)

    class Meta:
        model = TargetChange
        fields = ["id", "target", "changed_by", "changed_at", "old_amount", "new_amount", "reason"]
        read_only_fields = fields


class DecomposeInputSerializer(serializers.Serializer):
    """`weights` / `amounts` are keyed by child unit id or employee id as strings (for
    `into: "months"`, by month: `"2026-04"`)."""

    period = PeriodField()
    org_unit = VisiblePrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    method = serializers.ChoiceField(choices=Method.choices)
    into = serializers.ChoiceField(choices=Into.choices, default=Into.CHILDREN)
    weights = serializers.DictField(child=serializers.CharField(), required=False, allow_null=True)
    amounts = serializers.DictField(child=serializers.CharField(), required=False, allow_null=True)
    profile = serializers.PrimaryKeyRelatedField(
        queryset=DistributionProfile.objects.all(), required=False, allow_null=True
    )
    product_line = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    cascade = serializers.BooleanField(
        required=False, default=False, help_text=_("Also split every child unit down to its reps.")
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    preview = serializers.BooleanField(required=False, default=False, help_text=_("Return the split, save nothing."))


class PreviewRowOutputSerializer(serializers.Serializer):
    period = serializers.CharField()
    org_unit = serializers.IntegerField(source="org_unit.pk", default=None)
    employee = serializers.IntegerField(source="employee.pk", default=None)
    assignee_name = serializers.CharField(source="assignee.name")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    previous_amount = serializers.DecimalField(source="previous", max_digits=14, decimal_places=2, allow_null=True)
    in_total = serializers.BooleanField(help_text=_("One of the parts that add up to the decomposed target."))


class AttainmentRowOutputSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField()
    name = serializers.CharField()
    depth = serializers.IntegerField()
    parent_unit = serializers.IntegerField(source="parent_unit_id", allow_null=True)
    # Computed figures have no digit limit: a unit's target and actual are sums, and attainment may
    # be any ratio the input bounds allow (100,000,000.00 sold on a 1.00 target: 10,000,000,000.00 %).
    target = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    target_is_own = serializers.BooleanField()
    actual = serializers.DecimalField(max_digits=None, decimal_places=2)
    attainment = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    gap = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)


class DistributionProfileSerializer(serializers.ModelSerializer):
    percentages = serializers.ListField(
        child=serializers.DecimalField(max_digits=5, decimal_places=2), min_length=12, max_length=12
    )

    class Meta:
        model = DistributionProfile
        fields = ["id", "name", "is_default", "percentages"]

    def to_representation(self, profile):
        data = super().to_representation(profile)
        data["percentages"] = [f"{getattr(profile, name):.2f}" for name in MONTH_FIELDS]
        return data
