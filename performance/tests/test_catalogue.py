"""The KPI catalogue (SPEC §4.1): one registered function per code, each at its edges, with its
explanation; pure (no database) — figures are built by hand."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from common import phrases
from performance import catalogue, rules
from performance.models import KPI_ORDER, KPIScheme
from performance.services.inputs import CATALOGUE_SOURCES, Figures


def scheme(**parameters) -> KPIScheme:
    return KPIScheme(role="rep", **parameters)  # unsaved: the model's defaults


def measured(code, **figures):
    return catalogue.measure(code, figures=Figures(**figures), scheme=scheme())


def said(code, result) -> str:
    row = {"code": code, "score": None if result.score is None else str(result.score), "facts": result.facts}
    with translation.override("en"):
        return phrases.render(catalogue.explanation(row))


def test_every_kpi_code_has_exactly_one_catalogue_function_and_a_weight_column():
    assert catalogue.codes() == KPI_ORDER
    assert {f.name for f in KPIScheme._meta.fields if f.name.startswith("w_")} == {f"w_{c}" for c in KPI_ORDER}
    assert set(CATALOGUE_SOURCES) == {c for c, k in catalogue.CATALOGUE.items() if k.optional_source}


def test_registering_a_code_twice_is_refused():
    with pytest.raises(ValueError, match="twice"):
        catalogue.kpi("training", explain=lambda facts, score: None)(lambda figures, scheme: None)


# --- complaint rate: score = 100 × (1 − min(rate ÷ limit, 1)) -----------------------------------------


def test_complaint_rate_without_active_customers_is_no_data_whatever_the_complaints():
    result = measured("complaint_rate", pairs={"complaint_rate": (3, 0)})
    assert result.score is None and result.value is None
    assert said("complaint_rate", result) == (
        "Left out: no active customer (no contract in the last 12 months); the other KPIs are re-normalised.")


def test_no_complaint_scores_100():
    assert measured("complaint_rate", pairs={"complaint_rate": (0, 40)}).score == D("100.00")


def test_a_rep_without_any_complaint_row_but_with_active_customers_is_absent_so_no_data():
    assert measured("complaint_rate").score is None


@pytest.mark.parametrize(("complaints", "active", "score"), [
    (1, 20, D("50.00")),   # 5 per 100, half the limit
    (1, 10, D("0.00")),    # exactly at the limit of 10 per 100
    (2, 10, D("0.00")),    # beyond it: never negative
    (99, 1000, D("1.00")),  # 9.9 per 100, just under
])
def test_complaint_rate_score_at_the_limit_edges(complaints, active, score):
    result = measured("complaint_rate", pairs={"complaint_rate": (complaints, active)})
    assert result.score == score


def test_the_complaint_limit_is_the_schemes():
    figures = Figures(pairs={"complaint_rate": (1, 20)})
    result = catalogue.measure("complaint_rate", figures=figures, scheme=scheme(complaint_limit=D("20")))
    assert result.score == D("75.00")
    assert said("complaint_rate", result) == (
        "1 complaints for 20 active customers: 5.00 per 100, limit 20: score 100 × (1 − min(5.00 ÷ 20, 1)) = 75.00.")


# --- event attendance: brought ÷ quota × 100, capped at 120 ----------------------------------------------


def test_event_attendance_without_a_quota_is_no_data_even_with_guests():
    result = measured("event_attendance", pairs={"event_attendance": (4, 0)})
    assert result.score is None
    assert "no invitation quota" in said("event_attendance", result)


@pytest.mark.parametrize(("brought", "quota", "score"), [(0, 5, "0.00"), (4, 5, "80.00"), (6, 5, "120.00"),
                                                         (9, 5, "120.00"), (2, 3, "66.67")])
def test_event_attendance_is_capped_at_120(brought, quota, score):
    assert measured("event_attendance", pairs={"event_attendance": (brought, quota)}).score == D(score)


def test_event_attendance_is_explained():
    result = measured("event_attendance", pairs={"event_attendance": (4, 5)})
    assert said("event_attendance", result) == (
        "4 attendees brought against an invitation quota of 5: score 80.00 (at most 120).")


# --- average deal size: mean contract ÷ reference × 100, capped at 120 ---------------------------------


def test_avg_deal_size_without_a_contract_is_no_data():
    assert measured("avg_deal_size", pairs={"avg_deal_size": (D("0.00"), 0)}).score is None
    assert measured("avg_deal_size").score is None


@pytest.mark.parametrize(("amount", "contracts", "score"), [
    ("150000.00", 2, "75.00"), ("120000.00", 1, "120.00"), ("120001.00", 1, "120.00"), ("500000.00", 1, "120.00"),
])
def test_avg_deal_size_is_capped_at_120(amount, contracts, score):
    assert measured("avg_deal_size", pairs={"avg_deal_size": (D(amount), contracts)}).score == D(score)


def test_avg_deal_size_against_the_schemes_reference_is_explained():
    figures = Figures(pairs={"avg_deal_size": (D("100000.00"), 2)})
    result = catalogue.measure("avg_deal_size", figures=figures, scheme=scheme(reference_deal_amount=D("40000")))
    assert (result.value, result.score) == (D("50000.00"), D("120.00"))
    assert said("avg_deal_size", result) == (
        "Mean contract 50,000.00 over 2 contracts against a reference of 40,000.00: score 120.00 (at most 120).")


# --- renewal rate and training compliance --------------------------------------------------------------


def test_renewal_rate_is_the_rate_times_100_and_no_data_when_nothing_ended():
    assert measured("renewal_rate", pairs={"renewal_rate": (3, 4)}).score == D("75.00")
    result = measured("renewal_rate", pairs={"renewal_rate": (0, 0)})
    assert result.score is None and "no contract ended" in said("renewal_rate", result)
    assert said("renewal_rate", measured("renewal_rate", pairs={"renewal_rate": (3, 4)})) == (
        "3 of 4 contracts ending in the month renewed: score 75.00.")


def test_training_compliance_counts_reps_present():
    share = rules.training_compliance_share(present=2, reps=3)
    result = measured("training_compliance", training_compliance_share=share, training_present=2, training_reps=3)
    assert result.score == D("66.67")
    assert said("training_compliance", result) == "2 of 3 reps attended a training session in the month: score 66.67."


def test_training_compliance_without_reps_is_no_data_and_says_why():
    assert rules.training_compliance_share(present=0, reps=0) is None
    result = measured("training_compliance")
    assert result.score is None and "no rep of the unit worked the whole month" in said("training_compliance", result)


def test_training_compliance_is_0_when_no_session_was_held():
    share = rules.training_compliance_share(present=0, reps=4)
    assert measured("training_compliance", training_compliance_share=share, training_reps=4).score == D("0.00")


def test_every_catalogue_kpi_explains_itself_when_it_has_no_data():
    for code in catalogue.codes():
        text = said(code, catalogue.Measure(None, None))
        assert text.startswith("Left out: ") and "no data this month" not in text, code
