"""Issue 11: the targets tree at the spec's scale (1,000 reps in 100 teams) is a page of bounded
size with a constant number of queries; deeper levels open in place through a fragment."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.periods import Period
from targets import selectors
from targets.tests.factories import add_sales_org, make_sale, make_target
from targets.views import TREE_ROW_BUDGET
from teams.models import Employee

TREE = "/targets/"
ROWS = "/targets/rows/"
MARCH = Period(2026, month=3)


def _queries(client, url, params) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content


def test_director_tree_at_1000_reps_in_100_teams_is_bounded(org, page):
    teams = add_sales_org(org.company, regions=10, teams_per_region=10, reps_per_team=10)
    make_sale(Employee.objects.filter(org_unit=teams[0]).first(), "1500.00", date(2026, 3, 3))
    client = page(org.director)
    _count, html = _queries(client, TREE, {"unit": org.company.pk, "period": "2026-03"})
    assert len(html) <= 500_000
    body = html.decode()
    rows = body.split("<tbody>")[1].split("</tbody>")[0].count("<tr ")
    assert rows <= TREE_ROW_BUDGET
    # The teams are listed (collapsed, with a way to open them), their reps are not.
    assert "G-Team 9.9" in body and "Rep g0-0" not in body
    assert body.count('class="tree-toggle"') >= 100
    assert f'href="?unit={teams[0].pk}&amp;period=2026-03"' in body  # works without JavaScript
    # The company's total still counts every rep below it.
    assert "1,500.00" in body.split('class="tiles targets-tiles"')[1].split("</div>\n</div>")[0]


def test_tree_page_queries_do_not_grow_with_the_org(org, page):
    client = page(org.director)
    params = {"unit": org.company.pk, "period": "2026-03"}
    add_sales_org(org.company, regions=1, teams_per_region=1, reps_per_team=5, tag="A")
    five, _html = _queries(client, TREE, params)
    add_sales_org(org.company, regions=5, teams_per_region=2, reps_per_team=5, tag="B")
    fifty, _html = _queries(client, TREE, params)
    assert five == fifty


def test_fragment_queries_do_not_grow_with_the_team(org, page):
    client = page(org.director)
    (small,) = add_sales_org(org.company, regions=1, teams_per_region=1, reps_per_team=5, tag="A")
    (big,) = add_sales_org(org.company, regions=1, teams_per_region=1, reps_per_team=50, tag="B")
    five, _html = _queries(client, ROWS, {"unit": small.pk, "period": "2026-03", "root": org.company.pk})
    fifty, html = _queries(client, ROWS, {"unit": big.pk, "period": "2026-03", "root": org.company.pk})
    assert five == fifty and html.decode().count("<tr ") == 50


def test_fragment_lists_one_level_below_the_unit(org, page):
    make_target("2026-03", "1000.00", employee=org.rep)
    make_sale(org.rep, "1250.00", date(2026, 3, 9))
    body = page(org.manager).get(ROWS, {"unit": org.east.pk, "period": "2026-03", "root": org.east.pk}).content.decode()
    assert "East-1" in body and "East-2" in body and org.rep.name not in body and "<table" not in body
    team = page(org.manager).get(ROWS, {"unit": org.east1.pk, "period": "2026-03", "root": org.east.pk})
    team_body = team.content.decode()
    assert org.rep.name in team_body and "125.00 %" in team_body and "East-1</strong>" not in team_body
    assert "--depth: 2" in team_body  # indented under East-1 as on the East page


@pytest.mark.parametrize(("who", "status"), [
    ("director", 200), ("manager", 200), ("sup1", 200), ("hr", 200), ("sup2", 404), ("manager2", 404),
    ("finance", 403),
])
def test_fragment_access(org, page, who, status):
    response = page(getattr(org, who)).get(ROWS, {"unit": org.east1.pk, "period": "2026-03"})
    assert response.status_code == status


def test_fragment_bad_input(org, page):
    client = page(org.director)
    assert client.get(ROWS, {"period": "2026-03"}).status_code == 404
    assert client.get(ROWS, {"unit": "abc", "period": "2026-03"}).status_code == 404
    assert client.get(ROWS, {"unit": org.east.pk, "period": "2026-13"}).status_code == 400
    assert client.get(ROWS, {"unit": org.east.pk, "period": "2026-03", "root": "x"}).status_code == 404
    assert page().get(ROWS, {"unit": org.east.pk}).status_code == 302


def test_small_tree_is_shown_whole(org):
    rows = selectors.attainment_rows(user=org.director.user, unit=org.company, period=MARCH)
    assert selectors.tree_levels(rows, root=org.company, max_rows=TREE_ROW_BUDGET) == rows


def test_tree_levels_keeps_the_levels_that_fit_and_marks_collapsed_units(org):
    make_target("2026-03", "1000.00", employee=org.rep)
    rows = selectors.attainment_rows(user=org.director.user, unit=org.company, period=MARCH)
    names = [row.name for row in rows]
    two = selectors.tree_levels(rows, root=org.company, max_rows=6)  # company, 2 regions, 3 teams
    assert [row.name for row in two] == [n for n in names if n in {"Company", "East", "East-1", "East-2", "South",
                                                                   "South-1"}]
    assert all(row.collapsed for row in two if row.depth == 2) and not any(r.collapsed for r in two if r.depth < 2)
    one = selectors.tree_levels(rows, root=org.company, max_rows=1)  # at least the first level
    assert {row.name for row in one} == {"Company", "East", "South"} and all(r.collapsed for r in one[1:])
    assert selectors.tree_levels(rows, root=org.company, levels=1) == one
    assert selectors.tree_levels([], root=org.company, max_rows=5) == []


def test_tree_totals_add_up_over_collapsed_levels(org):
    add_sales_org(org.company, regions=2, teams_per_region=3, reps_per_team=4)
    rows = selectors.attainment_rows(user=org.director.user, unit=org.company, period=MARCH)
    top = rows[0]
    assert top.unit == org.company and top.target == sum(Decimal(1000 + i) for i in range(24))
