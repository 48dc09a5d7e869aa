"""The rating sheet a page at a time (issue 11: 854 KB for the director at full scale): 50 people a
page, the same number of queries whatever the number of people."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from performance.selectors import RATING_PAGE_SIZE
from performance.tests.factories import add_reps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def _get(client, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("performance:ratings"), {"month": "2026-03", **params})
    assert response.status_code == 200
    return response, len(captured)


def test_the_rating_sheet_is_paged(page, org):
    add_reps(org.east1, RATING_PAGE_SIZE, prefix="RP")
    client = page(org.director)
    first, _ = _get(client)
    assert len(first.context["rows"]) == RATING_PAGE_SIZE
    second, _ = _get(client, page=2)
    everyone = first.context["page"].paginator.count
    assert len(second.context["rows"]) == everyone - RATING_PAGE_SIZE > 0
    assert 'rel="next"' in first.content.decode()


def test_the_rating_sheet_reads_the_same_for_5_and_50_more_people(page, org):
    client = page(org.director)
    add_reps(org.east1, 5, prefix="RA")
    _get(client)
    _, few = _get(client)
    add_reps(org.east2, 50, prefix="RB")
    _, many = _get(client)
    assert few == many


def test_a_supervisor_rates_only_their_team(page, org):
    response, _ = _get(page(org.sup1))
    assert {row["employee"] for row in response.context["rows"]} == {org.rep, org.teammate}


def test_a_saved_rating_returns_to_its_page(page, org):
    add_reps(org.east1, RATING_PAGE_SIZE, prefix="RS")
    client = page(org.director)
    person = _get(client, page=2)[0].context["rows"][0]["employee"]
    response = client.post(reverse("performance:ratings") + "?month=2026-03&page=2",
                           {"month": "2026-03", "employee": person.pk, "rating": "70", "comment": ""})
    assert response.status_code == 302 and response.url.endswith("page=2")
