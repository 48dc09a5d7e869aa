"""Regression tests of the security audit (issue 8, SPEC §13.1) for customers: closed months stay
closed, business dates are plausible, amounts are bounded — through the API and the pages, at the
edges (2025-10-31 refused, 2025-11-01 accepted; 100,000,000.00 accepted, 100,000,000.01 refused)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from common.models import ClosedMonth, InputLimits
from common.periods import Period
from customers.models import Contract, FollowUp, Opportunity, Payment, Receivable, SatisfactionSurvey, Stage
from customers.selectors.sales import actual_sales_by_employee
from customers.tests.factories import (
    ContractFactory,
    CustomerFactory,
    FollowUpFactory,
    OpportunityFactory,
    ReceivableFactory,
)

pytestmark = pytest.mark.django_db

OCTOBER = Period(2025, month=10)
MAX = "100000000.00"
OVER_MAX = "100000000.01"


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to("2025-11-20 10:00 +0800", tick=False)


@pytest.fixture
def october_closed(db):
    return ClosedMonth.objects.create(month=OCTOBER.start)


@pytest.fixture
def customer(org):
    return CustomerFactory(owner=org.rep, name="Acme Trading")


def _contract_body(customer, **overrides):
    return {"number": "HT-2025-001", "customer": customer.pk, "amount": "120000.00", "signed_on": "2025-11-03",
            "start_on": "2025-11-03", "end_on": "2026-11-02"} | overrides


def _assert_refused(response, status, field):
    assert response.status_code == status, response.content
    body = response.json()
    assert field in body["errors"], body
    assert body["detail"]
    return body


# --- closed months stay closed ----------------------------------------------------------------

def test_back_dated_contract_in_a_closed_month_is_409_and_the_month_keeps_its_figures(org, api, customer,
                                                                                        october_closed):
    """The audit: one back-dated contract made rep01's closed October read 762.54 %."""
    ContractFactory(customer=customer, number="HT-OCT", signed_on=date(2025, 10, 8), amount=Decimal("8000.00"))
    october_sales = {"start": OCTOBER.start, "end": OCTOBER.end, "employee_ids": [org.rep.pk]}
    assert actual_sales_by_employee(**october_sales) == {org.rep.pk: Decimal("8000.00")}
    response = api(org.rep).post("/api/v1/contracts/", _contract_body(customer, signed_on="2025-10-31",
                                                                      start_on="2025-10-31"), format="json")
    body = _assert_refused(response, 409, "signed_on")
    assert "2025-10-31" in body["detail"] and "2025-10" in body["errors"]["signed_on"][0]
    assert list(Contract.objects.values_list("number", flat=True)) == ["HT-OCT"]
    assert actual_sales_by_employee(**october_sales) == {org.rep.pk: Decimal("8000.00")}


def test_the_first_day_after_a_closed_month_is_open(org, api, customer, october_closed):
    response = api(org.rep).post("/api/v1/contracts/", _contract_body(customer, signed_on="2025-11-01",
                                                                      start_on="2025-10-01"), format="json")
    assert response.status_code == 201, response.json()


def test_contract_page_keeps_the_form_and_names_the_closed_month(org, page, customer, october_closed):
    response = page(org.rep).post(reverse("customers:contract-create"), {
        "number": "HT-2025-002", "customer": customer.pk, "amount": "5000", "signed_on": "2025-10-15",
        "start_on": "2025-10-15", "end_on": "2026-10-14",
    })
    assert response.status_code == 409
    errors = response.context["form"].errors
    assert "2025-10-15" in errors["signed_on"][0] and "2025-10" in errors["signed_on"][0]
    assert not Contract.objects.exists()


