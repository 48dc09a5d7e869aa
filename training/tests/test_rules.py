from datetime import date
from decimal import Decimal

import pytest

from training import rules


@pytest.mark.parametrize(("score", "passed"), [("79.99", False), ("80.00", True), ("100", True), ("0", False)])
def test_pass_mark_edge(score, passed):
    assert rules.assessment_passed(Decimal(score), pass_mark=Decimal("80.00")) is passed


def test_pass_mark_is_a_parameter():
    assert rules.assessment_passed(Decimal("70"), pass_mark=Decimal("70")) is True


@pytest.mark.parametrize(("so_far", "expected"), [(0, 1), (1, 2), (2, 3), (3, None)])
def test_next_attempt_allows_two_retakes(so_far, expected):
    assert rules.next_attempt(attempts_so_far=so_far, max_attempts=3) == expected


def test_mean_score():
    assert rules.mean_score(total=Decimal("165"), count=2) == Decimal("82.50")
    assert rules.mean_score(total=Decimal("200.01"), count=3) == Decimal("66.67")
    assert rules.mean_score(total=Decimal("0"), count=0) is None


def test_expiry_notice_day():
    assert rules.expiry_notice_day(date(2026, 7, 10), notice_days=30) == date(2026, 6, 10)


@pytest.mark.parametrize(("day", "due"), [(19, False), (20, True), (21, True), (30, True)])
def test_monthly_reminder_from_the_20th(day, due):
    assert rules.monthly_reminder_due(date(2026, 6, day), reminder_day=20) is due


def test_a_certification_is_valid_on_its_expiry_day_and_expired_the_day_after():
    from training.rules import certification_expired

    assert certification_expired(date(2026, 7, 8), today=date(2026, 7, 8)) is False
    assert certification_expired(date(2026, 7, 7), today=date(2026, 7, 8)) is True
    assert certification_expired(None, today=date(2026, 7, 8)) is False
