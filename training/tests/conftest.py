from common.testing import frozen_clock
from training.tests.factories import NOW

frozen = frozen_clock(NOW)  # Wednesday 10 June 2026, 10:00 (Asia/Shanghai)