def test_won_move_cannot_create_its_contract_in_a_closed_month(org, api, page, customer, october_closed):
    opportunity = OpportunityFactory(customer=customer, stage=Stage.NEGOTIATION, amount=Decimal("5000.00"))
    new_contract = {"number": "HT-2025-003", "amount": "5000.00", "signed_on": "2025-10-20",
                    "start_on": "2025-10-20", "end_on": "2026-10-19"}
    response = api(org.rep).post(f"/api/v1/opportunities/{opportunity.pk}/move/",
                                 {"to_stage": "won", "new_contract": new_contract}, format="json")
    _assert_refused(response, 409, "signed_on")
    form = page(org.rep).post(reverse("customers:opportunity-move", args=[opportunity.pk]), {
        "to_stage": "won", "number": "HT-2025-003", "contract_amount": "5000", "signed_on": "2025-10-20",
        "start_on": "2025-10-20", "end_on": "2026-10-19",
    })
    assert form.status_code == 409 and "signed_on" in form.context["move_form"].errors
    opportunity.refresh_from_db()
    assert opportunity.stage == Stage.NEGOTIATION and not Contract.objects.exists()


def test_contracts_are_never_edited_so_the_signing_day_cannot_move_into_or_out_of_a_closed_month(
        org, api, customer, october_closed):
    october = ContractFactory(customer=customer, signed_on=date(2025, 10, 10))
    november = ContractFactory(customer=customer, signed_on=date(2025, 11, 10))
    client = api(org.director)
    for contract, day in ((october, "2025-11-05"), (november, "2025-10-05")):
        for method in (client.patch, client.put):
            response = method(f"/api/v1/contracts/{contract.pk}/", _contract_body(customer, signed_on=day),
                              format="json")
            assert response.status_code == 405
    assert {c.signed_on for c in Contract.objects.all()} == {date(2025, 10, 10), date(2025, 11, 10)}


def test_receivable_due_in_a_closed_month_is_409(org, api, page, customer, october_closed):
    contract = ContractFactory(customer=customer, signed_on=date(2025, 9, 1), amount=Decimal("9000.00"))
    response = api(org.rep).post("/api/v1/receivables/", {"contract": contract.pk, "due_on": "2025-10-01",
                                                           "amount": "1000.00"}, format="json")
    _assert_refused(response, 409, "due_on")
    form = page(org.rep).post(reverse("customers:receivable-create", args=[contract.pk]),
                              {"due_on": "2025-10-31", "amount": "1000"})
    assert form.status_code == 409 and "due_on" in form.context["receivable_form"].errors
    assert not Receivable.objects.exists()
    ok = api(org.rep).post("/api/v1/receivables/", {"contract": contract.pk, "due_on": "2025-11-01",
                                                     "amount": "1000.00"}, format="json")
    assert ok.status_code == 201


def test_payment_dated_in_a_closed_month_is_409(org, api, page, customer, october_closed):
    contract = ContractFactory(customer=customer, signed_on=date(2025, 9, 1), amount=Decimal("9000.00"))
    receivable = ReceivableFactory(contract=contract, due_on=date(2025, 9, 30), amount=Decimal("9000.00"))
    response = api(org.finance).post("/api/v1/payments/", {"receivable": receivable.pk, "amount": "100.00",
                                                            "paid_on": "2025-10-31"}, format="json")
    body = _assert_refused(response, 409, "paid_on")
    assert "2025-10-31" in body["detail"]
    form = page(org.finance).post(reverse("customers:payment-create", args=[receivable.pk]),
                                  {"amount": "100", "paid_on": "2025-10-02"})
    assert form.status_code == 409 and "paid_on" in form.context["form"].errors
    assert not Payment.objects.exists()
    receivable.refresh_from_db()
    assert receivable.paid_amount == 0
    ok = api(org.finance).post("/api/v1/payments/", {"receivable": receivable.pk, "amount": "100.00",
                                                      "paid_on": "2025-11-01"}, format="json")
    assert ok.status_code == 201


def test_survey_dated_in_a_closed_month_is_409(org, api, customer, october_closed):
    response = api(org.rep).post("/api/v1/surveys/", {"customer": customer.pk, "surveyed_on": "2025-10-31",
                                                       "score": 40}, format="json")
    _assert_refused(response, 409, "surveyed_on")
    assert not SatisfactionSurvey.objects.exists()
    ok = api(org.rep).post("/api/v1/surveys/", {"customer": customer.pk, "surveyed_on": "2025-11-01",
                                                 "score": 40}, format="json")
    assert ok.status_code == 201


