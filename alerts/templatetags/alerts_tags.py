from django import template

from alerts import registry

register = template.Library()


@register.filter
def kind_label(code: str) -> str:
    """A notification kind's name in the active language (the code when no app registered it)."""
    return registry.kind_label(code)
