"""API of customers, follow-ups and surveys: the access matrix, bad input (400 naming the field,
nothing saved), mass assignment, actions, and constant query counts."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from customers.models import Customer, CustomerOwnerChange, FollowUp, SatisfactionSurvey
from customers.tests.factories import CustomerFactory, FollowUpFactory, SurveyFactory

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime(2026, 6, 10, 15, 0))

#: Roles that never read customers, follow-ups or surveys: their lists answer 403 (SPEC §1.2).
NEVER_READS = ("hr", "finance")
# who → sees the rep's customer? (SPEC §1.2)
MATRIX = [
    ("rep", True), ("teammate", False), ("sup1", True), ("sup2", False), ("manager", True),
    ("manager2", False), ("director", True), ("admin", True), ("hr", False), ("finance", False),
]


def who(org, name):
    person = getattr(org, name)
    return getattr(person, "user", person)


@pytest.mark.parametrize(("name", "sees"), MATRIX)
@pytest.mark.parametrize("resource", ["customers", "follow-ups", "surveys"])
def test_access_matrix_list_and_detail(org, api, name, sees, resource):
    customer = CustomerFactory(owner=org.rep)
    rows = {"customers": customer, "follow-ups": FollowUpFactory(customer=customer),
            "surveys": SurveyFactory(customer=customer)}
    client = api(who(org, name))
    listed = client.get(f"/api/v1/{resource}/")
    if name in NEVER_READS:
        assert listed.status_code == 403 and "results" not in listed.json()
    else:
        assert listed.status_code == 200
        assert [r["id"] for r in listed.json()["results"]] == ([rows[resource].pk] if sees else [])
    detail = client.get(f"/api/v1/{resource}/{rows[resource].pk}/")
    assert detail.status_code == (200 if sees else 404)


@pytest.mark.parametrize("resource", ["customers", "follow-ups", "surveys"])
def test_anonymous_is_refused(api, resource, db):
    assert api().get(f"/api/v1/{resource}/").status_code in (401, 403)


def test_customer_fields(org, api):
    customer = CustomerFactory(owner=org.rep, address="", needs_summary="")
    body = api(org.rep).get(f"/api/v1/customers/{customer.pk}/").json()
    assert {"id", "name", "owner", "tier", "tier_pinned", "status", "completeness", "industry", "contact_im"} <= set(body)
    assert body["completeness"] == "80.00"
    assert body["owner"] == org.rep.pk


def test_create_customer_ignores_mass_assigned_fields(org, api):
    response = api(org.rep).post("/api/v1/customers/", {
        "name": "新华贸易", "tier": "A", "status": "active", "tier_pinned": True, "completeness": "100.00",
    }, format="json")
    assert response.status_code == 201, response.json()
    customer = Customer.objects.get()
    assert (customer.tier, customer.status, customer.tier_pinned, customer.owner, customer.created_by) == (
        "C", "prospect", False, org.rep, org.rep)
    assert response.json()["completeness"] == "10.00"


@pytest.mark.parametrize(("owner", "status"), [("rep2", 400), ("teammate", 400), ("rep", 201)])
def test_owner_outside_scope_is_400_as_if_missing(org, api, owner, status):
    response = api(org.rep).post("/api/v1/customers/", {"name": "Acme", "owner": getattr(org, owner).pk}, format="json")
    assert response.status_code == status
    if status == 400:
        assert "owner" in response.json()["errors"]
        assert not Customer.objects.exists()


def test_hr_may_not_create_customers(org, api):
    response = api(org.hr).post("/api/v1/customers/", {"name": "Acme", "owner": org.rep.pk}, format="json")
    assert response.status_code == 403
    assert not Customer.objects.exists()


def test_bad_customer_names_field(org, api):
    response = api(org.rep).post("/api/v1/customers/", {"name": " ", "source": "tv"}, format="json")
    assert response.status_code == 400
    assert {"name", "source"} <= set(response.json()["errors"])
    assert "detail" in response.json()


def test_update_cannot_change_owner_or_tier(org, api):
    customer = CustomerFactory(owner=org.rep)
    response = api(org.sup1).patch(f"/api/v1/customers/{customer.pk}/",
                                   {"owner": org.teammate.pk, "tier": "A", "industry": "Retail"}, format="json")
    assert response.status_code == 200
    customer.refresh_from_db()
    assert (customer.owner, customer.tier, customer.industry) == (org.rep, "C", "Retail")


def test_teammate_cannot_update(org, api):
    customer = CustomerFactory(owner=org.rep)
    assert api(org.teammate).patch(f"/api/v1/customers/{customer.pk}/", {"industry": "x"}, format="json").status_code == 404


@pytest.mark.parametrize(("name", "status"), [("sup1", 200), ("manager", 200), ("rep", 403), ("sup2", 404),
                                              ("hr", 404), ("finance", 404)])
def test_pin_tier_access(org, api, name, status):
    customer = CustomerFactory(owner=org.rep)
    response = api(who(org, name)).post(f"/api/v1/customers/{customer.pk}/pin-tier/",
                                        {"tier": "A", "reason": "Key account"}, format="json")
    assert response.status_code == status
    customer.refresh_from_db()
    assert customer.tier_pinned is (status == 200)
    if status == 200:
        assert response.json()["tier"] == "A"


def test_pin_tier_needs_reason(org, api):
    customer = CustomerFactory(owner=org.rep)
    response = api(org.sup1).post(f"/api/v1/customers/{customer.pk}/pin-tier/", {"tier": "A"}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = api(org.sup1).post(f"/api/v1/customers/{customer.pk}/unpin-tier/", {}, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize(("name", "owner", "status"), [
    ("sup1", "teammate", 200), ("sup1", "rep2", 400), ("manager", "rep2", 200), ("rep", "teammate", 403),
    ("sup2", "rep2", 404),
])
def test_reassign_access(org, api, name, owner, status):
    customer = CustomerFactory(owner=org.rep)
    response = api(who(org, name)).post(f"/api/v1/customers/{customer.pk}/reassign/",
                                        {"owner": getattr(org, owner).pk, "reason": "Coverage"}, format="json")
    assert response.status_code == status, response.json()
    assert CustomerOwnerChange.objects.count() == (1 if status == 200 else 0)


def test_mark_lost_and_reactivate(org, api):
    customer = CustomerFactory(owner=org.rep)
    client = api(org.rep)
    assert client.post(f"/api/v1/customers/{customer.pk}/mark-lost/", {}, format="json").status_code == 400
    response = client.post(f"/api/v1/customers/{customer.pk}/mark-lost/", {"reason": "Closed down"}, format="json")
    assert response.json()["status"] == "lost"
    assert client.post(f"/api/v1/customers/{customer.pk}/reactivate/").json()["status"] == "prospect"


def test_customer_filters_and_search(org, api):
    a = CustomerFactory(owner=org.rep, name="Alpha 华东", tier="A", status="active")
    CustomerFactory(owner=org.teammate, name="Beta", tier="B")
    overdue = CustomerFactory(owner=org.rep, name="Gamma", next_follow_up_on=timezone.localdate() - timedelta(days=1))
    client = api(org.sup1)

    def names(query):
        return {r["name"] for r in client.get(f"/api/v1/customers/?{query}").json()["results"]}

    assert names("tier=A") == {"Alpha 华东"}
    assert names(f"owner={org.teammate.pk}") == {"Beta"}
    assert names("status=prospect") == {"Beta", "Gamma"}
    assert names("search=华东") == {a.name}
    assert names("overdue=true") == {overdue.name}
    assert names("overdue=false") == {"Alpha 华东", "Beta"}


@pytest.mark.parametrize("count", [2, 30])
def test_customer_list_query_count_is_constant(org, api, django_assert_num_queries, count):
    for _ in range(count):
        CustomerFactory(owner=org.rep, next_follow_up_on=date(2020, 1, 1))
    client = api(org.sup1)
    with django_assert_num_queries(3):  # scope, count, page
        response = client.get("/api/v1/customers/")
    assert response.json()["count"] == count
    with django_assert_num_queries(3):  # (scope cached on the user) policy, count, page
        assert client.get("/api/v1/customers/?overdue=true&tier=C").json()["count"] == count


@pytest.mark.parametrize("count", [2, 30])
def test_followup_and_survey_lists_query_count_is_constant(org, api, django_assert_num_queries, count):
    customer = CustomerFactory(owner=org.rep)
    for _ in range(count):
        FollowUpFactory(customer=customer)
        SurveyFactory(customer=customer)
    client = api(org.manager)
    with django_assert_num_queries(3):
        assert client.get("/api/v1/follow-ups/").json()["count"] == count
    with django_assert_num_queries(3):  # (scope cached on the user) count, page, the policy once for warnings
        assert client.get("/api/v1/surveys/").json()["count"] == count


# --- follow-ups --------------------------------------------------------------------------------

def followup_body(customer, **overrides):
    body = {"customer": customer.pk, "occurred_at": (NOW - timedelta(hours=2)).isoformat(), "channel": "phone",
            "content": "Call", "feedback": "OK", "next_step": "Visit"}
    body.update(overrides)
    return body


@time_machine.travel(NOW, tick=False)
def test_rep_logs_a_follow_up(org, api):
    customer = CustomerFactory(owner=org.rep)
    response = api(org.rep).post("/api/v1/follow-ups/", followup_body(customer, author=org.sup1.pk, late=True),
                                 format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["author"], body["late"], body["customer"]) == (org.rep.pk, False, customer.pk)
    assert set(body) >= {"id", "customer", "occurred_at", "channel", "content", "feedback", "next_step",
                         "next_follow_up_on", "late"}


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"occurred_at": (NOW + timedelta(minutes=5)).isoformat()}, "occurred_at"),
        ({"content": ""}, "content"),
        ({"feedback": "   "}, "feedback"),
        ({"next_step": ""}, "next_step"),
        ({"channel": "fax"}, "channel"),
        ({"next_follow_up_on": "2026-06-09"}, "next_follow_up_on"),
    ],
)
def test_bad_follow_up_is_400_naming_the_field(org, api, overrides, field):
    customer = CustomerFactory(owner=org.rep)
    response = api(org.rep).post("/api/v1/follow-ups/", followup_body(customer, **overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not FollowUp.objects.exists()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("name", ["teammate", "sup2", "hr", "finance"])
def test_follow_up_for_a_customer_out_of_scope_is_400_naming_customer(org, api, name):
    customer = CustomerFactory(owner=org.rep)
    response = api(who(org, name)).post("/api/v1/follow-ups/", followup_body(customer), format="json")
    assert response.status_code == 400
    assert "customer" in response.json()["errors"]
    assert not FollowUp.objects.exists()


def test_follow_up_edit_window_and_author_only(org, api):
    customer = CustomerFactory(owner=org.rep)
    with time_machine.travel(NOW, tick=False):
        followup_id = api(org.rep).post("/api/v1/follow-ups/", followup_body(customer), format="json").json()["id"]
    with time_machine.travel(NOW + timedelta(hours=23, minutes=59), tick=False):
        assert api(org.sup1).patch(f"/api/v1/follow-ups/{followup_id}/", {"content": "x"}, format="json").status_code == 403
        assert api(org.teammate).patch(f"/api/v1/follow-ups/{followup_id}/", {"content": "x"}, format="json").status_code == 404
        response = api(org.rep).patch(f"/api/v1/follow-ups/{followup_id}/",
                                      {"content": "Call (fixed)", "customer": CustomerFactory(owner=org.rep).pk}, format="json")
        assert response.status_code == 200
        assert (response.json()["content"], response.json()["customer"]) == ("Call (fixed)", customer.pk)
    with time_machine.travel(NOW + timedelta(hours=24, minutes=1), tick=False):
        response = api(org.rep).patch(f"/api/v1/follow-ups/{followup_id}/", {"content": "late fix"}, format="json")
        assert response.status_code == 409
        assert "detail" in response.json()
    assert FollowUp.objects.get().content == "Call (fixed)"


def test_follow_ups_cannot_be_deleted(org, api):
    followup = FollowUpFactory(customer=CustomerFactory(owner=org.rep))
    for person in (org.rep, org.director, org.admin):
        assert api(person).delete(f"/api/v1/follow-ups/{followup.pk}/").status_code == 405
    assert FollowUp.objects.exists()


# --- surveys -----------------------------------------------------------------------------------

def test_survey_create_attributes_owner_and_flags_warning(org, api):
    customer = CustomerFactory(owner=org.rep)
    response = api(org.sup1).post("/api/v1/surveys/", {"customer": customer.pk, "surveyed_on": str(date.today()),
                                                       "score": 79, "owner": org.sup1.pk}, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["owner"], response.json()["warning"]) == (org.rep.pk, True)
    response = api(org.sup1).post("/api/v1/surveys/", {"customer": customer.pk, "surveyed_on": str(date.today()),
                                                       "score": 80}, format="json")
    assert response.json()["warning"] is False


@pytest.mark.parametrize(("body", "field"), [({"score": 101}, "score"), ({"score": -1}, "score"),
                                             ({"surveyed_on": "2026-13-01"}, "surveyed_on")])
def test_bad_survey_is_400(org, api, body, field):
    customer = CustomerFactory(owner=org.rep)
    payload = {"customer": customer.pk, "surveyed_on": "2026-01-05", "score": 90, **body}
    response = api(org.rep).post("/api/v1/surveys/", payload, format="json")
    assert response.status_code == 400 and field in response.json()["errors"]
    assert not SatisfactionSurvey.objects.exists()


def test_survey_for_customer_out_of_scope_is_400(org, api):
    customer = CustomerFactory(owner=org.rep)
    response = api(org.rep2).post("/api/v1/surveys/", {"customer": customer.pk, "surveyed_on": "2026-01-05",
                                                       "score": 90}, format="json")
    assert response.status_code == 400 and "customer" in response.json()["errors"]


@pytest.mark.parametrize("query", [
    "follow-ups/?customer={customer}", "follow-ups/?author={employee}", "surveys/?customer={customer}",
    "surveys/?owner={employee}", "opportunities/?customer={customer}", "opportunities/?owner={employee}",
    "contracts/?customer={customer}", "contracts/?owner={employee}", "contracts/?renews={contract}",
    "receivables/?contract={contract}", "payments/?receivable={receivable}",
])
def test_filters_by_an_out_of_scope_id_answer_like_a_missing_one(org, api, query):
    """An id filter must not tell "exists but not yours" (empty 200) from "no such id" (400)."""
    from customers.tests.factories import ContractFactory, ReceivableFactory

    contract = ContractFactory(customer=CustomerFactory(owner=org.rep2))
    receivable = ReceivableFactory(contract=contract)
    client = api(org.rep)
    hidden = query.format(customer=contract.customer_id, employee=org.rep2.pk, contract=contract.pk,
                          receivable=receivable.pk)
    missing = query.format(customer=999999, employee=999999, contract=999999, receivable=999999)
    answers = [client.get(f"/api/v1/{url}") for url in (hidden, missing)]
    assert [a.status_code for a in answers] == [200, 200]
    assert [a.json()["count"] for a in answers] == [0, 0]


def test_the_schema_documents_what_a_follow_up_update_answers(org, api):
    """Schemathesis (issue 8, seed 7): PATCH answered "corrects": null where the schema said integer."""
    schema = api(org.rep).get("/api/schema/", {"format": "json"}).json()
    # Create and update answer the one output shape (Input/Output per endpoint, issue 10).
    for method in ("post", "patch"):
        path = "/api/v1/follow-ups/" if method == "post" else "/api/v1/follow-ups/{id}/"
        answers = schema["paths"][path][method]["responses"]["201" if method == "post" else "200"]
        assert answers["content"]["application/json"]["schema"]["$ref"].endswith("/FollowUpOutput"), method
    properties = schema["components"]["schemas"]["FollowUpOutput"]["properties"]
    assert properties["corrects"].get("nullable") is True
    customer = CustomerFactory(owner=org.rep)
    with time_machine.travel(NOW, tick=False):
        followup_id = api(org.rep).post("/api/v1/follow-ups/", followup_body(customer), format="json").json()["id"]
        answer = api(org.rep).patch(f"/api/v1/follow-ups/{followup_id}/", {}, format="json")
    assert answer.status_code == 200 and answer.json()["corrects"] is None
