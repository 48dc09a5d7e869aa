"""Rep · Today on a phone (390 px) in Debian's chromium, in English and in Simplified Chinese: no
sideways scroll of the page, every log button a thumb-sized target. Screenshots land in artifacts/."""

from datetime import date, timedelta

import pytest

from tests.conftest import chromium, needs_chromium, shot  # noqa: F401 - `chromium` is a fixture
from tests.conftest import sign_in as _sign_in

pytestmark = [pytest.mark.browser, needs_chromium]


def _seed_rep_with_due_customers():
    from customers.models import Customer, Tier
    from customers.tests.factories import CustomerFactory
    from teams.tests.factories import build_org

    org = build_org()
    today = date.today()
    names = ["Shanghai Precision Machinery Manufacturing Co., Ltd.", "Acme", "北京长城科技有限公司", "Delta Logistics"]
    for index, name in enumerate(names * 2):
        customer = CustomerFactory(owner=org.rep, name=f"{name} {index}", tier=[Tier.A, Tier.B, Tier.C][index % 3],
                                   next_follow_up_on=today - timedelta(days=index * 3))
        Customer.objects.filter(pk=customer.pk).update(last_follow_up_at=None)
    return org


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_today_on_a_phone(live_server, chromium, language):  # noqa: F811 - the fixture
    _seed_rep_with_due_customers()
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                   locale="zh-CN" if language == "zh-hans" else "en-US",
                                   extra_http_headers={"Accept-Language": language})
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        _sign_in(page, live_server.url, "rep", "pass-12345")
        page.goto(f"{live_server.url}/today/")
        page.wait_for_selector(".today .due li")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        sizes = page.eval_on_selector_all(".today .log", "els => els.map(e => [e.offsetWidth, e.offsetHeight])")
        assert sizes and all(width >= 48 and height >= 48 for width, height in sizes)
        text = page.inner_text("main")
        assert ("今天" in text and "逾期" in text) if language == "zh-hans" else ("Today" in text and "overdue" in text)
        shot(page, f"today-phone-{language}")
        assert not errors
    finally:
        context.close()
