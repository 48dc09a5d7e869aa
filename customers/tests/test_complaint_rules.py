"""The pure rules of complaints and customer health (SPEC §16), at their edges — no database."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from customers.rules import (
    complaint_rate,
    complaints_score,
    contact_recency_score,
    health_band,
    health_score,
    payment_score,
    revenue_trend_score,
    sla_breached,
)

DUE = datetime(2026, 3, 10, 10, 0)
D = Decimal


def test_complaint_rate_is_per_100_active_customers():
    assert complaint_rate(complaints=3, active_customers=40) == D("7.50")


def test_complaint_rate_rounds_half_up_to_two_decimals():
    assert complaint_rate(complaints=1, active_customers=3) == D("33.33")
    assert complaint_rate(complaints=2, active_customers=3) == D("66.67")


@pytest.mark.parametrize("complaints", [0, 4])
def test_complaint_rate_without_active_customers_is_no_data(complaints):
    assert complaint_rate(complaints=complaints, active_customers=0) is None


def test_no_complaints_is_a_rate_of_zero():
    assert complaint_rate(complaints=0, active_customers=10) == D("0.00")


def test_done_exactly_at_the_due_time_is_not_a_breach():
    assert not sla_breached(due_at=DUE, done_at=DUE, now=DUE + timedelta(days=3))


def test_done_one_minute_after_the_due_time_is_a_breach():
    assert sla_breached(due_at=DUE, done_at=DUE + timedelta(minutes=1), now=DUE + timedelta(days=3))


def test_not_done_exactly_at_the_due_time_is_not_yet_a_breach():
    assert not sla_breached(due_at=DUE, done_at=None, now=DUE)


def test_not_done_one_minute_after_the_due_time_is_a_breach():
    assert sla_breached(due_at=DUE, done_at=None, now=DUE + timedelta(minutes=1))


@pytest.mark.parametrize(("days", "score"), [
    (0, "100.00"), (14, "100.00"),  # within the cadence (×1 included)
    (15, "96.43"), (28, "50.00"), (41, "3.57"),  # between ×1 and ×3: linear (halfway = 50)
    (42, "0.00"), (60, "0.00"),  # ×3 and beyond
])
def test_contact_recency_falls_linearly_from_the_cadence_to_three_times_it(days, score):
    assert contact_recency_score(days_since=days, cadence_days=14) == D(score)


@pytest.mark.parametrize(("current", "previous", "score"), [
    ("100", "100", "100.00"), ("150", "100", "100.00"),  # ≥ 100 %
    ("75", "100", "50.00"),  # halfway
    ("50", "100", "0.00"), ("10", "100", "0.00"),  # ≤ 50 %
    ("0", "0", "100.00"), ("500", "0", "100.00"),  # no prior revenue
])
def test_revenue_trend_between_50_and_100_percent(current, previous, score):
    assert revenue_trend_score(revenue_12m=D(current), revenue_prev_12m=D(previous)) == D(score)


@pytest.mark.parametrize(("days", "score"), [(0, "100.00"), (1, "50.00"), (30, "50.00"), (31, "0.00")])
def test_payment_behaviour_at_30_days_overdue(days, score):
    assert payment_score(max_overdue_days=days) == D(score)


@pytest.mark.parametrize(("recent", "unresolved", "score"), [
    (0, 0, "100.00"), (1, 0, "75.00"), (1, 1, "25.00"), (4, 0, "0.00"), (3, 2, "0.00"),
])
def test_complaints_component_floored_at_zero(recent, unresolved, score):
    assert complaints_score(recent=recent, unresolved=unresolved) == D(score)


WEIGHTS = {"contact_recency": 25, "revenue_trend": 25, "payment": 20, "satisfaction": 15, "complaints": 15}


def test_health_score_is_the_weighted_mean():
    scores = {"contact_recency": D(100), "revenue_trend": D(0), "payment": D(50), "satisfaction": D(80),
              "complaints": D(100)}
    # (2500 + 0 + 1000 + 1200 + 1500) / 100
    assert health_score(scores=scores, weights=WEIGHTS) == D("62.00")


def test_health_score_without_a_survey_renormalises_the_other_weights():
    scores = {"contact_recency": D(100), "revenue_trend": D(0), "payment": D(50), "complaints": D(100)}
    # (2500 + 0 + 1000 + 1500) / 85
    assert health_score(scores=scores, weights=WEIGHTS) == D("58.82")


@pytest.mark.parametrize(("score", "band"), [
    ("70.00", "healthy"), ("69.99", "watch"), ("40.00", "watch"), ("39.99", "at_risk"), ("0", "at_risk"),
    ("100", "healthy"),
])
def test_band_boundaries_40_and_70(score, band):
    assert health_band(D(score), healthy_from=D(70), watch_from=D(40)) == band
