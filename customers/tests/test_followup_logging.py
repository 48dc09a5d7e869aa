"""Logging a follow-up checks the customer's visibility once (issue 11): the API's and the page's
scoped lookup loads the owner and unit, and the service asks them instead of querying again."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from customers.models import Customer, FollowUp
from customers.selectors.access import customer_visible_to
from customers.tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime(2026, 6, 10, 15, 0))


def _customer_reads(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith("SELECT") and 'FROM "customers_customer"' in q["sql"]]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("who", ["rep", "sup1", "director"])
def test_the_api_reads_the_customer_once_when_logging(org, api, who):
    customer = CustomerFactory(owner=org.rep)
    client = api(getattr(org, who))
    client.get("/api/v1/follow-ups/")  # the scope is read once per user, then cached
    body = {"customer": customer.pk, "occurred_at": (NOW - timedelta(hours=2)).isoformat(), "channel": "phone",
            "content": "Call", "feedback": "OK", "next_step": "Visit"}
    with CaptureQueriesContext(connection) as context:
        assert client.post("/api/v1/follow-ups/", body, format="json").status_code == 201
    assert len(_customer_reads(context.captured_queries)) == 1
    assert FollowUp.objects.get().customer_id == customer.pk


@time_machine.travel(NOW, tick=False)
def test_the_page_reads_the_customer_once_when_logging(org, page):
    customer = CustomerFactory(owner=org.rep, name="Once Co")
    client = page(org.rep)
    form = {"customer": f"Once Co (#{customer.pk})", "channel": "phone", "occurred_at": "2026-06-10T14:00",
            "content": "Call", "feedback": "OK", "next_step": "Visit"}
    with CaptureQueriesContext(connection) as context:
        assert client.post(reverse("customers:followup-create"), form).status_code == 302
    # the picker's first options, then the picked customer (owner and unit with it)
    assert len(_customer_reads(context.captured_queries)) == 2
    assert FollowUp.objects.get().customer_id == customer.pk


@pytest.mark.parametrize(("who", "sees"), [("rep", True), ("teammate", False), ("sup1", True), ("sup2", False),
                                           ("manager", True), ("director", True), ("hr", False), ("finance", False)])
def test_the_in_memory_check_answers_as_visible_to(org, who, sees, django_assert_num_queries,
                                                    django_assert_max_num_queries):
    created = CustomerFactory(owner=org.rep)
    user = getattr(org, who).user
    customer_visible_to(user, Customer.objects.get(pk=created.pk))  # warms the user's scope
    loaded = Customer.objects.select_related("owner__org_unit").get(pk=created.pk)
    with django_assert_num_queries(0):
        assert customer_visible_to(user, loaded) is sees
    plain = Customer.objects.get(pk=created.pk)  # owner not loaded: one query answers
    with django_assert_max_num_queries(1):  # none at all for a role that never sees customers
        assert customer_visible_to(user, plain) is sees
