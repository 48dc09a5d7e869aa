"""Expense claims (SPEC §7): the claimant's drafts and edits, and the state machine — an explicit
transition table, one function per transition, each under a row lock (`select_for_update`) and
recorded (actor, time, from, to, note).

    draft ──submit──▶ submitted ──approve (line manager)──▶ manager_approved ──approve (finance)──▶
    finance_approved ──pay (finance)──▶ paid
    submitted ──reject (line manager)──▶ rejected;  manager_approved ──reject (finance)──▶ rejected
    rejected ──(edit, then) submit──▶ submitted

Refusals (SPEC §10): the wrong state → 409 (`Conflict`), a rule (a limit, the budget, a duplicate,
a missing reason) → 400 naming the field, a person who may not act → 403; a claim the person
cannot see is a 404 before any service runs (`get_visible_or_404`).

The first approval is the one that makes a claim consume its budgets: it locks the claim, then
every matching budget row in id order (so two approvals never deadlock and never both pass on the
same remainder), re-reads the consumption inside the lock and refuses what would go over."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.exceptions import ApplicationError, Conflict, NotAllowed
from common.limits import ensure_plausible_year
from common.notifications import notify
from common.phrases import phrase
from common.text import ensure_clean_text
from common.transitions import Transition, passes
from expenses.models import (
    EDITABLE_STATUSES,
    Category,
    ClaimStatus,
    ExpenseBudget,
    ExpenseClaim,
    ExpenseClaimTransition,
    ExpensePolicy,
)
from expenses.rules import (
    amount_in_range,
    budgets_exceeded,
    incurred_on_problem,
    money_text,
    normalised_invoice_number,
)
from expenses.selectors import approval_stage, budget_lines, matching_budgets_q
from expenses.services.receipts import receipt_check
from teams.models import Role
from teams.scoping import acting_employee, is_above, scope_for
from teams.selectors import line_manager

TRANSITIONS: dict[str, Transition] = {
    "submit": Transition((ClaimStatus.DRAFT, ClaimStatus.REJECTED), ClaimStatus.SUBMITTED, gettext_lazy("submit")),
    "manager_approve": Transition((ClaimStatus.SUBMITTED,), ClaimStatus.MANAGER_APPROVED, gettext_lazy("approve")),
    "finance_approve": Transition((ClaimStatus.MANAGER_APPROVED,), ClaimStatus.FINANCE_APPROVED,
                                  gettext_lazy("approve")),
    "manager_reject": Transition((ClaimStatus.SUBMITTED,), ClaimStatus.REJECTED, gettext_lazy("reject")),
    "finance_reject": Transition((ClaimStatus.MANAGER_APPROVED,), ClaimStatus.REJECTED, gettext_lazy("reject")),
    "pay": Transition((ClaimStatus.FINANCE_APPROVED,), ClaimStatus.PAID, gettext_lazy("pay")),
}

#: What a person does to a claim: one button on the page and one endpoint
#: (`expense-claims/{id}/<action>/`) each. Approve and reject mean the stage the actor gives.
CLAIM_ACTIONS = ("submit", "approve", "reject", "pay")

#: The fields the claimant writes (everything else — status, approvals, the receipt's fingerprint —
#: only the services set).
EDITABLE_FIELDS = ("category", "amount", "incurred_on", "purpose", "invoice_number", "receipt", "customer",
                   "follow_up", "event")


# --- Who may do what ------------------------------------------------------------------------------


def _is_claimant(actor, claim: ExpenseClaim) -> bool:
    return scope_for(actor).employee_id == claim.claimant_id


def ensure_may_claim(*, actor) -> None:
    """403 unless the person may claim expenses: an active employee whose claims they can see
    (every sales role and finance; HR and an admin without an employee record do not claim)."""
    employee = acting_employee(actor)
    scope = scope_for(actor)
    if employee is None or scope.role == Role.HR:
        raise NotAllowed(_("Only employees of sales and finance claim expenses here."))


def may_claim(*, actor) -> bool:
    return passes(ensure_may_claim, actor=actor, refusals=(NotAllowed,))


def _stage_transition(actor, verb: str) -> str:
    """"manager_approve" / "finance_approve" (or _reject) by the actor's approval stage; 403 for a
    person who approves nothing."""
    stage = approval_stage(actor)
    if stage is None:
        raise NotAllowed(_("Only a line manager (or a head above) and finance approve or reject claims."))
    return f"{stage}_{verb}"


def _ensure_actor(action: str, *, actor, claim: ExpenseClaim) -> str:
    """The transition `action` means for this actor; 403 when the actor may not take it on this
    claim whatever its state (the claimant approving, someone not above the claimant)."""
    if action == "submit":
        if not _is_claimant(actor, claim):
            raise NotAllowed(_("Only the claimant submits a claim."))
        return "submit"
    if _is_claimant(actor, claim):
        raise NotAllowed(_("Nobody approves, rejects or pays their own claim."))
    if action == "pay":
        if scope_for(actor).role != Role.FINANCE:
            raise NotAllowed(_("Only finance pays claims."))
        return "pay"
    name = _stage_transition(actor, action)
    if name.startswith("manager") and not is_above(actor, claim.claimant):
        raise NotAllowed(_("Only the claimant's line manager or a head above them gives the first approval."))
    return name


def _ensure_state(name: str, claim: ExpenseClaim) -> None:
    transition = TRANSITIONS[name]
    if transition.leaves_from(claim.status):
        return
    if name.startswith("finance") and claim.status == ClaimStatus.SUBMITTED:
        raise Conflict(_("The line manager approves this claim first: it is %(status)s.") % {
            "status": claim.get_status_display()})
    raise Conflict(_("Cannot %(action)s this claim: it is %(status)s.") % {
        "action": transition.label, "status": claim.get_status_display()})


def may_act(*, claim: ExpenseClaim, action: str, actor) -> bool:
    """Whether `actor` may take `action` on `claim` now (role, person and state; the budget and the
    other rules are checked when it is taken). The page's buttons ask this."""
    def check() -> None:
        _ensure_state(_ensure_actor(action, actor=actor, claim=claim), claim)

    return passes(check, refusals=(NotAllowed, Conflict))


