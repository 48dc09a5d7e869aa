from decimal import Decimal as D

import pytest

from performance import rules
from performance.rules import KPIResult
from targets.rules import attainment_pct


@pytest.mark.parametrize(
    ("actual", "target", "score"),
    [
        ("59990.00", "100000.00", D("59.99")),
        ("60000.00", "100000.00", D("60.00")),
        ("100000.00", "100000.00", D("100.00")),
        ("120000.00", "100000.00", D("120.00")),
        ("130000.00", "100000.00", D("120.00")),
        ("0.00", "100000.00", D("0.00")),
    ],
)
def test_attainment_score_is_capped_at_120(actual, target, score):
    pct = attainment_pct(D(actual), D(target))
    assert rules.score_attainment(pct) == score


def test_attainment_without_target_has_no_data():
    assert attainment_pct(D("5000"), None) is None
    assert attainment_pct(D("5000"), D("0")) is None
    assert rules.score_attainment(None) is None


@pytest.mark.parametrize(("count", "score"), [(0, "0.00"), (3, "60.00"), (5, "100.00"), (6, "120.00"), (9, "120.00")])
def test_prospects_score(count, score):
    assert rules.score_prospects(count, goal=5) == D(score)


def test_prospects_without_goal_has_no_data():
    assert rules.score_prospects(3, goal=0) is None


def test_other_scores():
    assert rules.score_collection(D("750"), D("1000")) == D("75.00")
    assert rules.score_collection(None, None) is None
    assert rules.score_collection(D("0"), D("0")) is None
    assert rules.score_share(D("0.8")) == D("80.00")
    assert rules.score_share(None) is None
    assert rules.score_mean(D("86.555")) == D("86.56")
    assert rules.score_rating(0) == D("0.00")
    assert rules.score_rating(None) is None


def test_composite_renormalises_over_kpis_with_data():
    # only attainment (40), prospects (15) and follow-up compliance (10) have data → ÷ 65
    results = [
        KPIResult("sales_attainment", 40, D("95.50")),
        KPIResult("new_prospects", 15, D("60.00")),
        KPIResult("satisfaction", 15, None),
        KPIResult("collection_rate", 10, None),
        KPIResult("followup_compliance", 10, D("73.00")),
        KPIResult("training", 5, None),
        KPIResult("manager_rating", 5, None),
    ]
    expected = (D(40) * D("95.50") + D(15) * D("60.00") + D(10) * D("73.00")) / D(65)  # 83.846…
    assert rules.composite(results) == D("83.85") == expected.quantize(D("0.01"))
    assert rules.composite_formula(results) == "(40 × 95.50 + 15 × 60.00 + 10 × 73.00) ÷ 65"


def test_composite_all_kpis_with_data_divides_by_100():
    results = [KPIResult(code, weight, D("80.00")) for code, weight in
               [("a", 40), ("b", 15), ("c", 15), ("d", 10), ("e", 10), ("f", 5), ("g", 5)]]
    assert rules.composite(results) == D("80.00")


def test_composite_rounds_half_up_once():
    results = [KPIResult("a", 40, D("100.01")), KPIResult("b", 40, D("100.00"))]
    assert rules.composite(results) == D("100.01")  # 100.005 → half-up, not banker's 100.00


def test_composite_without_any_data_is_empty():
    assert rules.composite([KPIResult("a", 40, None), KPIResult("b", 0, D("50"))]) is None


def test_competition_ranking_with_ties():
    ranks = rules.competition_ranks({"a": D("90"), "b": D("85"), "c": D("85"), "d": D("80"), "e": None})
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4, "e": None}


def test_competition_ranking_all_tied():
    assert rules.competition_ranks({1: D("70"), 2: D("70")}) == {1: 1, 2: 1}


@pytest.mark.parametrize(
    ("history", "streak"),
    [
        ([D("99.99")], 1),
        ([D("100.00")], 0),
        ([D("80"), D("99"), D("100"), D("50")], 2),
        ([D("80"), D("99"), D("60")], 3),
        ([D("80"), None, D("60")], 1),
        ([None, D("60")], 0),
    ],
)
def test_consecutive_months_below_target(history, streak):
    assert rules.consecutive_below(history) == streak


def test_flags():
    assert rules.scorecard_flags(attainment=D("99.99"), satisfaction=D("79.99"), low_satisfaction_below=D("80"),
                                 months_below=1) == ["below_target", "low_satisfaction"]
    assert rules.scorecard_flags(attainment=D("100"), satisfaction=D("80"), low_satisfaction_below=D("80"),
                                 months_below=0) == []
    assert rules.scorecard_flags(attainment=None, satisfaction=None, low_satisfaction_below=D("80"),
                                 months_below=0, unexcused_absences=1) == ["unexcused_absences"]
    assert rules.scorecard_flags(attainment=D("50"), satisfaction=None, low_satisfaction_below=D("80"),
                                 months_below=2) == ["below_target", "coaching_plan"]
    assert rules.scorecard_flags(attainment=D("50"), satisfaction=None, low_satisfaction_below=D("80"),
                                 months_below=3) == ["below_target", "coaching_plan", "escalated"]


def test_draft_changes_and_their_description():
    """What changed is recorded as data and described with the KPI's and flags' names, never their
    codes, in the reader's language (the description is a phrase, rendered when read)."""
    from django.utils import translation

    from common.phrases import render
    from performance.explain import change_phrase

    old = {"composite": "87.20", "team_rank": 1, "company_rank": 2, "flags": [], "scheme_version": 1,
           "kpis": [{"code": "sales_attainment", "value": "80.00", "score": "80.00"}]}
    new = {**old, "composite": "88.10", "flags": ["below_target"],
           "kpis": [{"code": "sales_attainment", "value": "82.00", "score": "82.00"}]}
    changes = rules.draft_changes(old, new)
    with translation.override("en"):
        described = [render(change_phrase(c)) for c in changes]
    assert "Composite score 87.20 → 88.10" in described
    assert "Flags none → Below target" in described
    assert "Sales attainment: value 80.00 → 82.00" in described
    assert not any("sales_attainment" in text or "below_target" in text for text in described)
    with translation.override("zh-hans"):
        described = [render(change_phrase(c)) for c in changes]
    assert "销售额达成率：数值 80.00 → 82.00" in described
    assert rules.draft_changes(old, old) == []
    assert rules.draft_changes(None, new) == []


def test_a_percentage_is_the_score_and_a_share_is_scaled_once():
    """The ×100 follow-up compliance bug (issue 10): a percentage 0–100 is never multiplied again,
    a share 0–1 is multiplied exactly once; the name says which."""
    assert rules.score_pct(D("63.64")) == D("63.64")
    assert rules.score_pct(D("130")) == D("120.00")  # capped like every score
    assert rules.score_pct(None) is None
    assert rules.score_share(D("0.6364")) == D("63.64")
    assert rules.score_share(D("1.5")) == D("120.00")


def test_an_open_improvement_plan_is_overdue_from_the_day_after_its_due_date():
    from datetime import date

    due = date(2026, 4, 7)
    assert not rules.improvement_plan_overdue(status="open", due_on=due, today=due)
    assert rules.improvement_plan_overdue(status="open", due_on=due, today=date(2026, 4, 8))
    assert not rules.improvement_plan_overdue(status="submitted", due_on=due, today=date(2026, 4, 8))
