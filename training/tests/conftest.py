import pytest
import time_machine

from training.tests.factories import NOW


@pytest.fixture
def frozen():
    """The clock stands still at Wednesday 10 June 2026, 10:00 (Asia/Shanghai)."""
    with time_machine.travel(NOW, tick=False):
        yield
