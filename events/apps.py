from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Conference marketing (会销, SPEC §15): events, invitation quotas, invitations, check-in and the
    event report. Upstream of training, targets, performance, incentives and expenses (a claim may
    name an event; the event report reads its cost through a registered cost source)."""

    name = "events"
    verbose_name = _("Events and invitations")
