from django.contrib import admin

from teams.models import Employee, OrgPolicy, OrgUnit, RoleChange


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


class RoleChangeInline(admin.TabularInline):
    model = RoleChange
    fk_name = "employee"
    extra = 0
    readonly_fields = ("old_role", "new_role", "old_unit", "new_unit", "effective_on", "changed_by", "recorded_at")
    can_delete = False


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "role", "org_unit", "hire_date", "active")
    list_filter = ("role", "active", "org_unit__kind")
    search_fields = ("number", "name", "user__username")
    raw_id_fields = ("user", "referred_by")
    inlines = [RoleChangeInline]


@admin.register(OrgPolicy)
class OrgPolicyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "new_hire_days", "max_future_hire_days")

    def has_add_permission(self, request):
        return not OrgPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
