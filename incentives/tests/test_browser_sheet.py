"""Issue 9, the bonus sheet in a real Chromium at 390 px and 1366 px: the pinned column is the
person's (first) and covers no amount (the audit's phone read "3" for 381.57 under a pinned Total;
the desktop hid Adjustments); the page itself never scrolls sideways; zero amounts are readable."""

import pytest

from common.testing import needs_chromium
from incentives.services import month_close
from incentives.tests.factories import OCTOBER, give

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]

#: For each amount of the first row: is it fully visible in the table's box and not under the pinned
#: column, once scrolled into view the way a reader scrolls (the box, never the page)?
COVERED_AMOUNTS = """() => {
  const wrap = document.querySelector('.sheet-table').closest('.table-wrap');
  const pin = document.querySelector('.sheet-table tbody tr:first-child .pin');
  const covered = [];
  for (const cell of document.querySelectorAll('.sheet-table tbody tr:first-child td.num')) {
    wrap.scrollLeft = 0;
    let box = cell.getBoundingClientRect();
    const room = wrap.getBoundingClientRect();
    if (box.right > room.right) { wrap.scrollLeft += box.right - room.right + 2; box = cell.getBoundingClientRect(); }
    const pinRight = pin.getBoundingClientRect().right;
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const hit = document.elementFromPoint(x, y);
    if (box.left < pinRight - 0.5 || !(hit === cell || cell.contains(hit))) covered.push(cell.textContent.trim());
  }
  wrap.scrollLeft = 0;
  return covered;
}"""


def contrast(foreground: str, background: str) -> float:
    def luminance(rgb: str) -> float:
        channels = [int(v) / 255 for v in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.fixture
def sheet(org):
    give(org.rep, target=100000, actual=130000)
    give(org.teammate, target=100000, actual=80000)
    give(org.rep2, target=400000, actual=381570)
    month_close(month=OCTOBER)
    return org


def signed_in(browser, base, *, width: int, language: str):
    context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 500)
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "hr")
    page.fill("input[name=password]", "pass-12345")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/bonus/2026-10/")
    page.wait_for_load_state("networkidle")
    return page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", [390, 1366])
def test_the_pinned_person_column_covers_no_amount(live_server, browser, sheet, width, language):
    page = signed_in(browser, live_server.url, width=width, language=language)
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # the page never scrolls sideways
    first = page.locator(".sheet-table tbody tr").first.locator(":scope > *").first
    assert first.evaluate("e => e.classList.contains('pin') && getComputedStyle(e).position") == "sticky"
    total = page.locator(".sheet-table tbody tr").first.locator("td.total")
    assert total.evaluate("e => getComputedStyle(e).position") == "static"  # Total is not pinned
    assert page.evaluate(COVERED_AMOUNTS) == []
    # a box that scrolls can be scrolled by keyboard too (axe: scrollable-region-focusable)
    unreachable = page.evaluate("""() => [...document.querySelectorAll('.table-wrap')]
        .filter(w => w.scrollWidth > w.clientWidth && w.tabIndex < 0).map(w => w.getAttribute('aria-label') || w.className)""")
    assert unreachable == []
    background = first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # solid: nothing shows through


def test_on_a_desktop_every_column_up_to_total_is_in_view(live_server, browser, sheet):
    page = signed_in(browser, live_server.url, width=1366, language="en")
    outside = page.evaluate("""() => {
      const room = document.querySelector('.sheet-table').closest('.table-wrap').getBoundingClientRect();
      return [...document.querySelectorAll('.sheet-table thead th')]
        .filter(th => th.getBoundingClientRect().right > room.right + 0.5).map(th => th.textContent.trim());
    }""")
    assert outside == []


def test_zero_amounts_are_readable(live_server, browser, sheet):
    page = signed_in(browser, live_server.url, width=1366, language="en")
    zero = page.locator(".sheet-table td.zero").first
    colour, background = zero.evaluate(
        "e => [getComputedStyle(e).color, getComputedStyle(e.closest('tr').querySelector('.pin')).backgroundColor]")
    assert contrast(colour, background) >= 4.5