def claim_actions_allowed(*, claim: ExpenseClaim, actor) -> dict[str, bool]:
    return {action: may_act(claim=claim, action=action, actor=actor) for action in CLAIM_ACTIONS}


def may_edit_claim(*, claim: ExpenseClaim, actor) -> bool:
    return _is_claimant(actor, claim) and claim.status in EDITABLE_STATUSES


def may_delete_claim(*, claim: ExpenseClaim, actor) -> bool:
    return _is_claimant(actor, claim) and claim.status == ClaimStatus.DRAFT


# --- Field rules ---------------------------------------------------------------------------------


def _checked_amount(amount, policy: ExpensePolicy) -> Decimal:
    try:
        amount = Decimal(str(amount))
    except (InvalidOperation, ValueError, TypeError):
        raise ApplicationError(_("Enter an amount such as 128.50."), field="amount") from None
    if not amount.is_finite() or not amount_in_range(amount, largest=policy.max_claim_amount):
        raise ApplicationError(_("The amount must be more than 0.00 and at most %(max)s, in cents.") % {
            "max": money_text(policy.max_claim_amount)}, field="amount")
    return amount


def _check_incurred_on(incurred_on, policy: ExpensePolicy) -> None:
    ensure_plausible_year(incurred_on.year, field="incurred_on")
    problem = incurred_on_problem(incurred_on, today=timezone.localdate(), max_age_days=policy.max_age_days)
    if problem == "future":
        raise ApplicationError(_("An expense cannot be dated in the future."), field="incurred_on")
    if problem == "too_old":
        raise ApplicationError(_("An expense may be claimed at most %(days)s days after it was incurred.") % {
            "days": policy.max_age_days}, field="incurred_on")


def _check_links(actor, data: dict) -> None:
    """The customer, follow-up and event a claim names must be ones the claimant sees (400, as if
    they did not exist); a follow-up names its customer."""
    from customers.models import Customer, FollowUp
    from events.models import MarketingEvent

    customer, follow_up, event = data.get("customer"), data.get("follow_up"), data.get("event")
    if customer is not None and not Customer.objects.visible_to(actor).filter(pk=customer.pk).exists():
        raise ApplicationError(_("Pick a customer from the list."), field="customer")
    if follow_up is not None:
        if not FollowUp.objects.visible_to(actor).filter(pk=follow_up.pk).exists():
            raise ApplicationError(_("Pick a follow-up record from the list."), field="follow_up")
        if customer is not None and follow_up.customer_id != customer.pk:
            raise ApplicationError(_("This follow-up record is of another customer."), field="follow_up")
    if event is not None and not MarketingEvent.objects.visible_to(actor).filter(pk=event.pk).exists():
        raise ApplicationError(_("Pick an event from the list."), field="event")


