"""The attainment rules at their edges (pure: no database)."""

from decimal import Decimal as D

import pytest

from targets.rules import attainment_pct, attainment_standing, reached_target


@pytest.mark.parametrize("target", [None, D("0"), D("0.00"), D("-5")])
def test_no_attainment_without_a_positive_target(target):
    assert attainment_pct(D("100"), target) is None
    assert reached_target(D("100"), target) is False


def test_attainment_is_a_percentage_with_two_decimals_half_up():
    assert attainment_pct(D("80"), D("100")) == D("80.00")
    assert attainment_pct(D("1"), D("3")) == D("33.33")
    assert attainment_pct(D("2"), D("3")) == D("66.67")
    assert attainment_pct(D("120000"), D("100000")) == D("120.00")


def test_no_actual_counts_as_nothing_sold():
    assert attainment_pct(None, D("100")) == D("0.00")
    assert reached_target(None, D("100")) is False


def test_negative_actual_gives_a_negative_percentage_and_never_reaches():
    assert attainment_pct(D("-25"), D("100")) == D("-25.00")
    assert reached_target(D("-25"), D("100")) is False


def test_99_995_shows_as_100_but_has_not_reached():
    assert attainment_pct(D("99.995"), D("100")) == D("100.00")
    assert reached_target(D("99.995"), D("100")) is False
    assert attainment_pct(D("99.994"), D("100")) == D("99.99")


def test_exactly_the_target_reaches():
    assert reached_target(D("100"), D("100")) is True
    assert reached_target(D("100.01"), D("100")) is True
    assert reached_target(D("99.99"), D("100")) is False


def test_a_plan_threshold_is_compared_exactly():
    assert reached_target(D("90"), D("100"), threshold_pct=D("90")) is True
    assert reached_target(D("89.999"), D("100"), threshold_pct=D("90")) is False
    assert reached_target(D("0"), D("100"), threshold_pct=D("0")) is True


@pytest.mark.parametrize(("actual", "standing"), [
    (D("100"), "ok"), (D("99.995"), "warn"), (D("80"), "warn"), (D("79.995"), "warn"), (D("79.99"), "bad"),
    (D("-1"), "bad"),
])
def test_standing_of_an_attainment(actual, standing):
    assert attainment_standing(actual, D("100")) == standing


def test_no_standing_without_a_target():
    assert attainment_standing(D("5"), None) is None and attainment_standing(D("5"), D("0")) is None
