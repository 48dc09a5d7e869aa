"""Generating (and regenerating) a month's draft bonus sheet: gather the month's facts in a fixed
number of queries, apply every rule of `incentives.rules` per person in Python, then write the
rows in bulk, recording on each row what changed since the previous draft (SPEC §4.3, §5.4).
Explanations, "what changed" and the history note are phrases (`incentives.phrases`), rendered in
the reader's language when shown — whoever generated the sheet, in whatever language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError, Conflict
from common.locks import ensure_month_open
from common.money import ZERO
from common.notifications import notify_many
from common.periods import Period
from common.phrases import phrase
from incentives import rules
from incentives.models import (
    BONUS_COMPONENTS,
    COMPARED_FIELDS,
    AwardCode,
    BonusAward,
    BonusRow,
    BonusSheet,
    BonusSheetTransition,
    CommissionBasis,
    IncentivePlan,
    SheetStatus,
)
from incentives.phrases import column
from incentives.rules import awards
from incentives.selectors.inputs import MonthFacts, bonus_month_facts
from incentives.services.plans import incentive_plan_for_year
from targets.rules import attainment_pct
from targets.services import published_actuals_record
from teams.models import Role, UnitKind
from teams.scoping import require_role

#: Who may generate a sheet (the job runs without an actor).
GENERATE_ROLES = (Role.HR, Role.DIRECTOR)
ROW_VALUE_FIELDS = ("number", "name", "team", "role", *COMPARED_FIELDS, "inputs", "explanation", "plan_version")


def ensure_past_or_current_month(month: Period, *, today: date | None = None) -> None:
    """A month string must name a month that has started (400 naming `month`)."""
    if month.kind != "month":
        raise ApplicationError(_("Use a month (YYYY-MM)."), field="month")
    today = today or timezone.localdate()
    if month.start > today:
        raise ApplicationError(_("%(month)s has not started yet.") % {"month": month}, field="month")


def sheet_link(month: Period) -> str:
    """The page of a month's sheet (for notifications)."""
    from django.urls import reverse

    return reverse("incentives:sheet", kwargs={"month": str(month)})


def sheet_notify(*, month: Period, recipients, kind: str, phrase_id: str, dedupe_prefix: str) -> int:
    """Tell `recipients` (users) about the month's sheet, once per dedupe key
    (`{dedupe_prefix}:{user id}`), with a link to its page; returns how many were told."""
    return notify_many([
        {"recipient": user, "kind": kind, "link": sheet_link(month), "message": phrase(phrase_id, month=str(month)),
         "dedupe_key": f"{dedupe_prefix}:{user.pk}"}
        for user in recipients
    ])


def _text(value) -> str | None:
    return None if value is None else str(value)


def month_award_wins(*, facts: MonthFacts, plan: IncentivePlan) -> list[awards.AwardWin]:
    """The awards the month pays: the quarter's named awards in its last month, and the
    long-service awards of everyone completing 3, 5 or 10 years in it (each as the plan switches)."""
    wins = awards.quarter_awards(facts.quarter_figures, quarter=str(facts.quarter), plan=plan) if facts.quarter else []
    if plan.long_service_enabled:
        wins += awards.long_service(
            [(e.pk, e.hire_date, e.left_on) for e in facts.employees],
            month_start=facts.month.start, month_end=facts.month.end,
            amounts={3: plan.long_service_3_amount, 5: plan.long_service_5_amount, 10: plan.long_service_10_amount})
    return wins


