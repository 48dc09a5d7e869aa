"""The inbox page, the notifications API and the badge: a person sees only their own."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alerts.models import AlertItem
from common.models import Notification
from common.phrases import phrase
from customers.tests.factories import ContractFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 10, 13)


def _note(user, key, kind="renewal", read=False, message="Hello."):
    return Notification.objects.create(recipient=user, kind=kind, message=message, dedupe_key=key,
                                       read_at=timezone.now() if read else None)


@pytest.fixture
def digest(org, customer, run):
    ContractFactory(customer=customer, signed_on=date(2026, 1, 5), end_on=TODAY + timedelta(days=5), number="HT-7")
    run(TODAY, kinds=["renewal"])
    return Notification.objects.get(recipient=org.rep.user, kind="renewal")


# --- the page ----------------------------------------------------------------------------------

def test_the_inbox_lists_my_digest_with_its_linked_items_in_my_language(org, digest, page):
    client = page(org.rep)
    body = client.get(reverse("alerts:inbox")).content.decode()
    assert "Contracts coming up for renewal: 3." in body
    assert body.count("Contract HT-7 (Acme Ltd.)") == 3
    assert f'href="/contracts/{digest.alert_items.first().link.split("/")[2]}/"' in body
    zh = client.get(reverse("alerts:inbox"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "续签" in zh


def test_the_inbox_shows_only_my_own(org, digest, page):
    _note(org.teammate.user, "other:1", message="Teammate's secret.")
    body = page(org.rep).get(reverse("alerts:inbox")).content.decode()
    assert "Teammate's secret." not in body
    body = page(org.sup1).get(reverse("alerts:inbox")).content.decode()
    assert "HT-7" not in body  # renewals go to the owner only


def test_filter_by_kind_and_unread(org, page):
    _note(org.rep.user, "a", kind="renewal", message="Renewal note.")
    _note(org.rep.user, "b", kind="churn_risk", message="Churn note.", read=True)
    client = page(org.rep)
    body = client.get(reverse("alerts:inbox"), {"kind": "churn_risk"}).content.decode()
    assert "Churn note." in body and "Renewal note." not in body
    body = client.get(reverse("alerts:inbox"), {"unread": "1"}).content.decode()
    assert "Renewal note." in body and "Churn note." not in body
    assert client.get(reverse("alerts:inbox"), {"kind": "no-such-kind"}).status_code == 400


def test_mark_read_and_mark_all_read_on_the_page(org, page):
    one = _note(org.rep.user, "a")
    _note(org.rep.user, "b", kind="churn_risk")
    _note(org.rep.user, "c", kind="churn_risk")
    client = page(org.rep)
    assert client.post(reverse("alerts:mark-read", args=[one.pk])).status_code == 302
    one.refresh_from_db()
    assert one.read_at is not None
    client.post(reverse("alerts:mark-all-read"), {"kind": "churn_risk"})
    assert not Notification.objects.filter(recipient=org.rep.user, read_at__isnull=True).exists()


def test_marking_someone_elses_notification_read_is_a_404_and_changes_nothing(org, page):
    theirs = _note(org.teammate.user, "t")
    assert page(org.rep).post(reverse("alerts:mark-read", args=[theirs.pk])).status_code == 404
    assert page(org.sup1).post(reverse("alerts:mark-read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    page(org.rep).post(reverse("alerts:mark-all-read"))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_inbox_needs_a_sign_in(page):
    assert page().get(reverse("alerts:inbox")).status_code == 302


# --- the badge ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/notifications/", "/customers/"])
def test_the_badge_shows_the_unread_count_on_every_page(org, page, path):
    for number in range(3):
        _note(org.rep.user, f"n{number}")
    _note(org.rep.user, "read", read=True)
    body = page(org.rep).get(path, follow=True).content.decode()
    assert 'class="notif-badge"' in body and "Notifications: 3 unread" in body


def _badge_queries(client, *, cold: bool) -> int:
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("alerts:preferences")).status_code == 200
    return len(queries)


def test_the_badge_query_count_is_the_same_for_5_and_500_notifications(org, page):
    """Not cached: one COUNT whatever the number; cached: none."""
    client = page(org.rep)
    Notification.objects.bulk_create([Notification(recipient=org.rep.user, kind="k", message="x", dedupe_key=f"q{i}")
                                      for i in range(5)])
    cold_5, warm_5 = _badge_queries(client, cold=True), _badge_queries(client, cold=False)
    Notification.objects.bulk_create([Notification(recipient=org.rep.user, kind="k", message="x", dedupe_key=f"r{i}")
                                      for i in range(495)])
    cold_500, warm_500 = _badge_queries(client, cold=True), _badge_queries(client, cold=False)
    assert cold_5 == cold_500 and warm_5 == warm_500 == cold_5 - 1
    assert "Notifications: 500 unread" in client.get(reverse("alerts:preferences")).content.decode()


def test_the_badge_follows_new_and_read_notifications_at_once(org, page, django_capture_on_commit_callbacks):
    from common.notifications import notify, notify_many

    client = page(org.rep)

    def badge():
        return client.get(reverse("alerts:preferences")).content.decode()

    assert 'class="notif-badge"' in badge() and "Notifications: 0 unread" in badge()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=org.rep.user, kind="renewal", message="One.", dedupe_key="b1")
    assert "Notifications: 1 unread" in badge()
    with django_capture_on_commit_callbacks(execute=True):
        notify_many([{"recipient": org.rep.user, "kind": "renewal", "message": "x", "dedupe_key": f"b{i}"}
                     for i in range(2, 5)])
    assert "Notifications: 4 unread" in badge()
    client.post(reverse("alerts:mark-read", args=[Notification.objects.get(dedupe_key="b1").pk]))
    assert "Notifications: 3 unread" in badge()
    client.post(reverse("alerts:mark-all-read"))
    assert "Notifications: 0 unread" in badge()


def test_the_inbox_query_count_does_not_grow_with_items(org, page, run):
    from customers.models import Customer, CustomerStatus, Tier
    from customers.tests.factories import CustomerFactory

    client = page(org.rep)

    def overdue(count, day):
        made = [CustomerFactory(owner=org.rep, tier=Tier.C, status=CustomerStatus.ACTIVE) for _ in range(count)]
        Customer.objects.filter(pk__in=[c.pk for c in made]).update(
            last_follow_up_at=timezone.now() - timedelta(days=400), created_at=timezone.now() - timedelta(days=500))
        run(day, kinds=["followup_overdue"])

    overdue(5, TODAY)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("alerts:inbox"))
    overdue(50, TODAY + timedelta(days=1))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("alerts:inbox"))
    assert len(few) == len(many)
    assert AlertItem.objects.filter(recipient=org.rep.user).count() == 55


# --- the API -----------------------------------------------------------------------------------

def test_api_lists_my_notifications_with_digest_items(org, digest, api):
    _note(org.teammate.user, "t")
    response = api(org.rep).get("/api/v1/notifications/")
    assert response.status_code == 200 and response.data["count"] == 1
    row = response.data["results"][0]
    assert row["kind"] == "renewal" and row["kind_label"] == "Contract renewal"
    assert row["message"].startswith("Contracts coming up for renewal: 3.")
    assert len(row["items"]) == 3 and row["items"][0]["link"].startswith("/contracts/")
    zh = api(org.rep).get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="zh-hans").data["results"][0]
    assert zh["kind_label"] != "Contract renewal"


@pytest.mark.parametrize(("value", "expected"), [("1", {"u"}), ("true", {"u"}), ("0", {"r"}), ("false", {"r"})])
def test_api_unread_filter(org, api, value, expected):
    _note(org.rep.user, "u", message="u")
    _note(org.rep.user, "r", message="r", read=True)
    response = api(org.rep).get("/api/v1/notifications/", {"unread": value})
    assert {row["message"] for row in response.data["results"]} == expected


@pytest.mark.parametrize("value", ["maybe", "2", "yes please"])
def test_api_unread_not_a_boolean_is_a_400_naming_it(org, api, value):
    response = api(org.rep).get("/api/v1/notifications/", {"unread": value})
    assert response.status_code == 400
    assert "unread" in response.json()["errors"]


def test_api_mark_read_own_and_404_for_someone_elses(org, api):
    mine, theirs = _note(org.rep.user, "m"), _note(org.teammate.user, "t")
    response = api(org.rep).post(f"/api/v1/notifications/{mine.pk}/mark-read/")
    assert response.status_code == 200 and response.data["read_at"] is not None
    assert api(org.rep).post(f"/api/v1/notifications/{theirs.pk}/mark-read/").status_code == 404
    assert api(org.rep).get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    assert api(org.director).post(f"/api/v1/notifications/{theirs.pk}/mark-read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_api_mark_all_read_marks_only_mine(org, api):
    for number in range(3):
        _note(org.rep.user, f"m{number}")
    theirs = _note(org.teammate.user, "t")
    response = api(org.rep).post("/api/v1/notifications/mark-all-read/", {}, format="json")
    assert response.status_code == 200 and response.data == {"marked": 3}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_api_needs_authentication(api):
    assert api().get("/api/v1/notifications/").status_code in (401, 403)


def test_api_list_query_count_is_constant(org, api, django_assert_num_queries):
    client = api(org.rep)
    for number in range(3):
        _note(org.rep.user, f"a{number}", message=phrase("alerts.more_items", count="1"))
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/notifications/")
    for number in range(30):
        _note(org.rep.user, f"b{number}")
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/notifications/")
    assert len(few) == len(many)


def test_a_long_digest_shows_ten_lines_in_the_inbox_and_all_on_its_own_page(org, page, run):
    from customers.models import Customer, CustomerStatus, Tier
    from customers.tests.factories import CustomerFactory

    made = [CustomerFactory(owner=org.rep, tier=Tier.C, status=CustomerStatus.ACTIVE, name=f"Overdue {i:03d}")
            for i in range(120)]
    Customer.objects.filter(pk__in=[c.pk for c in made]).update(
        last_follow_up_at=timezone.now() - timedelta(days=400), created_at=timezone.now() - timedelta(days=500))
    run(TODAY, kinds=["followup_overdue"])
    digest = Notification.objects.get(recipient=org.rep.user, kind="followup_overdue")
    client = page(org.rep)
    body = client.get(reverse("alerts:inbox")).content.decode()
    assert body.count("Overdue ") == 10 and "All 120 lines" in body
    detail = client.get(reverse("alerts:detail", args=[digest.pk])).content.decode()
    assert detail.count("Overdue ") == 100 and "Page 1 of 2" in detail
    second = client.get(reverse("alerts:detail", args=[digest.pk]), {"page": 2}).content.decode()
    assert second.count("Overdue ") == 20 and "Overdue 119" in second
    assert page(org.teammate).get(reverse("alerts:detail", args=[digest.pk])).status_code == 404
    assert page(org.sup1).get(reverse("alerts:detail", args=[digest.pk])).status_code == 404


def test_api_retrieve_own_and_read_only_filter(org, api):
    mine = _note(org.rep.user, "m", message="Mine.")
    assert api(org.rep).get(f"/api/v1/notifications/{mine.pk}/").data["message"] == "Mine."
    assert api(org.rep).get("/api/v1/notifications/", {"kind": "renewal"}).data["count"] == 1
    assert api(org.rep).get("/api/v1/notifications/", {"kind": "churn_risk"}).data["count"] == 0


def test_marking_read_twice_keeps_the_first_time(org, page):
    note = _note(org.rep.user, "twice")
    from alerts import services

    first = services.notification_mark_read(user=org.rep.user, notification_id=note.pk).read_at
    assert services.notification_mark_read(user=org.rep.user, notification_id=note.pk).read_at == first


def test_the_page_mark_read_can_open_the_link(org, page):
    note = Notification.objects.create(recipient=org.rep.user, kind="k", message="x", dedupe_key="o", link="/customers/")
    response = page(org.rep).post(reverse("alerts:mark-read", args=[note.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/customers/"
