"""Shared fixtures of the events tests: the clock stands still at 10 March 2026 10:00 (Shanghai)."""

import pytest

NOW = "2026-03-10 10:00 +0800"


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