def bonus_rows_compute(*, facts: MonthFacts, plan: IncentivePlan, bands,
                       wins: list[awards.AwardWin] | None = None) -> dict[int, dict]:
    """Apply every rule to the month's facts: employee id → the row's column values. A row exists
    for everyone with any bonus, a scorecard or an adjustment. `wins`: the month's awards
    (`month_award_wins`, computed when not given)."""
    month = facts.month
    wins_by_employee: dict[int, list[awards.AwardWin]] = {}
    for win in month_award_wins(facts=facts, plan=plan) if wins is None else wins:
        wins_by_employee.setdefault(win.employee_id, []).append(win)
    headed = {unit.head_id: unit for unit in facts.units.values() if unit.head_id}
    reps = [e for e in facts.employees if e.role == Role.REP]
    top3 = rules.top3_bonuses(
        [rules.Top3Candidate(e.pk, facts.actuals.get(e.pk, ZERO), facts.targets.get(e.pk), facts.active_whole_month(e))
         for e in reps],
        amounts=plan.top3_amounts, min_attainment_pct=plan.top3_min_attainment_pct,
    )
    computed: dict[int, dict] = {}
    for employee in facts.employees:
        amounts = dict.fromkeys(BONUS_COMPONENTS, ZERO)
        explanation: dict[str, dict] = {}
        unit = headed.get(employee.pk)
        team_name = (unit or employee.org_unit).name
        inputs: dict = {"plan_year": plan.year, "hire_date": employee.hire_date.isoformat(),
                        "core": facts.is_core(employee), "active_whole_month": facts.active_whole_month(employee)}
        if unit is not None:  # a head is measured on the unit they head
            target, actual = facts.unit_targets.get(unit.pk), facts.unit_actuals.get(unit.pk, ZERO)
            inputs["unit"] = unit.name
        else:
            target, actual = facts.targets.get(employee.pk), facts.actuals.get(employee.pk, ZERO)

        if employee.role == Role.REP:
            if plan.commission_basis == CommissionBasis.COLLECTED:
                payments = facts.payments.get(employee.pk, [])
                amounts["commission"], explanation["commission"] = rules.collected_commission(
                    payments=payments, bands=bands)
                inputs["payments"] = [{"contract": p.contract_number, "amount": str(p.amount),
                                       "contract_month": p.contract_month} for p in payments]
            else:
                amounts["commission"], explanation["commission"] = rules.commission(
                    actual=actual, target=target, bands=bands, mode=plan.commission_mode)
            reduction = facts.reductions.get(employee.pk)
            if reduction:
                amounts["commission"], explanation["commission"] = rules.commission_reduced(
                    amount=amounts["commission"], explanation=explanation["commission"], reduction_pct=reduction)
                inputs["bonus_reduction_pct"] = str(reduction)
            result = top3.get(employee.pk)
            if result is not None:
                amounts["top3"], explanation["top3"] = result.amount, result.explanation
                inputs["top3_rank"] = result.rank
            first = facts.first_contracts.get(employee.pk)
            if first is not None:
                amounts["first_order"], text = rules.first_order_bonus(
                    hire_date=employee.hire_date, first_contract_number=first[0], first_signed_on=first[1],
                    month_start=month.start, month_end=month.end, amount=plan.first_order_amount,
                    days=plan.first_order_days)
                if text is not None:
                    explanation["first_order"] = text
                    inputs["first_contract"] = {"number": first[0], "signed_on": first[1].isoformat()}
            renewals = facts.renewals.get(employee.pk, [])
            amounts["retention"], text = rules.retention_bonus(
                renewals=renewals, rate_pct=plan.retention_rate_pct, is_core=facts.is_core(employee))
            if text is not None:
                explanation["retention"] = text
                inputs["renewals"] = [{"number": r.number, "amount": str(r.amount), "tier": r.renewed_customer_tier}
                                      for r in renewals]
        if unit is not None and (unit.kind, employee.role) in ((UnitKind.TEAM, Role.SUPERVISOR), (UnitKind.REGION, Role.MANAGER)):
            bonus = plan.supervisor_team_bonus if unit.kind == UnitKind.TEAM else plan.manager_region_bonus
            amounts["team_bonus"], explanation["team_bonus"] = rules.team_achievement_bonus(
                unit_name=unit.name, unit_actual=actual, unit_target=target, amount=bonus,
                min_attainment_pct=plan.team_min_attainment_pct)
        referred = facts.referred.get(employee.pk, [])
        if referred:
            amounts["referral"], text = rules.referral_reward(
                referred_hires=[rules.ReferredHire(h.name, h.hire_date, h.left_on) for h in referred],
                month_start=month.start, month_end=month.end, amount=plan.referral_amount, days=plan.referral_days)
            if text is not None:
                explanation["referral"] = text
                inputs["referred"] = [{"name": h.name, "hire_date": h.hire_date.isoformat()} for h in referred]
        won = wins_by_employee.get(employee.pk, [])
        if won:
            amounts["awards"], explanation["awards"] = awards.awards_total(won)
            inputs["awards"] = [{"code": w.code, "amount": str(w.amount), **w.figures} for w in won]
        adjustments = facts.adjustments.get(employee.pk, [])
        if adjustments:
            amounts["adjustments"], explanation["adjustments"] = rules.adjustments_total(adjustments)
            inputs["adjustments"] = [{"amount": str(a), "reason": r} for a, r in adjustments]

        scorecard = facts.scorecards.get(employee.pk)
        if not (scorecard or adjustments or any(amounts.values())):
            continue
        inputs.update(target=_text(target), actual=_text(actual))
        if scorecard:
            inputs["scorecard"] = {"composite": _text(scorecard["composite"]), "company_rank": scorecard["company_rank"],
                                   "team_rank": scorecard["team_rank"]}
        computed[employee.pk] = {
            "number": employee.number, "name": employee.name, "team": team_name, "role": employee.role,
            "target": target, "actual": actual, "attainment": attainment_pct(actual, target),
            "composite": scorecard["composite"] if scorecard else None,
            "rank": scorecard["company_rank"] if scorecard else None,
            **amounts, "total": rules.row_total(amounts),
            "inputs": inputs, "explanation": explanation, "plan_version": plan.version,
        }
    return computed


