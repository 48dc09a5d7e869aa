from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.models import ClosedMonth
from targets.models import SalesTarget, TargetChange
from targets.tests.factories import make_sale, make_target
from teams.models import Role
from teams.tests.factories import EmployeeFactory

TREE = "/targets/"


@pytest.mark.parametrize(("who", "status"), [
    ("director", 200), ("manager", 200), ("sup1", 200), ("rep", 200), ("hr", 200), ("finance", 403),
])
def test_tree_access(org, page, who, status):
    assert page(getattr(org, who)).get(TREE, {"period": "2026-03"}).status_code == status


def test_tree_anonymous_redirects(org, page):
    assert page().get(TREE).status_code == 302


def test_tree_shows_attainment_and_drills_down(org, page):
    make_target("2026-03", "1000.00", employee=org.rep)
    make_sale(org.rep, "1250.00", date(2026, 3, 9))
    response = page(org.manager).get(TREE, {"unit": org.east.pk, "period": "2026-03"})
    body = response.content.decode()
    assert "East-1" in body and org.rep.name in body and "125.00 %" in body
    drill = page(org.manager).get(TREE, {"unit": org.east1.pk, "period": "2026-03"}).content.decode()
    drill = drill.split('<table class="table targets-table">')[1]
    assert org.rep.name in drill and "East-2" not in drill


def test_tree_out_of_scope_unit_404_and_bad_period_400(org, page):
    assert page(org.sup2).get(TREE, {"unit": org.east1.pk, "period": "2026-03"}).status_code == 404
    assert page(org.manager2).get(TREE, {"unit": org.east.pk}).status_code == 404
    assert page(org.sup1).get(TREE, {"period": "2026-13"}).status_code == 400


def test_tree_rep_sees_only_own_row(org, page):
    make_target("2026-03", "1000.00", employee=org.rep)
    make_target("2026-03", "7777.00", employee=org.teammate)
    body = page(org.rep).get(TREE, {"period": "2026-03"}).content.decode().split('<table class="table targets-table">')[1]
    assert org.rep.name in body and org.teammate.name not in body and "7,777.00" not in body


def _tree_queries(client, unit) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(TREE, {"unit": unit.pk, "period": "2026-03"}).status_code == 200
    return len(ctx.captured_queries)


def _add_reps(org, count, start):
    for index in range(start, start + count):
        person = EmployeeFactory(role=Role.REP, org_unit=org.east1)
        make_target("2026-03", 100 + index, employee=person)
        make_sale(person, 50, date(2026, 3, 2))


def test_tree_query_count_constant(org, page):
    """5 reps or 50 with targets and sales: the same number of queries (one more since closed months
    read their published actuals; the layout adds its own, e.g. the notification badge)."""
    client = page(org.director)
    _add_reps(org, 5, 0)
    five = _tree_queries(client, org.company)
    _add_reps(org, 45, 5)
    assert _tree_queries(client, org.company) == five


def test_detail_history_and_access(org, page):
    target = make_target("2026-03", "1000.00", employee=org.rep)
    TargetChange.objects.create(target=target, changed_by=org.sup1.user, old_amount=Decimal("900.00"),
                                new_amount=Decimal("1000.00"), reason="Bigger territory")
    url = f"/targets/{target.pk}/"
    assert "Bigger territory" in page(org.rep).get(url).content.decode()
    for who, status in [("sup1", 200), ("manager", 200), ("hr", 200), ("director", 200), ("teammate", 404),
                        ("sup2", 404), ("manager2", 404), ("finance", 404)]:
        assert page(getattr(org, who)).get(url).status_code == status, who


def test_edit_with_reason(org, page):
    target = make_target("2026-03", "1000.00", employee=org.rep)
    url = f"/targets/{target.pk}/change/"
    client = page(org.sup1)
    assert client.get(url).status_code == 200
    missing = client.post(url, {"amount": "1100.00", "reason": ""})
    assert missing.status_code == 400 and SalesTarget.objects.get(pk=target.pk).amount == Decimal("1000.00")
    assert client.post(url, {"amount": "1100.00", "reason": "Won a region"}).status_code == 302
    assert SalesTarget.objects.get(pk=target.pk).amount == Decimal("1100.00")
    assert TargetChange.objects.get(target=target).reason == "Won a region"


def test_edit_rights_and_lock(org, page):
    target = make_target("2026-03", "1000.00", employee=org.rep)
    url = f"/targets/{target.pk}/change/"
    assert page(org.rep).get(url).status_code == 403
    assert page(org.hr).get(url).status_code == 403
    assert page(org.teammate).get(url).status_code == 404
    assert page(org.sup2).get(url).status_code == 404
    ClosedMonth.objects.create(month=date(2026, 3, 1))
    assert page(org.sup1).post(url, {"amount": "1.00", "reason": "x"}).status_code == 409
    assert page().get(url).status_code == 302


