"""Complaint pages and the customer page's health panel: access per role, intake from a phone,
refusals that keep the input, and query counts that do not grow with the rows."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from customers.models import Complaint, ComplaintStatus
from customers.services import customers_recompute_tiers
from customers.tests.factories import ComplaintFactory, ContractFactory, CustomerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("march_tenth")]


@pytest.mark.parametrize(("who", "status"), [("rep", 200), ("sup1", 200), ("director", 200), ("hr", 403),
                                             ("finance", 403)])
def test_the_list_per_role(org, page, who, status):
    ComplaintFactory(customer=CustomerFactory(owner=org.rep))
    assert page(getattr(org, who)).get("/complaints/").status_code == status


@pytest.mark.parametrize(("who", "status"), [("rep", 200), ("teammate", 404), ("sup1", 200), ("sup2", 404),
                                             ("manager2", 404), ("hr", 403)])
def test_the_complaint_page_per_role(org, page, who, status):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep))
    assert page(getattr(org, who)).get(f"/complaints/{complaint.pk}/").status_code == status


def test_the_list_shows_breaches_and_filters(org, page):
    customer = CustomerFactory(owner=org.rep, name="Acme Trading")
    ComplaintFactory(customer=customer)
    html = page(org.rep).get("/complaints/", {"severity": "normal", "status": "open"}).content.decode()
    assert "Acme Trading" in html
    assert "Acme Trading" not in page(org.rep).get("/complaints/", {"breached": "1"}).content.decode()


def _queries(org, page, count, *, who: str, paths: tuple[str, ...]) -> int:
    """Queries of `who` reading `paths` (after one warm-up read) with `count` more complaints."""
    ComplaintFactory.create_batch(count, customer=CustomerFactory(owner=org.rep))
    client = page(getattr(org, who))
    client.get(paths[0])
    with CaptureQueriesContext(connection) as queries:
        for path in paths:
            client.get(path)
    return len(queries)


def test_list_and_queue_query_counts_do_not_grow(org, page):
    reads = {"who": "sup1", "paths": ("/complaints/", "/complaints/queue/")}
    assert _queries(org, page, 5, **reads) == _queries(org, page, 50, **reads)


def test_the_queue_query_count_does_not_grow(org, page):
    reads = {"who": "rep", "paths": ("/complaints/queue/",)}
    assert _queries(org, page, 5, **reads) == _queries(org, page, 50, **reads)


def test_the_queue_is_paged_not_capped(org, page):
    """Every complaint the handler must do is reachable: 25 a page, the rest on the next pages."""
    customer = CustomerFactory(owner=org.rep)
    complaints = ComplaintFactory.create_batch(30, customer=customer)
    client = page(org.rep)
    first = client.get("/complaints/queue/").content.decode()
    second = client.get("/complaints/queue/", {"page": 2}).content.decode()
    shown = [c.pk for c in complaints if f"/complaints/{c.pk}/" in first]
    rest = [c.pk for c in complaints if f"/complaints/{c.pk}/" in second]
    assert (len(shown), len(rest)) == (25, 5)
    assert set(shown) | set(rest) == {c.pk for c in complaints}
    assert 'rel="next"' in first and 'rel="next"' not in second


def test_the_queue_lists_what_the_handler_must_do(org, page):
    mine = ComplaintFactory(customer=CustomerFactory(owner=org.rep, name="Mine Ltd"))
    ComplaintFactory(customer=mine.customer, status=ComplaintStatus.RESOLVED, resolution="x",
                     description="Already resolved one")
    html = page(org.rep).get("/complaints/queue/").content.decode()
    assert "Mine Ltd" in html and html.count(f"/complaints/{mine.pk}/") == 1


def test_intake_from_the_form(org, page):
    customer = CustomerFactory(owner=org.rep)
    client = page(org.rep)
    assert client.get(f"/complaints/new/?customer={customer.pk}").status_code == 200
    response = client.post("/complaints/new/", {
        "customer": customer.pk, "severity": "critical", "channel": "wechat", "category": "product_quality",
        "description": "Broken on arrival", "received_at": "2026-03-10T08:30"})
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/complaints/{complaint.pk}/"
    assert (complaint.severity, complaint.handler) == ("critical", org.rep)


def test_intake_refused_keeps_the_input(org, page):
    customer = CustomerFactory(owner=org.rep)
    response = page(org.rep).post("/complaints/new/", {
        "customer": customer.pk, "severity": "high", "channel": "phone", "category": "billing",
        "description": "Charged twice for March", "received_at": "2026-03-11T08:30"})
    assert response.status_code == 400
    assert "Charged twice for March" in response.content.decode() and not Complaint.objects.exists()


def test_resolve_without_text_stays_on_the_page_with_400(org, page):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep), status=ComplaintStatus.IN_PROGRESS)
    response = page(org.rep).post(f"/complaints/{complaint.pk}/resolve/", {"resolution": ""})
    assert response.status_code == 400


def test_actions_move_the_complaint(org, page):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep))
    client = page(org.rep)
    assert client.post(f"/complaints/{complaint.pk}/start/").status_code == 302
    assert client.post(f"/complaints/{complaint.pk}/resolve/", {"resolution": "Refund"}).status_code == 302
    assert client.post(f"/complaints/{complaint.pk}/close/", {"confirmation": "Phoned"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "closed"
    assert client.post(f"/complaints/{complaint.pk}/start/").status_code == 409


def test_assign_form_shown_to_the_supervisor_only(org, page):
    complaint = ComplaintFactory(customer=CustomerFactory(owner=org.rep))
    assert "Assign a handler" in page(org.sup1).get(f"/complaints/{complaint.pk}/").content.decode()
    assert "Assign a handler" not in page(org.rep).get(f"/complaints/{complaint.pk}/").content.decode()
    response = page(org.sup1).post(f"/complaints/{complaint.pk}/assign/", {"handler": org.teammate.pk})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.handler == org.teammate


def test_the_customer_page_shows_the_complaint_and_the_health(org, page):
    customer = CustomerFactory(owner=org.rep)
    ContractFactory(customer=customer, amount=Decimal("100000"), signed_on=date(2026, 1, 5))
    ComplaintFactory(customer=customer)
    customers_recompute_tiers(as_of=date(2026, 2, 28))
    customers_recompute_tiers(as_of=date(2026, 3, 10))
    html = page(org.rep).get(f"/customers/{customer.pk}/").content.decode()
    assert "Customer health" in html and "Monthly trend" in html and "Complaint #" in html


def test_the_customer_list_filters_by_health_band(org, page):
    healthy = CustomerFactory(owner=org.rep, name="Healthy Co", health_band="healthy")
    CustomerFactory(owner=org.rep, name="Risky Co", health_band="at_risk")
    html = page(org.rep).get("/customers/", {"health": "healthy"}).content.decode()
    assert healthy.name in html and "Risky Co" not in html


def test_recompute_health_from_the_page(org, page):
    customer = CustomerFactory(owner=org.rep)
    ContractFactory(customer=customer, amount=Decimal("100000"), signed_on=date(2026, 1, 5))
    assert page(org.rep).post(f"/customers/{customer.pk}/health/").status_code == 302
    assert customer.health_history.count() == 1
    assert page(org.rep2).post(f"/customers/{customer.pk}/health/").status_code == 404
