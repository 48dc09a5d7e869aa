"""Helpers for page tests: pick one form out of a page, read a field's label, ask in Chinese."""

from django.conf import settings


def form_chunk(html, marker: str) -> str:
    """The one ``<form>…</form>`` of the page that contains `marker` (the page also has the
    language switch and the sign-out forms)."""
    html = html if isinstance(html, str) else html.decode()
    for part in html.split("<form")[1:]:
        chunk = "<form" + part.split("</form>")[0] + "</form>"
        if marker in chunk:
            return chunk
    raise AssertionError(f"no form containing {marker!r}")


def chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


def field_block(html: str, name: str) -> str:
    """The label of the field `name` in the shared form layout (its errors sit inside it)."""
    start = html.index(f'name="{name}"')
    return html[html.rindex("<label", 0, start):html.index("</label>", start)]
