from django.contrib import admin

from common.limits import forget_limits
from common.models import CalendarDay, InputLimits


class SingletonPolicyAdmin(admin.ModelAdmin):
    """The admin of a `common.models.SingletonPolicy`: the row is added once, edited, never deleted.
    Override `after_save(obj)` to drop a cache of the policy."""

    def has_add_permission(self, request):
        return not self.model.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.after_save(obj)

    def after_save(self, obj) -> None:
        """Called after the row is saved (nothing by default)."""


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("day", "name", "is_working_day")
    list_filter = ("is_working_day",)
    date_hierarchy = "day"


@admin.register(InputLimits)
class InputLimitsAdmin(SingletonPolicyAdmin):
    list_display = ("__str__", "min_year", "max_year", "max_amount", "min_target")

    def after_save(self, obj) -> None:
        forget_limits()


class ReadOnlyAdminMixin:
    """Rows whose every write goes through a service (money, audit, history): visible in the
    admin, never added, edited or deleted there. Mix into a ModelAdmin or an inline."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    """A history shown under its parent in the admin (owner changes, stage changes, transitions):
    no extra blank rows, nothing added, edited or deleted. Set `model` and `fields`; the fields are
    read-only unless `readonly_fields` says otherwise."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields or tuple(self.fields or ())
