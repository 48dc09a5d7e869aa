"""End-to-end in Debian's chromium through Playwright: sign in as people of different roles on a
phone-sized and a desktop screen, and look at what they see. Screenshots land in artifacts/."""

import pytest

from tests.conftest import needs_chromium, shot
from tests.conftest import sign_in as _sign_in

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture
def browser(chromium):
    """A fresh context per test on the session's one Chromium (closed after the test)."""

    class Browser:
        def __init__(self):
            self.contexts = []

        def new_page(self, **options):
            context = chromium.new_context(**options)
            self.contexts.append(context)
            return context.new_page()

    opened = Browser()
    yield opened
    for context in opened.contexts:
        context.close()


def sign_in(page, base, username, password="pass-12345"):
    _sign_in(page, base, username, password)
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True)
def test_rep_on_a_phone_sees_only_own_part_of_the_org(live_server, browser):
    from teams.tests.factories import build_org

    org = build_org()
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    sign_in(page, live_server.url, "rep")
    assert org.rep.name in page.content()
    page.goto(f"{live_server.url}/org/")
    text = page.inner_text("main")
    assert "East-1" in text and "South-1" not in text
    shot(page, "org-chart-rep-phone")
    # The menu folds behind a button on a phone and opens on tap.
    assert not page.is_visible("nav.mainnav")
    page.click("button.nav-toggle")
    assert page.is_visible("nav.mainnav")
    assert page.get_attribute("button.nav-toggle", "aria-expanded") == "true"


@pytest.mark.django_db(transaction=True)
def test_director_desktop_and_chinese(live_server, browser):
    from teams.tests.factories import build_org

    build_org()
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    sign_in(page, live_server.url, "director")
    page.goto(f"{live_server.url}/org/")
    assert "South-1" in page.inner_text("main")
    page.select_option("select[name=language]", "zh-hans")
    page.wait_for_load_state("networkidle")
    assert "组织架构" in page.inner_text("main")
    shot(page, "org-chart-director-zh")


@pytest.mark.django_db(transaction=True)
def test_wrong_password_shows_an_error(live_server, browser):
    from teams.tests.factories import build_org

    build_org()
    page = browser.new_page()
    sign_in(page, live_server.url, "rep", password="nope")
    assert "/accounts/login/" in page.url
    assert page.is_visible(".error-box")
