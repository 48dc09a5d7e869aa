"""Every page of every demo role, in English and 简体中文, on a phone (390 px) and a desktop
(1366 px): no serious or critical axe-core violation, the page itself never scrolls sideways, and
every date a form shows is one the browser can read (SPEC §9; issue 9).

The pages are found, not listed: each role's navigation, then the links on those pages and on the
pages they lead to (two steps), one page per kind of address (`/customers/<id>/` once, whichever
customer is linked first). axe-core is the pinned copy in `static/vendor/axe-core/`, served by the
site itself. Per role one browser and one context per language × width, the four side by side
(asyncio, in a thread of its own: the session's other browser tests use Playwright's sync API).
Screenshots of every page at 390 px in 简体中文 land in `artifacts/a11y/`.
"""

import asyncio
import re
import threading
from urllib.parse import urlsplit

import pytest

from tests.conftest import ARTIFACTS, CHROMIUM, DEMO_PASSWORD, FLAGS, needs_chromium, sign_in

pytestmark = [pytest.mark.browser, needs_chromium]

ROLES = {
    "rep": "rep01",
    "supervisor": "sup.east1",
    "manager": "manager.east",
    "director": "director",
    "hr": "hr",
    "finance": "finance",
}
LANGUAGES = ["en", "zh-hans"]
BROWSER_LOCALE = {"en": "en-GB", "zh-hans": "zh-CN"}  # what the browser itself speaks (date pickers)
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
CRAWL_STEPS = 2

# Not pages of the portal (admin, API docs, sign-out), or not pages at all (downloads).
NOT_A_PAGE = re.compile(r"^/(api|admin|i18n|accounts|static|media)/|/export(\.\w+)?/?$|\.(csv|xlsx|pdf)$")

#: Temporary, listed exceptions: (address kind, axe rule) → why, and who fixes it. Every entry is
#: also in /tmp/a11y-findings.md and the issue's report; remove the entry with the fix.
KNOWN_VIOLATIONS: dict[tuple[str, str], str] = {}

AXE_RUN = """() => axe.run(document, {resultTypes: ['violations']}).then(result => result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')), count: v.nodes.length})))"""
PAGE_WIDTH = """() => {
    const root = document.documentElement, width = {scroll: root.scrollWidth, client: root.clientWidth, widest: []};
    if (width.scroll > width.client) {
        width.widest = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1 && !e.parentElement.closest('.table-wrap, .scroll-x'))
            .slice(0, 4).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).trim().split(/\\s+/).join('.') : ''));
    }
    return width;
}"""
LINKS = "links => links.map(a => a.href)"
#: A date the server rendered in a form that the browser cannot read (it would submit it empty).
REFUSED_DATES = """() => [...document.querySelectorAll('input')]
    .filter(i => ['date', 'datetime-local', 'month', 'week', 'time'].includes(i.type) && i.getAttribute('value') && !i.value)
    .map(i => `${i.name}="${i.getAttribute('value')}"`)"""


def address_kind(path: str) -> str:
    """/customers/24/ and /customers/31/ are the same kind of page; so are /bonus/2026-10/ and -11/."""
    path = re.sub(r"/\d{4}-W\d{2}(?=/|$)", "/<week>", path)
    path = re.sub(r"/\d{4}-\d{2}(?=/|$)", "/<month>", path)
    return re.sub(r"/\d+(?=/|$)", "/<id>", path)


def _same_site_pages(hrefs: list[str], base: str) -> list[str]:
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" == base and not NOT_A_PAGE.search(parts.path):
            paths.append(parts.path)
    return paths


async def _sign_in(page, base: str, username: str) -> None:
    await page.goto(f"{base}/accounts/login/")
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", DEMO_PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_load_state()


async def discover_pages(page, base: str) -> list[str]:
    """The role's pages: home and its navigation, then what they link to, CRAWL_STEPS deep."""
    await page.goto(f"{base}/")
    frontier = ["/", *_same_site_pages(await page.eval_on_selector_all("nav.mainnav a[href]", LINKS), base)]
    found: dict[str, str] = {}
    for _ in range(CRAWL_STEPS + 1):
        following = []
        for path in dict.fromkeys(frontier):
            kind = address_kind(path)
            if kind in found:
                continue
            found[kind] = path
            response = await page.goto(f"{base}{path}")
            if response is not None and response.status < 400:
                links = await page.eval_on_selector_all("a[href]:not([download])", LINKS)
                following.extend(p for p in _same_site_pages(links, base) if address_kind(p) not in found)
        frontier = following
    return list(found.values())


