"""Each SPEC §5 rule at its edges (pure functions, no database)."""

from datetime import date, timedelta
from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from common.periods import Period
from common.phrases import render
from incentives import rules
from incentives.rules import Band, ReferredHire, Renewal, Top3Candidate


def explained(result) -> tuple:
    """A rule's (amount, explanation phrase) with the explanation rendered ("" for none)."""
    amount, explanation = result
    return amount, render(explanation) if explanation is not None else ""


BANDS = [Band(D("0"), D("60"), D("0")), Band(D("60"), D("100"), D("2")),
         Band(D("100"), D("120"), D("4")), Band(D("120"), None, D("6"))]


# --- commission -------------------------------------------------------------------------------

def test_worked_example_marginal():
    amount, text = explained(rules.commission(actual=D("130000"), target=D("100000"), bands=BANDS, mode="marginal"))
    assert amount == D("2200.00")
    assert text == ("130,000.00 sales on a 100,000.00 target: 40,000.00 × 2 % + 20,000.00 × 4 % "
                    "+ 10,000.00 × 6 % = 2,200.00")


def test_worked_example_flat():
    amount, text = explained(rules.commission(actual=D("130000"), target=D("100000"), bands=BANDS, mode="flat"))
    assert amount == D("7800.00")
    assert text.endswith("130,000.00 × 6 % = 7,800.00")


@pytest.mark.parametrize(
    ("actual", "marginal", "flat"),
    [
        ("59990", "0.00", "0.00"),        # 59.99 %: first band, 0 %
        ("60000", "0.00", "1200.00"),     # 60.00 %: the 2 % band starts (flat pays all sales at 2 %)
        ("99990", "799.80", "1999.80"),   # 99.99 %
        ("100000", "800.00", "4000.00"),  # 100.00 %: the 4 % band
        ("119990", "1599.60", "4799.60"),  # 119.99 %
        ("120000", "1600.00", "7200.00"),  # 120.00 %: the 6 % band
        ("0", "0.00", "0.00"),
    ],
)
def test_every_band_edge(actual, marginal, flat):
    target = D("100000")
    assert rules.commission(actual=D(actual), target=target, bands=BANDS, mode="marginal")[0] == D(marginal)
    assert rules.commission(actual=D(actual), target=target, bands=BANDS, mode="flat")[0] == D(flat)


def test_just_under_a_band_edge_is_not_rounded_up():
    # 59,999.99 on 100,000 shows as 60.00 % but is below the 60 % edge: flat pays nothing
    assert rules.commission(actual=D("59999.99"), target=D("100000"), bands=BANDS, mode="flat")[0] == D("0.00")


@pytest.mark.parametrize("target", [None, D("0")])
def test_no_target_no_commission(target):
    amount, text = explained(rules.commission(actual=D("50000"), target=target, bands=BANDS, mode="marginal"))
    assert amount == D("0.00")
    assert "No target" in text


def test_commission_rounds_once_half_up():
    # 33,333.33 target: slices are not whole cents; the sum is rounded once at the end
    amount, _ = rules.commission(actual=D("40000.00"), target=D("33333.33"), bands=BANDS, mode="marginal")
    expected = (D("33333.33") * D("0.4") * D("0.02") + D("33333.33") * D("0.2") * D("0.04")
                + (D("40000") - D("33333.33") * D("1.2")) * D("0.06"))
    assert amount == expected.quantize(D("0.01"))


def test_default_bands_are_valid():
    assert [b.lower_pct for b in rules.commission_bands_validate(list(reversed(BANDS)))] == [0, 60, 100, 120]


@pytest.mark.parametrize(
    ("bands", "fragment"),
    [
        ([Band(D("0"), D("60"), D("0")), Band(D("70"), None, D("2"))], "Gap"),
        ([Band(D("0"), D("60"), D("0")), Band(D("50"), None, D("2"))], "overlap"),
        ([Band(D("10"), None, D("2"))], "start at 0"),
        ([Band(D("0"), D("60"), D("0")), Band(D("60"), D("100"), D("2"))], "no upper limit"),
        ([Band(D("0"), None, D("-1"))], "negative"),
        ([Band(D("0"), None, D("0")), Band(D("60"), None, D("2"))], "open-ended"),
        ([], "at least one"),
    ],
)
def test_bad_bands_are_refused_naming_bands(bands, fragment):
    with pytest.raises(ValidationError) as exc:
        rules.commission_bands_validate(bands)
    assert "bands" in exc.value.message_dict
    assert any(fragment in message for message in exc.value.message_dict["bands"])


# --- top 3 ------------------------------------------------------------------------------------

def cand(pk, actual, target="100000", active=True):
    return Top3Candidate(pk, D(actual), D(target) if target else None, active)


def test_two_tied_for_first_get_2000_next_gets_500_nobody_1000():
    results = rules.top3_bonuses(
        [cand(1, "130000"), cand(2, "130000"), cand(3, "120000"), cand(4, "110000")],
        amounts=[D(2000), D(1000), D(500)],
    )
    assert [(results[pk].rank, results[pk].amount) for pk in (1, 2, 3, 4)] == [
        (1, D("2000.00")), (1, D("2000.00")), (3, D("500.00")), (4, D("0.00"))]
    assert all(result.amount != D("1000.00") for result in results.values())


def test_ties_on_attainment_are_broken_by_actual():
    results = rules.top3_bonuses([cand(1, "120000", "100000"), cand(2, "240000", "200000")],
                                 amounts=[D(2000), D(1000), D(500)])
    assert (results[2].rank, results[1].rank) == (1, 2)
    assert results[1].amount == D("1000.00")


