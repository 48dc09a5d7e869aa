"""API request parsers (SPEC §13, §13.1): JSON is bounded in depth, numbers stay finite, and text
carries no control characters. A refusal is a 400 naming the field, never a 500."""

import codecs
import math

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers
from rest_framework.utils import json

from common.text import control_character_message, has_control_characters

#: Deeper than any request of the API needs (a decomposition is 3 levels), far from the decoder's
#: recursion limit.
MAX_JSON_DEPTH = 20


def _field_path(path: tuple) -> str:
    return ".".join(str(part) for part in path) or "non_field_errors"


def ensure_clean_data(data, *, max_depth: int | None = None) -> None:
    """Walk parsed request data (dicts, lists, strings, numbers) without recursion and refuse,
    with a ValidationError naming the field (`items.2.name`), text holding a control character
    (keys included), a number that is not finite (`1E+999999999`), or nesting deeper than
    `max_depth`."""
    stack = [((), data)]
    while stack:
        path, value = stack.pop()
        if max_depth is not None and len(path) > max_depth:
            raise exceptions.ParseError(
                _("JSON parse error - nested deeper than %(depth)d levels.") % {"depth": max_depth}
            )
        if isinstance(value, str):
            if has_control_characters(value):
                raise exceptions.ValidationError({_field_path(path): [control_character_message()]})
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise exceptions.ValidationError({_field_path(path): [_("This number is out of range.")]})
        elif isinstance(value, dict):
            for key, item in value.items():
                if has_control_characters(key):
                    raise exceptions.ValidationError({_field_path(path): [control_character_message()]})
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, plus `ensure_clean_data`. Python's decoder recurses per nesting level,
    so a body nested 1,000 deep is a RecursionError; it is a parse error here (400)."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            data = json.load(
                codecs.getreader(encoding)(stream),
                parse_constant=json.strict_constant if self.strict else None,
            )
        except RecursionError:
            raise exceptions.ParseError(_("JSON parse error - nested too deeply."))
        except ValueError as exc:
            raise exceptions.ParseError(_("JSON parse error - %(error)s") % {"error": exc})
        ensure_clean_data(data, max_depth=MAX_JSON_DEPTH)
        return data


def _clean_query_dict(query_dict) -> None:
    for key, values in query_dict.lists():
        for value in values:
            ensure_clean_data({key: value})


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        _clean_query_dict(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        _clean_query_dict(result.data)
        return result
