import pytest
import time_machine

from expenses.tests.factories import NOW


@pytest.fixture(autouse=True)
def frozen():
    """Every expenses test runs on 16 November 2026, 10:00 in Shanghai."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; a zh-Hans page request must not leak into the next test."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")
