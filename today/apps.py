from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TodayConfig(AppConfig):
    """Rep · Today (a rep's home page) and the weekly team meeting report (SPEC §9). Reads only:
    no models of its own."""

    name = "today"
    verbose_name = _("Today and the weekly report")
