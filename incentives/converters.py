"""The `<month:…>` path converter of the bonus-sheet routes. It accepts any path segment and hands
the text to the view, which parses it with `Period.parse_month` so a bad month answers 400 naming
`month` (a stricter regex here would turn "2026-13" into an opaque 404)."""

from django.urls import register_converter
from django.urls.converters import get_converters


class MonthConverter:
    regex = r"[^/]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


def register() -> None:
    """Idempotent: api_urls and urls both call it."""
    if not isinstance(get_converters().get("month"), MonthConverter):
        register_converter(MonthConverter, "month")
