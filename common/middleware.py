"""Request-wide input rules that hold for every app at once (SPEC §13.1 "Text is clean")."""

from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from common.text import control_character_message, has_control_characters, strip_control_characters

API_PREFIX = "/api/"


def _form_data(request):
    """The fields of a page's form post (urlencoded or multipart). API bodies, forms included, are
    checked by the parsers of `common.parsers`, which answer a malformed body DRF's way."""
    if request.method != "POST" or request.path.startswith(API_PREFIX):
        return None
    content_type = request.content_type or ""
    if content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return None
    return request.POST


def _first_dirty_field(query_dict) -> str | None:
    for key, values in query_dict.lists():
        if has_control_characters(key) or any(has_control_characters(value) for value in values):
            return strip_control_characters(key) or "?"
    return None


class CleanTextMiddleware:
    """Refuses a request whose query string or submitted form holds a control character (other
    than tab, newline and carriage return) with a 400 naming the field — a JSON error for the API,
    the error page for pages and the admin — before any view or service sees the text."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = _first_dirty_field(request.GET)
        if field is None and (form := _form_data(request)) is not None:
            field = _first_dirty_field(form)
        if field is None:
            return self.get_response(request)
        message = control_character_message()
        if request.path.startswith(API_PREFIX):
            from common.api import application_error_response

            return application_error_response(ApplicationError(message, field=field))
        from common.views import error_page

        return error_page(request, _("%(field)s: %(message)s") % {"field": field, "message": message}, status=400)
