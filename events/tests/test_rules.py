from datetime import date
from decimal import Decimal

from events.rules import funnel_figures, rate_pct, signed_within, split_quota


def test_split_with_a_remainder_goes_to_the_lower_numbers():
    assert split_quota(target=10, employees=[(7, "R0003"), (5, "R0001"), (6, "R0002")]) == {5: 4, 6: 3, 7: 3}


def test_split_tie_on_equal_shares_uses_employee_number_not_id():
    assert split_quota(target=3, employees=[(1, "R0009"), (2, "R0002")]) == {2: 2, 1: 1}


def test_split_smaller_target_than_team_gives_zeros():
    assert split_quota(target=1, employees=[(1, "B"), (2, "A")]) == {2: 1, 1: 0}


def test_split_without_reps_is_empty():
    assert split_quota(target=5, employees=[]) == {}


def test_every_rate_is_empty_at_zero_denominators():
    figures = funnel_figures(invited=0, accepted=0, declined=0, no_answer=0, confirmed=0, attended=0, walk_ins=0,
                             signed=0, revenue=Decimal("0"), cost=Decimal("0"))
    assert figures["acceptance_rate"] is None
    assert figures["attendance_rate"] is None
    assert figures["conversion_rate"] is None
    assert figures["cost_per_attendee"] is None
    assert figures["roi"] is None


def test_rates_of_a_full_funnel():
    figures = funnel_figures(invited=10, accepted=6, declined=3, no_answer=1, confirmed=5, attended=5, walk_ins=1,
                             signed=2, revenue=Decimal("30000"), cost=Decimal("1500"))
    assert figures["acceptance_rate"] == Decimal("60.00")
    assert figures["attendance_rate"] == Decimal("66.67")  # 4 invitees of 6 accepted came
    assert figures["conversion_rate"] == Decimal("40.00")
    assert figures["cost_per_attendee"] == Decimal("300.00")
    assert figures["roi"] == Decimal("20.00")


def test_conversion_window_day_30_counts_day_31_does_not():
    held = date(2026, 3, 1)
    assert signed_within(event_day=held, window_days=30, signed_on=date(2026, 3, 31))
    assert not signed_within(event_day=held, window_days=30, signed_on=date(2026, 4, 1))
    assert signed_within(event_day=held, window_days=30, signed_on=held)
    assert not signed_within(event_day=held, window_days=30, signed_on=date(2026, 2, 28))


def test_rate_rounds_half_up():
    assert rate_pct(1, 8) == Decimal("12.50")
    assert rate_pct(2, 3) == Decimal("66.67")
