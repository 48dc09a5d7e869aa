"""Contracts, receivables and payments (SPEC §2.6). Every rule lives here; the API, the pages and
the admin call these functions."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.audit import actor_or_none
from common.exceptions import Conflict
from common.money import ZERO
from customers.models import Contract, Customer, Payment, PipelinePolicy, Receivable
from customers.selectors.access import ensure_assignable_owner, ensure_visible
from customers.services._bounds import check_amount, check_clean_text, check_plausible_date, ensure_open_month
from teams.models import Employee, Role
from teams.scoping import require_role, scope_for

#: Who may record a payment: money received is booked by finance (and the director / an admin).
PAYMENT_ROLES = (Role.FINANCE, Role.DIRECTOR)

NUMBER_TAKEN = gettext_lazy("A contract with this number already exists.")


def may_record_payment(*, actor) -> bool:
    """Whether the actor's role records payments (finance, the director or an admin)."""
    return scope_for(actor).acting_role in PAYMENT_ROLES


def ensure_may_record_payment(*, actor) -> None:
    """403 unless `may_record_payment` (checked before the input is read)."""
    require_role(actor, *PAYMENT_ROLES, message=_("Only finance records payments."))


def _validate_contract(
    *, number: str, customer: Customer, amount: Decimal, signed_on: date, start_on: date, end_on: date,
    gross_margin_pct: Decimal | None, renews: Contract | None, today: date,
) -> dict:
    errors = {}
    check_clean_text(errors, {"number": number})
    if not number:
        errors["number"] = _("A contract needs a number.")
    elif "number" not in errors and Contract.objects.filter(number__iexact=number).exists():
        errors["number"] = NUMBER_TAKEN
    if amount is None or amount <= 0:
        errors["amount"] = _("The amount must be greater than zero.")
    check_amount(errors, amount, field="amount")
    for field, day in (("signed_on", signed_on), ("start_on", start_on), ("end_on", end_on)):
        if day is None:
            errors[field] = _("Give a date.")
        check_plausible_date(errors, day, field=field)
    if signed_on is not None and "signed_on" not in errors and signed_on > today:
        errors["signed_on"] = _("A contract cannot be signed in the future.")
    if start_on and end_on and not {"start_on", "end_on"} & set(errors) and end_on < start_on:
        errors["end_on"] = _("The end date cannot be before the start date.")
    if gross_margin_pct is not None and not (Decimal(-100) <= gross_margin_pct <= Decimal(100)):
        errors["gross_margin_pct"] = _("The gross margin must be between -100 and 100 %.")
    if renews is not None:
        if renews.customer_id != customer.pk:
            errors["renews"] = _("A contract can only renew a contract of the same customer.")
        elif signed_on is not None and renews.signed_on > signed_on:
            errors["renews"] = _("A contract can only renew an earlier contract.")
    return errors


@transaction.atomic
def contract_create(
    *, actor, number: str, customer: Customer, amount: Decimal, signed_on: date, start_on: date, end_on: date,
    owner: Employee | None = None, product_line: str = "", gross_margin_pct: Decimal | None = None,
    renews: Contract | None = None,
) -> Contract:
    """Record a signed contract. The customer (and `renews`) must be in the actor's scope; the
    owner defaults to the customer's owner. Delivery is due `delivery_sla_days` after signing.
    The amount is at most the configured maximum, the dates lie in the business years, and a
    contract signed in a closed month is refused (409): that month's figures are published."""
    ensure_visible(customer, actor, field="customer")
    if renews is not None:
        ensure_visible(renews, actor, field="renews")
    if owner is None or owner.pk == customer.owner_id:
        owner = customer.owner
    else:
        ensure_assignable_owner(owner, actor)
    number = (number or "").strip()
    errors = _validate_contract(
        number=number, customer=customer, amount=amount, signed_on=signed_on, start_on=start_on, end_on=end_on,
        gross_margin_pct=gross_margin_pct, renews=renews, today=timezone.localdate(),
    )
    check_clean_text(errors, {"product_line": product_line})
    if errors:
        raise ValidationError(errors)
    ensure_open_month(signed_on, field="signed_on")
    policy = PipelinePolicy.current()
    try:
        with transaction.atomic():
            return Contract.objects.create(
                number=number, customer=customer, owner=owner, amount=amount, product_line=product_line or "",
                gross_margin_pct=gross_margin_pct, signed_on=signed_on, start_on=start_on, end_on=end_on,
                renews=renews, delivery_due_on=signed_on + timedelta(days=policy.delivery_sla_days),
                created_by=actor_or_none(actor),
            )
    except IntegrityError:
        # Two requests racing for the same number: the unique constraint decides.
        raise ValidationError({"number": NUMBER_TAKEN})