def _followup_body(customer, occurred_at):
    return {"customer": customer.pk, "occurred_at": occurred_at, "channel": "phone", "content": "Called",
            "feedback": "Fine", "next_step": "Quote"}


@pytest.mark.parametrize(("occurred_at", "status"), [
    ("2025-10-31T23:30:00+08:00", 409),  # the last minutes of October, local time
    ("2025-10-31T15:30:00Z", 409),  # the same instant in UTC: still October 31 in Shanghai
    ("2025-11-01T00:30:00+08:00", 201),  # October 31 in UTC, but November 1 in Shanghai
])
def test_followup_in_a_closed_month_counts_by_its_local_day(org, api, customer, october_closed, occurred_at, status):
    response = api(org.rep).post("/api/v1/follow-ups/", _followup_body(customer, occurred_at), format="json")
    assert response.status_code == status, response.json()
    if status == 409:
        assert "occurred_at" in response.json()["errors"] and not FollowUp.objects.exists()


def test_followup_page_refuses_a_closed_month_and_keeps_the_input(org, page, customer, october_closed):
    response = page(org.rep).post(reverse("customers:followup-create"), _followup_body(customer, "2025-10-30T09:00"))
    assert response.status_code == 409
    assert "2025-10-30" in response.context["form"].errors["occurred_at"][0]
    assert response.context["form"]["content"].value() == "Called"
    assert not FollowUp.objects.exists()


def test_followup_edit_cannot_move_into_or_out_of_a_closed_month(org, api, customer, october_closed):
    client = api(org.rep)
    november = FollowUpFactory(customer=customer, author=org.rep,
                               occurred_at=timezone.make_aware(datetime(2025, 11, 19, 9, 0)))
    october = FollowUpFactory(customer=customer, author=org.rep,
                              occurred_at=timezone.make_aware(datetime(2025, 10, 31, 9, 0)))
    into = client.patch(f"/api/v1/follow-ups/{november.pk}/", {"occurred_at": "2025-10-31T10:00:00+08:00"},
                        format="json")
    _assert_refused(into, 409, "occurred_at")
    out_of = client.patch(f"/api/v1/follow-ups/{october.pk}/", {"occurred_at": "2025-11-02T10:00:00+08:00"},
                          format="json")
    _assert_refused(out_of, 409, "occurred_at")
    assert {f.occurred_at for f in FollowUp.objects.all()} == {november.occurred_at, october.occurred_at}
    # A typo fixed in the content of an October entry changes no figure of the month.
    assert client.patch(f"/api/v1/follow-ups/{october.pk}/", {"content": "Called twice"},
                        format="json").status_code == 200


# --- business dates are plausible -------------------------------------------------------------

@pytest.mark.parametrize(("overrides", "field"), [
    ({"signed_on": "1999-12-31", "start_on": "1999-12-31"}, "signed_on"),
    ({"start_on": "0001-01-01"}, "start_on"),
    ({"end_on": "2101-01-01"}, "end_on"),
    ({"end_on": "9999-12-31"}, "end_on"),
])
def test_contract_dates_outside_the_business_years_are_400(org, api, customer, overrides, field):
    response = api(org.rep).post("/api/v1/contracts/", _contract_body(customer, **overrides), format="json")
    _assert_refused(response, 400, field)
    assert not Contract.objects.exists()


def test_contract_dates_at_the_edges_of_the_business_years_are_accepted(org, api, customer):
    response = api(org.rep).post("/api/v1/contracts/", _contract_body(
        customer, signed_on="2000-01-01", start_on="2000-01-01", end_on="2100-12-31"), format="json")
    assert response.status_code == 201, response.json()


def _configure_limits(**values):
    from common.limits import forget_limits

    InputLimits.objects.update_or_create(pk=InputLimits.objects.order_by("pk").values_list("pk", flat=True).first(),
                                         defaults=values)
    forget_limits()


def test_configured_business_years_apply(org, api, customer):
    _configure_limits(min_year=2020, max_year=2030)
    response = api(org.rep).post("/api/v1/contracts/", _contract_body(customer, end_on="2031-01-01"), format="json")
    _assert_refused(response, 400, "end_on")


