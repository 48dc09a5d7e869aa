"""The customers tests' shared fixtures. `march_tenth`: the clock stands still at 10 March 2026
10:00 (Asia/Shanghai), the "today" of the pipeline, contract, picker and form tests (one copy of
what seven files repeated)."""

import pytest

#: The frozen "now" of `march_tenth`.
MARCH_TENTH = "2026-03-10 10:00 +0800"


@pytest.fixture
def march_tenth(time_machine):
    time_machine.move_to(MARCH_TENTH, tick=False)
