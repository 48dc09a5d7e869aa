"""Fixtures of the today tests: a frozen clock, English by default, a fresh badge cache."""

import pytest

from common.testing import english_fixture, frozen_clock, zh_hans  # noqa: F401 (zh_hans: the fixture)

#: The "today" of these tests: Wednesday 8 July 2026, Beijing time (ISO week 2026-W28).
TODAY = "2026-07-08 10:00 +0800"

frozen = frozen_clock(TODAY, autouse=True)
english = english_fixture(autouse=True)


@pytest.fixture(autouse=True)
def _no_cached_badges():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