@transaction.atomic
def contract_confirm_delivery(*, contract: Contract, actor, confirmed_on: date | None = None) -> Contract:
    """Confirm delivery once (409 when already confirmed); the date is neither before signing nor in
    the future. Whether it met the SLA is read with `selectors.pipeline.delivery_sla_breached`."""
    ensure_visible(contract, actor)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.delivery_confirmed_on is not None:
        raise Conflict(_("Delivery of this contract was already confirmed on %(day)s.")
                       % {"day": contract.delivery_confirmed_on.isoformat()})
    today = timezone.localdate()
    confirmed_on = confirmed_on or today
    errors = {}
    check_plausible_date(errors, confirmed_on, field="confirmed_on")
    if errors:
        raise ValidationError(errors)
    if confirmed_on > today:
        raise ValidationError({"confirmed_on": _("Delivery cannot be confirmed in the future.")})
    if confirmed_on < contract.signed_on:
        raise ValidationError({"confirmed_on": _("Delivery cannot be confirmed before the contract was signed.")})
    contract.delivery_confirmed_on = confirmed_on
    contract.save(update_fields=["delivery_confirmed_on"])
    return contract


@transaction.atomic
def receivable_create(*, actor, contract: Contract, due_on: date, amount: Decimal) -> Receivable:
    """Schedule an amount due on a contract. The receivables of a contract never add up to more
    than its amount (checked under a lock on the contract); none falls due in a closed month (409),
    whose collection rate is published."""
    ensure_visible(contract, actor, field="contract")
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    errors = {}
    check_amount(errors, amount, field="amount")
    if amount is None or amount <= 0:
        errors["amount"] = _("The amount must be greater than zero.")
    elif "amount" not in errors:
        scheduled = contract.receivables.aggregate(total=Sum("amount"))["total"] or ZERO
        if scheduled + amount > contract.amount:
            errors["amount"] = _(
                "The receivables of contract %(number)s would exceed its amount: %(open)s is left to schedule."
            ) % {"number": contract.number, "open": f"{contract.amount - scheduled:.2f}"}
    check_plausible_date(errors, due_on, field="due_on")
    if due_on is None:
        errors["due_on"] = _("A receivable needs a due date.")
    elif "due_on" not in errors and due_on < contract.signed_on:
        errors["due_on"] = _("A receivable cannot fall due before the contract was signed.")
    if errors:
        raise ValidationError(errors)
    # The month a receivable falls due in counts it in its collection rate (SPEC §2.6).
    ensure_open_month(due_on, field="due_on")
    return Receivable.objects.create(contract=contract, due_on=due_on, amount=amount, created_by=actor_or_none(actor))


@transaction.atomic
def payment_create(*, actor, receivable: Receivable, amount: Decimal, paid_on: date) -> Payment:
    """Record money received against a receivable (finance). The receivable row is locked, so two
    payments at once can never together exceed its open amount; `paid_amount` is kept in step. A
    payment is dated neither before its contract was signed nor in the future, nor in a closed
    month (409)."""
    ensure_may_record_payment(actor=actor)
    ensure_visible(receivable, actor, field="receivable")
    receivable = Receivable.objects.select_for_update().select_related("contract").get(pk=receivable.pk)
    errors = {}
    check_amount(errors, amount, field="amount")
    if amount is None or amount <= 0:
        errors["amount"] = _("The amount must be greater than zero.")
    elif "amount" not in errors and amount > receivable.open_amount:
        errors["amount"] = _("The payment exceeds the open amount of this receivable (%(open)s).") % {
            "open": f"{receivable.open_amount:.2f}"
        }
    if paid_on is None:
        errors["paid_on"] = _("A payment needs a date.")
    elif paid_on > timezone.localdate():
        errors["paid_on"] = _("A payment cannot be dated in the future.")
    elif paid_on < receivable.contract.signed_on:
        errors["paid_on"] = _("A payment cannot be dated before its contract was signed (%(day)s).") % {
            "day": receivable.contract.signed_on.isoformat()
        }
    check_plausible_date(errors, paid_on, field="paid_on")
    if errors:
        raise ValidationError(errors)
    ensure_open_month(paid_on, field="paid_on")
    payment = Payment.objects.create(receivable=receivable, amount=amount, paid_on=paid_on,
                                     recorded_by=actor_or_none(actor))
    Receivable.objects.filter(pk=receivable.pk).update(paid_amount=F("paid_amount") + amount)
    return payment
