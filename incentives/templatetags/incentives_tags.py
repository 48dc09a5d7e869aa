"""Template helpers of the bonus pages. Amounts use the one money display of `common_tags`."""

from django import template

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
