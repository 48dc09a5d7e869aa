"""Opportunities (SPEC §2.5): creation and edits, the stage machine with its history, the
escalation report of major opportunities, and `won` with its contract. Every rule lives here."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import actor_or_none
from common.exceptions import Conflict
from common.notifications import notify
from common.phrases import money_text, phrase
from common.services import model_update
from customers.models import (
    Contract,
    Customer,
    EscalationReport,
    Opportunity,
    OpportunityStageChange,
    PipelinePolicy,
    Stage,
)
from customers.models.pipeline import CLOSED_STAGES, OPEN_STAGES, STAGE_ORDER
from customers.phrases import MAJOR_OPPORTUNITY
from customers.rules import opportunity_is_major
from customers.selectors.access import ensure_assignable_owner, ensure_visible
from customers.services._bounds import check_amount, check_clean_text, check_plausible_date
from customers.services.contracts import contract_create
from teams.models import Employee
from teams.selectors import line_manager

#: Allowed moves: forward along the stage order (skipping ahead is allowed), `lost` from any open
#: stage, nothing out of `won` or `lost`.
ALLOWED_MOVES: dict[str, tuple[str, ...]] = {
    stage: (*STAGE_ORDER[STAGE_ORDER.index(stage) + 1:], Stage.LOST) for stage in OPEN_STAGES
} | {Stage.WON: (), Stage.LOST: ()}

#: A major opportunity needs its escalation report before it reaches any of these stages.
PAST_NEEDS_ANALYSIS = (Stage.PROPOSAL, Stage.NEGOTIATION, Stage.WON)

EDITABLE_FIELDS = ("name", "amount", "product_line", "expected_close_on", "needs_confirmed_on",
                   "quote_submitted_on", "owner")


def opportunity_quote_due_on(opportunity: Opportunity, *, policy: PipelinePolicy | None = None) -> date | None:
    """The formal quote is due `quote_sla_days` (2) after the needs were confirmed."""
    if opportunity.needs_confirmed_on is None:
        return None
    policy = policy or PipelinePolicy.current()
    return opportunity.needs_confirmed_on + timedelta(days=policy.quote_sla_days)


def _validate_fields(*, name: str, amount: Decimal, product_line: str, expected_close_on: date | None,
                     needs_confirmed_on: date | None, quote_submitted_on: date | None, today: date) -> None:
    errors = {}
    check_clean_text(errors, {"name": name, "product_line": product_line})
    if not (name or "").strip():
        errors["name"] = _("An opportunity needs a name.")
    if amount is None or amount < 0:
        errors["amount"] = _("The amount cannot be negative.")
    check_amount(errors, amount, field="amount")
    for field, day in (("expected_close_on", expected_close_on), ("needs_confirmed_on", needs_confirmed_on),
                       ("quote_submitted_on", quote_submitted_on)):
        check_plausible_date(errors, day, field=field)
    if errors:
        raise ValidationError(errors)
    if needs_confirmed_on is not None and needs_confirmed_on > today:
        errors["needs_confirmed_on"] = _("This date cannot be in the future.")
    if quote_submitted_on is not None:
        if quote_submitted_on > today:
            errors["quote_submitted_on"] = _("This date cannot be in the future.")
        elif needs_confirmed_on is None or quote_submitted_on < needs_confirmed_on:
            errors["quote_submitted_on"] = _("A quote follows the confirmation of the needs.")
    if errors:
        raise ValidationError(errors)


def _notify_if_became_major(opportunity: Opportunity, *, was_major: bool, policy: PipelinePolicy) -> None:
    """Tell the owner's line manager once (dedupe key) when an opportunity becomes major."""
    if was_major or not opportunity_is_major(opportunity, policy=policy):
        return
    manager = line_manager(opportunity.owner)
    if manager is None or manager.user_id is None:
        return
    notify(
        recipient=manager.user,
        kind="major_opportunity",
        # Stored as a phrase: the manager reads it in their language, not the owner's.
        message=phrase(
            MAJOR_OPPORTUNITY, name=opportunity.name, customer=opportunity.customer.name,
            amount=money_text(opportunity.amount), owner=opportunity.owner.name,
        ),
        dedupe_key=f"major-opportunity:{opportunity.pk}",
        link=reverse("customers:opportunity-detail", args=[opportunity.pk]),
    )


