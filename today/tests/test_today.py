"""Rep · Today: the due list (most overdue first, tier, days overdue, lost customers left out), the
one-tap log link, the month's figures, unread notifications, invitations, open complaints, my claims;
access; queries."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common.models import Notification
from customers.models import CustomerStatus, Tier
from customers.tests.factories import ContractFactory, CustomerFactory
from targets.tests.factories import make_target
from today.selectors import rep_today

pytestmark = pytest.mark.django_db

TODAY = date(2026, 7, 8)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=10)))


def _customer(owner, name, *, tier=Tier.B, status=CustomerStatus.ACTIVE, last=None, next_on=None):
    customer = CustomerFactory(owner=owner, name=name, tier=tier, status=status, next_follow_up_on=next_on)
    customer.__class__.objects.filter(pk=customer.pk).update(last_follow_up_at=_at(last or TODAY))
    return customer


@pytest.fixture
def due(org):
    """The rep's customers: B cadence 14 days, A 7 days."""
    return {
        "planned": _customer(org.rep, "Planned Ltd.", next_on=TODAY - timedelta(days=5)),       # 5 days
        "cadence": _customer(org.rep, "Cadence Ltd.", tier=Tier.A, last=TODAY - timedelta(days=10)),  # 3 days
        "today": _customer(org.rep, "Today Ltd.", next_on=TODAY),                               # due today
        "fresh": _customer(org.rep, "Fresh Ltd."),                                              # not due
        "lost": _customer(org.rep, "Lost Ltd.", status=CustomerStatus.LOST, next_on=TODAY - timedelta(days=9)),
        "teammate": _customer(org.teammate, "Teammate Ltd.", next_on=TODAY - timedelta(days=30)),
    }


def test_most_overdue_first_with_tier_and_days(org, due):
    today = rep_today(user=org.rep.user)
    assert [(row.name, row.tier, row.days_overdue) for row in today.due] == [
        ("Planned Ltd.", "B", 5), ("Cadence Ltd.", "A", 3), ("Today Ltd.", "B", 0),
    ]
    assert (today.due_count, today.overdue_count) == (3, 2)


def test_nothing_due(org, api):
    _customer(org.rep, "Fresh Ltd.")
    body = api(org.rep).get("/api/v1/today/").json()
    assert body["due"] == [] and body["due_count"] == 0
    assert body["figures"]["target"] is None and body["figures"]["attainment_pct"] is None
    assert body["figures"]["actual"] == "0.00" and body["figures"]["company_rank"] is None
    assert body["claims"] == [] and body["complaints"] == []


def test_page_links_each_row_to_the_quick_log_form_with_the_customer(org, due, page):
    body = page(org.rep).get(reverse("today:today")).content.decode()
    form = reverse("customers:followup-create")
    assert f'href="{form}?customer={due["planned"].pk}"' in body
    assert "5 days overdue" in body and "due today" in body and "Tier A" in body
    assert "Teammate Ltd." not in body and "Lost Ltd." not in body
    assert "No expense claims yet." in body and "No open complaints." in body
    prefilled = page(org.rep).get(f'{form}?customer={due["planned"].pk}').content.decode()
    assert "Planned Ltd." in prefilled


@pytest.fixture
def month_sales(org):
    make_target("2026-07", Decimal("40000.00"), employee=org.rep)
    make_target("2026-07", Decimal("10000.00"), employee=org.teammate)
    make_target("2026-07", Decimal("20000.00"), employee=org.rep2)
    ContractFactory(customer=CustomerFactory(owner=org.rep), amount=Decimal("30000.00"), signed_on=date(2026, 7, 2))
    ContractFactory(customer=CustomerFactory(owner=org.teammate), amount=Decimal("10000.00"), signed_on=date(2026, 7, 3))
    ContractFactory(customer=CustomerFactory(owner=org.rep2), amount=Decimal("15000.00"), signed_on=date(2026, 7, 3))
    ContractFactory(customer=CustomerFactory(owner=org.rep), amount=Decimal("99.00"), signed_on=date(2026, 6, 30))


