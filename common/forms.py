"""Form pieces every app uses (SPEC §9 "dates in forms are ISO in the HTML whatever the language").

Django renders a date with the active language's first DATE_INPUT_FORMAT (zh-Hans: ``2027/01/14``),
which an ``<input type="date">`` rejects and submits empty: saving a form then erased its dates.
These widgets always render ISO 8601; parsing stays Django's (ISO is always an accepted input)."""

from django import forms


class IsoDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class IsoDateTimeInput(forms.DateTimeInput):
    """``<input type="datetime-local">`` wants ``YYYY-MM-DDTHH:MM`` in local time."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class IsoMonthInput(forms.TextInput):
    """A month as ``YYYY-MM`` (``<input type="month">``)."""

    input_type = "month"


def iso_date_field(**kwargs) -> forms.DateField:
    kwargs.setdefault("widget", IsoDateInput())
    return forms.DateField(**kwargs)


def iso_datetime_field(**kwargs) -> forms.DateTimeField:
    kwargs.setdefault("widget", IsoDateTimeInput())
    return forms.DateTimeField(**kwargs)


#: For ModelForm ``Meta.widgets`` / ``formfield_callback``: every DateField/DateTimeField of a model
#: form gets the ISO widget.
def iso_formfield_callback(model_field, **kwargs):
    from django.db import models

    if isinstance(model_field, models.DateTimeField):
        kwargs.setdefault("widget", IsoDateTimeInput())
    elif isinstance(model_field, models.DateField):
        kwargs.setdefault("widget", IsoDateInput())
    return model_field.formfield(**kwargs)


class _IsoDatesMetaclass(forms.models.ModelFormMetaclass):
    """Django reads `formfield_callback` only from a form's own `Meta`, so a subclass with its own
    `Meta` would lose it: give every subclass's `Meta` the ISO callback unless it names another."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(iso_formfield_callback)
        return super().__new__(mcs, name, bases, attrs)


class IsoDatesModelForm(forms.ModelForm, metaclass=_IsoDatesMetaclass):
    """A ModelForm whose date and date-time fields render ISO in every language."""
