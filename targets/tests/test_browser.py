"""The decomposition form's live preview in Debian's chromium (Playwright): typing weights shows
the split from the preview endpoint without saving anything."""

import pytest

from common.testing import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.mark.django_db(transaction=True)
def test_live_preview_of_a_weighted_split(live_server, browser):
    from targets.models import SalesTarget
    from targets.tests.factories import make_target
    from teams.tests.factories import build_org

    org = build_org()
    make_target("2026-03", "1000.00", org_unit=org.east1)
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "sup1")
    page.fill("input[name=password]", "pass-12345")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/targets/decompose/?org_unit={org.east1.pk}&period=2026-03")
    page.wait_for_selector("#live-preview table")
    assert "500.00" in page.inner_text("#live-preview")  # equal: two core reps
    page.select_option("select[name=method]", "weighted")
    page.fill(f"input[name=weight_{org.rep.pk}]", "1")
    page.fill(f"input[name=weight_{org.teammate.pk}]", "3")
    page.wait_for_function("document.querySelector('#live-preview').innerText.includes('750.00')")
    assert not errors
    assert not SalesTarget.objects.filter(employee__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
def test_a_collapsed_unit_opens_and_closes_in_place(live_server, browser, monkeypatch):
    from targets import views
    from targets.tests.factories import make_target
    from teams.tests.factories import build_org

    monkeypatch.setattr(views, "TREE_ROW_BUDGET", 3)  # company, East, South: the teams start collapsed
    org = build_org()
    make_target("2026-03", "1000.00", employee=org.rep)
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "director")
    page.fill("input[name=password]", "pass-12345")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/targets/?unit={org.company.pk}&period=2026-03")
    assert "East-1" not in page.inner_text(".targets-table")
    toggle = page.locator(f'tr[data-unit="{org.east.pk}"] .tree-toggle')
    toggle.click()
    page.wait_for_selector(f'tr[data-unit="{org.east1.pk}"]')
    assert toggle.get_attribute("aria-expanded") == "true"
    page.locator(f'tr[data-unit="{org.east1.pk}"] .tree-toggle').click()
    page.wait_for_function(f"document.querySelector('.targets-table').innerText.includes({org.rep.name!r})")
    toggle.click()  # closing East hides everything below it, East-1's people too
    assert not page.locator(f'tr[data-unit="{org.east1.pk}"]').is_visible()
    assert org.rep.name not in page.inner_text(".targets-table")
    toggle.click()  # reopening shows East's level again, East-1 still open
    assert page.locator(f'tr[data-unit="{org.east1.pk}"]').is_visible()
    assert not errors
