"""Admin for the org tree and the people in it. Every write goes through `teams.services` and its
rights (SPEC §13.1 "roles are granted from above"), so a staff HR user cannot do in the admin what
the page and the API refuse: the rights fields it may not change are read-only, a change it may
not make is a form error, a login it may not manage (a director's, a superuser's) is view-only,
and only superusers grant admin flags, permissions or API tokens."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from common.admin import ReadOnlyInline, SingletonPolicyAdmin
from common.exceptions import ApplicationError
from teams import services
from teams.models import Employee, OrgPolicy, OrgUnit, RoleChange

User = get_user_model()


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "head", "path")
    list_filter = ("kind",)
    search_fields = ("name",)
    readonly_fields = ("path", "depth")
    raw_id_fields = ("head",)

    def has_change_permission(self, request, obj=None):
        # Moves and head changes must go through teams.services (paths, head rules).
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return False


class RoleChangeInline(ReadOnlyInline):
    """The career history, written only by teams.services."""

    model = RoleChange
    fk_name = "employee"
    fields = ("old_role", "new_role", "old_unit", "new_unit", "effective_on", "changed_by", "recorded_at")


def _as_form_error(form, exc: ApplicationError | ValidationError) -> ValidationError:
    """A service error keyed by the form's fields; an error about a field the form does not show
    (read-only here) becomes a non-field error that still names it."""
    if isinstance(exc, ApplicationError):
        items = {exc.field: [str(exc.message)]}
    elif hasattr(exc, "error_dict"):
        items = {field: [m for e in errors for m in e.messages] for field, errors in exc.error_dict.items()}
    else:
        items = {None: exc.messages}
    errors = {}
    for field, messages in items.items():
        if field in form.fields:
            errors.setdefault(field, []).extend(messages)
        else:
            errors.setdefault(NON_FIELD_ERRORS, []).extend(f"{field}: {m}" if field else m for m in messages)
    return ValidationError(errors)


class EmployeeAdminForm(forms.ModelForm):
    """Asks `teams.services.employee_changes_validate` (rights and values) before anything is saved."""

    acting_user = None  # set by EmployeeAdmin.get_form

    class Meta:
        model = Employee
        fields = ["user", *services.EMPLOYEE_EDITABLE]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned  # the service judges complete values only
        changes = {field: cleaned[field] for field in self.changed_data if field in services.EMPLOYEE_EDITABLE}
        try:
            services.employee_changes_validate(actor=self.acting_user, employee=self.instance, changes=changes)
        except (ApplicationError, ValidationError) as exc:
            raise _as_form_error(self, exc)
        return cleaned


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    form = EmployeeAdminForm
    list_display = ("number", "name", "role", "org_unit", "hire_date", "active")
    list_filter = ("role", "active", "org_unit__kind")
    search_fields = ("number", "name", "user__username")
    raw_id_fields = ("user", "referred_by")
    inlines = [RoleChangeInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"acting_user": request.user})

    def get_readonly_fields(self, request, obj=None):
        readonly = ["user"]  # re-linking a record to another login would hand over its rights
        if obj is not None:
            if not services.roles_offered(request.user, employee=obj):
                readonly.append("role")
            if not services.may_change_unit(request.user, employee=obj):
                readonly.append("org_unit")
            if not services.may_change_active(request.user, employee=obj):
                readonly += ["active", "left_on"]
        return readonly

    def has_add_permission(self, request):
        # The login and the employee are created together by teams.services.employee_create (the
        # People page or POST employees/), which checks the role the creator may give.
        return False

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or services.may_edit_employee(request.user, employee=obj)

    def has_delete_permission(self, request, obj=None):
        # Leaving is recorded (left on, inactive); deleting a person and their history is a superuser's call.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        changes = {field: form.cleaned_data[field] for field in form.changed_data if field in services.EMPLOYEE_EDITABLE}
        services.employee_update(actor=request.user, employee=obj, **changes)
        obj.refresh_from_db()


@admin.register(OrgPolicy)
class OrgPolicyAdmin(SingletonPolicyAdmin):
    list_display = ("__str__", "new_hire_days", "max_future_hire_days")


class SalesOpsUserAdmin(UserAdmin):
    """Django's user admin with SPEC §13.1 on top: only a superuser grants the superuser or staff
    flag, groups or permissions; a login is changed (password, names, active flag) only by someone
    with rights over its employee, and nobody switches their own login off."""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        readonly += ["is_superuser", "is_staff", "groups", "user_permissions"]
        if obj is not None and not self._may_switch(request.user, obj):
            readonly.append("is_active")
        return readonly

    @staticmethod
    def _may_switch(actor, user) -> bool:
        if user.pk == actor.pk:
            return False
        employee = Employee.objects.filter(user_id=user.pk).first()
        return employee is None or services.may_change_active(actor, employee=employee)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or request.user.is_superuser or services.may_manage_login(request.user, user=obj)


class SuperuserTokenAdmin(TokenAdmin):
    """An API token signs in as its user: creating one for someone else is impersonation, so the
    token screens are for superusers only."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


for model, model_admin in ((User, SalesOpsUserAdmin), (TokenProxy, SuperuserTokenAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
