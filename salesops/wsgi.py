import os

from django.core.wsgi import get_wsgi_application

if not os.environ.get("DJANGO_SETTINGS_MODULE"):  # unset or empty
    os.environ["DJANGO_SETTINGS_MODULE"] = "salesops.settings.local"
application = get_wsgi_application()
