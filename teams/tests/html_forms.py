"""Read a rendered form back the way a browser submits it, for the "save it unchanged in 简体中文"
tests (issue 9): every named, enabled control with its current value, checked boxes and radios
only, the selected options of a select (else its first option), a textarea's text.

A browser sanitises what it cannot parse: an ``<input type="date">`` whose value is not
``YYYY-MM-DD`` (zh-Hans Django used to render ``2027/01/14``) is shown empty and submitted empty.
`form_data` does the same, so a test that posts its result back reproduces that data loss."""

import re
from html.parser import HTMLParser

#: What each date-ish input type accepts as its value (HTML's "valid date string" etc.).
_VALID_VALUE = {
    "date": re.compile(r"\d{4,}-\d{2}-\d{2}"),
    "datetime-local": re.compile(r"\d{4,}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "month": re.compile(r"\d{4,}-\d{2}"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
}
DATE_TYPES = tuple(_VALID_VALUE)
_SKIPPED_TYPES = ("submit", "button", "reset", "image", "file")


class _Form:
    def __init__(self, attrs: dict):
        self.action = attrs.get("action") or ""
        self.fields: list[tuple[str, str]] = []
        self.date_inputs: dict[str, str] = {}


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[_Form] = []
        self._form: _Form | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: ("" if value is None else value) for name, value in attrs}
        if tag == "form":
            self._form = _Form(attrs)
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        disabled = "disabled" in attrs
        if tag == "input" and name and not disabled:
            kind = attrs.get("type", "text").lower()
            if kind in _SKIPPED_TYPES:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._form.fields.append((name, attrs.get("value", "on")))
                return
            value = attrs.get("value", "")
            if kind in _VALID_VALUE:
                self._form.date_inputs[name] = value
                if value and not _VALID_VALUE[kind].fullmatch(value):
                    value = ""  # what the browser does with a value it cannot show
            if kind == "password":
                value = ""
            self._form.fields.append((name, value))
        elif tag == "select" and name:
            self._select = {"name": name, "disabled": disabled, "multiple": "multiple" in attrs,
                            "options": [], "selected": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "text": "", "selected": "selected" in attrs}
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "disabled": disabled, "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option" and self._option is not None:
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            select, self._select = self._select, None
            if select["disabled"] or self._form is None:
                return
            values = select["selected"] or ([] if select["multiple"] else select["options"][:1])
            self._form.fields.extend((select["name"], value) for value in values)
        elif tag == "textarea" and self._textarea is not None:
            textarea, self._textarea = self._textarea, None
            text = textarea["text"]
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]  # the HTML parser drops one newline right after <textarea>
            if not textarea["disabled"] and self._form is not None:
                self._form.fields.append((textarea["name"], text))

    def _close_option(self):
        if self._option is None or self._select is None:
            return
        option, self._option = self._option, None
        value = option["value"] if option["value"] is not None else option["text"].strip()
        self._select["options"].append(value)
        if option["selected"]:
            self._select["selected"].append(value)


def _find_form(html: str, action: str | None) -> _Form:
    reader = _FormReader()
    reader.feed(html if isinstance(html, str) else html.decode())
    forms = [form for form in reader.forms if action is None or form.action == action]
    if not forms:
        raise AssertionError(f"no <form> with action {action!r} in the page")
    # A page's form without an action posts to the page itself; prefer the one with date inputs.
    return next((form for form in forms if form.date_inputs), forms[0])


def form_data(html, *, action: str | None = None) -> dict:
    """The POST data a browser would send for the form (`action`: its action attribute)."""
    data: dict[str, list[str]] = {}
    for name, value in _find_form(html, action).fields:
        data.setdefault(name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}


def date_values(html, *, action: str | None = None) -> dict[str, str]:
    """The `value=` of each date/datetime/month input of the form, as rendered."""
    return dict(_find_form(html, action).date_inputs)
