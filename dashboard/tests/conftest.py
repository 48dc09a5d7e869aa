"""Fixtures the dashboard tests share."""

from common.testing import frozen_clock as _frozen_clock
from common.testing import zh_hans  # noqa: F401 (a fixture)

#: The "today" of the dashboard tests (Monday 23 Nov 2026, Beijing time): November is running.
TODAY = "2026-11-23 10:00 +0800"

frozen_clock = _frozen_clock(TODAY, name="frozen_clock")
