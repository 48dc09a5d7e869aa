"""The pure employment rules (`teams.rules`) every app asks."""

from datetime import date
from types import SimpleNamespace

import pytest

from teams import rules

POLICY = SimpleNamespace(new_hire_days=180)
OCT_START, OCT_END = date(2026, 10, 1), date(2026, 10, 31)


def person(hire_date=date(2026, 1, 1), left_on=None, active=True):
    return SimpleNamespace(hire_date=hire_date, left_on=left_on, active=active)


@pytest.mark.parametrize("hire_date,new", [
    (date(2026, 4, 5), True),    # 179 days of tenure on 1 Oct
    (date(2026, 10, 1), True),   # hired on the first day
    (date(2026, 4, 3), False),   # 181 days
])
def test_new_hire_is_tenure_under_the_policy_days_on_the_first_day(hire_date, new):
    assert rules.is_new_hire(person(hire_date), OCT_START, policy=POLICY) is new
    assert rules.is_core(person(hire_date), OCT_START, policy=POLICY) is not new


def test_exactly_the_policy_days_is_core():
    hired = date(2026, 4, 4)
    assert (OCT_START - hired).days == 180
    assert rules.is_new_hire(person(hired), OCT_START, policy=POLICY) is False
    assert rules.is_core(person(hired), OCT_START, policy=POLICY) is True


@pytest.mark.parametrize("employee,during,whole", [
    (person(), True, True),
    (person(active=False), False, False),                                   # inactive, no leaving date
    (person(hire_date=date(2026, 11, 1)), False, False),                   # hired after the month
    (person(hire_date=OCT_END), True, False),                              # hired on the last day
    (person(hire_date=OCT_START), True, True),                             # hired on the first day
    (person(left_on=date(2026, 9, 30), active=False), False, False),       # left the day before
    (person(left_on=OCT_START, active=False), True, False),                # left on the first day
    (person(left_on=OCT_END, active=True), True, True),                    # leaves on the last day
    (person(left_on=date(2026, 12, 31), active=True), True, True),
    (person(left_on=OCT_END, active=False), True, True),                   # the date decides, not the flag
])
def test_employed_during_and_the_whole_period(employee, during, whole):
    assert rules.employed_during(employee, OCT_START, OCT_END) is during
    assert rules.employed_whole_period(employee, OCT_START, OCT_END) is whole
