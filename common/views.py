"""Page-side twin of the API exception handler: domain errors become form errors or 403/404/409
pages, so views only validate input, call one service and render.

The page idiom for a form (`form_page`)::

    @login_required
    def target_change(request, pk):
        target = get_visible_or_404(...)
        form = TargetChangeForm(request.POST or None, target=target)
        return form_page(
            request, form=form, template="targets/change.html", context={"target": target},
            service=lambda: services.target_change(actor=request.user, target=target, **form.cleaned_data),
            success_url=lambda result: result.get_absolute_url(),
            success_message=_("The target was changed."),
        )

- GET (or an invalid form): the template with the form, 200 (400 for an invalid POST).
- A valid POST calls `service()` once. Success: `success_message` (text or ``callable(result)``;
  may be None) as a flash message, then a redirect to `success_url` (a URL or ``callable(result)``).
- The service refuses a value (``ApplicationError``, Django ``ValidationError``) → the same template,
  the user's input kept, the message at the field the error names (`add_errors_to_form`), 400; the
  object's state forbids it (``Conflict``) → the same, 409.
- ``NotAllowed`` → 403 page, ``NotFound`` → 404 page, as in the API.

Actions without a form (a button that POSTs) use `domain_errors`: ``NotAllowed`` → 403, ``NotFound``
→ 404, ``Conflict`` → a 409 page and other ``ApplicationError`` → a 400 page, each showing the
message once. Offer such a button only when the service's ``may_*`` twin says yes, so the page is the
exception, not the rule.
"""

import functools
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views import defaults

from common.exceptions import ApplicationError, Conflict, NotAllowed, NotFound


def add_errors_to_form(form, exc: Exception) -> None:
    """Attach a service's ValidationError / ApplicationError to the form, field by field."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            if field == NON_FIELD_ERRORS:
                for error in errors:
                    for message in error.messages:
                        form.add_error(None, message)
                continue
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


def form_page(request, *, form, service: Callable, template: str, success_url=None, context: dict | None = None,
              success_message=None, status: int | None = None,
              on_success: Callable | None = None) -> HttpResponse:
    """The one page idiom for a form (see the module docstring): validate, call `service()` once,
    on success a message and a redirect; on a refused value the same page, input kept, the message
    at its field, 400 (409 for a Conflict). `status` overrides the status of the re-rendered page
    (e.g. 200 for a preview that is not an error). `on_success(result)`, when given, answers a
    success instead of the redirect (a preview shows its result on the same page)."""
    code = 200
    if request.method == "POST":
        code = 400
        if form.is_valid():
            try:
                result = service()
            except NotAllowed as exc:
                raise PermissionDenied(str(exc.message)) from exc
            except NotFound as exc:
                raise Http404 from exc
            except (ApplicationError, ValidationError) as exc:
                add_errors_to_form(form, exc)
                code = 409 if isinstance(exc, Conflict) else 400
            else:
                if on_success is not None:
                    return on_success(result)
                text = success_message(result) if callable(success_message) else success_message
                if text:
                    messages.success(request, text)
                return redirect(success_url(result) if callable(success_url) else success_url)
    return render(request, template, {"form": form, **(context or {})}, status=status or code)


def domain_errors(view):
    """Map NotAllowed → 403, NotFound → 404, Conflict → 409 page; other ApplicationErrors → a 400
    page. The message is shown once, in the page's body (no flash message besides). Form views use
    `form_page`, which keeps the input instead."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotAllowed as exc:
            raise PermissionDenied(str(exc.message))
        except NotFound:
            raise Http404
        except (Conflict, ApplicationError) as exc:
            return error_page(request, exc.message, status=409 if isinstance(exc, Conflict) else 400)

    return wrapper


def error_page(request, message, *, status: int) -> HttpResponse:
    """The error page (`error.html`) with one message, for a refusal that has no form to show it in."""
    return HttpResponse(render_to_string("error.html", {"message": message, "status": status}, request), status=status)


def page_not_found(request, exception=None):
    """handler404: the API answers a path it does not know with the same JSON error body as every
    other API error (`{"detail": ...}`); pages get the 404 page."""
    if request.path.startswith("/api/"):
        from common.api import application_error_response

        return application_error_response(NotFound())
    return defaults.page_not_found(request, exception)
