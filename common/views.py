"""Page-side twin of the API exception handler: domain errors become 403/404/409 pages or form
errors, so views only validate input, call one service and render."""

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

from common.exceptions import ApplicationError, Conflict, NotAllowed, NotFound


def add_errors_to_form(form, exc: Exception) -> None:
    """Attach a service's ValidationError / ApplicationError to the form, field by field."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                for message in error.messages:
                    form.add_error(target, message if target else f"{field}: {message}")
    elif isinstance(exc, ApplicationError):
        target = exc.field if exc.field in form.fields else None
        form.add_error(target, str(exc.message))
    elif isinstance(exc, ValidationError):
        for message in exc.messages:
            form.add_error(None, message)
    else:
        raise exc


def domain_errors(view):
    """Map NotAllowed → 403, NotFound → 404, Conflict → 409 page; other ApplicationErrors → a
    message and a 400 page. Form views catch ValidationError themselves (`add_errors_to_form`)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotAllowed as exc:
            raise PermissionDenied(str(exc.message))
        except NotFound:
            raise Http404
        except (Conflict, ApplicationError) as exc:
            messages.error(request, str(exc.message))
            body = render_to_string("error.html", {"message": exc.message, "status": exc.status_code}, request)
            return HttpResponse(body, status=409 if isinstance(exc, Conflict) else 400)

    return wrapper


def page_not_found(request, exception=None):
    """handler404: the API answers a path it does not know with the same JSON error body as every
    other API error (`{"detail": ...}`); pages get the 404 page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_message)}, status=404)
    return defaults.page_not_found(request, exception)
