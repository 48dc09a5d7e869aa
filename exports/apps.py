from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = _("Exports and imports")

    def ready(self):
        # Domain apps register their exporters and importers in their resources.py (the room for
        # import/export): discovered here, so a Celery worker knows every kind the pages offer.
        autodiscover_modules("resources")
