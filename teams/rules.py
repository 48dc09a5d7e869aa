"""Pure rules about people and their employment (no database access). Every app asks these
instead of comparing `hire_date`, `left_on` and `active` itself.

How `active` and `left_on` combine (the treatment the payroll — `incentives` — tests encode):

* a **leaving date**, when set, decides: the person is employed up to and including `left_on`,
  whatever the `active` flag says (it may lag behind a date that has not passed yet);
* **without a leaving date** the `active` flag decides: an inactive person without a leaving date
  is treated as not employed in any period (we do not know until when they worked);
* nobody is employed before their `hire_date`.
"""

from datetime import date


def is_new_hire(employee, period_start: date, *, policy) -> bool:
    """Tenure under `policy.new_hire_days` (default 180) on the first day of the period (SPEC §1.1);
    the others are core staff."""
    return (period_start - employee.hire_date).days < policy.new_hire_days


def is_core(employee, period_start: date, *, policy) -> bool:
    """Core staff: tenure of at least `policy.new_hire_days` on the period's first day."""
    return not is_new_hire(employee, period_start, policy=policy)


def employed_during(employee, start: date, end: date) -> bool:
    """Employed on at least one day of `start`..`end` (inclusive)."""
    if employee.hire_date > end:
        return False
    if employee.left_on is not None:
        return employee.left_on >= start
    return bool(employee.active)


def employed_whole_period(employee, start: date, end: date) -> bool:
    """Employed on every day of `start`..`end` (inclusive): hired on or before `start` and, with a
    leaving date, leaving on or after `end`; without one, active."""
    if employee.hire_date > start:
        return False
    if employee.left_on is not None:
        return employee.left_on >= end
    return bool(employee.active)