def _clean(actor, data: dict, policy: ExpensePolicy) -> dict:
    """The claimant's input, checked field by field (400 naming the field); the receipt becomes
    its content, type and fingerprint."""
    cleaned = dict(data)
    if "category" in cleaned and cleaned["category"] not in Category.values:
        raise ApplicationError(_("Pick a category from the list."), field="category")
    if "amount" in cleaned:
        cleaned["amount"] = _checked_amount(cleaned["amount"], policy)
    if "incurred_on" in cleaned:
        _check_incurred_on(cleaned["incurred_on"], policy)
    for field in ("purpose", "invoice_number"):
        if field in cleaned:
            cleaned[field] = str(cleaned[field] or "").strip()
            ensure_clean_text(cleaned[field], field=field)
    if "purpose" in cleaned and not cleaned["purpose"]:
        raise ApplicationError(_("Say what the money was spent on."), field="purpose")
    if "invoice_number" in cleaned:
        cleaned["invoice_number"] = normalised_invoice_number(cleaned["invoice_number"])
    if cleaned.get("follow_up") is not None and cleaned.get("customer") is None:
        cleaned["customer"] = cleaned["follow_up"].customer
    _check_links(actor, cleaned)
    if cleaned.get("receipt"):
        checked = receipt_check(file=cleaned.pop("receipt"), policy=policy)
        cleaned.update(receipt=checked.file, receipt_content_type=checked.content_type,
                       receipt_sha256=checked.sha256, receipt_size=checked.size)
    else:
        cleaned.pop("receipt", None)
    return cleaned


def _duplicate_message(field: str) -> str:
    if field == "invoice_number":
        return _("This invoice number is already claimed (by a claim that was not rejected).")
    return _("This receipt is already claimed (the same file is on a claim that was not rejected).")


def _ensure_not_duplicate(claim: ExpenseClaim) -> None:
    others = ExpenseClaim.objects.exclude(status=ClaimStatus.REJECTED).exclude(pk=claim.pk)
    if claim.invoice_number and others.filter(invoice_number=claim.invoice_number).exists():
        raise ApplicationError(_duplicate_message("invoice_number"), field="invoice_number")
    if claim.receipt_sha256 and others.filter(receipt_sha256=claim.receipt_sha256).exists():
        raise ApplicationError(_duplicate_message("receipt"), field="receipt")


def _save_unique(claim: ExpenseClaim, **kwargs) -> None:
    """Save; a rival that took the same invoice or receipt an instant earlier is the same 400
    (the partial unique constraints), never a 500."""
    try:
        with transaction.atomic():
            claim.save(**kwargs)
    except IntegrityError as exc:
        field = "receipt" if "receipt" in str(exc) else "invoice_number"
        raise ApplicationError(_duplicate_message(field), field=field) from None


# --- The claimant's writes -----------------------------------------------------------------------


def expense_claim_create(*, actor, category: str, amount, incurred_on, purpose: str, invoice_number: str = "",
                         receipt=None, customer=None, follow_up=None, event=None) -> ExpenseClaim:
    """A draft claim of the acting person (submit it with `expense_claim_submit`)."""
    ensure_may_claim(actor=actor)
    policy = ExpensePolicy.current()
    cleaned = _clean(actor, {
        "category": category, "amount": amount, "incurred_on": incurred_on, "purpose": purpose,
        "invoice_number": invoice_number, "receipt": receipt, "customer": customer, "follow_up": follow_up,
        "event": event}, policy)
    claim = ExpenseClaim(claimant=acting_employee(actor), **cleaned)
    _ensure_not_duplicate(claim)
    _save_unique(claim)
    return claim


def expense_claim_file(*, actor, submit: bool, **fields) -> ExpenseClaim:
    """The phone's one step: create the claim and, with `submit`, hand it in at once — all or
    nothing (a refused submission leaves no draft behind to be filed twice)."""
    with transaction.atomic():
        claim = expense_claim_create(actor=actor, **fields)
        if submit:
            claim = expense_claim_submit(claim=claim, actor=actor)
    return claim


