"""Customer pages: access matrix, the quick follow-up flow, filters, actions, query counts."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from customers.models import Customer, CustomerOwnerChange, FollowUp
from customers.tests.factories import CustomerFactory, FollowUpFactory

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime(2026, 6, 10, 15, 0))

# who → status on the rep's customer page (404 out of scope, 403 for roles without customers)
DETAIL_MATRIX = [
    ("rep", 200), ("teammate", 404), ("sup1", 200), ("sup2", 404), ("manager", 200), ("manager2", 404),
    ("director", 200), ("admin", 200), ("hr", 403), ("finance", 403),
]


def who(org, name):
    person = getattr(org, name)
    return getattr(person, "user", person)


@pytest.mark.parametrize(("name", "status"), DETAIL_MATRIX)
@pytest.mark.parametrize("url_name", ["customers:customer-detail", "customers:customer-edit"])
def test_customer_pages_access_matrix(org, page, name, status, url_name):
    customer = CustomerFactory(owner=org.rep)
    FollowUpFactory(customer=customer)
    assert page(who(org, name)).get(reverse(url_name, args=[customer.pk])).status_code == status


@pytest.mark.parametrize(("name", "status"), [("rep", 200), ("sup1", 200), ("director", 200), ("admin", 200),
                                              ("hr", 403), ("finance", 403)])
@pytest.mark.parametrize("url_name", ["customers:customer-list", "customers:customer-create",
                                      "customers:customer-import"])
def test_list_and_forms_are_for_sales_only(org, page, name, status, url_name):
    assert page(who(org, name)).get(reverse(url_name)).status_code == status


@pytest.mark.parametrize(("name", "status"), [("rep", 200), ("sup1", 200), ("hr", 403), ("finance", 403),
                                              ("admin", 403)])
def test_followup_form_access(org, page, name, status):
    # An admin without an employee record cannot author follow-ups.
    assert page(who(org, name)).get(reverse("customers:followup-create")).status_code == status


@pytest.mark.parametrize("url_name", ["customers:customer-list", "customers:followup-create"])
def test_anonymous_is_sent_to_sign_in(db, page, url_name):
    response = page().get(reverse(url_name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_list_shows_only_scope_and_filters(org, page):
    CustomerFactory(owner=org.rep, name="Mine A", tier="A")
    CustomerFactory(owner=org.rep, name="Mine overdue", next_follow_up_on=timezone.localdate() - timedelta(days=2))
    CustomerFactory(owner=org.teammate, name="Teammate's")
    CustomerFactory(owner=org.rep2, name="Other team")
    client = page(org.rep)
    body = client.get(reverse("customers:customer-list")).content.decode()
    assert "Mine A" in body and "Mine overdue" in body and "Teammate" not in body and "Other team" not in body
    body = client.get(reverse("customers:customer-list") + "?overdue=1").content.decode()
    assert "Mine overdue" in body and "Mine A" not in body
    body = page(org.sup1).get(reverse("customers:customer-list") + "?tier=A&q=mine").content.decode()
    assert "Mine A" in body and "Mine overdue" not in body


@pytest.mark.parametrize("count", [2, 30])
def test_list_query_count_is_constant(org, page, django_assert_num_queries, count):
    for _ in range(count):
        CustomerFactory(owner=org.rep, next_follow_up_on=timezone.localdate() - timedelta(days=1))
    client = page(org.sup1)
    client.get(reverse("customers:customer-list"))  # warm the session
    # session, user, scope, owners, count, page, policy (+ overdue policy)
    with django_assert_num_queries(8):
        response = client.get(reverse("customers:customer-list") + "?overdue=1&tier=C")
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 20])
def test_detail_query_count_is_constant(org, page, django_assert_num_queries, rows):
    customer = CustomerFactory(owner=org.rep)
    for _ in range(rows):
        FollowUpFactory(customer=customer)
    client = page(org.sup1)
    # 18: the timeline reads eight kinds (surveys joined the follow-ups, stages, contracts, payments,
    # tier and owner changes in issue 9, complaints in issue 17) and the health panel one (score and
    # trend); the number stays the same for 1 or 20 rows.
    with django_assert_num_queries(18):
        assert client.get(reverse("customers:customer-detail", args=[customer.pk])).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_rep_logs_a_follow_up_by_typing_and_sees_it_on_the_timeline(org, page):
    customer = CustomerFactory(owner=org.rep, name="华明科技")
    client = page(org.rep)
    form = client.get(reverse("customers:followup-create")).content.decode()
    assert f'value="华明科技 (#{customer.pk})"' in form  # the datalist
    assert 'type="datetime-local"' in form and "2026-06-10T15:00" in form  # now by default
    response = client.post(reverse("customers:followup-create"), {
        "customer": "华明科技", "channel": "wechat", "occurred_at": "2026-06-10T14:30",
        "content": "报价沟通", "feedback": "认可方案", "next_step": "周五上门",
    })
    assert response.status_code == 302
    assert response["Location"] == reverse("customers:customer-detail", args=[customer.pk])
    followup = FollowUp.objects.get()
    assert (followup.customer, followup.author, followup.channel) == (customer, org.rep, "wechat")
    assert "报价沟通" in client.get(response["Location"]).content.decode()


@time_machine.travel(NOW, tick=False)
def test_follow_up_form_errors_name_fields_and_save_nothing(org, page):
    CustomerFactory(owner=org.rep, name="Mine")
    other = CustomerFactory(owner=org.teammate, name="Teammate's")
    response = page(org.rep).post(reverse("customers:followup-create"), {
        "customer": f"Teammate's (#{other.pk})", "channel": "phone", "occurred_at": "2026-06-10T16:00",
        "content": "", "feedback": "x", "next_step": "y",
    })
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"customer", "content"} <= set(errors)
    response = page(org.rep).post(reverse("customers:followup-create"), {
        "customer": "Mine", "channel": "phone", "occurred_at": "2026-06-10T16:00",
        "content": "c", "feedback": "x", "next_step": "y",
    })
    assert response.status_code == 400 and "occurred_at" in response.context["form"].errors
    assert not FollowUp.objects.exists()


def test_follow_up_form_preselects_a_customer_in_scope_only(org, page):
    mine, theirs = CustomerFactory(owner=org.rep), CustomerFactory(owner=org.rep2)
    client = page(org.rep)
    assert f"(#{mine.pk})" in client.get(reverse("customers:followup-create") + f"?customer={mine.pk}").content.decode()
    assert client.get(reverse("customers:followup-create") + f"?customer={theirs.pk}").status_code == 404


def test_create_and_edit_customer(org, page):
    client = page(org.sup1)
    response = client.post(reverse("customers:customer-create"), {"name": "New Co", "owner": org.teammate.pk,
                                                                 "source": "web"})
    assert response.status_code == 302
    customer = Customer.objects.get()
    assert (customer.owner, customer.created_by) == (org.teammate, org.sup1)
    response = client.post(reverse("customers:customer-edit", args=[customer.pk]), {"name": " ", "source": "web"})
    assert response.status_code == 400 and "name" in response.context["form"].errors
    response = page(org.rep).post(reverse("customers:customer-create"), {"name": "X", "owner": org.rep2.pk})
    assert response.status_code == 400 and "owner" in response.context["form"].errors


def test_duplicate_customer_name_is_a_form_error(org, page):
    CustomerFactory(owner=org.rep, name="Acme")
    response = page(org.rep).post(reverse("customers:customer-create"), {"name": "acme"})
    assert response.status_code == 400 and "name" in response.context["form"].errors


def test_actions_on_the_customer_page(org, page):
    customer = CustomerFactory(owner=org.rep)
    sup = page(org.sup1)
    sup.post(reverse("customers:customer-pin-tier", args=[customer.pk]), {"tier": "A", "reason": "Key account"})
    sup.post(reverse("customers:customer-reassign", args=[customer.pk]), {"owner": org.teammate.pk})
    customer.refresh_from_db()
    assert (customer.tier, customer.tier_pinned, customer.owner) == ("A", True, org.teammate)
    assert CustomerOwnerChange.objects.count() == 1
    body = page(org.teammate).get(reverse("customers:customer-detail", args=[customer.pk])).content.decode()
    assert "Key account" in body
    # A rep may not pin or reassign (403); another team's supervisor does not see it (404).
    assert page(org.teammate).post(reverse("customers:customer-pin-tier", args=[customer.pk]),
                                   {"tier": "C", "reason": "x"}).status_code == 403
    assert page(org.teammate).post(reverse("customers:customer-reassign", args=[customer.pk]),
                                   {"owner": org.teammate.pk}).status_code == 403
    assert page(org.sup2).post(reverse("customers:customer-pin-tier", args=[customer.pk]),
                               {"tier": "C", "reason": "x"}).status_code == 404
    page(org.teammate).post(reverse("customers:customer-mark-lost", args=[customer.pk]), {"reason": "Closed"})
    customer.refresh_from_db()
    assert customer.status == "lost"


def test_pages_render_in_simplified_chinese(org, page):
    customer = CustomerFactory(owner=org.rep)
    client = page(org.rep)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    listing = client.get(reverse("customers:customer-list")).content.decode()
    assert "跟进逾期" in listing and "全部分类" in listing
    form = client.get(reverse("customers:followup-create")).content.decode()
    assert "客户反馈" in form and "下一步计划" in form and "微信" in form
    detail = client.get(reverse("customers:customer-detail", args=[customer.pk])).content.decode()
    assert "资料完整度" in detail and "客户动态" in detail


def test_admin_pages_and_follow_up_deletion_rights(org, page):
    from django.contrib.auth import get_user_model

    from customers.admin.customers import FollowUpAdmin

    followup = FollowUpFactory(customer=CustomerFactory(owner=org.rep))
    client = page(org.admin)
    for model in ("customer", "followup", "satisfactionsurvey", "tieringpolicy"):
        assert client.get(reverse(f"admin:customers_{model}_changelist")).status_code == 200
    assert client.get(reverse("admin:customers_customer_change", args=[followup.customer_id])).status_code == 200
    staff = get_user_model().objects.create_user("staff", is_staff=True)

    class Request:
        user = staff

    admin_view = FollowUpAdmin(FollowUp, None)
    assert admin_view.has_delete_permission(Request()) is False
    Request.user = org.admin
    assert admin_view.has_delete_permission(Request()) is True
    assert admin_view.has_change_permission(Request(), followup) is False


@time_machine.travel(NOW, tick=False)
def test_the_list_shows_follow_up_dates_on_a_phone_and_marks_overdue_rows_in_words(org, page):
    """Issue 9: the dates are not hidden on small screens (no hide-sm), an overdue row carries a
    visible badge (not colour only), and the table scrolls inside its own box."""
    import re

    overdue = CustomerFactory(owner=org.rep, name="Late Co", tier="C", status="active",
                              next_follow_up_on=NOW.date() - timedelta(days=1))
    fine = CustomerFactory(owner=org.rep, name="Fine Co", tier="C", status="active",
                           next_follow_up_on=NOW.date() + timedelta(days=3))
    Customer.objects.filter(pk__in=[overdue.pk, fine.pk]).update(last_follow_up_at=NOW - timedelta(days=2))
    body = page(org.rep).get(reverse("customers:customer-list")).content.decode()
    assert '<div class="table-wrap">' in body
    header = body[body.index("<thead>"):body.index("</thead>")]
    for label in ("Next follow-up", "Last follow-up"):
        cell = re.search(rf"<th[^>]*>{label}</th>", header).group(0)
        assert "hide-sm" not in cell
    rows = {name: re.search(rf"<tr[^>]*>\s*<td><a [^>]*>{name}</a>.*?</tr>", body, re.S).group(0)
            for name in ("Late Co", "Fine Co")}
    assert 'class="badge bad">overdue</span>' in rows["Late Co"]
    assert "overdue" not in rows["Fine Co"]
    assert (NOW.date() - timedelta(days=1)).isoformat() in rows["Late Co"]
    assert (NOW.date() - timedelta(days=2)).isoformat() in rows["Late Co"]
    overdue_only = page(org.rep).get(reverse("customers:customer-list"), {"overdue": "1"})
    assert [c.name for c in overdue_only.context["page"]] == ["Late Co"]
