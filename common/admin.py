from django.contrib import admin

from common.limits import forget_limits
from common.models import CalendarDay, InputLimits


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("day", "name", "is_working_day")
    list_filter = ("is_working_day",)
    date_hierarchy = "day"


@admin.register(InputLimits)
class InputLimitsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "min_year", "max_year", "max_amount", "min_target")

    def has_add_permission(self, request):
        return not InputLimits.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
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
