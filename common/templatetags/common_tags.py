"""Display filters every template uses: one money format, one phrase renderer."""

from decimal import Decimal, InvalidOperation

from django import template

from common import phrases

register = template.Library()


@register.filter
def money(value) -> str:
    """2200 → "2,200.00"; "—" for None or an empty value. The one money display (SPEC §9)."""
    if value is None or value == "":
        return "—"
    try:
        return f"{Decimal(value):,.2f}"
    except (InvalidOperation, TypeError, ValueError):
        return str(value)


@register.filter
def is_zero(value) -> bool:
    try:
        return value is not None and value != "" and Decimal(value) == 0
    except (InvalidOperation, TypeError, ValueError):
        return False


@register.filter(name="phrase")
def render_phrase(value) -> str:
    """A stored phrase (or list of phrases, or plain text) in the reader's language."""
    return phrases.render(value)