def bonus_awards_replace(*, sheet: BonusSheet, wins: list[awards.AwardWin], period_label: str) -> None:
    """The sheet's awards are its latest generation's (two queries: delete, bulk insert)."""
    BonusAward.objects.filter(sheet=sheet).delete()
    BonusAward.objects.bulk_create([
        BonusAward(sheet=sheet, employee_id=w.employee_id, code=w.code, amount=w.amount, figures=w.figures,
                   explanation=w.explanation,
                   period_label=f"{sheet.month:%Y-%m}" if w.code == AwardCode.LONG_SERVICE else period_label)
        for w in wins
    ])


def _normalise(value):
    if isinstance(value, Decimal):
        return value.quantize(Decimal("0.01"))
    return value


def _shown(name: str, value) -> str:
    """A compared value as the sheet shows it ("130,000.00", "130.00 %", "3"); "—" for none."""
    if value is None:
        return "—"
    if name == "rank":
        return str(value)
    if name == "attainment":
        return f"{rules.fmt_attainment(value)} %"
    if name == "composite":
        return f"{value:.2f}"
    return rules.fmt_money(value)


def bonus_row_changes(old: BonusRow, new: dict) -> dict:
    """What changed since the previous draft: ``{"changed": [phrase, …]}`` (one "Commission:
    2,200.00 → 2,800.00" per column, the column's name a nested phrase), or {} when nothing did.
    A new row is ``{"added": True}`` (set by the caller)."""
    changed = []
    for name in COMPARED_FIELDS:
        before, after = _normalise(getattr(old, name)), _normalise(new[name])
        if before != after:
            changed.append(phrase("incentives.change", column=column(name), before=_shown(name, before),
                                  after=_shown(name, after)))
    return {"changed": changed} if changed else {}


def bonus_sheet_generate(*, month: Period, actor=None) -> BonusSheet:
    """Build or rebuild the month's draft sheet from the month's data. Idempotent: the same data
    gives the same rows (updated in place, never duplicated). Each row records what changed
    since the previous draft. A submitted, approved or exported sheet, or a closed month → 409."""
    if actor is not None:
        require_role(actor, *GENERATE_ROLES)
    ensure_past_or_current_month(month)
    with transaction.atomic():
        plan = incentive_plan_for_year(year=month.year)
        sheet, _created = BonusSheet.objects.get_or_create(month=month.start, defaults={"plan": plan})
        sheet = BonusSheet.objects.select_for_update().get(pk=sheet.pk)
        if sheet.status != SheetStatus.DRAFT:
            raise Conflict(_("The bonus sheet of %(month)s is %(status)s: only a draft can be regenerated.")
                           % {"month": month, "status": sheet.get_status_display()})
        ensure_month_open(month)
        first_generation = sheet.generated_at is None
        facts = bonus_month_facts(month=month, plan=plan)
        wins = month_award_wins(facts=facts, plan=plan)
        computed = bonus_rows_compute(facts=facts, plan=plan, bands=list(plan.bands.all()), wins=wins)
        # the actuals this sheet is computed from: once the month closes, every screen shows them
        published_actuals_record(month=month, amounts=facts.actuals)
        # the previous draft as plain values; model instances only for the rows written
        existing = {old["employee_id"]: old for old in
                    BonusRow.objects.filter(sheet=sheet).values("pk", "employee_id", *ROW_VALUE_FIELDS, "changes")}
        to_create, to_update, changed_count = [], [], 0
        for employee_id, values in computed.items():
            old = existing.get(employee_id)
            if old is None:
                to_create.append(BonusRow(sheet=sheet, employee_id=employee_id,
                                          changes={} if first_generation else {"added": True}, **values))
                continue
            changes = bonus_row_changes(SimpleNamespace(**old), values)
            changed_count += bool(changes)
            values["changes"] = changes
            if any(_normalise(old[name]) != _normalise(value) for name, value in values.items()):
                to_update.append(BonusRow(pk=old["pk"], sheet=sheet, employee_id=employee_id, **values))
        removed = [old for employee_id, old in existing.items() if employee_id not in computed]
        if removed:
            BonusRow.objects.filter(pk__in=[old["pk"] for old in removed]).delete()
        if to_create:
            BonusRow.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            BonusRow.objects.bulk_update(to_update, [*ROW_VALUE_FIELDS, "changes"], batch_size=200)
        bonus_awards_replace(sheet=sheet, wins=wins, period_label=str(facts.quarter or month))
        summary = {
            "rows": len(computed),
            "added": [] if first_generation else [row.number for row in to_create],
            "removed": [old["number"] for old in removed],
            "changed": changed_count,
        }
        sheet.plan, sheet.plan_version = plan, plan.version
        sheet.generated_at, sheet.generated_by = timezone.now(), actor
        sheet.last_changes = summary
        sheet.save(update_fields=["plan", "plan_version", "generated_at", "generated_by", "last_changes"])
        BonusSheetTransition.objects.create(
            sheet=sheet, actor=actor, from_status=SheetStatus.DRAFT, to_status=SheetStatus.DRAFT,
            system_note=phrase("incentives.history.generated", rows=summary["rows"], added=len(summary["added"]),
                               removed=len(summary["removed"]), changed=changed_count),
        )
    return sheet
