"""The team dashboard in Debian's chromium at 1366 px (and 390 px) in English and Simplified
Chinese: both charts drawn, no script error, no sideways scroll of the page. The data is written
through the live server's committing transactions, so the facts are refreshed by the signals.
Screenshots land in artifacts/."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.conftest import chromium, needs_chromium, shot  # noqa: F401 - `chromium` is a fixture
from tests.conftest import sign_in as _sign_in

pytestmark = [pytest.mark.browser, needs_chromium]


def _seed():
    from common.periods import Period, add_months
    from customers.models import Stage
    from customers.tests.factories import CustomerFactory, OpportunityFactory
    from targets.tests.factories import make_sale, make_target
    from teams.tests.factories import build_org

    org = build_org()
    today = date.today()
    for back in range(4):
        month = Period.of_month(add_months(today.replace(day=1), -back))
        for rep, sold in ((org.rep, 8000), (org.teammate, 11000), (org.rep2, 6000)):
            make_target(str(month), "10000", employee=rep)
            make_sale(rep, Decimal(sold - back * 500), month.start)
    customer = CustomerFactory(owner=org.rep)
    OpportunityFactory(customer=customer, owner=org.rep, stage=Stage.PROPOSAL, amount=Decimal("20000"),
                       expected_close_on=today)
    OpportunityFactory(customer=customer, owner=org.rep, stage=Stage.NEGOTIATION, amount=Decimal("5000"),
                       expected_close_on=today - timedelta(days=5))
    return org


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", [1366, 390])
def test_the_dashboard_in_a_browser(live_server, chromium, language, width):  # noqa: F811 - the fixture
    org = _seed()
    context = chromium.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 500,
                                   locale="zh-CN" if language == "zh-hans" else "en-US",
                                   extra_http_headers={"Accept-Language": language})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        _sign_in(page, live_server.url, "manager", "pass-12345")
        page.goto(f"{live_server.url}/dashboard/?unit={org.east.pk}")
        page.wait_for_load_state("networkidle")
        drawn = page.evaluate("['members-chart', 'trend-chart'].map(id => !!Chart.getChart(document.getElementById(id)))")
        assert drawn == [True, True], errors
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        text = page.inner_text("main")
        assert ("团队看板" in text and "达成率" in text) if language == "zh-hans" else "Team dashboard" in text
        shot(page, f"dashboard-{width}-{language}")
        assert not errors
    finally:
        context.close()
