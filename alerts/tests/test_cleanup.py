"""The daily cleanup job: unconfirmed imports and export files older than 7 days (the exports app's
`delete_expired`, tested there; here: the job calls it, beat schedules it)."""

from unittest import mock

import pytest

from alerts.tasks import cleanup_expired_files

pytestmark = pytest.mark.django_db


def test_the_job_calls_the_exports_apps_cleanup():
    with mock.patch("exports.services.delete_expired", return_value={"exports": 2, "imports": 3}) as delete:
        assert cleanup_expired_files.delay().get() == {"exports": 2, "imports": 3}
    delete.assert_called_once()


def test_the_cleanup_runs_daily_from_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["cleanup-expired-files"]
    assert entry["task"] == "alerts.cleanup_expired_files" and entry["schedule"].hour == {3}
