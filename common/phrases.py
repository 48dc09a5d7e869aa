"""Generated text is data (STYLE.md; SPEC §9): explanations, "what changed" and notifications are
stored as a phrase — ``{"id": "<registered id>", "params": {...}}`` — and rendered at display time in
the reader's language (the page's active language; in the API the requester's Accept-Language,
which LocaleMiddleware activates).

- Each app declares its phrases in ``<app>/phrases.py`` with ``register("app.key", _("... %(x)s ..."))``
  (``gettext_lazy`` so the catalogue has them); they are discovered on first use.
- A parameter may itself be a phrase (a KPI's label, a component's name), rendered in the same
  language; a list parameter is rendered item by item and joined with the language's list separator.
- ``phrase()`` refuses an unknown id or a missing parameter when the text is *built*, so a typo fails
  a test instead of a reader's page. Rendering an id that no longer exists shows the id, never a 500.
- Plain strings (rows stored before this existed) render unchanged.
"""

import re

from django.utils.module_loading import autodiscover_modules
from django.utils.translation import get_language
from django.utils.translation import gettext as _

#: Placeholders are ``%(name)s`` only: numbers are formatted by the producer (``money_text``), the
#: same in English and Chinese.
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")

_REGISTRY: dict = {}
_discovered = False


def register(phrase_id: str, text) -> str:
    """Declare a phrase; `text` is a lazy translation with ``%(name)s`` placeholders."""
    if phrase_id in _REGISTRY and str(_REGISTRY[phrase_id]) != str(text):
        raise ValueError(f"phrase {phrase_id!r} registered twice with different texts")
    _REGISTRY[phrase_id] = text
    return phrase_id


def _discover() -> None:
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("phrases")


def phrase(phrase_id: str, **params) -> dict:
    """Build a stored phrase; checks that the id exists and its placeholders are all given."""
    _discover()
    if phrase_id not in _REGISTRY:
        raise KeyError(f"unknown phrase {phrase_id!r}")
    missing = set(_PLACEHOLDER.findall(str(_REGISTRY[phrase_id]))) - set(params)
    if missing:
        raise KeyError(f"phrase {phrase_id!r} needs {sorted(missing)}")
    return {"id": phrase_id, "params": _jsonable(params)} if params else {"id": phrase_id}


def is_phrase(value) -> bool:
    return isinstance(value, dict) and isinstance(value.get("id"), str)


def render(value) -> str:
    """A phrase, a list of phrases (sentences joined by a space) or a plain string, in the active
    language."""
    _discover()
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return _join_sentences([render(item) for item in value if item not in (None, "")])
    if is_phrase(value):
        template = _REGISTRY.get(value["id"])
        params = {key: _render_param(param) for key, param in (value.get("params") or {}).items()}
        if template is None:
            return value["id"]
        return _format(str(template), params, value["id"])
    return str(value)


def _render_param(param):
    if is_phrase(param):
        return render(param)
    if isinstance(param, list | tuple):
        # Translators: the separator between items of a list inside a generated sentence.
        return _(", ").join(str(_render_param(item)) for item in param)
    return param


def _join_sentences(parts: list[str]) -> str:
    # Chinese sentences end in 。 and are not separated by spaces; English ones are.
    separator = "" if (get_language() or "").startswith("zh") else " "
    return separator.join(parts)


def _format(template: str, params: dict, phrase_id: str) -> str:
    if not _PLACEHOLDER.search(template):
        return template  # "Attainment %" has a literal percent sign and nothing to fill in
    try:
        return template % params
    except (KeyError, TypeError, ValueError) as exc:
        raise KeyError(f"phrase {phrase_id!r} needs {exc}") from exc


def _jsonable(params: dict) -> dict:
    from decimal import Decimal

    def convert(value):
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, list | tuple):
            return [convert(item) for item in value]
        if isinstance(value, dict):
            return {key: convert(item) for key, item in value.items()}
        return value

    return {key: convert(value) for key, value in params.items()}


def money_text(value) -> str:
    """2200 → "2,200.00" (grouped by thousands with a comma, as both languages' readers expect)."""
    from decimal import Decimal

    return f"{Decimal(value):,.2f}"


def percent_text(value) -> str:
    from decimal import Decimal

    return f"{Decimal(value):,.2f} %"