def expense_claim_update(*, actor, claim: ExpenseClaim, data: dict) -> ExpenseClaim:
    """The claimant changes a draft or a rejected claim (a rejected one goes back to the line
    manager when resubmitted). Unknown fields are a 400 naming them; submitted claims are 409."""
    from common.services import model_update

    if not _is_claimant(actor, claim):
        raise NotAllowed(_("Only the claimant edits a claim."))
    policy = ExpensePolicy.current()
    unknown = [field for field in data if field not in EDITABLE_FIELDS]
    if unknown:
        raise ApplicationError(_("This field cannot be changed here."), field=unknown[0])
    with transaction.atomic():
        locked = ExpenseClaim.objects.select_for_update().get(pk=claim.pk)
        if locked.status not in EDITABLE_STATUSES:
            raise Conflict(_("Only a draft or a rejected claim can be changed: this one is %(status)s.") % {
                "status": locked.get_status_display()})
        merged = {"customer": locked.customer, "follow_up": locked.follow_up, "event": locked.event, **data}
        cleaned = _clean(actor, merged, policy)
        fields = [*EDITABLE_FIELDS, "receipt_content_type", "receipt_sha256", "receipt_size"]
        _instance, changed = model_update(instance=locked, fields=fields, data=cleaned, save=False)
        if changed:
            _ensure_not_duplicate(locked)
            _save_unique(locked)
    return locked


def expense_claim_delete(*, actor, claim: ExpenseClaim) -> None:
    """The claimant deletes a draft (a submitted claim stays, with its history)."""
    if not _is_claimant(actor, claim):
        raise NotAllowed(_("Only the claimant deletes a claim."))
    with transaction.atomic():
        locked = ExpenseClaim.objects.select_for_update().get(pk=claim.pk)
        if locked.status != ClaimStatus.DRAFT:
            raise Conflict(_("Only a draft can be deleted: this claim is %(status)s.") % {
                "status": locked.get_status_display()})
        locked.delete()


# --- Transitions ---------------------------------------------------------------------------------


def _move(*, claim: ExpenseClaim, action: str, actor, note: str = "", check=None) -> ExpenseClaim:
    """Lock the claim, check the person (403) and the state (409), run `check(locked)` (400s), then
    move it and record the transition."""
    with transaction.atomic():
        locked = ExpenseClaim.objects.select_for_update().select_related("claimant__org_unit").get(pk=claim.pk)
        name = _ensure_actor(action, actor=actor, claim=locked)
        _ensure_state(name, locked)
        if check is not None:
            check(name, locked)
        source, locked.status = locked.status, TRANSITIONS[name].target
        fields = ["status", "updated_at"]
        if name == "submit":
            locked.submitted_at, locked.rejection_reason = timezone.now(), ""
            fields += ["submitted_at", "rejection_reason"]
        if locked.status == ClaimStatus.REJECTED:
            locked.rejection_reason = note
            fields.append("rejection_reason")
        _save_unique(locked, update_fields=fields)
        ExpenseClaimTransition.objects.create(claim=locked, actor=actor, from_status=source, to_status=locked.status,
                                              note=note[:500])
    return locked


def _submit_check(name: str, claim: ExpenseClaim) -> None:
    policy = ExpensePolicy.current()
    if not claim.receipt:
        raise ApplicationError(_("Attach the receipt (a photo or a PDF) before submitting."), field="receipt")
    _checked_amount(claim.amount, policy)
    _check_incurred_on(claim.incurred_on, policy)
    if not claim.purpose.strip():
        raise ApplicationError(_("Say what the money was spent on."), field="purpose")
    _ensure_not_duplicate(claim)


def expense_claim_submit(*, claim: ExpenseClaim, actor) -> ExpenseClaim:
    """The claimant hands a draft (or a corrected rejected claim) to the line manager. The limits
    are checked again on the day of submission (90 days before it at most)."""
    moved = _move(claim=claim, action="submit", actor=actor, check=_submit_check)
    manager = line_manager(moved.claimant)
    if manager is not None:
        notify(recipient=manager.user, kind="expense_claim_submitted", link=moved.get_absolute_url(),
               message=phrase("expenses.notify.submitted", name=moved.claimant.name, amount=money_text(moved.amount)),
               dedupe_key=f"expense-submitted:{moved.pk}:{moved.transitions.count()}")
    return moved


