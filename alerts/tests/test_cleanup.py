"""The daily cleanup job: unconfirmed imports and export files older than 7 days."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from alerts import services
from alerts.tasks import cleanup_expired_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_imports():
    """The in-memory storage outlives a test: start each without import files."""
    for path in list(services._walk(services.IMPORTS_DIR)):
        default_storage.delete(path)


def _write(path: str, when) -> None:
    with time_machine.travel(when, tick=False):
        default_storage.save(path, ContentFile(b"name,owner\n"))


def test_import_files_exactly_seven_days_old_stay_older_ones_go():
    now = timezone.now().replace(microsecond=0)
    _write("imports/old.csv", now - timedelta(days=7, seconds=1))
    _write("imports/deep/old.xlsx", now - timedelta(days=8))
    _write("imports/edge.csv", now - timedelta(days=7))
    _write("imports/new.csv", now - timedelta(days=1))
    _write("elsewhere/old.csv", now - timedelta(days=30))
    deleted = services.delete_old_import_files(now=now, older_than=timedelta(days=7))
    assert deleted == 2
    assert not default_storage.exists("imports/old.csv") and not default_storage.exists("imports/deep/old.xlsx")
    assert default_storage.exists("imports/edge.csv") and default_storage.exists("imports/new.csv")
    assert default_storage.exists("elsewhere/old.csv")


def test_the_job_calls_the_exports_apps_cleanup():
    with mock.patch("exports.services.delete_expired", return_value={"exports": 2, "imports": 3}) as delete:
        assert cleanup_expired_files.delay().get() == {"exports": 2, "imports": 3}
    delete.assert_called_once()


def test_without_the_exports_app_import_files_are_cleaned_here(settings):
    now = timezone.now()
    _write("imports/stale.csv", now - timedelta(days=9))
    with mock.patch("alerts.services.django_apps.is_installed", return_value=False):
        assert services.cleanup_expired_files(now=now) == {"exports": 0, "imports": 1}


def test_the_cleanup_runs_daily_from_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["cleanup-expired-files"]
    assert entry["task"] == "alerts.cleanup_expired_files" and entry["schedule"].hour == {3}
