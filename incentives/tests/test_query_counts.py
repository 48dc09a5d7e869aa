"""Query counts that do not grow with the number of reps or customers (SPEC §12, issue 5 "Speed",
issue 11): the month close, the sheet page, the sheet API and the export, each measured with 5 reps
(10 customers) and with 50 reps (150 customers) — equal counts, reads and writes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from customers.tests.factories import CustomerFactory
from incentives.models import BonusAward, BonusRow
from incentives.services import month_close
from incentives.tests.factories import JUNE, SEPTEMBER, add_reps, give
from teams.models import UnitKind
from teams.tests.factories import make_unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "unsplit_batches")]


def _split(ctx) -> tuple[int, int]:
    reads = [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    return len(reads), len(ctx.captured_queries) - len(reads)


@pytest.fixture
def north(org):
    region = make_unit("North", UnitKind.REGION, org.company)
    return make_unit("North-1", UnitKind.TEAM, region)


def _close(month, reps, *, customers_each: int = 1) -> tuple[int, int]:
    """Everyone at or above target, so neither month opens plans (a month that opens coaching
    plans reads and writes those once more, whatever the head count: a different path, not growth).
    Each sale brings its customer; `customers_each` more per rep are tiered by the close too."""
    for index, rep in enumerate(reps):
        give(rep, month, target=100000, actual=100000 + 1000 * index)
        CustomerFactory.create_batch(customers_each, owner=rep, created_by=rep)
    with CaptureQueriesContext(connection) as ctx:
        month_close(month=month)
    assert BonusRow.objects.filter(sheet__month=month.start, employee__in=reps).count() == len(reps)
    return _split(ctx)


def test_month_close_query_count_does_not_grow_with_reps(org, north):
    few = add_reps(north, 5, prefix="A")
    reads_5, writes_5 = _close(JUNE, few)
    many = few + add_reps(north, 45, prefix="B")
    reads_50, writes_50 = _close(SEPTEMBER, many, customers_each=2)
    # both months end a quarter: the named awards are decided (and written) in each
    assert BonusAward.objects.filter(sheet__month=JUNE.start).exists()
    assert BonusAward.objects.filter(sheet__month=SEPTEMBER.start).exists()
    assert reads_50 == reads_5
    assert writes_50 == writes_5  # bulk writes, one statement per table (`unsplit_batches`)


def _page_and_api_counts(org, page, api, month) -> dict[str, int]:
    counts = {}
    browser, client = page(org.hr), api(org.hr)
    requests = {
        "page": lambda: browser.get(f"/bonus/{month}/"),
        "api": lambda: client.get(f"/api/v1/bonus-sheets/{month}/"),
        "xlsx": lambda: client.get(f"/api/v1/bonus-sheets/{month}/export/?format=xlsx"),
        "csv": lambda: client.get(f"/api/v1/bonus-sheets/{month}/export/?format=csv"),
        "scorecards": lambda: client.get(f"/api/v1/scorecards/?month={month}"),
    }
    for name, request in requests.items():
        request()  # warm up (session, content types)
        with CaptureQueriesContext(connection) as ctx:
            assert request().status_code == 200
        counts[name] = len(ctx.captured_queries)
    return counts


def test_sheet_page_api_and_export_query_counts_do_not_grow_with_rows(org, north, page, api):
    few = add_reps(north, 5, prefix="A")
    _close(JUNE, few)
    many = few + add_reps(north, 45, prefix="B")
    _close(SEPTEMBER, many)
    small = _page_and_api_counts(org, page, api, JUNE)
    large = _page_and_api_counts(org, page, api, SEPTEMBER)
    assert small == large
    assert large["page"] <= 20 and large["api"] <= 8 and large["xlsx"] <= 8
