"""End-to-end in Debian's chromium through Playwright: sign in as people of different roles on a
phone-sized and a desktop screen, and look at what they see. Screenshots land in artifacts/."""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture
def browser(monkeypatch):
    playwright_sync = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs in the test thread
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


def sign_in(page, base, username, password="pass-12345"):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


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
    page.click("label.nav-toggle-label")
    assert page.is_visible("nav.mainnav")


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
