"""Everything the bonus rules need for one month, gathered in a fixed number of queries whatever
the number of people (SPEC §12): one query per source, then dictionaries keyed by employee id.

The sources are other apps' set-based selectors (customers: sales and contracts; targets: own and
unit targets; performance: scorecards). Not scoped by a user: the month close computes for everyone."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q

from common.periods import Period
from incentives.models import BonusAdjustment, CommissionBasis, IncentivePlan
from incentives.rules import CollectedPayment, Renewal
from incentives.rules.awards import QuarterFigures
from incentives.selectors.quarter import quarter_award_figures, quarter_of
from teams import rules as employment
from teams.models import Employee, OrgPolicy, OrgUnit, Role, UnitKind
from teams.selectors import employed_during_q, roll_up_to_units


@dataclass
class MonthFacts:
    month: Period
    employees: list[Employee]
    units: dict[int, OrgUnit]  # teams and regions (and the company) with their head
    targets: dict[int, Decimal]
    actuals: dict[int, Decimal]
    unit_targets: dict[int, Decimal]
    unit_actuals: dict[int, Decimal]
    first_contracts: dict[int, tuple[str, date]]  # employee id → (number, signed on)
    renewals: dict[int, list[Renewal]]  # owner id → renewals signed in the month
    referred: dict[int, list[Employee]]  # referrer id → referred hires completing in the month
    scorecards: dict[int, dict]  # employee id → {"composite", "company_rank", "team_rank"}
    adjustments: dict[int, list[tuple[Decimal, str]]]
    policy: OrgPolicy
    extra: dict = field(default_factory=dict)
    #: the quarter this month ends, with every rep's award figures (none in other months)
    quarter: Period | None = None
    quarter_figures: list[QuarterFigures] = field(default_factory=list)
    #: rep id → bonus reduction % of their escalated coaching plan (SPEC §5.10)
    reductions: dict[int, Decimal] = field(default_factory=dict)
    #: rep id → payments received in the month (only for a plan on the `collected` basis)
    payments: dict[int, list[CollectedPayment]] = field(default_factory=dict)

    def is_core(self, employee: Employee) -> bool:
        """Core = tenure of at least the policy's new-hire days on the month's first day (SPEC §1.1)."""
        return employment.is_core(employee, self.month.start, policy=self.policy)

    def active_whole_month(self, employee: Employee) -> bool:
        return employment.employed_whole_period(employee, self.month.start, self.month.end)


def _scorecards(month: Period) -> dict[int, dict]:
    from performance.models import Scorecard

    rows = Scorecard.objects.filter(month=month.start).values("employee_id", "composite", "company_rank", "team_rank")
    return {row["employee_id"]: row for row in rows}


def _scorecard_employee_ids(month: Period):
    from performance.models import Scorecard

    return Scorecard.objects.filter(month=month.start).values("employee_id")


def collected_payments(*, month: Period, employee_ids=None) -> dict[int, list[CollectedPayment]]:
    """Per contract owner: the payments received in the month, each with the owner's actual and
    target of the month their contract was signed in. Four queries, whatever the number of
    payments (the contracts' months are read together)."""
    from customers.models import Payment
    from targets.models import SalesTarget
    from targets.selectors import actual_sales_by_month

    payments_in_month = Payment.objects.filter(paid_on__gte=month.start, paid_on__lte=month.end)
    if employee_ids is not None:
        payments_in_month = payments_in_month.filter(receivable__contract__owner_id__in=list(employee_ids))
    rows = list(payments_in_month.order_by("paid_on", "id")
                .values_list("receivable__contract__owner_id", "receivable__contract__number",
                             "receivable__contract__signed_on", "amount"))
    if not rows:
        return {}
    owners = {owner for owner, _number, _signed, _amount in rows}
    months = {signed.replace(day=1) for _owner, _number, signed, _amount in rows}
    actuals = actual_sales_by_month(start=min(months), end=Period.of_month(max(months)).end, employee_ids=owners)
    targets = {
        (employee_id, period): amount
        for employee_id, period, amount in SalesTarget.objects.filter(
            period__in=[f"{m:%Y-%m}" for m in months], employee_id__in=owners, product_line="",
        ).values_list("employee_id", "period", "amount")
    }
    payments: dict[int, list[CollectedPayment]] = defaultdict(list)
    for owner, number, signed, amount in rows:
        first_day = signed.replace(day=1)
        payments[owner].append(CollectedPayment(
            contract_number=number, amount=amount, contract_month=f"{first_day:%Y-%m}",
            month_actual=actuals.get((owner, first_day), Decimal(0)), month_target=targets.get((owner, f"{first_day:%Y-%m}"))))
    return dict(payments)


def bonus_month_facts(*, month: Period, plan: IncentivePlan) -> MonthFacts:
    """The month's inputs for every employee who was employed in it, owns a contract signed in
    it, has a scorecard or an adjustment for it. About a dozen queries, independent of head count."""
    from customers.models import Contract
    from customers.selectors.sales import actual_sales_by_employee, first_contracts, renewal_contracts_signed
    from targets.selectors import employee_targets, unit_targets

    start, end = month.start, month.end
    involved = (
        employed_during_q(start, end)
        | Q(pk__in=BonusAdjustment.objects.filter(month=start).values("employee_id"))
        | Q(pk__in=_scorecard_employee_ids(month))
        | Q(pk__in=Contract.objects.filter(signed_on__gte=start, signed_on__lte=end).values("owner_id"))
    )
    employees = list(Employee.objects.filter(involved).select_related("org_unit").only(
        "id", "number", "name", "role", "hire_date", "left_on", "active", "org_unit__name", "org_unit__path",
        "org_unit__kind").order_by("number"))
    units = {
        unit.pk: unit
        for unit in OrgUnit.objects.filter(kind__in=[UnitKind.COMPANY, UnitKind.REGION, UnitKind.TEAM]).select_related("head")
    }
    actuals = actual_sales_by_employee(start=start, end=end)
    # the person's unit and every unit above it (teams and regions are what the rules read)
    unit_actuals = roll_up_to_units(actuals, employees=employees)

    recent_hires = [p.pk for p in employees if p.hire_date >= start - timedelta(days=plan.first_order_days)]
    firsts = first_contracts(employee_ids=recent_hires) if recent_hires else {}

    renewals: dict[int, list[Renewal]] = defaultdict(list)
    for contract in renewal_contracts_signed(start=start, end=end):
        tier = getattr(contract, "renewed_customer_tier", None) or contract.customer.tier
        renewals[contract.owner_id].append(Renewal(contract.number, contract.amount, tier))

    referred: dict[int, list[Employee]] = defaultdict(list)
    completing = Employee.objects.filter(
        referred_by__isnull=False,
        hire_date__gte=start - timedelta(days=plan.referral_days),
        hire_date__lte=end - timedelta(days=plan.referral_days),
    ).only("id", "name", "hire_date", "left_on", "referred_by_id")
    for hire in completing:
        referred[hire.referred_by_id].append(hire)

    adjustments: dict[int, list[tuple[Decimal, str]]] = defaultdict(list)
    for employee_id, amount, reason in (
        BonusAdjustment.objects.filter(month=start).order_by("recorded_at", "id").values_list("employee_id", "amount", "reason")
    ):
        adjustments[employee_id].append((amount, reason))

    from performance.selectors import bonus_reduction_pct_by_employee

    quarter = quarter_of(month)
    reps = [e.pk for e in employees if e.role == Role.REP]
    return MonthFacts(
        quarter=quarter,
        quarter_figures=quarter_award_figures(quarter=quarter, employee_ids=reps) if quarter else [],
        reductions=bonus_reduction_pct_by_employee(month=month),
        payments=collected_payments(month=month) if plan.commission_basis == CommissionBasis.COLLECTED else {},
        month=month,
        employees=employees,
        units=units,
        targets=employee_targets(period=month),
        actuals=actuals,
        unit_targets=unit_targets(period=month),
        unit_actuals=unit_actuals,
        first_contracts={pk: (c.number, c.signed_on) for pk, c in firsts.items()},
        renewals=dict(renewals),
        referred=dict(referred),
        scorecards=_scorecards(month),
        adjustments=dict(adjustments),
        policy=OrgPolicy.current(),
    )
