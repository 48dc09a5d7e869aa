"""Local development: the embedded defaults of `make run` (SQLite, in-process tasks)."""

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)

# Serve static files straight from the app directories (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Without collectstatic there is no manifest, which `{% static %}` needs once DEBUG is off
# (`DEBUG=false make run`, the schemathesis run): plain names locally, hashed ones in production.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
