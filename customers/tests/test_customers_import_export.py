"""Import (dry run, per-row report, confirm) and export (scope, formula escaping)."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from customers.models import Customer
from customers.resources import customers_import, escape_formula, load_dataset
from customers.tests.factories import CustomerFactory, FollowUpFactory

pytestmark = pytest.mark.django_db
HEADER = "name,owner_number,industry,source,next_follow_up_on\n"


def csv_file(text, name="customers.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="customers.xlsx"):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.mark.parametrize(("value", "expected"), [
    ("=SUM(A1)", "'=SUM(A1)"), ("+86 138", "'+86 138"), ("-1", "'-1"), ("@cmd", "'@cmd"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("normal", "normal"), ("a=b", "a=b"), (5, 5), (None, None), ("", ""),
])
def test_escape_formula(value, expected):
    assert escape_formula(value) == expected


def test_dry_run_reports_each_problem_and_saves_nothing(org):
    CustomerFactory(owner=org.rep, name="Existing Co")
    text = HEADER + (
        "Good Co,R0001,IT,web,2026-07-01\n"       # row 2: valid
        "Bad Date Co,R0001,IT,web,2026-13-01\n"   # row 3: bad date
        "Stranger Co,R0003,IT,web,\n"             # row 4: rep2 is outside the supervisor's team
        "Nobody Co,X9999,IT,web,\n"               # row 5: unknown owner
        "existing co,R0001,IT,,\n"                # row 6: duplicate of an existing customer
        "Good Co,R0001,IT,,\n"                    # row 7: duplicate of row 2
        ",R0001,IT,,\n"                           # row 8: no name
        "Team Co,R0002,IT,电话营销,\n"             # row 9: unknown source
        "Good Co,R0002,Retail,Exhibition,\n"       # row 10: valid (another owner; source by label)
    )
    report = customers_import(actor=org.sup1.user, dataset=load_dataset(text.encode(), filename="c.csv"), dry_run=True)
    problems = {(p.row, p.field) for p in report.problems}
    assert problems == {(3, "next_follow_up_on"), (4, "owner_number"), (5, "owner_number"), (6, "name"),
                        (7, "name"), (8, "name"), (9, "source")}
    assert "row 2" in next(p.message for p in report.problems if p.row == 7)
    assert report.valid_rows == 2 and report.total_rows == 9
    assert Customer.objects.count() == 1


def test_confirm_imports_only_valid_rows(org):
    text = HEADER + "Good Co,R0001,IT,web,2026-07-01\nBad,R0001,IT,web,01/07/2026\nOwn Co,,IT,,\n"
    report = customers_import(actor=org.rep.user, dataset=load_dataset(text.encode(), filename="c.csv"), dry_run=False)
    assert report.imported == 2
    good = Customer.objects.get(name="Good Co")
    assert (good.owner, good.created_by, good.source, good.next_follow_up_on) == (
        org.rep, org.rep, "web", date(2026, 7, 1))
    assert Customer.objects.get(name="Own Co").owner == org.rep
    assert not Customer.objects.filter(name="Bad").exists()


@pytest.mark.parametrize("header", ["nom,owner_number\n", "name,owner_number,colour\n", "name,name\n"])
def test_wrong_header_is_reported_on_row_1(org, header):
    text = header + "Acme,R0001\n"
    report = customers_import(actor=org.rep.user, dataset=load_dataset(text.encode(), filename="c.csv"), dry_run=False)
    assert report.fatal and all(p.row == 1 for p in report.problems)
    assert not Customer.objects.exists()


def test_upload_preview_then_confirm(org, page):
    client = page(org.sup1)
    response = client.post(reverse("customers:customer-import"),
                           {"file": csv_file(HEADER + "Alpha,R0001,IT,web,\nBeta,R0003,IT,web,\n")})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Alpha" in body and "owner_number" in body
    assert not Customer.objects.exists()  # nothing until the user confirms
    token = response.context["token"]
    response = client.post(reverse("customers:customer-import"), {"step": "confirm", "token": token})
    assert response.status_code == 302
    assert list(Customer.objects.values_list("name", flat=True)) == ["Alpha"]
    # The kept file is gone: confirming twice imports nothing more.
    client.post(reverse("customers:customer-import"), {"step": "confirm", "token": token})
    assert Customer.objects.count() == 1


def test_cancel_imports_nothing(org, page):
    client = page(org.rep)
    response = client.post(reverse("customers:customer-import"), {"file": csv_file(HEADER + "Alpha,,IT,web,\n")})
    client.post(reverse("customers:customer-import"), {"step": "cancel"})
    client.post(reverse("customers:customer-import"), {"step": "confirm", "token": response.context["token"]})
    assert not Customer.objects.exists()


def test_xlsx_upload_with_real_dates(org, page):
    upload = xlsx_file([["name", "owner_number", "next_follow_up_on"], ["Excel Co", "R0001", date(2026, 8, 1)]])
    response = page(org.rep).post(reverse("customers:customer-import"), {"file": upload})
    assert response.context["report"].valid_rows == 1
    page(org.rep).post(reverse("customers:customer-import"), {"step": "confirm", "token": response.context["token"]})


@pytest.mark.parametrize(("upload", "message"), [
    (csv_file("", "empty.csv"), "empty"),
    (SimpleUploadedFile("broken.xlsx", b"not a zip"), "could not be read"),
    (SimpleUploadedFile("c.csv", "name\n华\n".encode("gb18030")), "UTF-8"),
    (SimpleUploadedFile("c.txt", b"name\nx\n"), ".csv or .xlsx"),
])
def test_malformed_file_is_a_form_error(org, page, upload, message):
    response = page(org.rep).post(reverse("customers:customer-import"), {"file": upload})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["file"])


def _csv_rows(response):
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def test_customer_export_is_scoped_and_escaped(org, page):
    CustomerFactory(owner=org.rep, name="=HYPERLINK(\"http://evil\")", contact_phone="+8613800000000")
    CustomerFactory(owner=org.rep2, name="Other team")
    rows = _csv_rows(page(org.sup1).get(reverse("customers:customer-export")))
    assert rows[0][:3] == ["id", "name", "owner_number"]
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["name"].startswith("'=") and record["contact_phone"] == "'+8613800000000"
    assert record["owner_number"] == "R0001" and record["completeness"] == "100.00"


def test_customer_export_xlsx_and_filters(org, page):
    CustomerFactory(owner=org.rep, name="A Co", tier="A")
    CustomerFactory(owner=org.rep, name="C Co")
    response = page(org.rep).get(reverse("customers:customer-export") + "?format=xlsx&tier=A")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row[1] for row in sheet.iter_rows(values_only=True)] == ["name", "A Co"]


def test_followup_export_is_scoped(org, page):
    FollowUpFactory(customer=CustomerFactory(owner=org.rep), content="@mine")
    FollowUpFactory(customer=CustomerFactory(owner=org.rep3), content="theirs")
    rows = _csv_rows(page(org.manager).get(reverse("customers:followup-export")))
    assert len(rows) == 2 and "'@mine" in rows[1]


@pytest.mark.parametrize("url_name", ["customers:customer-export", "customers:followup-export"])
@pytest.mark.parametrize(("name", "status"), [("hr", 403), ("finance", 403), ("rep", 200)])
def test_export_access(org, page, url_name, name, status):
    assert page(getattr(org, name)).get(reverse(url_name)).status_code == status


@pytest.mark.parametrize("count", [2, 30])
def test_export_query_count_is_constant(org, page, django_assert_num_queries, count):
    for _ in range(count):
        CustomerFactory(owner=org.rep)
    client = page(org.rep)
    client.get(reverse("customers:customer-list"))
    with django_assert_num_queries(4):  # session, user, scope, the rows
        _csv_rows(client.get(reverse("customers:customer-export")))
