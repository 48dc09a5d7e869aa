"""Generic write helpers every app's services share (HackSoft Django-Styleguide style)."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

UNKNOWN_FIELD_MESSAGE = _("This field cannot be changed here.")


def model_update(*, instance, fields: Iterable[str], data: Mapping, save: bool = True, clean: bool = False,
                 unknown_message=None) -> tuple:
    """Set the `fields` of `instance` that `data` carries and differ from today's values, then save
    only those (plus any `auto_now` column). A key of `data` that is not in `fields` is refused
    before anything is set: a `ValidationError` naming each such field (400), nothing changed.

    Returns ``(instance, updated_fields)``; ``updated_fields`` is the list of changed field names
    (empty — so falsy — when nothing changed, which writes nothing). ``clean=True`` runs
    `full_clean()` before saving; ``save=False`` only sets the attributes (the caller saves)."""
    fields = tuple(fields)
    unknown = [field for field in data if field not in fields]
    if unknown:
        message = unknown_message or UNKNOWN_FIELD_MESSAGE
        raise ValidationError({field: message for field in unknown})
    updated = []
    for field in fields:
        if field not in data:
            continue
        value = data[field]
        current = getattr(instance, field)
        if getattr(current, "pk", current) != getattr(value, "pk", value):
            setattr(instance, field, value)
            updated.append(field)
    if updated and clean:
        instance.full_clean()
    if updated and save:
        auto_now = [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]
        instance.save(update_fields=[*updated, *(name for name in auto_now if name not in updated)])
    return instance, updated
