"""Clean text (SPEC §13.1 "Text is clean"): control characters other than tab and newline are
refused at input, and exports strip any that were stored before the rule existed."""

import re

from django.utils.translation import gettext as _

from common.exceptions import ApplicationError

#: C0 controls except tab (\x09), newline (\x0a) and carriage return (\x0d, part of a Windows line
#: break a browser sends for textareas), DEL, and the C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_characters(value) -> bool:
    return isinstance(value, str) and CONTROL_CHARACTERS.search(value) is not None


def control_character_message() -> str:
    return _("This text contains a control character; remove it and try again.")


def ensure_clean_text(value, *, field: str) -> None:
    if has_control_characters(value):
        raise ApplicationError(control_character_message(), field=field)


def strip_control_characters(value):
    """For exports: text without control characters; any other value unchanged."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    return value
