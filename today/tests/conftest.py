"""Fixtures of the today tests: a frozen clock, English by default, a fresh badge cache."""

import pytest
import time_machine
from django.utils import translation

#: The "today" of these tests: Wednesday 8 July 2026, Beijing time (ISO week 2026-W28).
TODAY = "2026-07-08 10:00 +0800"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def zh_hans():
    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def _no_cached_badges():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
