"""The team scorecards page at scale (issue 11): reps a page at a time, heads once, per-team totals
from SQL, a unit filter, and a query count that does not depend on how many people there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from performance import selectors
from performance.models import Scorecard
from performance.services import scorecards_compute_drafts
from performance.tests.factories import MARCH, add_reps, give

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
URL = reverse("performance:team-scorecards")


def _rows(html: str, table_class: str) -> int:
    table = html.split(f'class="table {table_class}"')[1].split("</table>")[0]
    return table.split("<tbody>")[1].count("<tr>")


def test_reps_come_a_page_at_a_time_heads_once_and_teams_with_sql_totals(org, page, monkeypatch):
    monkeypatch.setattr(selectors, "TEAM_PAGE_SIZE", 3)
    for person, actual in ((org.rep, 80000), (org.teammate, 120000), (org.rep2, 90000), (org.rep3, 100000)):
        give(person, MARCH, target=100000, actual=actual)
    scorecards_compute_drafts(month=MARCH)
    client = page(org.director)
    first = client.get(URL, {"month": "2026-03"}).content.decode()
    reps_table = first.split('class="table scorecards-table"')[1].split("</table>")[0]
    assert reps_table.count(org.teammate.name) == 1 and org.rep.name not in reps_table  # rank 4 is on page 2
    assert "page=2" in first
    second = client.get(URL, {"month": "2026-03", "page": 2}).content.decode()
    assert org.rep.name in second.split('class="table scorecards-table"')[1].split("</table>")[0]
    shown = selectors.team_scorecards(user=org.director.user, month=MARCH)
    teams = {row["org_unit__name"]: (row["people"], str(row["mean_composite"]), row["under_target"])
             for row in shown["by_team"]}
    east1 = Scorecard.objects.filter(month=MARCH.start, org_unit=org.east1, role="rep")
    assert teams["East-1"][0] == 2 and teams["East-1"][2] == 1  # the rep at 80 %
    mean = sum(c.composite for c in east1) / 2
    assert teams["East-1"][1] == str(mean.quantize(mean.__class__("0.01")))
    assert {c.employee_id for c in shown["heads"]} == set(
        Scorecard.objects.filter(month=MARCH.start).exclude(role="rep").values_list("employee_id", flat=True))


def test_the_unit_filter_narrows_to_a_visible_subtree(org, page):
    for person in (org.rep, org.teammate, org.rep2, org.rep3):
        give(person, MARCH, target=100000, actual=90000)
    scorecards_compute_drafts(month=MARCH)
    html = page(org.director).get(URL, {"month": "2026-03", "unit": org.east.pk}).content.decode()
    reps_table = html.split('class="table scorecards-table"')[1].split("</table>")[0]
    assert org.rep2.name in reps_table and org.rep.name in reps_table and org.rep3.name not in reps_table
    heads = html.split("<h2>", 2)[2]
    heads_table = heads.split("</table>")[0]
    assert org.sup2.name in heads_table and org.manager.name in heads_table and org.sup3.name not in heads_table
    assert page(org.sup1).get(URL, {"month": "2026-03", "unit": org.south1.pk}).status_code == 404
    response = page(org.director).get(URL, {"month": "2026-03", "unit": "x1"})
    assert response.status_code == 400


def test_the_page_query_count_is_the_same_for_5_and_60_reps_and_on_page_2(org, page):
    client = page(org.director)

    def count(**params):
        client.get(URL, {"month": "2026-03", **params})
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"month": "2026-03", **params}).status_code == 200
        return len(captured)

    add_reps(org.east1, 1, prefix="QA")
    scorecards_compute_drafts(month=MARCH)
    few = count()
    add_reps(org.east2, 55, prefix="QB")
    scorecards_compute_drafts(month=MARCH)
    assert Scorecard.objects.filter(month=MARCH.start, role="rep").count() == 60
    assert count() == few
    assert count(page=2) == few
    html = client.get(URL, {"month": "2026-03"}).content.decode()
    assert _rows(html, "scorecards-table") == selectors.TEAM_PAGE_SIZE