def _budget_refusal_message(budget: ExpenseBudget, excess: Decimal) -> str:
    label = str(budget.get_category_display())
    return _("This claim exceeds the %(category)s budget of %(unit)s for %(period)s by %(excess)s.") % {
        "category": label[:1].lower() + label[1:], "unit": budget.org_unit.name, "period": budget.period,
        "excess": money_text(excess)}


def ensure_within_budget(claim: ExpenseClaim) -> None:
    """Inside the approval's transaction: lock every budget the claim counts against (id order),
    re-read their consumption and refuse (400) an approval that would take any over, naming the
    category, unit, period and excess; refuse one no budget covers when the policy says so."""
    budgets = list(ExpenseBudget.objects.select_for_update().select_related("org_unit").filter(
        matching_budgets_q(unit=claim.claimant.org_unit, category=claim.category, day=claim.incurred_on))
        .order_by("pk"))
    if not budgets:
        if ExpensePolicy.current().require_budget:
            raise ApplicationError(_("No %(category)s budget covers %(unit)s on %(day)s: ask finance to set one.") % {
                "category": str(claim.get_category_display()).lower(), "unit": claim.claimant.org_unit.name,
                "day": claim.incurred_on.isoformat()})
        return
    lines = budget_lines(budgets)
    exceeded = budgets_exceeded([lines[b.pk] for b in budgets], adding=claim.amount)
    if exceeded:
        by_id = {b.pk: b for b in budgets}
        line, excess = exceeded[0]
        raise ApplicationError(_budget_refusal_message(by_id[line.budget_id], excess),
                               extra={"budget": line.budget_id, "excess": f"{excess:.2f}"})


def _approve_check(name: str, claim: ExpenseClaim) -> None:
    if name == "manager_approve":
        ensure_within_budget(claim)


def expense_claim_approve(*, claim: ExpenseClaim, actor, note: str = "") -> ExpenseClaim:
    """The line manager's (or a head above's) first approval — the one that makes the claim
    consume its budgets, refused when it would overrun one — or finance's second."""
    moved = _move(claim=claim, action="approve", actor=actor, note=note, check=_approve_check)
    if moved.status == ClaimStatus.FINANCE_APPROVED:
        _notify_claimant(moved, "approved")
    return moved


def _reject_check(reason: str):
    def check(name: str, claim: ExpenseClaim) -> None:
        if not reason.strip():
            raise ApplicationError(_("Give the reason for rejecting the claim."), field="reason")
        ensure_clean_text(reason, field="reason")
        if len(reason) > 500:
            raise ApplicationError(_("Keep the reason under 500 characters."), field="reason")
    return check


def expense_claim_reject(*, claim: ExpenseClaim, actor, reason: str) -> ExpenseClaim:
    """The line manager (a submitted claim) or finance (one the line manager approved) sends the
    claim back with a required reason; the claimant may correct it and resubmit."""
    reason = str(reason or "").strip()
    moved = _move(claim=claim, action="reject", actor=actor, note=reason, check=_reject_check(reason))
    _notify_claimant(moved, "rejected", reason=reason)
    return moved


def expense_claim_pay(*, claim: ExpenseClaim, actor, note: str = "") -> ExpenseClaim:
    """Finance records the payment of an approved claim."""
    moved = _move(claim=claim, action="pay", actor=actor, note=note)
    _notify_claimant(moved, "paid")
    return moved


def _notify_claimant(claim: ExpenseClaim, what: str, **params) -> None:
    """Tell the claimant their claim was `what` ("approved", "rejected", "paid"), once per transition."""
    notify(recipient=claim.claimant.user, kind=f"expense_claim_{what}", link=claim.get_absolute_url(),
           message=phrase(f"expenses.notify.{what}", amount=money_text(claim.amount), purpose=claim.purpose, **params),
           dedupe_key=f"expense-{what}:{claim.pk}:{claim.transitions.count()}")


def expense_claim_act(*, claim: ExpenseClaim, action: str, actor, reason: str = "") -> ExpenseClaim:
    """Take one of `CLAIM_ACTIONS` (the page's buttons and the API's endpoints both call this)."""
    if action == "submit":
        return expense_claim_submit(claim=claim, actor=actor)
    if action == "approve":
        return expense_claim_approve(claim=claim, actor=actor)
    if action == "reject":
        return expense_claim_reject(claim=claim, actor=actor, reason=reason)
    if action == "pay":
        return expense_claim_pay(claim=claim, actor=actor)
    raise Conflict(_("Unknown action."))
