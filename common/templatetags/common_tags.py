"""Display filters every template uses: one money format, one phrase renderer."""

from decimal import Decimal, InvalidOperation

from django import template
from django.http import QueryDict

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


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with `changes` applied (a value of None drops the key), e.g. the
    pager's ``?{% query_with page=3 %}``; every other filter of the list is kept, all values encoded."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()