def _record_stage(opportunity: Opportunity, old_stage: str, actor) -> None:
    OpportunityStageChange.objects.create(
        opportunity=opportunity, old_stage=old_stage, new_stage=opportunity.stage,
        changed_by=actor_or_none(actor),
    )


@transaction.atomic
def opportunity_create(
    *, actor, customer: Customer, name: str, amount: Decimal, owner: Employee | None = None,
    product_line: str = "", expected_close_on: date | None = None, needs_confirmed_on: date | None = None,
    quote_submitted_on: date | None = None,
) -> Opportunity:
    """Open an opportunity in `lead` on a customer in the actor's scope. The owner defaults to the
    customer's owner; another owner must be the actor or someone the actor is above. A major one notifies the owner's line manager."""
    ensure_visible(customer, actor, field="customer")
    if owner is None or owner.pk == customer.owner_id:
        owner = customer.owner  # in scope: the customer is visible, so the actor is them or above
    else:
        ensure_assignable_owner(owner, actor)
    _validate_fields(name=name, amount=amount, product_line=product_line, expected_close_on=expected_close_on,
                     needs_confirmed_on=needs_confirmed_on, quote_submitted_on=quote_submitted_on,
                     today=timezone.localdate())
    policy = PipelinePolicy.current()
    opportunity = Opportunity(
        customer=customer, owner=owner, name=name.strip(), amount=amount, product_line=product_line or "",
        expected_close_on=expected_close_on, needs_confirmed_on=needs_confirmed_on,
        quote_submitted_on=quote_submitted_on, stage=Stage.LEAD,
    )
    opportunity.quote_due_on = opportunity_quote_due_on(opportunity, policy=policy)
    opportunity.save()
    _record_stage(opportunity, "", actor)
    _notify_if_became_major(opportunity, was_major=False, policy=policy)
    return opportunity


@transaction.atomic
def opportunity_update(*, opportunity: Opportunity, actor, **changes) -> Opportunity:
    """Edit the fields of an open opportunity (409 once won or lost). Stage moves go through
    `opportunity_move`. Raising the amount to major notifies the owner's line manager."""
    ensure_visible(opportunity, actor)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed here.") for field in sorted(unknown)})
    opportunity = Opportunity.objects.select_for_update().select_related("customer", "owner__org_unit").get(
        pk=opportunity.pk
    )
    if not opportunity.is_open:
        raise Conflict(_("A won or lost opportunity can no longer be edited."))
    if "owner" in changes and changes["owner"].pk != opportunity.owner_id:
        ensure_assignable_owner(changes["owner"], actor)
    policy = PipelinePolicy.current()
    was_major = opportunity_is_major(opportunity, policy=policy)
    if isinstance(changes.get("name"), str):
        changes["name"] = changes["name"].strip()
    model_update(instance=opportunity, fields=EDITABLE_FIELDS, data=changes, save=False)
    _validate_fields(name=opportunity.name, amount=opportunity.amount, product_line=opportunity.product_line,
                     expected_close_on=opportunity.expected_close_on,
                     needs_confirmed_on=opportunity.needs_confirmed_on,
                     quote_submitted_on=opportunity.quote_submitted_on, today=timezone.localdate())
    opportunity.quote_due_on = opportunity_quote_due_on(opportunity, policy=policy)
    opportunity.save()
    _notify_if_became_major(opportunity, was_major=was_major, policy=policy)
    return opportunity


def _escalation_report_complete(opportunity: Opportunity) -> bool:
    report = EscalationReport.objects.filter(opportunity=opportunity).first()
    return report is not None and all(
        (getattr(report, field) or "").strip() for field in ("background", "needs_detail", "progress", "risks")
    )


