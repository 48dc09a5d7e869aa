"""Bounded lists (issue 11): the count stops at a cap ("10,000+"), pages end there, and page 1 and
the deepest page cost the same number of queries, on the pages and in the API."""

import pytest
from django.urls import reverse

from common import pagination
from common.pagination import BoundedPaginator, capped_count
from customers.models import Customer, FollowUp
from customers.tests.factories import CustomerFactory, FollowUpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 6)
    monkeypatch.setattr(BoundedPaginator.__init__, "__kwdefaults__", {"cap": 6})
    return 6


def test_capped_count_counts_up_to_the_cap_and_says_whether_there_are_more(org):
    for _ in range(5):
        CustomerFactory(owner=org.rep)
    assert capped_count(Customer.objects.all(), cap=5) == (5, False)
    assert capped_count(Customer.objects.all(), cap=4) == (4, True)
    assert capped_count(Customer.objects.none(), cap=4) == (0, False)
    assert capped_count([1, 2, 3], cap=2) == (2, True)
    assert capped_count([1, 2], cap=2) == (2, False)


def test_the_paginator_ends_its_pages_at_the_cap(org):
    for _ in range(7):
        CustomerFactory(owner=org.rep)
    paginator = BoundedPaginator(Customer.objects.order_by("name", "id"), 2, cap=5)
    assert (paginator.count, paginator.count_capped, paginator.num_pages) == (5, True, 3)
    assert len(paginator.get_page(3).object_list) == 1
    assert paginator.get_page(99).number == 3  # a page past the cap is the last page
    assert not BoundedPaginator(Customer.objects.order_by("name", "id"), 2, cap=7).count_capped


def test_the_api_counts_up_to_the_cap_and_pages_end_there(org, api, small_cap):
    customer = CustomerFactory(owner=org.rep)
    for _ in range(small_cap + 2):
        FollowUpFactory(customer=customer)
    client = api(org.rep)
    first = client.get("/api/v1/follow-ups/", {"page_size": 4}).json()
    assert (first["count"], first["count_capped"], len(first["results"])) == (6, True, 4)
    last = client.get("/api/v1/follow-ups/", {"page_size": 4, "page": 2}).json()
    assert len(last["results"]) == 2 and last["next"] is None
    assert client.get("/api/v1/follow-ups/", {"page_size": 4, "page": 3}).status_code == 404
    whole = client.get("/api/v1/customers/").json()
    assert (whole["count"], whole["count_capped"]) == (1, False)


def test_the_schema_documents_count_capped(org, api):
    schema = api(org.rep).get("/api/schema/", {"format": "json"}).json()
    listed = schema["components"]["schemas"]["PaginatedFollowUpOutputList"]
    assert "count_capped" in listed["required"] and listed["properties"]["count_capped"]["type"] == "boolean"


def test_the_customer_list_shows_a_capped_count_with_a_plus(org, page, small_cap):
    for _ in range(small_cap + 1):
        CustomerFactory(owner=org.rep)
    body = page(org.rep).get(reverse("customers:customer-list")).content.decode()
    assert '<span class="muted small">6+</span>' in body


@pytest.mark.parametrize("url_name", ["customers:customer-list", "customers:contract-list",
                                      "customers:receivable-list"])
def test_a_deep_page_costs_the_queries_of_page_one(org, page, django_assert_num_queries, url_name):
    from customers.tests.factories import ReceivableFactory

    customer = CustomerFactory(owner=org.rep)
    for _ in range(60):
        ReceivableFactory(contract__customer=customer)
        CustomerFactory(owner=org.rep)
    client = page(org.director)
    client.get(reverse(url_name))  # warm the session
    counts = []
    for number in (1, 2):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse(url_name), {"page": number}).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]


def test_the_api_page_two_costs_the_queries_of_page_one(org, api):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    customer = CustomerFactory(owner=org.rep)
    for _ in range(12):
        FollowUpFactory(customer=customer)
    client = api(org.director)
    client.get("/api/v1/follow-ups/")  # the user's scope is read once, then cached
    counts = []
    for number in (1, 2):
        with CaptureQueriesContext(connection) as context:
            assert client.get("/api/v1/follow-ups/", {"page_size": 5, "page": number}).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]
    assert FollowUp.objects.count() == 12
