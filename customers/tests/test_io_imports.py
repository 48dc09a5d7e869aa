"""Customer import at scale (issue 11 item 5): the check writes nothing and asks the database the
same few questions whatever the number of rows; a large upload is checked and applied as a job with
progress, keeping the per-row report and the preview."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.models import Customer
from customers.resources import customers_import, customers_import_check, load_dataset
from customers.tests.factories import CustomerFactory
from customers.views import customers_io
from exports.models import ImportJob

pytestmark = pytest.mark.django_db
HEADER = "name,owner_number,industry,source,next_follow_up_on\n"


def _file(rows: int, *, bad_every: int = 0) -> bytes:
    lines = [HEADER.strip()]
    for number in range(rows):
        date = "2026-13-01" if bad_every and number % bad_every == 0 else "2027-07-01"
        lines.append(f"Co {number},R0001,IT,web,{date}")
    return ("\n".join(lines) + "\n").encode()


def _check_queries(org, rows):
    with CaptureQueriesContext(connection) as queries:
        report = customers_import(actor=org.sup1.user, dataset=load_dataset(_file(rows, bad_every=4), filename="c.csv"),
                                  dry_run=True)
    assert report.total_rows == rows and report.valid_rows == rows - len({p.row for p in report.problems})
    return [query["sql"] for query in queries.captured_queries]


def test_the_check_asks_the_same_queries_for_5_and_50_rows_and_writes_nothing(org):
    CustomerFactory(owner=org.rep, name="Co 3")  # a duplicate to find, in the one prefetch
    _check_queries(org, 5)  # caches warmed (input limits), as on any page after the first
    small, big = _check_queries(org, 5), _check_queries(org, 50)
    assert len(small) == len(big)
    assert not [sql for sql in big if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "SAVEPOINT"))]
    assert Customer.objects.count() == 1


def test_progress_is_reported_while_checking(org):
    seen = []
    report = customers_import_check(actor=org.rep.user, content=_file(1200), filename="c.csv",
                                    progress=lambda done, total: seen.append((done, total)))
    assert report["valid_rows"] == 1200 and report["fatal"] is False
    assert seen[0] == (0, 1200) and seen[-1] == (1200, 1200) and (500, 1200) in seen


def test_a_broken_file_in_a_job_is_a_fatal_report_on_row_1(org):
    report = customers_import_check(actor=org.rep.user, content=b"not a zip", filename="c.xlsx")
    assert report["fatal"] and report["problems"][0]["row"] == 1 and report["valid_rows"] == 0


def test_a_large_upload_is_checked_then_applied_as_a_job(org, page, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(customers_io, "IMPORT_IMMEDIATE_BYTES", 100)
    client = page(org.sup1)
    content = _file(30, bad_every=10) + b"Stranger Co,R0003,IT,web,\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("customers:customer-import"),
                               {"file": SimpleUploadedFile("big.csv", content, content_type="text/csv")})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert (job.phase, job.status, job.rows_done, job.rows_total) == ("check", "done", 31, 31)
    assert job.report["valid_rows"] == 27 and not Customer.objects.exists()
    assert {(p["row"], p["field"]) for p in job.report["problems"]} == {
        (2, "next_follow_up_on"), (12, "next_follow_up_on"), (22, "next_follow_up_on"), (32, "owner_number")}
    body = client.get(job.get_absolute_url()).content.decode()
    assert "Import 27 valid rows" in body and "Co 1" in body and "owner_number" in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(job.get_absolute_url(), {"step": "confirm"})
    job.refresh_from_db()
    assert (job.phase, job.status, job.report["imported"], job.report["skipped"]) == ("apply", "done", 27, 4)
    assert Customer.objects.filter(owner=org.rep).count() == 27
    body = client.get(job.get_absolute_url()).content.decode()
    assert "27 rows imported; 4 rows skipped." in body and reverse("customers:customer-list") in body
    assert page(org.rep).get(job.get_absolute_url()).status_code == 404


def test_a_small_upload_keeps_its_file_where_the_cleanup_finds_it(org, page):
    response = page(org.rep).post(reverse("customers:customer-import"),
                                  {"file": SimpleUploadedFile("c.csv", _file(2), content_type="text/csv")})
    assert response.status_code == 200 and response.context["token"]
    path = response.wsgi_request.session[customers_io.SESSION_KEY]
    assert path["path"].startswith("imports/") and not ImportJob.objects.exists()