def test_create_page(org, page):
    client = page(org.director)
    assert client.get("/targets/new/").status_code == 200
    response = client.post("/targets/new/", {"period": "2026", "org_unit": org.company.pk, "amount": "1200000.00"})
    assert response.status_code == 302
    assert SalesTarget.objects.get(org_unit=org.company, period="2026").amount == Decimal("1200000.00")
    bad = client.post("/targets/new/", {"period": "2026-Q9", "org_unit": org.company.pk, "amount": "1.00"})
    assert bad.status_code == 400 and "period" in bad.context["form"].errors
    own = page(org.sup1).post("/targets/new/", {"period": "2026", "employee": org.sup1.pk, "amount": "1.00"})
    assert own.status_code == 403
    assert page(org.hr).get("/targets/new/").status_code == 403
    assert page(org.rep).get("/targets/new/").status_code == 403


def test_decompose_page_preview_then_save(org, page):
    make_target("2026-03", "1000.00", org_unit=org.east1)
    client = page(org.sup1)
    form = client.get("/targets/decompose/", {"org_unit": org.east1.pk, "period": "2026-03"})
    assert form.status_code == 200 and org.teammate.name in form.content.decode()
    data = {"period": "2026-03", "org_unit": org.east1.pk, "into": "children", "method": "weighted",
            f"weight_{org.rep.pk}": "1", f"weight_{org.teammate.pk}": "3"}
    preview = client.post("/targets/decompose/", {**data, "action": "preview"})
    assert preview.status_code == 200 and "750.00" in preview.content.decode()
    assert not SalesTarget.objects.filter(employee__isnull=False).exists()
    saved = client.post("/targets/decompose/", {**data, "action": "save"})
    assert saved.status_code == 302
    assert SalesTarget.objects.get(employee=org.teammate).amount == Decimal("750.00")


def test_decompose_page_errors(org, page):
    make_target("2026-03", "1000.00", org_unit=org.east1)
    client = page(org.sup1)
    data = {"period": "2026-03", "org_unit": org.east1.pk, "into": "children", "method": "manual",
            f"amount_{org.rep.pk}": "100.00", f"amount_{org.teammate.pk}": "100.00", "action": "save"}
    response = client.post("/targets/decompose/", data)
    assert response.status_code == 400 and "add up to" in response.content.decode()
    no_target = client.post("/targets/decompose/", {**data, "org_unit": org.east2.pk, "method": "equal"})
    assert no_target.status_code == 400  # East-2 is not a choice for sup1
    assert page(org.hr).get("/targets/decompose/").status_code == 403
    assert page(org.rep).get("/targets/decompose/").status_code == 403
    ClosedMonth.objects.create(month=date(2026, 3, 1))
    locked = client.post("/targets/decompose/", {**data, "method": "equal"})
    assert locked.status_code == 409


def test_nav_item_for_roles(org, page):
    assert 'href="/targets/"' in page(org.rep).get("/", follow=True).content.decode()
    assert 'href="/targets/"' not in page(org.finance).get("/", follow=True).content.decode()


def test_tree_in_chinese(org, page):
    make_target("2026-03", "1000.00", employee=org.rep)
    client = page(org.sup1)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    body = client.get(TREE, {"period": "2026-03"}).content.decode()
    assert "销售额达成率" in body and "实际销售额" in body and "目标分解" in body


def test_person_page(org, page):
    make_target("2026", "12000.00", employee=org.rep)
    make_target("2026-03", "1000.00", employee=org.rep)
    make_sale(org.rep, "500.00", date(2026, 3, 9))
    url = f"/targets/people/{org.rep.pk}/"
    body = page(org.rep).get(url, {"year": "2026"}).content.decode()
    assert "12,000.00" in body and "50.00 %" in body and "2026-Q1" in body
    for who, status in [("sup1", 200), ("manager", 200), ("hr", 200), ("director", 200), ("teammate", 404),
                        ("sup2", 404), ("finance", 403)]:
        assert page(getattr(org, who)).get(url).status_code == status, who
    assert page(org.rep).get(url, {"year": "abc"}).status_code == 400


def test_tree_rep_gets_own_tiles(org, page):
    make_target("2026-03", "1000.00", employee=org.rep)
    make_sale(org.rep, "800.00", date(2026, 3, 9))
    body = page(org.rep).get(TREE, {"period": "2026-03"}).content.decode()
    tiles = body.split('class="tiles targets-tiles"')[1].split("</div>\n</div>")[0]
    assert "1,000.00" in tiles and "80.00 %" in tiles and "Reps at 100 %" not in tiles


def test_decompose_page_checkbox_beside_its_label_and_fields_tagged(org, page):
    make_target("2026", "1200.00", org_unit=org.east)
    body = page(org.manager).get("/targets/decompose/", {"org_unit": org.east.pk, "period": "2026"}).content.decode()
    assert '<label class="check" data-field="cascade"><input type="checkbox" name="cascade"' in body
    assert 'data-field="profile"' in body and 'data-methods-children="equal historical weighted manual"' in body
    assert f'data-teams="{org.east1.pk} {org.east2.pk}"' in body


def test_decompose_page_preview_shows_sum_of_the_parts(org, page):
    make_target("2026-03", "100000.00", org_unit=org.east)
    data = {"period": "2026-03", "org_unit": org.east.pk, "into": "children", "method": "equal", "cascade": "on",
            "action": "preview"}
    body = page(org.manager).post("/targets/decompose/", data).content.decode()
    summary = body.split('class="preview-summary"')[1].split("</p>")[0]
    assert summary.count("100,000.00") == 2  # the sum of East-1 and East-2 (not their reps too) = the target
