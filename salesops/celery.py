"""The Celery app. With no broker configured (`REDIS_URL`/`CELERY_BROKER_URL` unset) the settings
switch tasks to run in-process, so the embedded default needs no server."""

import os

from celery import Celery

if not os.environ.get("DJANGO_SETTINGS_MODULE"):  # unset or empty
    os.environ["DJANGO_SETTINGS_MODULE"] = "salesops.settings.local"

app = Celery("salesops")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
