"""Budgets: consumption as SPEC §7 defines it, the approval's refusal naming category, unit,
period and excess, the configurable "no budget → refused", and the budget services' rights."""

from datetime import date
from decimal import Decimal

import pytest

from common.exceptions import ApplicationError, NotAllowed
from expenses import selectors, services
from expenses.models import ClaimStatus, ExpenseBudget, ExpenseClaim
from expenses.tests.factories import make_budget, make_claim, set_policy

pytestmark = pytest.mark.django_db


def consumed(budget) -> Decimal:
    return selectors.budget_lines([budget])[budget.pk].consumed


def test_consumption_counts_approved_claims_of_the_subtree_dated_in_the_period(org):
    region = make_budget(org.east, 100000, period="2026-Q4")
    team = make_budget(org.east1, 100000, period="2026-11")
    make_claim(org.rep, 100, status=ClaimStatus.MANAGER_APPROVED)
    make_claim(org.rep2, 200, status=ClaimStatus.FINANCE_APPROVED)           # East-2: the region only
    make_claim(org.teammate, 400, status=ClaimStatus.PAID, incurred_on=date(2026, 10, 30))  # October
    make_claim(org.rep, 800, status=ClaimStatus.SUBMITTED)                   # not approved yet
    make_claim(org.rep, 1600, status=ClaimStatus.REJECTED)
    make_claim(org.rep3, 3200, status=ClaimStatus.PAID)                       # South
    make_claim(org.rep, 6400, status=ClaimStatus.PAID, category="marketing")  # another category
    assert consumed(team) == Decimal("100.00")
    assert consumed(region) == Decimal("700.00")


def test_approval_over_the_budget_is_refused_with_the_excess(org):
    make_budget(org.east1, 10000)
    make_claim(org.teammate, 9000, status=ClaimStatus.MANAGER_APPROVED)
    claim = make_claim(org.rep, 2200)
    with pytest.raises(ApplicationError) as caught:
        services.expense_claim_approve(claim=claim, actor=org.sup1.user)
    assert str(caught.value.message) == "This claim exceeds the travel budget of East-1 for 2026-11 by 1,200.00."
    assert caught.value.extra["excess"] == "1200.00"
    assert ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.SUBMITTED
    assert not claim.transitions.exists()


def test_approval_up_to_exactly_the_budget_passes(org):
    make_budget(org.east1, 10000)
    make_claim(org.teammate, 9000, status=ClaimStatus.MANAGER_APPROVED)
    claim = make_claim(org.rep, 1000)
    services.expense_claim_approve(claim=claim, actor=org.sup1.user)
    assert ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.MANAGER_APPROVED


def test_every_matching_budget_is_checked_the_region_quarter_too(org):
    make_budget(org.east1, 100000)
    make_budget(org.east, 5000, period="2026-Q4")
    make_claim(org.rep2, 4500, status=ClaimStatus.PAID, incurred_on=date(2026, 10, 5))
    claim = make_claim(org.rep, 600)
    with pytest.raises(ApplicationError, match="travel budget of East for 2026-Q4 by 100.00"):
        services.expense_claim_approve(claim=claim, actor=org.sup1.user)


def test_no_matching_budget_is_refused_unless_the_policy_allows_it(org):
    make_budget(org.east1, 10000, category="marketing")
    claim = make_claim(org.rep, 100)
    with pytest.raises(ApplicationError, match="No travel budget covers East-1"):
        services.expense_claim_approve(claim=claim, actor=org.sup1.user)
    set_policy(require_budget=False)
    services.expense_claim_approve(claim=claim, actor=org.sup1.user)
    assert ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.MANAGER_APPROVED


def test_a_budget_of_another_period_does_not_match(org):
    make_budget(org.east1, 10000, period="2026-10")
    claim = make_claim(org.rep, 100)
    with pytest.raises(ApplicationError, match="No travel budget"):
        services.expense_claim_approve(claim=claim, actor=org.sup1.user)


def test_finance_approval_does_not_count_the_claim_twice(org):
    make_budget(org.east1, 1000)
    claim = make_claim(org.rep, 1000, status=ClaimStatus.MANAGER_APPROVED)
    services.expense_claim_approve(claim=claim, actor=org.finance.user)
    assert ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.FINANCE_APPROVED