def test_payment_before_its_contract_was_signed_is_400(org, api, page, customer):
    contract = ContractFactory(customer=customer, signed_on=date(2025, 9, 10), amount=Decimal("9000.00"))
    receivable = ReceivableFactory(contract=contract, due_on=date(2025, 9, 30))
    response = api(org.finance).post("/api/v1/payments/", {"receivable": receivable.pk, "amount": "100.00",
                                                            "paid_on": "2025-09-09"}, format="json")
    body = _assert_refused(response, 400, "paid_on")
    assert "2025-09-10" in body["detail"]
    form = page(org.finance).post(reverse("customers:payment-create", args=[receivable.pk]),
                                  {"amount": "100", "paid_on": "0001-01-01"})
    assert form.status_code == 400 and "paid_on" in form.context["form"].errors
    assert not Payment.objects.exists()
    on_the_day = api(org.finance).post("/api/v1/payments/", {"receivable": receivable.pk, "amount": "100.00",
                                                              "paid_on": "2025-09-10"}, format="json")
    assert on_the_day.status_code == 201


@pytest.mark.parametrize("occurred_at", ["0001-01-01T00:00:00", "0001-01-01T00:00:00+08:00", "1999-12-31T23:59:00",
                                         "0066-02-19T16:33:42-15:44"])
def test_followup_year_one_is_400_not_500(org, api, customer, occurred_at):
    response = api(org.rep).post("/api/v1/follow-ups/", _followup_body(customer, occurred_at), format="json")
    _assert_refused(response, 400, "occurred_at")
    assert not FollowUp.objects.exists()


def test_followup_page_year_one_is_400_not_500(org, page, customer):
    response = page(org.rep).post(reverse("customers:followup-create"), _followup_body(customer, "0001-01-01T00:00"))
    assert response.status_code == 400 and "occurred_at" in response.context["form"].errors
    assert not FollowUp.objects.exists()


def test_followup_offset_beyond_what_the_database_stores_is_kept_as_the_same_instant(org, api, customer):
    response = api(org.rep).post("/api/v1/follow-ups/", _followup_body(customer, "2025-11-18T12:00:00-23:44"),
                                 format="json")
    assert response.status_code == 201, response.json()
    assert FollowUp.objects.get().occurred_at == datetime(2025, 11, 19, 11, 44, tzinfo=UTC)


def test_followup_next_date_outside_the_business_years_is_400(org, api, customer):
    body = _followup_body(customer, "2025-11-19T09:00:00+08:00") | {"next_follow_up_on": "2101-01-01"}
    _assert_refused(api(org.rep).post("/api/v1/follow-ups/", body, format="json"), 400, "next_follow_up_on")


@pytest.mark.parametrize("field", ["expected_close_on", "needs_confirmed_on", "quote_submitted_on"])
def test_opportunity_dates_outside_the_business_years_are_400(org, api, customer, field):
    body = {"customer": customer.pk, "name": "ERP", "amount": "10.00", field: "0001-01-01"}
    _assert_refused(api(org.rep).post("/api/v1/opportunities/", body, format="json"), 400, field)
    assert not Opportunity.objects.exists()


def test_customer_next_follow_up_outside_the_business_years_is_400(org, api, page, customer):
    _assert_refused(api(org.rep).patch(f"/api/v1/customers/{customer.pk}/", {"next_follow_up_on": "0001-01-01"},
                                       format="json"), 400, "next_follow_up_on")
    form = page(org.rep).post(reverse("customers:customer-create"), {"name": "Beta", "next_follow_up_on": "2101-01-01"})
    assert form.status_code == 400 and "next_follow_up_on" in form.context["form"].errors
    customer.refresh_from_db()
    assert customer.next_follow_up_on is None


