from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from common.forms import iso_date_field
from common.pickers import PickerField
from teams import services
from teams.models import Employee, OrgUnit, Role
from teams.scoping import assignable_owners


class EmployeePickerField(PickerField):
    """Type-to-search choice of one employee of a scoped queryset (never a <select> of 1,000 people):
    ``self.fields["referred_by"].set_employees(Employee.objects.visible_to(user))``. Searches
    `GET /api/v1/employees/?search=`; the page loads ``{% static 'common/picker.js' %}``. Resolves
    "Name (#id)", a bare id or an exact, unambiguous name to the Employee; anything else is a 400
    at the field."""

    list_id = "employee-options"
    search_url = reverse_lazy("employee-list")
    label_field = "name"

    def set_employees(self, queryset) -> None:
        self.set_queryset(queryset, recent_first=("name", "pk"))


class OwnerPickerField(EmployeePickerField):
    """The owner (or assignee) picker: only `teams.scoping.assignable_owners(user)` — active
    salespeople in the user's scope — are offered and accepted. In a form's ``__init__``:
    ``self.fields["owner"].set_user(user)``. Searches `GET /api/v1/employees/assignable/?search=`."""

    list_id = "owner-options"
    search_url = reverse_lazy("employee-assignable")

    def set_user(self, user) -> None:
        self.set_employees(assignable_owners(user))


class RoleField(forms.ChoiceField):
    """Offers the roles the acting user may give (asked of `teams.services`), and accepts any known
    role so that a forged one reaches the service and is refused there (403), as in the API. An
    unknown role is a 400 at the field."""

    def valid_value(self, value) -> bool:
        return value in Role.values


class EmployeeForm(forms.Form):
    number = forms.CharField(label=_("Employee number"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=100)
    role = RoleField(label=_("Role"), choices=Role.choices)
    org_unit = forms.ModelChoiceField(label=_("Org unit"), queryset=OrgUnit.objects.none())
    hire_date = iso_date_field(label=_("Hire date"))
    referred_by = EmployeePickerField(label=_("Referred by"), required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput, min_length=8)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, Role(role).label) for role in services.grantable_roles(user)]
        self.fields["org_unit"].queryset = OrgUnit.objects.visible_to(user)
        self.fields["referred_by"].set_employees(Employee.objects.visible_to(user).filter(active=True))


class EmployeeEditForm(forms.Form):
    """Edit an employee. The rights fields (role, unit, active flag, leaving date) are offered only
    as far as `teams.services.rights` allows; the others are shown disabled, so a POSTed value for
    them is ignored (mass assignment, SPEC §13)."""

    number = forms.CharField(label=_("Employee number"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=100)
    role = RoleField(label=_("Role"), choices=Role.choices)
    org_unit = forms.ModelChoiceField(label=_("Org unit"), queryset=OrgUnit.objects.none())
    effective_on = iso_date_field(
        label=_("Role or unit change effective on"), required=False,
        help_text=_("Leave empty for today."),
    )
    hire_date = iso_date_field(label=_("Hire date"))
    left_on = iso_date_field(label=_("Left on"), required=False)
    active = forms.BooleanField(label=_("Active"), required=False)
    referred_by = EmployeePickerField(label=_("Referred by"), required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    #: The form fields that are employee fields (`effective_on` is a parameter of the change).
    EMPLOYEE_FIELDS = ("number", "name", "role", "org_unit", "hire_date", "left_on", "active", "referred_by",
                       "email", "phone")

    def __init__(self, *args, user, employee: Employee, **kwargs):
        initial = {field: getattr(employee, field) for field in self.EMPLOYEE_FIELDS}
        super().__init__(*args, initial=initial, **kwargs)
        self.employee = employee
        offered = services.roles_offered(user, employee=employee)
        role_field = self.fields["role"]
        role_field.choices = [(role, Role(role).label) for role in offered or (employee.role,)]
        role_field.disabled = not offered
        self.fields["org_unit"].queryset = OrgUnit.objects.visible_to(user)
        self.fields["org_unit"].disabled = not services.may_change_unit(user, employee=employee)
        may_change_active = services.may_change_active(user, employee=employee)
        self.fields["active"].disabled = self.fields["left_on"].disabled = not may_change_active
        self.fields["effective_on"].disabled = role_field.disabled and self.fields["org_unit"].disabled
        self.fields["referred_by"].set_employees(
            Employee.objects.visible_to(user)
            .filter(Q(active=True) | Q(pk=employee.referred_by_id))
            .exclude(pk=employee.pk)
        )

    def changes(self) -> dict:
        """The employee fields whose submitted value differs from the stored one."""
        return {field: self.cleaned_data[field] for field in self.EMPLOYEE_FIELDS if field in self.changed_data}
