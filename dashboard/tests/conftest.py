"""Fixtures the dashboard tests share."""

import pytest
import time_machine
from django.utils import translation

#: The "today" of the dashboard tests (Monday 23 Nov 2026, Beijing time): November is running.
TODAY = "2026-11-23 10:00 +0800"


@pytest.fixture
def frozen_clock():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def zh_hans():
    with translation.override("zh-hans"):
        yield