@pytest.mark.parametrize(("body", "field"), [
    ({"due_on": "9999-12-31", "amount": "10.00"}, "due_on"),
    ({"due_on": "2025-12-01", "amount": OVER_MAX}, "amount"),
])
def test_receivable_bounds(org, api, customer, body, field):
    contract = ContractFactory(customer=customer, signed_on=date(2025, 11, 1), amount=Decimal(MAX))
    response = api(org.rep).post("/api/v1/receivables/", {"contract": contract.pk} | body, format="json")
    _assert_refused(response, 400, field)
    assert api(org.rep).post("/api/v1/receivables/", {"contract": contract.pk, "due_on": "2100-12-31",
                                                       "amount": MAX}, format="json").status_code == 201


def test_delivery_confirmation_outside_the_business_years_is_400(org, api, customer):
    contract = ContractFactory(customer=customer, signed_on=date(2025, 11, 1))
    response = api(org.rep).post(f"/api/v1/contracts/{contract.pk}/confirm-delivery/", {"confirmed_on": "0001-01-01"},
                                 format="json")
    _assert_refused(response, 400, "confirmed_on")


# --- amounts are bounded ----------------------------------------------------------------------

@pytest.mark.parametrize(("amount", "status"), [(MAX, 201), (OVER_MAX, 400), ("999999999999.99", 400)])
def test_contract_amount_is_bounded(org, api, customer, amount, status):
    """The audit: a contract of 999,999,999,999.99 made month generation 500 for everyone."""
    response = api(org.rep).post("/api/v1/contracts/", _contract_body(customer, amount=amount), format="json")
    assert response.status_code == status, response.json()
    if status == 400:
        assert "amount" in response.json()["errors"] and not Contract.objects.exists()


def test_contract_page_amount_is_bounded(org, page, customer):
    data = {"number": "HT-9", "customer": customer.pk, "amount": OVER_MAX, "signed_on": "2025-11-03",
            "start_on": "2025-11-03", "end_on": "2026-11-02"}
    response = page(org.rep).post(reverse("customers:contract-create"), data)
    assert response.status_code == 400 and "amount" in response.context["form"].errors
    assert page(org.rep).post(reverse("customers:contract-create"), data | {"amount": MAX}).status_code == 302


def test_configured_largest_amount_applies(org, api, customer):
    _configure_limits(max_amount=Decimal("1000000.00"))
    response = api(org.rep).post("/api/v1/contracts/", _contract_body(customer, amount="1000000.01"), format="json")
    _assert_refused(response, 400, "amount")
    assert "1,000,000.00" in response.json()["detail"]


def test_payment_amount_is_bounded(org, api, customer):
    contract = ContractFactory(customer=customer, signed_on=date(2025, 11, 1), amount=Decimal(MAX))
    receivable = ReceivableFactory(contract=contract, due_on=date(2025, 11, 30), amount=Decimal(MAX))
    over = api(org.finance).post("/api/v1/payments/", {"receivable": receivable.pk, "amount": OVER_MAX,
                                                        "paid_on": "2025-11-20"}, format="json")
    _assert_refused(over, 400, "amount")
    ok = api(org.finance).post("/api/v1/payments/", {"receivable": receivable.pk, "amount": MAX,
                                                      "paid_on": "2025-11-20"}, format="json")
    assert ok.status_code == 201


