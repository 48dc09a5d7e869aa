"""`complaints/` and `customers/{id}/health/` (SPEC §10): field names, transitions, bad input, and
access per role (owner, teammate, other team's supervisor, HR/finance)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from customers.models import Complaint, ComplaintStatus
from customers.services import customers_recompute_tiers
from customers.tests.factories import ComplaintFactory, ContractFactory, CustomerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("march_tenth")]
URL = "/api/v1/complaints/"
FIELDS = {"id", "customer", "received_at", "channel", "category", "severity", "description", "owner", "handler",
          "status", "resolution", "response_due_at", "resolution_due_at", "response_breached",
          "resolution_breached"}


def payload(target, **changes):
    return {"customer": target.pk, "received_at": "2026-03-10T09:00:00+08:00", "channel": "phone",
            "category": "billing", "severity": "high", "description": "Invoiced twice."} | changes


def test_a_rep_logs_a_complaint_with_the_spec_fields(org, api):
    customer = CustomerFactory(owner=org.rep)
    response = api(org.rep).post(URL, payload(customer), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert FIELDS <= set(body)
    assert (body["owner"], body["handler"], body["status"]) == (org.rep.pk, org.rep.pk, "open")
    assert body["response_due_at"].startswith("2026-03-11T09:00") and body["resolution_due_at"].startswith("2026-03-12")
    assert body["response_breached"] is False


def test_status_handler_and_owner_in_the_request_change_nothing(org, api):
    customer = CustomerFactory(owner=org.rep)
    response = api(org.rep).post(URL, payload(customer, status="closed", handler=org.teammate.pk,
                                              owner=org.teammate.pk), format="json")
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["handler"]) == ("open", org.rep.pk)


def test_a_customer_outside_scope_is_a_400_naming_customer(org, api):
    response = api(org.rep).post(URL, payload(CustomerFactory(owner=org.rep2)), format="json")
    assert response.status_code == 400 and "customer" in response.json()["errors"]
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(("field", "value"), [
    ("severity", "urgent"), ("received_at", "yesterday"), ("description", ""), ("customer", 2**70),
    ("description", "nul\x00"), ("received_at", "2026-03-11T09:00:00+08:00"),
])
def test_bad_input_is_a_400_naming_the_field(org, api, field, value):
    response = api(org.rep).post(URL, payload(CustomerFactory(owner=org.rep), **{field: value}), format="json")
    assert response.status_code == 400
    assert field in response.json().get("errors", {}) or field in response.json()["detail"]


def test_the_full_cycle_through_the_api(org, api):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep))
    client = api(org.rep)
    assert client.post(f"{URL}{complaint.pk}/start/", {}, format="json").json()["status"] == "in_progress"
    assert client.post(f"{URL}{complaint.pk}/resolve/", {"resolution": "Refunded"}, format="json").status_code == 200
    assert client.post(f"{URL}{complaint.pk}/reopen/", {"reason": "Not yet"}, format="json").json()["status"] == "reopened"
    client.post(f"{URL}{complaint.pk}/start/", {}, format="json")
    client.post(f"{URL}{complaint.pk}/resolve/", {"resolution": "Refunded again"}, format="json")
    body = client.post(f"{URL}{complaint.pk}/close/", {"confirmation": "Customer called back"}, format="json").json()
    assert (body["status"], body["resolution"]) == ("closed", "Refunded again")


def test_resolving_without_a_resolution_is_a_400(org, api):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep), status=ComplaintStatus.IN_PROGRESS)
    response = api(org.rep).post(f"{URL}{complaint.pk}/resolve/", {"resolution": ""}, format="json")
    assert response.status_code == 400 and "resolution" in response.json()["errors"]


def test_closing_an_open_complaint_is_a_409(org, api):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep))
    response = api(org.rep).post(f"{URL}{complaint.pk}/close/", {"confirmation": "ok"}, format="json")
    assert response.status_code == 409


def test_assign_by_the_supervisor_and_refused_to_a_rep(org, api):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep))
    assert api(org.rep).post(f"{URL}{complaint.pk}/assign/", {"handler": org.teammate.pk},
                             format="json").status_code == 403
    response = api(org.sup1).post(f"{URL}{complaint.pk}/assign/", {"handler": org.teammate.pk}, format="json")
    assert response.status_code == 200 and response.json()["handler"] == org.teammate.pk
    assert api(org.sup1).post(f"{URL}{complaint.pk}/assign/", {"handler": org.rep2.pk},
                              format="json").status_code == 400


@pytest.mark.parametrize(("who", "listed", "detail"), [
    ("rep", 1, 200), ("teammate", 0, 404), ("sup1", 1, 200), ("manager", 1, 200), ("sup2", 0, 404),
    ("manager2", 0, 404), ("director", 1, 200),
])
def test_access_per_role(org, api, who, listed, detail):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep))
    client = api(getattr(org, who))
    assert client.get(URL).json()["count"] == listed
    assert client.get(f"{URL}{complaint.pk}/").status_code == detail


@pytest.mark.parametrize("who", ["hr", "finance"])
def test_hr_and_finance_get_403_on_the_list_and_404_on_a_complaint(org, api, who):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep))
    client = api(getattr(org, who))
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}{complaint.pk}/").status_code == 404


def test_the_assigned_handler_sees_the_complaint(org, api):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep), handler=org.teammate)
    assert api(org.teammate).get(f"{URL}{complaint.pk}/").status_code == 200


def test_filters_by_status_and_breach(org, api):
    customer = CustomerFactory(owner=org.rep)
    ComplaintFactory(customer=customer)
    late = ComplaintFactory(customer=customer, response_due_at=timezone.now() - timedelta(minutes=1))
    client = api(org.rep)
    assert [row["id"] for row in client.get(URL, {"breached": "true"}).json()["results"]] == [late.pk]
    assert client.get(URL, {"status": "resolved"}).json()["count"] == 0
    assert client.get(URL, {"status": "nonsense"}).status_code == 400


def _list_queries(org, api, count):
    ComplaintFactory.create_batch(count, customer=CustomerFactory(owner=org.rep))
    client = api(org.sup1)
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_list_query_count_does_not_grow(org, api):
    assert _list_queries(org, api, 5) == _list_queries(org, api, 20)


def test_customer_health_endpoint(org, api):
    customer = CustomerFactory(owner=org.rep)
    ContractFactory(customer=customer, amount=Decimal("100000"), signed_on=date(2026, 1, 5))
    customers_recompute_tiers(as_of=date(2026, 3, 10))
    body = api(org.rep).get(f"/api/v1/customers/{customer.pk}/health/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert set(body) >= {"score", "band", "components"}
    assert [c["code"] for c in body["components"]] == ["contact_recency", "revenue_trend", "payment", "complaints"]
    assert set(body["components"][0]) >= {"code", "score", "weight", "explanation"}
    assert body["components"][1]["explanation"].startswith("No revenue in the 12 months before")


def test_customer_health_without_a_contract_is_null(org, api):
    customer = CustomerFactory(owner=org.rep)
    body = api(org.rep).get(f"/api/v1/customers/{customer.pk}/health/").json()
    assert (body["score"], body["band"], body["components"]) == (None, None, [])


def test_customer_health_post_recomputes_and_is_scoped(org, api):
    customer = CustomerFactory(owner=org.rep)
    ContractFactory(customer=customer, amount=Decimal("100000"), signed_on=date(2026, 1, 5))
    assert api(org.rep2).post(f"/api/v1/customers/{customer.pk}/health/").status_code == 404
    assert api(org.hr).get(f"/api/v1/customers/{customer.pk}/health/").status_code == 404
    body = api(org.rep).post(f"/api/v1/customers/{customer.pk}/health/").json()
    assert body["band"] in ("healthy", "watch", "at_risk") and body["month"] == "2026-03"
