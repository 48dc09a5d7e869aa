from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from teams import services
from teams.models import Employee, OrgUnit, Role


class VisiblePrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key that only accepts objects the requesting user can see: an id outside the
    user's scope answers 400 "does not exist", exactly like a missing one (SPEC §13)."""

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        return queryset.visible_to(request.user) if request is not None else queryset.none()


class OrgUnitInputSerializer(serializers.ModelSerializer):
    """`POST/PUT/PATCH org-units/`: the name, kind, parent and head (parent and head: ones the user sees)."""

    parent = VisiblePrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), allow_null=True, required=False)
    head = VisiblePrimaryKeyRelatedField(queryset=Employee.objects.all(), allow_null=True, required=False)

    class Meta:
        model = OrgUnit
        fields = ["name", "kind", "parent", "head"]
        # A name taken under the same parent is refused by the service, naming the field `name`.
        validators = []


class OrgUnitOutputSerializer(OrgUnitInputSerializer):
    """A unit with its head's name and its place in the tree (`path`, `depth`: the server's)."""

    head_name = serializers.SerializerMethodField()

    class Meta(OrgUnitInputSerializer.Meta):
        fields = ["id", "name", "kind", "parent", "head", "head_name", "path", "depth"]
        read_only_fields = ["path", "depth"]

    # A method, not `CharField(source="head.name", default=None)`: DRF skips a defaulted field in a
    # partial update, so PATCH answered without `head_name` (schemathesis, issue 8).
    @extend_schema_field({"type": "string", "nullable": True, "readOnly": True})
    def get_head_name(self, unit) -> str | None:
        return unit.head.name if unit.head_id else None


class AllowedChangesOutputSerializer(serializers.Serializer):
    """What the requesting user may change on this employee, asked of `teams.services` (the same
    answers the service enforces): the roles they may give (empty: the role may not change) and
    whether the unit and the active flag / leaving date may change."""

    role = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices))
    org_unit = serializers.BooleanField()
    active = serializers.BooleanField()


class EmployeeUpdateInputSerializer(serializers.ModelSerializer):
    """`PUT/PATCH employees/{id}/`: the employee's details and rights (the service says who may
    change which)."""

    org_unit = VisiblePrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    referred_by = VisiblePrimaryKeyRelatedField(queryset=Employee.objects.all(), allow_null=True, required=False)
    # Every known role is a valid value; whether the requesting user may give it is the service's
    # question (403 naming `role`), so the page and the API answer alike.
    role = serializers.ChoiceField(choices=Role.choices)

    class Meta:
        model = Employee
        fields = ["number", "name", "role", "org_unit", "hire_date", "left_on", "active", "referred_by", "email",
                  "phone"]


class EmployeeOutputSerializer(EmployeeUpdateInputSerializer):
    """An employee, with what the requesting user may change on them (`allowed_changes`)."""

    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    allowed_changes = serializers.SerializerMethodField()

    class Meta(EmployeeUpdateInputSerializer.Meta):
        fields = [
            "id", "number", "name", "role", "org_unit", "org_unit_name", "hire_date", "left_on",
            "active", "referred_by", "email", "phone", "allowed_changes",
        ]

    @extend_schema_field(AllowedChangesOutputSerializer)
    def get_allowed_changes(self, employee) -> dict:
        request = self.context.get("request")
        user = request.user if request is not None else None
        return {
            "role": list(services.roles_offered(user, employee=employee)),
            "org_unit": services.may_change_unit(user, employee=employee),
            "active": services.may_change_active(user, employee=employee),
        }


class EmployeeCreateInputSerializer(EmployeeUpdateInputSerializer):
    """`POST employees/`: the employee and their login."""

    username = serializers.CharField(write_only=True, max_length=150)
    password = serializers.CharField(write_only=True, style={"input_type": "password"}, trim_whitespace=False)

    class Meta(EmployeeUpdateInputSerializer.Meta):
        fields = [*EmployeeUpdateInputSerializer.Meta.fields, "username", "password"]
        # Uniqueness and every other rule are checked by the service, with one message per field.
        extra_kwargs = {"number": {"validators": []}}


class EmployeeChoiceOutputSerializer(serializers.ModelSerializer):
    """One row of a type-to-search picker (`teams.forms.OwnerPickerField`)."""

    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)

    class Meta:
        model = Employee
        fields = ["id", "number", "name", "role", "org_unit_name"]
        read_only_fields = fields
