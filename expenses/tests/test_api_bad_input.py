"""Input a fuzzer sends (huge ids, wrong types, unparseable dates, a string for a file): 400 or 404, never 500."""

import pytest

from expenses.tests.factories import make_claim

pytestmark = pytest.mark.django_db

@pytest.mark.parametrize("body", [
    {"category": "travel", "amount": "1.00", "incurred_on": "2026-11-16", "purpose": "x", "customer": 2**70},
    {"category": "travel", "amount": "1.00", "incurred_on": "2026-11-16", "purpose": "x", "event": -1},
    {"category": "travel", "amount": "1.00", "incurred_on": "2026-11-16", "purpose": "x", "receipt": "abc"},
    {"category": "travel", "amount": 1e308, "incurred_on": "2026-11-16", "purpose": "x"},
    {"category": "travel", "amount": "1.00", "incurred_on": "99999-01-01", "purpose": "x"},
    {"category": ["travel"], "amount": {}, "incurred_on": 5, "purpose": None},
])
def test_malformed_claim_bodies_are_400(org, api, body):
    r = api(org.rep).post("/api/v1/expense-claims/", body, format="json")
    assert r.status_code == 400, r.content

def test_huge_ids_and_odd_values_never_break_the_api(org, api):
    assert api(org.rep).get(f"/api/v1/expense-claims/{2**70}/").status_code == 404
    assert api(org.rep).post(f"/api/v1/expense-claims/{2**70}/approve/").status_code == 404
    c = make_claim(org.rep)
    assert api(org.sup1).post(f"/api/v1/expense-claims/{c.pk}/reject/", {"reason": 12}, format="json").status_code == 200
    assert api(org.rep).get("/api/v1/expense-budgets/", {"org_unit": 2**70}).status_code == 400
    assert api(org.rep).get("/api/v1/expense-budgets/", {"period": "x" * 30}).status_code == 400
    assert api(org.finance).post("/api/v1/expense-budgets/", {"org_unit": 2**70, "category": "travel", "period": "2026", "amount": "1"}, format="json").status_code == 400
    assert api(org.rep).patch(f"/api/v1/expense-claims/{c.pk}/", {"customer": 2**70}, format="json").status_code == 400
