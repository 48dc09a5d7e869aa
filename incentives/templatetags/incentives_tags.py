"""Template helpers of the bonus pages. Amounts use the one money display of `common_tags`."""

from django import template
from django.utils.html import format_html_join

from common.templatetags.common_tags import is_zero, money
from incentives.phrases import COLUMN_LABELS
from teams.models import Role

register = template.Library()


@register.filter
def role_label(code: str) -> str:
    return Role(code).label if code in Role.values else code


@register.filter
def component_label(code: str) -> str:
    return COLUMN_LABELS.get(code, code)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def get_attr(obj, name: str):
    return getattr(obj, name, None)


@register.simple_tag
def component_cells(row, components):
    """The row's money cells, one per component (`zero` greyed): built in one pass, since a
    100-row page has 700 of them."""
    return format_html_join("", '<td class="num{}">{}</td>', (
        (" zero" if is_zero(getattr(row, code)) else "", money(getattr(row, code))) for code in components))


@register.simple_tag
def component_totals(totals, components):
    """The totals line's money cells, in the same order."""
    return format_html_join("", '<td class="num">{}</td>', ((money(totals.get(code)),) for code in components))
