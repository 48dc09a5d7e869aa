"""Money, periods and the working-day calendar."""

from datetime import date
from decimal import Decimal

import pytest

from common.calendar import add_working_days, working_days
from common.exceptions import ApplicationError
from common.models import CalendarDay
from common.money import allocate_largest_remainder, percent, to_money
from common.periods import Period, add_months, months_between

# --- money ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value,expected", [
    ("1.005", "1.01"), ("1.004", "1.00"), ("-1.005", "-1.01"), (2, "2.00"), (Decimal("0.125"), "0.13"),
])
def test_to_money_rounds_half_up_to_the_cent(value, expected):
    assert to_money(value) == Decimal(expected)


@pytest.mark.parametrize("numerator,denominator,expected", [
    (50, 200, Decimal("25.00")), (1, 3, Decimal("33.33")), (2, 3, Decimal("66.67")),
    (10, 0, None), (10, None, None), (None, 10, None),
])
def test_percent_has_two_decimals_and_no_denominator_is_none(numerator, denominator, expected):
    assert percent(numerator, denominator) == expected


def test_allocation_sums_exactly_and_breaks_ties_by_order():
    parts = allocate_largest_remainder(Decimal("100.00"), [("a", 1), ("b", 1), ("c", 1)])
    assert parts == {"a": Decimal("33.34"), "b": Decimal("33.33"), "c": Decimal("33.33")}
    negative = allocate_largest_remainder(Decimal("-0.05"), [("a", 1), ("b", 1)])
    assert negative == {"a": Decimal("-0.03"), "b": Decimal("-0.02")}
    assert sum(negative.values()) == Decimal("-0.05")


@pytest.mark.parametrize("total,weights", [
    (Decimal("1.001"), [("a", 1)]), (Decimal("1"), []), (Decimal("1"), [("a", -1)]), (Decimal("1"), [("a", 0)]),
])
def test_allocation_refuses_what_it_cannot_split(total, weights):
    with pytest.raises(ValueError):
        allocate_largest_remainder(total, weights)


# --- periods -------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("text,kind,start,end", [
    ("2026", "year", date(2026, 1, 1), date(2026, 12, 31)),
    ("2026-Q4", "quarter", date(2026, 10, 1), date(2026, 12, 31)),
    ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
])
def test_a_period_parses_and_knows_its_days(text, kind, start, end):
    period = Period.parse(text)
    assert (period.kind, period.start, period.end, str(period)) == (kind, start, end, text)
    assert period.days == (end - start).days + 1
    assert period.contains(start) and period.contains(end) and not period.contains(date(2030, 1, 1))


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["", "2026-13", "2026-Q5", "26", "abcd", None])
def test_a_bad_period_names_the_field(text):
    with pytest.raises(ApplicationError) as refused:
        Period.parse(text, field="when")
    assert refused.value.field == "when"


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["2026", "2026-Q1", "2026-1", "1800-01", "2026-00"])
def test_parse_month_takes_only_a_month_of_the_business_years(text):
    with pytest.raises(ApplicationError) as refused:
        Period.parse_month(text)
    assert refused.value.field == "month"


def test_months_quarters_and_neighbours():
    year = Period(2026)
    assert [str(p) for p in year.quarters()] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert len(year.months()) == 12
    assert [str(p) for p in Period(2026, quarter=2).months()] == ["2026-04", "2026-05", "2026-06"]
    assert Period(2026, month=3).months() == [Period(2026, month=3)]
    assert str(Period(2026, month=1).previous_month()) == "2025-12"
    assert str(Period(2026, month=12).next_month()) == "2027-01"
    assert Period.of_month(date(2026, 7, 9)) == Period(2026, month=7)
    assert str(Period(2026, quarter=3).shifted_years(-1)) == "2025-Q3"
    with pytest.raises(ValueError):
        Period(2026, quarter=1).quarters()
    with pytest.raises(ValueError):
        year.previous_month()
    with pytest.raises(ValueError):
        year.next_month()


@pytest.mark.parametrize("day,months,expected", [
    (date(2026, 1, 31), 1, date(2026, 2, 28)), (date(2026, 11, 15), 3, date(2027, 2, 15)),
    (date(2026, 3, 31), -1, date(2026, 2, 28)),
])
def test_add_months_keeps_the_day_or_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize("earlier,later,expected", [
    (date(2025, 6, 15), date(2026, 6, 15), 12), (date(2025, 6, 15), date(2026, 6, 14), 11),
    (date(2026, 1, 31), date(2026, 2, 28), 1),  # the month end counts as a whole month
])
def test_months_between_counts_whole_months(earlier, later, expected):
    assert months_between(earlier, later) == expected


# --- calendar ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_working_days_skip_weekends_and_holidays_and_count_make_up_days(django_assert_num_queries):
    CalendarDay.objects.create(day=date(2026, 10, 1), name="National Day", is_working_day=False)  # Thursday
    CalendarDay.objects.create(day=date(2026, 10, 10), name="Make-up day", is_working_day=True)  # Saturday
    with django_assert_num_queries(1):
        days = working_days(date(2026, 9, 28), date(2026, 10, 11))
    assert date(2026, 10, 1) not in days and date(2026, 10, 10) in days
    assert date(2026, 10, 3) not in days  # an ordinary Saturday
    assert len(days) == 10 - 1 + 1
    assert working_days(date(2026, 10, 2), date(2026, 10, 1)) == []
    assert "holiday" in str(CalendarDay.objects.get(day=date(2026, 10, 1)))


@pytest.mark.django_db
def test_add_working_days_counts_from_the_next_day():
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Friday → Monday
    assert add_working_days(date(2026, 11, 23), 5) == date(2026, 11, 30)
