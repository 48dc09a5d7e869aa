import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_need_sign_in(org, page):
    for url in ("/", reverse("teams:org-chart"), reverse("teams:employee-list")):
        response = page().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "viewer,target,status",
    [("rep", "rep", 200), ("rep", "teammate", 404), ("teammate", "rep", 404), ("sup1", "rep", 200),
     ("sup2", "rep", 404), ("manager", "rep2", 200), ("manager2", "rep", 404), ("director", "rep3", 200),
     ("hr", "rep3", 200), ("finance", "rep", 200), ("admin", "rep", 200)],
)
def test_employee_page_access_matrix(org, page, viewer, target, status):
    response = page(getattr(org, viewer)).get(reverse("teams:employee-detail", args=[getattr(org, target).pk]))
    assert response.status_code == status


def test_employee_page_shows_line_manager_and_career(org, page):
    body = page(org.rep).get(reverse("teams:employee-detail", args=[org.rep.pk])).content.decode()
    assert org.sup1.name in body and "Career path" in body


def test_org_chart_shows_each_role_its_part(org, page):
    rep_view = page(org.rep).get(reverse("teams:org-chart")).content.decode()
    assert "East-1" in rep_view and "South-1" not in rep_view and "East-2" not in rep_view
    manager_view = page(org.manager).get(reverse("teams:org-chart")).content.decode()
    assert "East-2" in manager_view and "South-1" not in manager_view
    director_view = page(org.director).get(reverse("teams:org-chart")).content.decode()
    assert "South-1" in director_view and org.sup3.name in director_view


def test_org_chart_head_counts(org, page):
    rows = page(org.director).get(reverse("teams:org-chart")).context["rows"]
    by_name = {row["unit"].name: row for row in rows}
    assert by_name["East-1"]["members"] == 3  # sup1, rep, teammate
    assert by_name["East"]["subtree_members"] == 6
    assert by_name["Company"]["subtree_members"] == 12


def test_org_chart_query_count_constant(org, page, django_assert_max_num_queries):
    from teams.tests.factories import EmployeeFactory, make_unit

    client = page(org.director)
    with django_assert_max_num_queries(8):
        client.get(reverse("teams:org-chart"))
    for t in range(15):
        team = make_unit(f"T{t}", "team", org.south)
        EmployeeFactory(org_unit=team)
    with django_assert_max_num_queries(8):
        client.get(reverse("teams:org-chart"))


def test_employee_list_scoped_and_constant(org, page, django_assert_max_num_queries):
    response = page(org.sup1).get(reverse("teams:employee-list"))
    names = {e.number for e in response.context["employees"]}
    assert names == {"S0001", "R0001", "R0002"}
    client = page(org.hr)
    with django_assert_max_num_queries(6):
        client.get(reverse("teams:employee-list"))
    from teams.tests.factories import EmployeeFactory

    for _ in range(30):
        EmployeeFactory(org_unit=org.east2)
    with django_assert_max_num_queries(6):
        assert len(client.get(reverse("teams:employee-list")).context["employees"]) == 42


def test_employee_create_page_rights_and_errors(org, page):
    assert page(org.manager).get(reverse("teams:employee-create")).status_code == 403
    client = page(org.hr)
    assert client.get(reverse("teams:employee-create")).status_code == 200
    response = client.post(reverse("teams:employee-create"), {
        "number": "R0001", "name": "Dup", "role": "rep", "org_unit": org.east.pk, "hire_date": "2026-01-01",
        "username": "newbie", "password": "a-good-password-9",
    })
    assert response.status_code == 400
    form = response.context["form"]
    assert "number" in form.errors and "org_unit" in form.errors
    ok = client.post(reverse("teams:employee-create"), {
        "number": "R0099", "name": "New Rep", "role": "rep", "org_unit": org.east1.pk, "hire_date": "2026-01-01",
        "username": "newbie", "password": "a-good-password-9",
    })
    assert ok.status_code == 302


def test_language_switch_renders_chinese(org, page):
    client = page(org.rep)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    body = client.get(reverse("teams:org-chart")).content.decode()
    assert "组织架构" in body


def test_login_and_lockout_ignores_forged_forwarded_for(org, client):
    from django.test import Client

    assert Client().post("/accounts/login/", {"username": "rep", "password": "pass-12345"}).status_code == 302
    for i in range(5):
        Client().post("/accounts/login/", {"username": "rep", "password": "wrong"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    locked = Client().post("/accounts/login/", {"username": "rep", "password": "pass-12345"},
                           HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert locked.status_code in (403, 429)


def test_navigation_is_role_aware_and_highlights_one_item(org, page):
    rep_nav = [item["label"] for item in page(org.rep).get("/", follow=True).context["nav_items"]]
    hr_nav = [item["label"] for item in page(org.hr).get("/", follow=True).context["nav_items"]]
    assert "Customers" in rep_nav and "Customers" not in hr_nav
    items = page(org.sup1).get("/scorecards/ratings/").context["nav_items"]
    assert [item["label"] for item in items if item["active"]] == ["Ratings"]


def test_amounts_are_grouped_by_thousands_in_chinese_too():
    from decimal import Decimal

    from django.template.defaultfilters import floatformat
    from django.utils import translation

    with translation.override("zh-hans"):
        assert floatformat(Decimal("1234567.891"), "2g") == "1,234,567.89"


def test_a_user_name_taken_by_a_simultaneous_creation_is_shown_at_the_field(org, page, monkeypatch):
    from teams.services import employees

    real, calls = employees._username_taken, []
    monkeypatch.setattr(employees, "_username_taken", lambda name: bool(calls.append(name)) or (len(calls) > 1 and real(name)))
    response = page(org.hr).post(reverse("teams:employee-create"), {
        "number": "R0099", "name": "New Rep", "role": "rep", "org_unit": org.east1.pk, "hire_date": "2026-01-01",
        "username": "rep", "password": "a-good-password-9",
    })
    assert response.status_code == 400
    assert "username" in response.context["form"].errors
    assert response.context["form"]["number"].value() == "R0099"  # what the user typed is kept


def test_an_implausible_hire_date_is_shown_at_the_field(org, page):
    response = page(org.hr).post(reverse("teams:employee-create"), {
        "number": "R0099", "name": "New Rep", "role": "rep", "org_unit": org.east1.pk, "hire_date": "1999-12-31",
        "username": "newbie", "password": "a-good-password-9",
    })
    assert response.status_code == 400 and "hire_date" in response.context["form"].errors


def test_edit_page_saves_a_promotion_with_its_date(org, page):
    from teams.models import RoleChange

    client = page(org.hr)
    response = client.post(reverse("teams:employee-edit", args=[org.rep.pk]), {
        "number": org.rep.number, "name": org.rep.name, "role": "supervisor", "org_unit": org.east1.pk,
        "effective_on": "2026-11-01", "hire_date": "2023-01-01", "active": "on",
    })
    assert response.status_code == 302
    change = RoleChange.objects.get(employee=org.rep)
    assert (change.new_role, change.effective_on.isoformat()) == ("supervisor", "2026-11-01")


def test_edit_page_dates_are_iso_in_chinese_too(org, page):
    client = page(org.hr)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    body = client.get(reverse("teams:employee-edit", args=[org.rep.pk])).content.decode()
    assert 'value="2023-01-01"' in body
