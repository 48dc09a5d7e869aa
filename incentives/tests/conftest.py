import pytest
import time_machine

from incentives.tests.factories import TODAY


@pytest.fixture
def frozen():
    """Freeze the clock in early November 2026 (October is the latest finished month)."""
    with time_machine.travel(TODAY, tick=False):
        yield
