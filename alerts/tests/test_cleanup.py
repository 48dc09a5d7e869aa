"""The daily cleanup job: unconfirmed imports and export files older than the alert policy's
`file_retention_days` (7 by default; the exports app's `delete_expired`, tested there; here: the job
calls it with the policy's days, beat schedules it)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from alerts.models import AlertPolicy
from alerts.services import cleanup_expired_files as cleanup
from alerts.tasks import cleanup_expired_files
from exports.models import ExportJob
from teams.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_job_calls_the_exports_apps_cleanup():
    with mock.patch("exports.services.delete_expired", return_value={"exports": 2, "imports": 3}) as delete:
        assert cleanup_expired_files.delay().get() == {"exports": 2, "imports": 3}
    delete.assert_called_once()


def test_the_cleanup_runs_daily_from_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["cleanup-expired-files"]
    assert entry["task"] == "alerts.cleanup_expired_files" and entry["schedule"].hour == {3}


def test_the_cleanup_keeps_files_as_long_as_the_policy_says():
    """A policy of 3 days: a 4-day-old export (and its file) goes, a 2-day-old one stays."""
    policy = AlertPolicy.current()
    policy.file_retention_days = 3
    policy.save()
    now, requester = timezone.now(), UserFactory()
    jobs = {}
    for age in (4, 2):
        job = ExportJob.objects.create(requester=requester, kind="test", filename=f"{age}.csv")
        job.file.save(f"{age}-days.csv", ContentFile(b"a,b\n"), save=True)
        ExportJob.objects.filter(pk=job.pk).update(created_at=now - timedelta(days=age))
        jobs[age] = job
    assert cleanup(now=now)["exports"] == 1
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [jobs[2].pk]
    assert not jobs[4].file.storage.exists(jobs[4].file.name) and jobs[2].file.storage.exists(jobs[2].file.name)
