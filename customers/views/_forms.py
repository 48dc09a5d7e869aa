"""The customers pages' side of the page idiom: a service's refusal goes back into the form, at
its field, with the status it carries — 400 for bad input, 409 when the date falls in a closed
month — so the user keeps what they typed. A 403/404 is left to `common.views.domain_errors`. And the
one customer picker of the forms that log something against a customer."""

from django.core.exceptions import ValidationError

from common.exceptions import ApplicationError, NotAllowed, NotFound
from common.views import add_errors_to_form
from customers.models import Customer
from customers.views._params import id_param
from teams.scoping import get_visible_or_404

#: What a form view catches from a service call.
REFUSALS = (ValidationError, ApplicationError)


def refuse_into_form(form, exc: Exception) -> int:
    """Attach `exc` to `form` and return the HTTP status of the re-rendered page."""
    if isinstance(exc, NotAllowed | NotFound):
        raise exc
    add_errors_to_form(form, exc)
    return getattr(exc, "status_code", 400)


def customer_picker(request) -> dict:
    """The keyword arguments of a form that picks one of the user's customers (a follow-up, a
    complaint): the customers they see — owner and unit loaded, so the service checks the picked
    one's visibility without a query — and, from `?customer=`, that customer preset (404 when the
    user does not see it). The picker offers the most recently followed-up customers and searches
    the rest as you type."""
    initial = {}
    preset = id_param(request.GET.get("customer"))
    if preset:
        initial["customer"] = get_visible_or_404(Customer, request.user, pk=preset)
    return {"customers": Customer.objects.visible_to(request.user).select_related("owner__org_unit"),
            "initial": initial}
