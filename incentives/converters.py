"""The `<month:…>` path converter of the bonus-sheet routes. It accepts any path segment and hands
the text to the view, which parses it with `Period.parse_month` so a bad month answers 400 naming
`month` (a stricter regex here would turn "2026-13" into an opaque 404)."""

from django.urls import register_converter


class MonthConverter:
    regex = r"[^/]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


def register() -> None:
    try:
        register_converter(MonthConverter, "month")
    except ValueError:  # already registered (api_urls and urls both call this)
        pass
