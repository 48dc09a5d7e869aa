"""Export and import jobs: run on commit, progress, the private download, notifications, the
cleanup after the retention days (7 by default; SPEC §8, §12; issue 11 item 5)."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from common.models import Notification
from exports import services
from exports.models import ExportJob, ImportJob, JobStatus
from teams.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    User = get_user_model()
    owner = UserFactory(username="owner")
    other = UserFactory(username="other")
    User.objects.create(username="u-plain", email="plain@example.com")
    User.objects.create(username="u-formula", email="=HYPERLINK(1)")
    User.objects.create(username="u-tab\x0bbed", email="+86 138")
    return owner, other


def _start(owner, fmt="csv", capture=None, **params):
    with capture(execute=True):
        return services.export_job_start(requester=owner, kind="test-users", params={"prefix": "u-", **params}, fmt=fmt)


def _csv(content: bytes):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_an_export_job_runs_on_commit_and_writes_an_escaped_csv(people, django_capture_on_commit_callbacks):
    owner, _ = people
    job = _start(owner, capture=django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.rows_total, job.progress_pct) == (JobStatus.DONE, 3, 3, 100)
    assert job.filename.startswith("users-") and job.filename.endswith(".csv")
    rows = _csv(job.file.read())
    assert rows[0] == ["id", "username", "email", "active"]
    assert [row[1:] for row in rows[1:]] == [
        ["u-plain", "plain@example.com", "yes"], ["u-formula", "'=HYPERLINK(1)", "yes"], ["u-tabbed", "'+86 138", "yes"],
    ]


def test_nothing_runs_before_the_transaction_commits(people, django_capture_on_commit_callbacks):
    owner, _ = people
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.export_job_start(requester=owner, kind="test-users", params={}, fmt="csv")
        assert ExportJob.objects.get(pk=job.pk).status == JobStatus.QUEUED
    assert len(callbacks) == 1


def test_an_xlsx_job_keeps_numbers_as_numbers_and_escapes_text(people, django_capture_on_commit_callbacks):
    owner, _ = people
    job = _start(owner, fmt="xlsx", capture=django_capture_on_commit_callbacks)
    job.refresh_from_db()
    sheet = openpyxl.load_workbook(io.BytesIO(job.file.read())).active
    values = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "users" and values[0] == ("id", "username", "email", "active")
    assert isinstance(values[1][0], int) and values[2][2] == "'=HYPERLINK(1)"


def test_the_requester_is_notified_with_the_download_link_in_their_language(
        people, django_capture_on_commit_callbacks):
    owner, _ = people
    job = _start(owner, capture=django_capture_on_commit_callbacks)
    notification = Notification.objects.get(recipient=owner)
    assert notification.link == reverse("exports:export-download", args=[job.pk])
    assert notification.message["id"] == "exports.export_ready_kept"
    assert "kept for 7 days" in notification.render()
    assert "3" in notification.render() and "Users" in notification.render()
    with translation.override("zh-hans"):
        assert "导出" in notification.render()
    # Running the task again (a redelivery) changes nothing and notifies nobody twice.
    services.export_job_run(job_id=job.pk)
    assert Notification.objects.filter(recipient=owner).count() == 1


def test_the_same_export_while_it_runs_is_the_same_job(people, django_capture_on_commit_callbacks):
    owner, _ = people
    with django_capture_on_commit_callbacks(execute=False):
        first = services.export_job_start(requester=owner, kind="test-users", params={"prefix": "u-"}, fmt="csv")
        again = services.export_job_start(requester=owner, kind="test-users", params={"prefix": "u-"}, fmt="csv")
        other_format = services.export_job_start(requester=owner, kind="test-users", params={"prefix": "u-"},
                                                 fmt="xlsx")
    assert first.pk == again.pk != other_format.pk


def test_a_job_stuck_longer_than_any_task_may_run_is_not_waited_on(people, settings,
                                                                    django_capture_on_commit_callbacks):
    """Its process was killed (a web worker's timeout, a crash) before it could record failing."""
    owner, _ = people
    settings.CELERY_TASK_TIME_LIMIT = 600
    with django_capture_on_commit_callbacks(execute=False):
        stuck = services.export_job_start(requester=owner, kind="test-users", params={"prefix": "u-"}, fmt="xlsx")
    ExportJob.objects.filter(pk=stuck.pk).update(status=JobStatus.RUNNING)
    with time_machine.travel(timezone.now() + timedelta(seconds=599)):
        with django_capture_on_commit_callbacks(execute=False):
            assert services.export_job_start(requester=owner, kind="test-users", params={"prefix": "u-"},
                                             fmt="xlsx").pk == stuck.pk
    with time_machine.travel(timezone.now() + timedelta(seconds=601)):
        with django_capture_on_commit_callbacks(execute=False):
            fresh = services.export_job_start(requester=owner, kind="test-users", params={"prefix": "u-"}, fmt="xlsx")
    assert fresh.pk != stuck.pk


def test_the_download_is_private_to_its_requester(people, page, django_capture_on_commit_callbacks):
    owner, other = people
    job = _start(owner, capture=django_capture_on_commit_callbacks)
    response = page(owner).get(reverse("exports:export-download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment") and job.filename in response["Content-Disposition"]
    assert _csv(b"".join(response.streaming_content))[1][1] == "u-plain"
    for name in ("exports:export-download", "exports:export-job", "exports:export-status"):
        assert page(other).get(reverse(name, args=[job.pk])).status_code == 404
        assert page().get(reverse(name, args=[job.pk])).status_code == 302  # to the sign-in page
    assert page(owner).get(reverse("exports:export-download", args=[job.pk + 999])).status_code == 404


def test_progress_page_and_status_while_queued_then_done(people, page, django_capture_on_commit_callbacks):
    owner, _ = people
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.export_job_start(requester=owner, kind="test-users", params={"prefix": "u-"}, fmt="csv")
    client = page(owner)
    body = client.get(job.get_absolute_url()).content.decode()
    assert "<progress" in body and 'http-equiv="refresh"' in body and "exports/progress.js" in body
    status = client.get(reverse("exports:export-status", args=[job.pk])).json()
    assert status == {"status": "queued", "rows_done": 0, "rows_total": None, "progress_pct": 0,
                      "finished": False, "download_url": None}
    assert client.get(reverse("exports:export-download", args=[job.pk])).status_code == 404  # not ready yet
    callbacks[0]()
    body = client.get(job.get_absolute_url()).content.decode()
    assert "<progress" not in body and reverse("exports:export-download", args=[job.pk]) in body
    status = client.get(reverse("exports:export-status", args=[job.pk])).json()
    assert status["finished"] and status["rows_done"] == status["rows_total"] == 3 and status["download_url"]


def test_a_failing_export_is_recorded_and_notified_not_raised(people, page, monkeypatch,
                                                              django_capture_on_commit_callbacks):
    owner, _ = people
    monkeypatch.setattr("exports.writers.write_csv", lambda *args, **kwargs: 1 / 0)
    job = _start(owner, capture=django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "division" in job.error and not job.file
    assert Notification.objects.get(recipient=owner).message["id"] == "exports.export_failed"
    assert "failed" in page(owner).get(job.get_absolute_url()).content.decode()


def test_immediate_rows_until_the_limit_then_none(people, monkeypatch, django_assert_num_queries):
    owner, _ = people
    with django_assert_num_queries(1):
        assert len(services.immediate_rows(user=owner, kind="test-users", params={"prefix": "u-"})) == 3
    monkeypatch.setattr(services, "IMMEDIATE_LIMIT", 2)
    assert services.immediate_rows(user=owner, kind="test-users", params={"prefix": "u-"}) is None


def _queries_of_a_job(owner, capture, count):
    User = get_user_model()
    User.objects.bulk_create([User(username=f"q{count}-{n}") for n in range(count)])
    with capture(execute=False) as callbacks:
        job = services.export_job_start(requester=owner, kind="test-users", params={"prefix": f"q{count}-"}, fmt="csv")
    with CaptureQueriesContext(connection) as queries:
        callbacks[0]()
    job.refresh_from_db()
    assert job.rows_done == count
    return len(queries)


def test_a_jobs_query_count_is_the_same_for_5_and_50_rows(people, django_capture_on_commit_callbacks):
    owner, _ = people
    assert _queries_of_a_job(owner, django_capture_on_commit_callbacks, 5) == \
        _queries_of_a_job(owner, django_capture_on_commit_callbacks, 50)


def test_delete_expired_removes_old_exports_and_their_files(people, django_capture_on_commit_callbacks):
    owner, _ = people
    old = _start(owner, capture=django_capture_on_commit_callbacks)
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=7, minutes=1))
    old.refresh_from_db()
    fresh = _start(owner, fmt="xlsx", capture=django_capture_on_commit_callbacks)
    fresh.refresh_from_db()
    assert default_storage.exists(old.file.name)
    assert services.delete_expired(timezone.now())["exports"] == 1
    assert not default_storage.exists(old.file.name) and not ExportJob.objects.filter(pk=old.pk).exists()
    assert default_storage.exists(fresh.file.name) and ExportJob.objects.filter(pk=fresh.pk).exists()


def test_delete_expired_removes_import_files_never_confirmed(people, django_capture_on_commit_callbacks):
    owner, _ = people
    eight_days_ago = timezone.now() - timedelta(days=8)
    with time_machine.travel(eight_days_ago, tick=False):
        stale = services.keep_upload(user=owner, content=b"name\nA\n", filename="a.csv")
        with django_capture_on_commit_callbacks(execute=True):
            stale_job = services.import_job_start(requester=owner, kind="test-users", content=b"name\nA\n",
                                                  filename="old.csv")
    kept = services.keep_upload(user=owner, content=b"name\nB\n", filename="b.csv")
    stale_job.refresh_from_db()
    stale_file = stale_job.file.name
    assert services.delete_expired(timezone.now())["imports"] == 2
    assert not default_storage.exists(stale) and not default_storage.exists(stale_file)
    assert not ImportJob.objects.filter(pk=stale_job.pk).exists()
    assert default_storage.exists(kept)
    default_storage.delete(kept)


# --- import jobs --------------------------------------------------------------------------------

def test_an_import_job_is_checked_then_applied_only_on_confirm(people, page, django_capture_on_commit_callbacks):
    owner, other = people
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_start(requester=owner, kind="test-users", content=b"name\nann\n\nbob\n",
                                        filename="people.csv")
    job.refresh_from_db()
    assert (job.phase, job.status, job.rows_done, job.rows_total) == ("check", "done", 3, 3)
    assert job.report["valid_rows"] == 2 and job.report["problems"][0]["row"] == 3
    assert not get_user_model().objects.filter(username__startswith="imported-").exists()
    client = page(owner)
    body = client.get(job.get_absolute_url()).content.decode()
    assert "Import 2 valid rows" in body and "ann" in body
    assert page(other).get(job.get_absolute_url()).status_code == 404
    assert page(other).post(job.get_absolute_url(), {"step": "confirm"}).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(job.get_absolute_url(), {"step": "confirm"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.phase, job.status, job.report["imported"]) == ("apply", "done", 2)
    assert not job.file  # applied: the upload is gone
    assert get_user_model().objects.filter(username__startswith="imported-").count() == 2
    assert set(Notification.objects.filter(recipient=owner).values_list("message__id", flat=True)) == {
        "exports.import_checked", "exports.import_done"}
    # Confirming again applies nothing more: the job is no longer waiting (409).
    assert client.post(job.get_absolute_url(), {"step": "confirm"}).status_code == 409
    assert get_user_model().objects.filter(username__startswith="imported-").count() == 2


def test_a_cancelled_import_job_imports_nothing_and_forgets_the_file(people, page,
                                                                    django_capture_on_commit_callbacks):
    owner, _ = people
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_start(requester=owner, kind="test-users", content=b"name\nann\n", filename="p.csv")
    job.refresh_from_db()
    name = job.file.name
    response = page(owner).post(job.get_absolute_url(), {"step": "cancel"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert not ImportJob.objects.filter(pk=job.pk).exists() and not default_storage.exists(name)


def test_import_status_json(people, page, django_capture_on_commit_callbacks):
    owner, other = people
    with django_capture_on_commit_callbacks(execute=False):
        job = services.import_job_start(requester=owner, kind="test-users", content=b"name\nann\n", filename="p.csv")
    status = page(owner).get(reverse("exports:import-status", args=[job.pk])).json()
    assert status["status"] == "queued" and status["phase"] == "check" and not status["finished"]
    assert page(other).get(reverse("exports:import-status", args=[job.pk])).status_code == 404


def test_job_pages_in_chinese(people, page, django_capture_on_commit_callbacks):
    owner, _ = people
    with django_capture_on_commit_callbacks(execute=False):
        job = services.export_job_start(requester=owner, kind="test-users", params={}, fmt="csv")
    client = page(owner)
    client.cookies["django_language"] = "zh-hans"
    body = client.get(job.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "导出" in body


@pytest.mark.parametrize("model", ["exportjob", "importjob"])
def test_the_admin_lists_jobs_read_only(people, page, model, django_capture_on_commit_callbacks):
    owner, _ = people
    _start(owner, capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.import_job_start(requester=owner, kind="test-users", content=b"name\nann\n", filename="p.csv")
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw-root-123")
    client = page(admin)
    assert client.get(reverse(f"admin:exports_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:exports_{model}_add")).status_code == 403


def test_delete_expired_keeps_files_for_the_days_it_is_given(people, django_capture_on_commit_callbacks):
    owner, _ = people
    four, two = (_start(owner, capture=django_capture_on_commit_callbacks) for _ in range(2))
    now = timezone.now()
    for job, age in ((four, 4), (two, 2)):
        ExportJob.objects.filter(pk=job.pk).update(created_at=now - timedelta(days=age))
    assert services.delete_expired(now)["exports"] == 0  # 7 days by default
    assert services.delete_expired(now, keep_days=3)["exports"] == 1
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [two.pk]


def test_the_notification_and_the_job_page_say_the_alert_policys_retention(
        people, django_capture_on_commit_callbacks, client):
    from alerts.models import AlertPolicy

    AlertPolicy.objects.update(file_retention_days=3)
    owner, _ = people
    job = _start(owner, capture=django_capture_on_commit_callbacks)
    assert "kept for 3 days" in Notification.objects.get(recipient=owner).render()
    client.force_login(owner)
    assert "It is deleted after 3 days." in client.get(reverse("exports:export-job", args=[job.pk])).content.decode()
    with translation.override("zh-hans"):
        assert "文件保留 3 天" in Notification.objects.get(recipient=owner).render()
