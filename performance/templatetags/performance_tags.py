from django import template

from performance.models import Flag, KPICode

register = template.Library()


@register.filter
def kpi_label(code: str) -> str:
    return KPICode(code).label if code in KPICode.values else code


@register.filter
def flag_label(code: str) -> str:
    return Flag(code).label if code in Flag.values else code


@register.filter
def flag_class(code: str) -> str:
    return "bad" if code in (Flag.ESCALATED, Flag.BELOW_TARGET) else "warn"
