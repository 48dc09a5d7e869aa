from django import template

from performance.forms import MonthPickerForm
from performance.models import Flag, KPICode

register = template.Library()


@register.inclusion_tag("performance/_month_picker.html")
def month_picker(month, months):
    return {"picker": MonthPickerForm(month=month, months=months)}


@register.filter
def kpi_label(code: str) -> str:
    return KPICode(code).label if code in KPICode.values else code


@register.filter
def flag_label(code: str) -> str:
    return Flag(code).label if code in Flag.values else code


@register.filter
def flag_class(code: str) -> str:
    return "bad" if code in (Flag.ESCALATED, Flag.BELOW_TARGET) else "warn"
