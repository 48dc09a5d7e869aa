"""Improvement and coaching plans (SPEC §4.2): opened from a month's scorecards, written by the rep,
accepted (improvement) or staffed with a mentor and actions (coaching) by the line manager."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import actor_or_none
from common.calendar import add_working_days
from common.exceptions import ApplicationError, Conflict, NotAllowed
from common.notifications import notify_many
from common.periods import Period
from common.phrases import phrase
from common.services import model_update
from performance.models import (
    CoachingPlan,
    CoachingStatus,
    ImprovementPlan,
    PerformancePolicy,
    PlanStatus,
    PlanTransition,
    SchemeRole,
    Scorecard,
)
from teams.models import OrgUnit, UnitKind
from teams.scoping import acting_employee, is_above, unit_within
from teams.selectors import line_managers_for


def _link(name: str) -> str:
    try:
        return reverse(name)
    except Exception:  # noqa: BLE001 — a job may run where page URLs are not loaded
        return ""


@transaction.atomic
def plans_open_for_month(*, month: Period, closed_on: date | None = None) -> dict:
    """From the month's rep scorecards: an improvement plan for everyone under 100 % (due N working
    days after `closed_on`, default the month's last day), a coaching plan after 2 consecutive months
    under 100 %, escalation to the region's manager after 3. Idempotent (unique constraints and
    dedupe keys): a second run opens and sends nothing. Returns counts of what it opened."""
    policy = PerformancePolicy.current()
    cards = list(
        Scorecard.objects.filter(month=month.start, role=SchemeRole.REP, attainment_pct__lt=100)
        .select_related("employee__user", "employee__org_unit")
        .order_by("employee__number")
    )
    employees = [card.employee for card in cards]
    ids = [e.pk for e in employees]
    due_on = add_working_days(closed_on or month.end, policy.improvement_plan_due_working_days)
    had_plan = set(ImprovementPlan.objects.filter(month=month.start, employee_id__in=ids).values_list("employee_id", flat=True))
    new_plans = [
        ImprovementPlan(employee=card.employee, month=month.start, scorecard=card, due_on=due_on)
        for card in cards if card.employee_id not in had_plan
    ]
    ImprovementPlan.objects.bulk_create(new_plans, ignore_conflicts=True)

    streaks = {card.employee_id: int(card.inputs.get("months_below_target") or 1) for card in cards}
    unclosed = {
        plan.employee_id: plan
        for plan in CoachingPlan.objects.filter(employee_id__in=ids).exclude(status=CoachingStatus.CLOSED)
    }
    coaching_new, coaching_changed, escalated = [], [], []
    for employee in employees:
        streak = streaks[employee.pk]
        if streak < policy.coaching_after_months:
            continue
        escalate = streak >= policy.escalate_after_months
        plan = unclosed.get(employee.pk)
        if plan is None:
            plan = CoachingPlan(employee=employee, month=month.start, consecutive_months=streak,
                                escalated_to_manager=escalate, escalated_for_month=month.start if escalate else None)
            coaching_new.append(plan)
        else:
            if streak <= plan.consecutive_months and (plan.escalated_to_manager or not escalate):
                continue
            plan.consecutive_months = max(plan.consecutive_months, streak)
            if escalate and not plan.escalated_to_manager:
                plan.escalated_to_manager, plan.escalated_for_month = True, month.start
            coaching_changed.append(plan)
        if escalate:
            escalated.append(employee)
    CoachingPlan.objects.bulk_create(coaching_new, ignore_conflicts=True)
    if coaching_changed:
        CoachingPlan.objects.bulk_update(coaching_changed, ["consecutive_months", "escalated_to_manager", "escalated_for_month"])

    sent = _notify(month=month, due_on=due_on, below=employees, coached=[p.employee for p in coaching_new],
                   escalated=escalated)
    return {"improvement_plans": len(new_plans), "coaching_plans": len(coaching_new),
            "escalations": len(escalated), "notifications": sent}


def _region_heads(employees) -> dict[int, object]:
    """The head of the region above each employee (the bottom-performer review's manager)."""
    regions = list(OrgUnit.objects.filter(kind=UnitKind.REGION, head__isnull=False).select_related("head__user"))
    result = {}
    for employee in employees:
        for region in regions:
            if unit_within(employee.org_unit, region) and region.head_id != employee.pk:
                result[employee.pk] = region.head
    return result


def _notify(*, month: Period, due_on: date, below, coached, escalated) -> int:
    """The plans' notifications, as phrases: each reads in its reader's language."""
    if not below:
        return 0
    managers = line_managers_for(below)
    region_heads = _region_heads(escalated) if escalated else {}
    plans_link = _link("performance:plans")
    rows = []
    for employee in below:
        rows.append({
            "recipient": employee.user, "kind": "improvement_plan", "link": plans_link,
            "message": phrase("performance.notify.improvement_plan", month=str(month), due=due_on.isoformat()),
            "dedupe_key": f"performance:improvement-plan:{employee.pk}:{month}",
        })
    for employee in coached:
        manager = managers.get(employee.pk)
        if manager is not None:
            rows.append({
                "recipient": manager.user, "kind": "coaching_plan", "link": plans_link,
                "message": phrase("performance.notify.coaching_plan", name=employee.name),
                "dedupe_key": f"performance:coaching-plan:{employee.pk}:{month}",
            })
    for employee in escalated:
        head = region_heads.get(employee.pk)
        if head is not None:
            rows.append({
                "recipient": head.user, "kind": "bottom_performer", "link": plans_link,
                "message": phrase("performance.notify.bottom_performer", name=employee.name, month=str(month)),
                "dedupe_key": f"performance:escalation:{employee.pk}:{month}",
            })
    return notify_many(rows)


# --- transitions -----------------------------------------------------------------------------------


def _record(*, actor, to_status: str, from_status: str = "", improvement_plan=None, coaching_plan=None, note=""):
    PlanTransition.objects.create(improvement_plan=improvement_plan, coaching_plan=coaching_plan,
                                  from_status=from_status, to_status=to_status, actor=actor_or_none(actor), note=note[:300])


# Each transition has one refusal function: the service raises what it returns, its `may_*` twin
# answers whether it returns nothing (pages and APIs offer the action from the twin).


def _submit_refusal(*, plan: ImprovementPlan, actor) -> ApplicationError | None:
    me = acting_employee(actor)
    if me is None or me.pk != plan.employee_id:
        return NotAllowed(_("Only the person the plan is for writes it."))
    if plan.status == PlanStatus.ACCEPTED:
        return Conflict(_("This improvement plan has been accepted and cannot change."))
    return None


def may_submit_improvement_plan(*, plan: ImprovementPlan, actor) -> bool:
    """Whether `actor` may write (or rewrite) this plan now."""
    return _submit_refusal(plan=plan, actor=actor) is None


def _accept_refusal(*, plan: ImprovementPlan, actor) -> ApplicationError | None:
    if not is_above(actor, plan.employee):
        return NotAllowed(_("Only the line manager accepts an improvement plan."))
    if plan.status != PlanStatus.SUBMITTED:
        return Conflict(_("Only a submitted plan can be accepted (this one is %(status)s).") % {"status": plan.get_status_display()})
    return None


def may_accept_improvement_plan(*, plan: ImprovementPlan, actor) -> bool:
    """Whether `actor` may accept this plan now (the line manager or a head above; a submitted plan)."""
    return _accept_refusal(plan=plan, actor=actor) is None


def _coaching_refusal(*, plan: CoachingPlan, actor) -> ApplicationError | None:
    if not is_above(actor, plan.employee):
        return NotAllowed(_("Only the line manager runs a coaching plan."))
    if plan.status == CoachingStatus.CLOSED:
        return Conflict(_("This coaching plan is closed."))
    return None


def may_update_coaching_plan(*, plan: CoachingPlan, actor) -> bool:
    """Whether `actor` may assign a mentor and actions to, or close, this plan now."""
    return _coaching_refusal(plan=plan, actor=actor) is None


def _raise_if(refusal: ApplicationError | None) -> None:
    if refusal is not None:
        raise refusal


@transaction.atomic
def improvement_plan_submit(*, plan: ImprovementPlan, actor, text: str) -> ImprovementPlan:
    """The rep writes (or rewrites) their own plan; refused once accepted (409)."""
    plan = ImprovementPlan.objects.select_for_update(of=("self",)).select_related("employee").get(pk=plan.pk)
    _raise_if(_submit_refusal(plan=plan, actor=actor))
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("Write the plan."), field="text")
    previous = plan.status
    plan.text, plan.status, plan.submitted_at = text, PlanStatus.SUBMITTED, timezone.now()
    plan.save(update_fields=["text", "status", "submitted_at"])
    _record(actor=actor, improvement_plan=plan, from_status=previous, to_status=plan.status)
    return plan


