"""The performance tests' shared fixtures: the frozen clock (10 April 2026, so March is computable
and closed-or-not as each test makes it) and the two months of scorecards most page and API tests
start from."""

import pytest

from common.testing import frozen_clock
from performance.services import plans_open_for_month, scorecards_compute_drafts
from performance.tests.factories import FEBRUARY, MARCH, TODAY, give

#: Attainment of the four demo reps in March (and February): 80 %, 120 %, 90 %, 100 %.
ACTUALS = (("rep", 80000), ("teammate", 120000), ("rep2", 90000), ("rep3", 100000))


frozen = frozen_clock(TODAY)  # 10 April 2026 10:00 (Asia/Shanghai)


def _give_month(org, month):
    for name, actual in ACTUALS:
        give(getattr(org, name), month, target=100000, actual=actual)
    scorecards_compute_drafts(month=month)


@pytest.fixture
def march_drafts(org, frozen):
    """March's draft scorecards only (no plans)."""
    _give_month(org, MARCH)
    return org


@pytest.fixture
def march(org, frozen):
    """February and March computed and their plans opened (improvement + coaching for the rep)."""
    for month in (FEBRUARY, MARCH):
        _give_month(org, month)
        plans_open_for_month(month=month)
    return org
