"""Fixtures the teams tests share."""

import pytest
import time_machine
from django.utils import translation

#: The "today" of the teams tests that depend on the date (Monday 23 Nov 2026, Beijing time).
TODAY = "2026-11-23 10:00 +0800"


@pytest.fixture
def frozen_clock():
    """The clock stands still at `TODAY` for the test."""
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def zh_hans():
    """The test runs in Simplified Chinese; the language is reset afterwards."""
    with translation.override("zh-hans"):
        yield
