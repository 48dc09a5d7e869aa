import pytest
import time_machine

from incentives.tests.factories import TODAY


@pytest.fixture
def frozen():
    """Freeze the clock in early November 2026 (October is the latest finished month)."""
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def english():
    """Texts are asserted in English; a page request in another language must not leak into the
    next test (LocaleMiddleware leaves its language active on the thread)."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")
