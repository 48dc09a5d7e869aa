"""The customers pages' side of the page idiom: a service's refusal goes back into the form, at
its field, with the status it carries — 400 for bad input, 409 when the date falls in a closed
month — so the user keeps what they typed. A 403/404 is left to `common.views.domain_errors`."""

from django.core.exceptions import ValidationError

from common.exceptions import ApplicationError, NotAllowed, NotFound
from common.views import add_errors_to_form

#: What a form view catches from a service call.
REFUSALS = (ValidationError, ApplicationError)


def refuse_into_form(form, exc: Exception) -> int:
    """Attach `exc` to `form` and return the HTTP status of the re-rendered page."""
    if isinstance(exc, NotAllowed | NotFound):
        raise exc
    add_errors_to_form(form, exc)
    return getattr(exc, "status_code", 400)