# --- budget services ----------------------------------------------------------------------------


def test_finance_and_the_director_set_budgets_others_403(org):
    budget = services.expense_budget_create(actor=org.finance.user, org_unit=org.east1, category="travel",
                                            period="2026-Q4", amount="30000")
    assert (budget.period_kind, budget.start, budget.end) == ("quarter", date(2026, 10, 1), date(2026, 12, 31))
    for person in (org.sup1, org.manager, org.hr, org.rep):
        with pytest.raises(NotAllowed):
            services.expense_budget_create(actor=person.user, org_unit=org.east1, category="travel",
                                           period="2026", amount="1")


@pytest.mark.parametrize("field, value", [("period", "2026-13"), ("period", "1999"), ("amount", "0"),
                                          ("amount", "100000000.01"), ("category", "bribes")])
def test_bad_budget_input_names_the_field(org, field, value):
    data = {"org_unit": org.east1, "category": "travel", "period": "2026-11", "amount": "100", field: value}
    with pytest.raises(ApplicationError) as caught:
        services.expense_budget_create(actor=org.finance.user, **data)
    assert caught.value.field == field
    assert not ExpenseBudget.objects.exists()


def test_one_budget_per_unit_category_and_period(org):
    make_budget(org.east1, 100)
    with pytest.raises(ApplicationError) as caught:
        services.expense_budget_create(actor=org.finance.user, org_unit=org.east1, category="travel",
                                       period="2026-11", amount="5")
    assert caught.value.field == "period"


def test_budget_amount_is_changed_and_the_rest_stays(org):
    budget = make_budget(org.east1, 100)
    services.expense_budget_update(actor=org.director.user, budget=budget, data={"amount": "250"})
    assert ExpenseBudget.objects.get(pk=budget.pk).amount == Decimal("250.00")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.expense_budget_update(actor=org.director.user, budget=budget, data={"period": "2026-12"})
    services.expense_budget_delete(actor=org.finance.user, budget=budget)
    assert not ExpenseBudget.objects.exists()


# --- visibility ---------------------------------------------------------------------------------


def test_budgets_are_seen_down_the_tree_finance_all_hr_none(org):
    company, east1, south1 = make_budget(org.company, 1), make_budget(org.east1, 1), make_budget(org.south1, 1)
    seen = {who: set(ExpenseBudget.objects.visible_to(getattr(org, who).user)) for who in
            ("rep", "sup1", "manager", "sup3", "finance", "hr")}
    assert seen["rep"] == {company, east1} and seen["sup1"] == {company, east1}
    assert seen["manager"] == {company, east1} and seen["sup3"] == {company, south1}
    assert seen["finance"] == {company, east1, south1} and seen["hr"] == set()


def test_claims_are_seen_by_the_claimant_their_heads_and_finance(org):
    claim = make_claim(org.rep)
    for who, sees in (("rep", True), ("teammate", False), ("sup1", True), ("manager", True), ("sup2", False),
                      ("manager2", False), ("director", True), ("finance", True), ("hr", False)):
        assert ExpenseClaim.objects.visible_to(getattr(org, who).user).filter(pk=claim.pk).exists() is sees, who


def test_every_change_of_a_budget_is_recorded_with_who_and_when(org):
    from expenses.models import ExpenseBudgetChange

    budget = services.expense_budget_create(actor=org.finance.user, org_unit=org.east1, category="travel",
                                            period="2026-11", amount="1000")
    services.expense_budget_update(actor=org.director.user, budget=budget, data={"amount": "1500"})
    services.expense_budget_update(actor=org.director.user, budget=budget, data={"amount": "1500"})  # no change
    services.expense_budget_delete(actor=org.finance.user, budget=budget)
    assert [(c.old_amount, c.new_amount, c.actor.username) for c in ExpenseBudgetChange.objects.all()] == [
        (None, Decimal("1000.00"), "finance"), (Decimal("1000.00"), Decimal("1500.00"), "director"),
        (Decimal("1500.00"), None, "finance")]
    assert ExpenseBudgetChange.objects.last().budget_label == "East-1 · Travel · 2026-11"
