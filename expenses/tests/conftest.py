from common.testing import english_fixture, frozen_clock
from expenses.tests.factories import NOW

#: Every expenses test runs on 16 November 2026, 10:00 in Shanghai, in English.
frozen = frozen_clock(NOW, autouse=True)
english = english_fixture()