def test_opportunity_amount_is_bounded_on_create_and_update(org, api, page, customer):
    client = api(org.rep)
    over = client.post("/api/v1/opportunities/", {"customer": customer.pk, "name": "ERP", "amount": OVER_MAX},
                       format="json")
    _assert_refused(over, 400, "amount")
    created = client.post("/api/v1/opportunities/", {"customer": customer.pk, "name": "ERP", "amount": MAX},
                          format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    _assert_refused(client.patch(f"/api/v1/opportunities/{pk}/", {"amount": OVER_MAX}, format="json"), 400, "amount")
    form = page(org.rep).post(reverse("customers:opportunity-create"),
                              {"customer": customer.pk, "name": "CRM", "amount": OVER_MAX})
    assert form.status_code == 400 and "amount" in form.context["form"].errors
    edit = page(org.rep).post(reverse("customers:opportunity-update", args=[pk]),
                              {"name": "ERP", "amount": OVER_MAX, "owner": org.rep.pk})
    assert edit.status_code == 400 and "amount" in edit.context["edit_form"].errors
    assert list(Opportunity.objects.values_list("amount", flat=True)) == [Decimal(MAX)]


def test_won_move_with_a_contract_over_the_largest_amount_is_400(org, api, customer):
    opportunity = OpportunityFactory(customer=customer, stage=Stage.NEGOTIATION, amount=Decimal("5000.00"))
    new_contract = {"number": "HT-X", "amount": OVER_MAX, "signed_on": "2025-11-20", "start_on": "2025-11-20",
                    "end_on": "2026-11-19"}
    response = api(org.rep).post(f"/api/v1/opportunities/{opportunity.pk}/move/",
                                 {"to_stage": "won", "new_contract": new_contract}, format="json")
    assert response.status_code == 400 and "amount" in response.json()["errors"]["new_contract"]
    assert not Contract.objects.exists()


# --- imports: the same rules, row by row --------------------------------------------------------

def test_import_reports_implausible_dates_and_control_characters_by_row(org):
    from customers.resources import customers_import, load_dataset

    content = (
        b"name,next_follow_up_on\n"
        b"Good Co,2025-12-01\n"
        b"Ancient Co,0001-01-01\n"
        b"Tab\x0bbed Co,\n"
        b"Future Co,2101-01-01\n"
    )
    report = customers_import(actor=org.rep.user, dataset=load_dataset(content, filename="c.csv"), dry_run=True)
    problems = {(p.row, p.field) for p in report.problems}
    assert problems == {(3, "next_follow_up_on"), (4, "name"), (5, "next_follow_up_on")}
    assert report.valid_rows == 1
    imported = customers_import(actor=org.rep.user, dataset=load_dataset(content, filename="c.csv"), dry_run=False)
    assert imported.imported == 1
    assert list(org.rep.customers.values_list("name", flat=True)) == ["Good Co"]


def test_import_of_an_xlsx_file_checks_the_same_rules(org):
    import io

    from openpyxl import Workbook

    from customers.resources import customers_import, load_dataset

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["name", "next_follow_up_on"])
    sheet.append(["Good Co", "2025-12-01"])
    sheet.append(["Late Co", "2101-01-01"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = customers_import(actor=org.rep.user, dataset=load_dataset(buffer.getvalue(), filename="c.xlsx"),
                              dry_run=True)
    assert {(p.row, p.field) for p in report.problems} == {(3, "next_follow_up_on")}


def test_import_page_reports_the_row(org, page):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("c.csv", b"name,next_follow_up_on\nOld Co,1999-12-31\n", content_type="text/csv")
    response = page(org.rep).post(reverse("customers:customer-import"), {"file": upload})
    assert response.status_code == 200
    assert [(p.row, p.field) for p in response.context["report"].problems] == [(2, "next_follow_up_on")]


# --- the admin obeys the same rules ------------------------------------------------------------

def test_admin_customer_form_asks_the_service(org, customer):
    from customers.admin.customers import CustomerAdminForm

    data = {field: getattr(customer, field) for field in CustomerAdminForm.Meta.fields}
    form = CustomerAdminForm(data=data | {"next_follow_up_on": "0001-01-01", "industry": "I\x0bT"}, instance=customer)
    assert not form.is_valid()
    assert {"next_follow_up_on", "industry"} <= set(form.errors)
    assert CustomerAdminForm(data=data | {"next_follow_up_on": "2025-12-01"}, instance=customer).is_valid()


def test_admin_cannot_move_a_survey_into_or_out_of_a_closed_month(org, page, customer, october_closed):
    from customers.tests.factories import SurveyFactory

    survey = SurveyFactory(customer=customer, surveyed_on=date(2025, 10, 20), score=60)
    url = f"/admin/customers/satisfactionsurvey/{survey.pk}/change/"
    response = page(org.admin).post(url, {"surveyed_on": "2025-11-05", "score": "95", "comment": "Typo fixed"})
    assert response.status_code == 302
    survey.refresh_from_db()
    assert (survey.surveyed_on, survey.score, survey.comment) == (date(2025, 10, 20), 60, "Typo fixed")