def test_a_rep_at_9999_is_never_in_the_top3():
    results = rules.top3_bonuses([cand(1, "99990"), cand(2, "99999.99"), cand(3, "100000")],
                                 amounts=[D(2000), D(1000), D(500)])
    assert results[1].rank is None and results[1].amount == 0
    assert results[2].rank is None and results[2].amount == 0
    assert "99.99" in render(results[1].explanation)
    assert (results[3].rank, results[3].amount) == (1, D("2000.00"))


def test_not_active_whole_month_or_no_target_not_eligible():
    results = rules.top3_bonuses([cand(1, "300000", active=False), cand(2, "300000", target=None),
                                  cand(3, "100000")], amounts=[D(2000), D(1000), D(500)])
    assert results[1].amount == results[2].amount == 0
    assert results[3].rank == 1


# --- first order ------------------------------------------------------------------------------

@pytest.mark.parametrize(("days_after_hire", "paid"), [(0, "300.00"), (90, "300.00"), (91, "0.00")])
def test_first_order_day_90_vs_91(days_after_hire, paid):
    hire = date(2026, 8, 1)
    signed = hire + timedelta(days=days_after_hire)
    month = Period.of_month(signed)
    amount, text = explained(rules.first_order_bonus(
        hire_date=hire, first_contract_number="C-1", first_signed_on=signed, month_start=month.start,
        month_end=month.end, amount=D(300), days=90))
    assert amount == D(paid)
    assert "C-1" in text


def test_first_order_paid_only_in_the_month_of_signing():
    amount, text = explained(rules.first_order_bonus(
        hire_date=date(2026, 8, 1), first_contract_number="C-1", first_signed_on=date(2026, 8, 20),
        month_start=date(2026, 9, 1), month_end=date(2026, 9, 30), amount=D(300), days=90))
    assert (amount, text) == (D("0.00"), "")


# --- team achievement -------------------------------------------------------------------------

@pytest.mark.parametrize(("actual", "paid"), [("99990", "0.00"), ("100000", "2000.00"), ("150000", "2000.00")])
def test_team_at_9999_vs_100(actual, paid):
    amount, text = explained(rules.team_achievement_bonus(unit_name="East-1", unit_actual=D(actual), unit_target=D("100000"),
                                                amount=D(2000)))
    assert amount == D(paid)
    assert text.startswith("East-1")


def test_team_without_target_gets_nothing():
    assert rules.team_achievement_bonus(unit_name="East", unit_actual=D(5), unit_target=None, amount=D(5000))[0] == 0


# --- retention --------------------------------------------------------------------------------

def test_retention_only_for_tier_a_renewals():
    renewals = [Renewal("R-1", D("200000"), "A"), Renewal("R-2", D("100000"), "B")]
    amount, text = explained(rules.retention_bonus(renewals=renewals, rate_pct=D("0.5"), is_core=True))
    assert amount == D("1000.00")
    assert "R-1" in text and "R-2" not in text
    assert rules.retention_bonus(renewals=renewals[1:], rate_pct=D("0.5"), is_core=True)[0] == 0


def test_retention_only_for_core_reps():
    amount, text = explained(rules.retention_bonus(renewals=[Renewal("R-1", D("200000"), "A")], rate_pct=D("0.5"), is_core=False))
    assert amount == 0 and "core" in text


# --- referral ---------------------------------------------------------------------------------

def test_referral_in_the_month_the_hire_completes_90_days():
    hire = ReferredHire("Li Lei", date(2026, 7, 10))  # + 90 days = 2026-10-08
    assert rules.referral_reward(referred_hires=[hire], month_start=date(2026, 10, 1), month_end=date(2026, 10, 31),
                                 amount=D(1000), days=90)[0] == D("1000.00")
    assert rules.referral_reward(referred_hires=[hire], month_start=date(2026, 9, 1), month_end=date(2026, 9, 30),
                                 amount=D(1000), days=90)[0] == 0
    left = ReferredHire("Han Meimei", date(2026, 7, 10), left_on=date(2026, 10, 1))
    assert rules.referral_reward(referred_hires=[left], month_start=date(2026, 10, 1), month_end=date(2026, 10, 31),
                                 amount=D(1000), days=90)[0] == 0


# --- adjustments and the plan -----------------------------------------------------------------

def test_adjustments_sum_with_reasons():
    amount, text = explained(rules.adjustments_total([(D("500"), "Trade fair"), (D("-200.50"), "Advance")]))
    assert amount == D("299.50")
    assert "Trade fair" in text and "Advance" in text


@pytest.mark.parametrize(("amount", "reason", "field"), [(D("100"), "  ", "reason"), (D("0"), "x", "amount"),
                                                        (None, "x", "amount"), (D("1.234"), "x", "amount")])
def test_adjustment_needs_reason_and_non_zero_amount(amount, reason, field):
    with pytest.raises(ValidationError) as exc:
        rules.adjustment_validate(amount=amount, reason=reason)
    assert field in exc.value.message_dict


def test_plan_with_negative_amount_is_refused_naming_the_field():
    from incentives.models import IncentivePlan

    plan = IncentivePlan(year=2030, top2_amount=D("-1"), referral_days=-5)
    with pytest.raises(ValidationError) as exc:
        rules.incentive_plan_validate(plan, bands=BANDS)
    assert set(exc.value.message_dict) == {"top2_amount", "referral_days"}
    rules.incentive_plan_validate(IncentivePlan(year=2030), bands=BANDS)


def test_plan_validation_includes_bands():
    from incentives.models import IncentivePlan

    with pytest.raises(ValidationError) as exc:
        rules.incentive_plan_validate(IncentivePlan(year=2030), bands=[SimpleNamespace(lower_pct=D(5), upper_pct=None, rate_pct=D(1))])
    assert "bands" in exc.value.message_dict
