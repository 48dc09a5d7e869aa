"""Domain errors. Services raise these (or Django's ValidationError); the DRF exception handler and
`common.views.DomainErrorMixin` turn them into 400/403/404/409 with a message."""

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """A business rule refused the request (HTTP 400). `field` names the offending input."""

    status_code = 400
    default_message = _("The request breaks a business rule.")

    def __init__(self, message=None, *, field: str | None = None, extra: dict | None = None):
        self.message = message or self.default_message
        self.field = field
        self.extra = extra or {}
        super().__init__(str(self.message))


class NotAllowed(ApplicationError):
    """The acting user's role may never take this action (HTTP 403)."""

    status_code = 403
    default_message = _("You are not allowed to do this.")


class NotFound(ApplicationError):
    """The object does not exist for this user (HTTP 404) — out of scope looks the same as absent."""

    status_code = 404
    default_message = _("Not found.")


class Conflict(ApplicationError):
    """The object's state forbids the action (wrong transition, locked month, approved sheet): 409."""

    status_code = 409
    default_message = _("The object's current state does not allow this.")
