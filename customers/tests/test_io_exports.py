"""Customer and follow-up exports through `exports` (issue 11 item 5): a large export becomes a job
whose file holds exactly what the immediate export holds (columns, escaping, scope, filters), and
its query count does not grow with the rows."""

import csv
import io
from datetime import date, datetime

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from customers.models import Customer
from customers.tests.factories import CustomerFactory, FollowUpFactory
from exports import services as jobs
from exports.models import ExportJob, JobStatus

pytestmark = pytest.mark.django_db


def _csv(content: bytes):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _immediate(response):
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content) if response.streaming else response.content


def _through_a_job(client, url, params, monkeypatch, capture):
    """The same request with the immediate limit at 0 rows: a redirect to the job, the job's file."""
    monkeypatch.setattr(jobs, "IMMEDIATE_LIMIT", 0)
    with capture(execute=True):
        response = client.get(url, params)
    assert response.status_code == 302
    job = ExportJob.objects.latest("pk")
    assert response["Location"] == job.get_absolute_url() and job.status == JobStatus.DONE
    monkeypatch.setattr(jobs, "IMMEDIATE_LIMIT", 5000)
    return job, job.file.read()


@pytest.fixture
def customers(org):
    first = CustomerFactory(owner=org.rep, name='=HYPERLINK("http://evil")', contact_phone="+8613800000000",
                            next_follow_up_on=date(2027, 7, 1), tier="A")
    Customer.objects.filter(pk=first.pk).update(last_follow_up_at=timezone.make_aware(datetime(2026, 6, 1, 10)))
    CustomerFactory(owner=org.rep, name="Acme\x0bTrading", industry="", tier="A")
    CustomerFactory(owner=org.teammate, name="Teammate Co")
    CustomerFactory(owner=org.rep2, name="Other team")
    FollowUpFactory(customer=first, content="@mine", occurred_at=timezone.make_aware(datetime(2026, 5, 3, 9)))
    FollowUpFactory(customer=first, content="June", occurred_at=timezone.make_aware(datetime(2026, 6, 3, 9)),
                    next_follow_up_on=date(2027, 1, 5))
    return first


def test_the_job_file_is_the_immediate_export_byte_for_row(org, page, customers, monkeypatch,
                                                           django_capture_on_commit_callbacks):
    client = page(org.sup1)
    url = reverse("customers:customer-export")
    immediate = _csv(_immediate(client.get(url)))
    job, content = _through_a_job(client, url, {}, monkeypatch, django_capture_on_commit_callbacks)
    assert _csv(content) == immediate
    assert job.rows_done == job.rows_total == 3  # sup1's team only: not the other team's customer
    record = dict(zip(immediate[0], immediate[1], strict=True))
    assert record["name"].startswith("'=") and record["contact_phone"] == "'+8613800000000"
    assert (record["next_follow_up_on"], record["last_follow_up_at"]) == ("2027-07-01", "2026-06-01 10:00")
    assert {row[1] for row in immediate[1:]} == {"AcmeTrading", "'=HYPERLINK(\"http://evil\")", "Teammate Co"}


def test_the_job_keeps_the_lists_filters_and_writes_xlsx(org, page, customers, monkeypatch,
                                                         django_capture_on_commit_callbacks):
    client = page(org.rep)
    url = reverse("customers:customer-export")
    params = {"format": "xlsx", "tier": "A", "q": "acme"}
    immediate = list(openpyxl.load_workbook(io.BytesIO(_immediate(client.get(url, params)))).active.values)
    job, content = _through_a_job(client, url, params, monkeypatch, django_capture_on_commit_callbacks)
    assert job.params == {"tier": "A", "status": None, "owner": None, "overdue": False, "q": "acme"}
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert list(sheet.values) == immediate and [row[1] for row in immediate] == ["name", "AcmeTrading"]
    assert sheet.title == "customers" and job.filename.endswith(".xlsx")


def test_followup_export_job_with_a_month_and_a_customer(org, page, customers, monkeypatch,
                                                         django_capture_on_commit_callbacks):
    client = page(org.manager)
    url = reverse("customers:followup-export")
    params = {"month": "2026-06", "customer": str(customers.pk)}
    immediate = _csv(_immediate(client.get(url, params)))
    assert len(immediate) == 2 and immediate[1][8] == "June" and immediate[1][11] == "2027-01-05"
    assert immediate[1][1] == str(customers.pk) and immediate[1][12] in ("0", "1")
    job, content = _through_a_job(client, url, params, monkeypatch, django_capture_on_commit_callbacks)
    assert _csv(content) == immediate and job.params == {"month": "2026-06", "customer": customers.pk}


def test_a_bad_month_is_400_and_starts_nothing(org, page):
    response = page(org.rep).get(reverse("customers:followup-export"), {"month": "2026-13"})
    assert response.status_code == 400 and not ExportJob.objects.exists()


def test_the_job_reads_as_its_requester_only(org, page, customers, monkeypatch, django_capture_on_commit_callbacks):
    job, content = _through_a_job(page(org.rep2), reverse("customers:customer-export"), {}, monkeypatch,
                                  django_capture_on_commit_callbacks)
    assert [row[1] for row in _csv(content)[1:]] == ["Other team"]
    assert page(org.rep).get(reverse("exports:export-download", args=[job.pk])).status_code == 404
    assert page(org.rep2).get(reverse("exports:export-download", args=[job.pk])).status_code == 200


def _job_queries(org, count, capture):
    for _ in range(count):
        FollowUpFactory(customer=CustomerFactory(owner=org.rep))
    with capture(execute=False) as callbacks:
        job = jobs.export_job_start(requester=org.rep.user, kind="customers", params={}, fmt="csv")
    with CaptureQueriesContext(connection) as queries:
        callbacks[0]()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    return len(queries), job.rows_done


def test_a_customer_export_jobs_queries_are_the_same_for_5_and_50_customers(org, django_capture_on_commit_callbacks):
    small, rows = _job_queries(org, 5, django_capture_on_commit_callbacks)
    big, more_rows = _job_queries(org, 45, django_capture_on_commit_callbacks)
    assert (rows, more_rows) == (5, 50)
    assert small == big