def test_the_month_figures(org, month_sales, api):
    figures = api(org.rep).get("/api/v1/today/").json()["figures"]
    assert figures["target"] == "40000.00" and figures["actual"] == "30000.00"
    assert figures["attainment_pct"] == "75.00"
    assert figures["company_rank"] == 2  # teammate 100 %, rep and rep2 75 % (competition ranking 1, 2, 2)
    assert api(org.rep2).get("/api/v1/today/").json()["figures"]["company_rank"] == 2


def test_the_figures_agree_with_the_dashboards(org, month_sales):
    from common.periods import Period
    from dashboard.selectors import person_month_figures as dashboard_figures
    from today.figures import person_month_figures as _from_upstream

    month = Period(2026, month=7)
    for person in (org.rep, org.teammate, org.rep2, org.rep3):
        ours, theirs = _from_upstream(employee=person, month=month), dashboard_figures(employee=person, month=month)
        assert (ours.target, ours.actual, ours.attainment_pct, ours.company_rank, ours.weighted_forecast) == (
            theirs["target"], theirs["actual"], theirs["attainment_pct"], theirs["company_rank"],
            theirs["weighted_forecast"])
    figures = _from_upstream(employee=org.rep, month=Period(2026, month=7))
    assert (figures.target, figures.actual, figures.attainment_pct, figures.company_rank) == (
        Decimal("40000.00"), Decimal("30000.00"), Decimal("75.00"), 2)
    assert _from_upstream(employee=org.teammate, month=Period(2026, month=7)).company_rank == 1
    assert _from_upstream(employee=org.rep3, month=Period(2026, month=7)).company_rank is None  # no target


def test_unread_notifications_a_few_and_the_inbox_link(org, page, api):
    for index in range(7):
        Notification.objects.create(recipient=org.rep.user, kind="renewal", message=f"Note {index}.",
                                    dedupe_key=f"n{index}")
    Notification.objects.create(recipient=org.rep.user, kind="renewal", message="Already read.", dedupe_key="r",
                                read_at=timezone.now())
    body = api(org.rep).get("/api/v1/today/").json()
    assert body["unread_count"] == 7 and len(body["notifications"]) == 5
    assert "Already read." not in [n["message"] for n in body["notifications"]]
    html = page(org.rep).get(reverse("today:today")).content.decode()
    assert reverse("alerts:inbox") in html and "Note 6." in html and "Already read." not in html


@pytest.mark.parametrize("who", ["hr", "finance", "admin"])
def test_only_salespeople_have_a_today(org, api, page, who):
    assert api(getattr(org, who)).get("/api/v1/today/").status_code == 403
    assert page(getattr(org, who)).get(reverse("today:today")).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(reverse("today:today")).status_code == 302
    assert client.get("/api/v1/today/").status_code in (401, 403)


@pytest.mark.parametrize("who", ["rep", "sup1", "director"])
def test_every_salesperson_sees_only_their_own_customers(org, due, api, who):
    names = [row["name"] for row in api(getattr(org, who)).get("/api/v1/today/").json()["due"]]
    assert "Teammate Ltd." not in names or who == "teammate"
    if who != "rep":
        assert names == []


def _queries(client, url) -> int:
    client.get(url)  # the first request of a session fills the cached unread badge
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_customers(org, api, page):
    def grow(count):
        for index in range(count):
            _customer(org.rep, f"Due {count}-{index}", next_on=TODAY - timedelta(days=index % 9 + 1))
            ContractFactory(customer=CustomerFactory(owner=org.teammate), signed_on=date(2026, 7, 1))
            Notification.objects.create(recipient=org.rep.user, kind="renewal", message="x", dedupe_key=f"{count}-{index}")

    grow(5)
    api_small, page_small = _queries(api(org.rep), "/api/v1/today/"), _queries(page(org.rep), reverse("today:today"))
    grow(45)
    assert _queries(api(org.rep), "/api/v1/today/") == api_small, connection.queries
    assert _queries(page(org.rep), reverse("today:today")) == page_small