@transaction.atomic
def improvement_plan_accept(*, plan: ImprovementPlan, actor) -> ImprovementPlan:
    """The line manager (or a head above) accepts a submitted plan; never one's own (403)."""
    plan = ImprovementPlan.objects.select_for_update(of=("self",)).select_related("employee__org_unit").get(pk=plan.pk)
    _raise_if(_accept_refusal(plan=plan, actor=actor))
    plan.status, plan.accepted_by, plan.accepted_at = PlanStatus.ACCEPTED, actor_or_none(actor), timezone.now()
    plan.save(update_fields=["status", "accepted_by", "accepted_at"])
    _record(actor=actor, improvement_plan=plan, from_status=PlanStatus.SUBMITTED, to_status=plan.status)
    return plan


def _bonus_reduction(plan: CoachingPlan, value) -> Decimal | None:
    """The reduction % as stored (2 decimals), or None when not given; only an escalated plan has
    one (400 naming `bonus_reduction_pct`)."""
    if value is None:
        return None
    try:
        pct = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        pct = None
    if pct is None or not pct.is_finite() or not 0 <= pct <= 100:
        raise ApplicationError(_("Give a bonus reduction from 0 to 100 %."), field="bonus_reduction_pct")
    if pct and not plan.escalated_to_manager:
        raise ApplicationError(_("Only a plan escalated to the manager reduces the bonus."), field="bonus_reduction_pct")
    return pct.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def coaching_plan_update(*, plan: CoachingPlan, actor, mentor=None, actions: str | None = None,
                         bonus_reduction_pct: Decimal | None = None, close: bool = False) -> CoachingPlan:
    """The line manager assigns a mentor and actions (→ active), sets the bonus reduction of an
    escalated plan (0–100 %), or closes the plan."""
    plan = CoachingPlan.objects.select_for_update(of=("self",)).select_related("employee__org_unit").get(pk=plan.pk)
    _raise_if(_coaching_refusal(plan=plan, actor=actor))
    reduction = _bonus_reduction(plan, bonus_reduction_pct)
    if mentor is not None and mentor.pk == plan.employee_id:
        raise ApplicationError(_("Nobody mentors themselves."), field="mentor")
    if mentor is not None and not mentor.active:
        raise ApplicationError(_("The mentor has left."), field="mentor")
    previous = plan.status
    data = {"updated_by": actor_or_none(actor)}
    if mentor is not None:
        data["mentor"] = mentor
    if actions is not None:
        data["actions"] = actions.strip()
    if reduction is not None:
        data["bonus_reduction_pct"] = reduction
    if close:
        data["status"] = CoachingStatus.CLOSED
    elif (mentor is not None or plan.mentor_id) and data.get("actions", plan.actions):
        data["status"] = CoachingStatus.ACTIVE
    plan, _changed = model_update(instance=plan, fields=["mentor", "actions", "bonus_reduction_pct", "status", "updated_by"], data=data)
    if plan.status != previous:
        _record(actor=actor, coaching_plan=plan, from_status=previous, to_status=plan.status)
    return plan