async def check_page(page, base: str, path: str, label: str) -> list[str]:
    response = await page.goto(f"{base}{path}")
    if response is None or response.status >= 400:
        return [f"{label} {path}: HTTP {response.status if response else '—'} (a link leads here)"]
    problems = []
    width = await page.evaluate(PAGE_WIDTH)
    if width["scroll"] > width["client"]:
        problems.append(f"{label} {path}: the page scrolls sideways ({width['scroll']} px > {width['client']} px; "
                        f"too wide: {', '.join(width['widest']) or '?'})")
    refused = await page.evaluate(REFUSED_DATES)
    if refused:
        problems.append(f"{label} {path}: the browser cannot read the date in {', '.join(refused)} (it would submit it empty)")
    await page.add_script_tag(url=f"{base}/static/vendor/axe-core/axe.min.js")
    for violation in await page.evaluate(AXE_RUN):
        if (address_kind(path), violation["id"]) in KNOWN_VIOLATIONS:
            continue
        problems.append(f"{label} {path}: {violation['id']} ({violation['impact']}, {violation['count']}×) "
                        f"{violation['help']}: {'; '.join(violation['nodes'])}")
    return problems


async def _check_all(browser, base, session, role, language, width_name, pages) -> list[str]:
    viewport = WIDTHS[width_name]
    context = await browser.new_context(viewport=viewport, storage_state=session, locale=BROWSER_LOCALE[language])
    await context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page = await context.new_page()
    label = f"[{role} {language} {viewport['width']}px]"
    problems = []
    for path in pages:
        problems += await check_page(page, base, path, label)
        if (language, width_name) == ("zh-hans", "phone"):
            name = address_kind(path).strip("/").replace("/", "_").replace("<", "").replace(">", "") or "home"
            (ARTIFACTS / "a11y").mkdir(parents=True, exist_ok=True)
            await page.screenshot(path=str(ARTIFACTS / "a11y" / f"{role}-{name}.png"), full_page=True)
    await context.close()
    return problems


async def sweep(base: str, role: str) -> tuple[list[str], list[str]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        context = await browser.new_context(viewport=WIDTHS["desktop"])
        page = await context.new_page()
        await _sign_in(page, base, ROLES[role])
        assert not urlsplit(page.url).path.startswith("/accounts/login"), f"{ROLES[role]} could not sign in"
        pages = await discover_pages(page, base)
        session = await context.storage_state()
        await context.close()
        results = await asyncio.gather(*[
            _check_all(browser, base, session, role, language, width_name, pages)
            for language in LANGUAGES for width_name in WIDTHS
        ])
        await browser.close()
    return pages, [problem for problems in results for problem in problems]


def _in_own_thread(coroutine_function, *args):
    outcome = {}

    def run():
        try:
            outcome["value"] = asyncio.run(coroutine_function(*args))
        except BaseException as exc:  # re-raised in the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="a11y-sweep")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_is_accessible_and_fits_the_screen(demo_site, role):
    pages, problems = _in_own_thread(sweep, demo_site, role)
    assert len(pages) >= 3, pages
    assert not problems, f"{len(problems)} problems on {len(pages)} pages:\n" + "\n".join(problems)


def test_the_phone_menu_opens_by_keyboard_and_says_so(chromium, demo_site):
    context = chromium.new_context(viewport=WIDTHS["phone"])
    page = context.new_page()
    sign_in(page, demo_site, ROLES["rep"])
    toggle = page.locator("button.nav-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.is_visible("nav.mainnav")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.is_visible("nav.mainnav")
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not page.is_visible("nav.mainnav")
    page.keyboard.press("Space")
    assert page.is_visible("nav.mainnav")
    # On a desktop the menu is always there and the button is not.
    page.set_viewport_size(WIDTHS["desktop"])
    assert page.is_visible("nav.mainnav") and not toggle.is_visible()
    context.close()