def test_today_in_chinese(org, due, page):
    body = page(org.rep).get(reverse("today:today"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "今天" in body and "逾期" in body


def test_invitations_to_make_and_to_confirm(org, api, page):
    """Events where the rep has a quota, and accepted guests of events starting within two days
    (`events.selectors.today_invitation_work`)."""
    from events.models import Outcome
    from events.tests.factories import EventFactory, InvitationFactory, QuotaFactory, at

    soon = EventFactory(org_unit=org.east1, title="Spring seminar", starts_at=at("2026-07-09 14:00"),
                        invitation_deadline=at("2026-07-08 20:00"))
    QuotaFactory(event=soon, employee=org.rep, quota=4)
    InvitationFactory(event=soon, inviter=org.rep, customer=CustomerFactory(owner=org.rep, name="Guest Ltd."),
                      outcome=Outcome.ACCEPTED)
    body = api(org.rep).get("/api/v1/today/").json()
    assert body["invitations"]["to_invite"] == [{
        "event": soon.pk, "title": "Spring seminar", "starts_at": body["invitations"]["to_invite"][0]["starts_at"],
        "quota": 4, "invited": 1, "accepted": 1,
    }]
    assert [(row["customer"], row["event"]) for row in body["invitations"]["to_confirm"]] == [
        ("Guest Ltd.", "Spring seminar")]
    html = page(org.rep).get(reverse("today:today")).content.decode()
    assert "Guest Ltd." in html and "quota 4 · 1 invited · 1 accepted" in html
    assert api(org.teammate).get("/api/v1/today/").json()["invitations"] == {"to_invite": [], "to_confirm": []}


def test_open_complaints_soonest_due_first_and_my_latest_claims(org, api, page):
    """`customers.selectors.open_complaints_for` and `expenses.selectors.claims_for_today`."""
    from customers.models import ComplaintStatus
    from customers.tests.factories.complaints import ComplaintFactory
    from expenses.models import ClaimStatus
    from expenses.tests.factories import make_claim

    later = ComplaintFactory(customer=CustomerFactory(owner=org.rep, name="Later Ltd."),
                             received_at=_at(TODAY) - timedelta(hours=1))
    sooner = ComplaintFactory(customer=CustomerFactory(owner=org.rep, name="Sooner Ltd."),
                              received_at=_at(TODAY) - timedelta(days=2))  # response overdue
    ComplaintFactory(customer=CustomerFactory(owner=org.rep), status=ComplaintStatus.RESOLVED,
                     resolution="Redelivered", resolved_at=_at(TODAY))
    ComplaintFactory(customer=CustomerFactory(owner=org.teammate))
    claim = make_claim(org.rep, "88.50", status=ClaimStatus.SUBMITTED, incurred_on=date(2026, 7, 6))
    make_claim(org.teammate, "10.00")

    body = api(org.rep).get("/api/v1/today/").json()
    assert [(row["complaint"], row["breached"]) for row in body["complaints"]] == [(sooner.pk, True), (later.pk, False)]
    assert body["claims"] == [{"claim": claim.pk, "category": "travel", "amount": "88.50", "status": "submitted",
                               "incurred_on": "2026-07-06"}]
    html = page(org.rep).get(reverse("today:today")).content.decode()
    assert "Sooner Ltd." in html and "SLA breached" in html and reverse("expenses:claim", args=[claim.pk]) in html


def test_a_digest_shows_its_headline_not_its_phrase_id(org, api):
    from common.phrases import phrase

    Notification.objects.create(recipient=org.rep.user, kind="renewal", dedupe_key="digest-1",
                                message=[phrase("alerts.digest.renewal", count="2")])
    body = api(org.rep).get("/api/v1/today/").json()
    assert body["notifications"][0]["message"] == "Contracts coming up for renewal: 2."