def _contract_for_won(opportunity: Opportunity, actor, *, contract: Contract | None, contract_data: dict | None):
    if contract is not None and contract_data:
        raise ValidationError({"contract": _("Either link an existing contract or create a new one, not both.")})
    if contract is not None:
        ensure_visible(contract, actor, field="contract")
        if contract.customer_id != opportunity.customer_id:
            raise ValidationError({"contract": _("The contract must belong to the opportunity's customer.")})
        if Opportunity.objects.filter(contract=contract).exclude(pk=opportunity.pk).exists():
            raise ValidationError({"contract": _("This contract is already linked to another opportunity.")})
        return contract
    if contract_data:
        data = {"owner": opportunity.owner, "product_line": opportunity.product_line} | dict(contract_data)
        return contract_create(actor=actor, customer=opportunity.customer, **data)
    raise ValidationError({"contract": _("A won opportunity needs a contract: create one or link an existing one.")})


@transaction.atomic
def opportunity_move(
    *, opportunity: Opportunity, to_stage: str, actor, lost_reason: str = "",
    contract: Contract | None = None, contract_data: dict | None = None, on: date | None = None,
) -> Opportunity:
    """Move an opportunity to `to_stage` and record the change.

    Forward along lead → contacted → needs_analysis → proposal → negotiation → won; `lost` (with a
    reason) from any open stage; nothing leaves won or lost (409). A major opportunity needs a
    complete escalation report before proposal, negotiation or won. `won` needs a contract:
    `contract` (an existing one of the same customer) or `contract_data` (the fields of
    `contract_create`, created in the same transaction). Leaving needs analysis without a
    confirmation date confirms the needs on that day (the quote SLA starts)."""
    ensure_visible(opportunity, actor)
    opportunity = Opportunity.objects.select_for_update().select_related("customer", "owner__org_unit").get(
        pk=opportunity.pk
    )
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": _("Unknown stage “%(stage)s”.") % {"stage": to_stage}})
    if to_stage not in ALLOWED_MOVES[opportunity.stage]:
        raise Conflict(_("An opportunity cannot move from %(old)s to %(new)s.") % {
            "old": Stage(opportunity.stage).label, "new": Stage(to_stage).label,
        })
    policy = PipelinePolicy.current()
    today = on or timezone.localdate()
    if to_stage == Stage.LOST:
        lost_reason = (lost_reason or "").strip()
        if not lost_reason:
            raise ValidationError({"lost_reason": _("Say why the opportunity was lost.")})
        errors = {}
        check_clean_text(errors, {"lost_reason": lost_reason})
        if errors:
            raise ValidationError(errors)
        opportunity.lost_reason = lost_reason
    if to_stage in PAST_NEEDS_ANALYSIS and opportunity_is_major(opportunity, policy=policy) \
            and not _escalation_report_complete(opportunity):
        raise ValidationError({"escalation_report": _(
            "A major opportunity needs a complete escalation report (background, needs, progress, risks) "
            "before it moves past needs analysis."
        )})
    if to_stage == Stage.WON:
        opportunity.contract = _contract_for_won(opportunity, actor, contract=contract, contract_data=contract_data)
    if to_stage in PAST_NEEDS_ANALYSIS and opportunity.needs_confirmed_on is None:
        opportunity.needs_confirmed_on = today
        opportunity.quote_due_on = opportunity_quote_due_on(opportunity, policy=policy)
    old_stage = opportunity.stage
    opportunity.stage = to_stage
    if to_stage in CLOSED_STAGES:
        opportunity.closed_on = today
    opportunity.save()
    _record_stage(opportunity, old_stage, actor)
    return opportunity


@transaction.atomic
def escalation_report_save(
    *, opportunity: Opportunity, actor, background: str, needs_detail: str, progress: str, risks: str
) -> EscalationReport:
    """Write or rewrite the escalation report of an opportunity; all four parts are required."""
    ensure_visible(opportunity, actor)
    values = {"background": background, "needs_detail": needs_detail, "progress": progress, "risks": risks}
    values = {field: (value or "").strip() for field, value in values.items()}
    errors = {field: _("This part of the report is required.") for field, value in values.items() if not value}
    check_clean_text(errors, values)
    if errors:
        raise ValidationError(errors)
    report, _created = EscalationReport.objects.update_or_create(
        opportunity=opportunity, defaults={**values, "written_by": actor_or_none(actor)}
    )
    return report
