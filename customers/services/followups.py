"""The follow-up log (SPEC §2.4): logging an entry (late-entry flag), editing within the author's
window, and keeping the customer's last/next follow-up fields current. Entries are never deleted
here (only an admin may)."""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import Conflict, NotAllowed
from common.services import model_update
from common.transitions import passes
from customers.models import Channel, Customer, FollowUp, TieringPolicy
from customers.rules import followup_within_edit_window
from customers.services._bounds import check_clean_text, check_plausible_date, ensure_open_month
from customers.services.customers import ensure_customer_visible
from teams.scoping import acting_employee

EDITABLE_FIELDS = ("occurred_at", "channel", "content", "feedback", "next_step", "next_follow_up_on")
TEXT_FIELDS = ("content", "feedback", "next_step")


def _local(value: datetime) -> datetime:
    """Aware, in the local time zone: a naive time is local time, and an offset the database cannot
    store (beyond ±15:59) becomes the same instant in Asia/Shanghai."""
    return timezone.make_aware(value) if timezone.is_naive(value) else timezone.localtime(value)


def _validate(values: dict, *, now: datetime) -> dict:
    errors = {}
    occurred_at = values.get("occurred_at")
    if not isinstance(occurred_at, datetime):
        errors["occurred_at"] = _("When did it happen? Give a date and time.")
    else:
        # The year first: making a year-1 time aware overflows.
        check_plausible_date(errors, occurred_at, field="occurred_at")
    if "occurred_at" not in errors:
        occurred_at = values["occurred_at"] = _local(occurred_at)
        if occurred_at > now:
            errors["occurred_at"] = _("A follow-up cannot be in the future.")
    if values.get("channel") not in Channel.values:
        errors["channel"] = _("Choose a channel.")
    labels = {"content": _("What was discussed?"), "feedback": _("What did the customer say?"),
              "next_step": _("What is the next step?")}
    for field in TEXT_FIELDS:
        text = values.get(field)
        values[field] = text.strip() if isinstance(text, str) else ""
        if not values[field]:
            errors[field] = _("Required: %(question)s") % {"question": labels[field]}
    check_clean_text(errors, {field: values[field] for field in TEXT_FIELDS})
    next_on = values.get("next_follow_up_on")
    if next_on is not None and not isinstance(next_on, date):
        errors["next_follow_up_on"] = _("Give a date.")
    check_plausible_date(errors, next_on, field="next_follow_up_on")
    if next_on is not None and not {"occurred_at", "next_follow_up_on"} & set(errors):
        if next_on < timezone.localtime(occurred_at).date():
            errors["next_follow_up_on"] = _("The next follow-up cannot be before this one.")
    if errors:
        raise ValidationError(errors)
    return values


def _is_late(*, occurred_at: datetime, logged_at: datetime, policy: TieringPolicy) -> bool:
    return logged_at - occurred_at > timedelta(hours=policy.late_entry_hours)


def _refresh_customer(customer_id: int) -> None:
    """Set the customer's last follow-up and next date from its latest entry (two queries)."""
    latest = (
        FollowUp.objects.filter(customer_id=customer_id).order_by("-occurred_at", "-id")
        .values("occurred_at", "next_follow_up_on").first()
    )
    Customer.objects.filter(pk=customer_id).update(
        last_follow_up_at=latest["occurred_at"] if latest else None,
        next_follow_up_on=latest["next_follow_up_on"] if latest else None,
    )


@transaction.atomic
def followup_create(
    *,
    actor,
    customer: Customer,
    occurred_at: datetime,
    channel: str,
    content: str,
    feedback: str,
    next_step: str,
    next_follow_up_on: date | None = None,
    corrects: FollowUp | None = None,
) -> FollowUp:
    """Log a follow-up by the acting employee on a customer they can see. Flagged late when
    logged more than `late_entry_hours` after it happened; refused (409) when it happened in a
    closed month."""
    author = acting_employee(actor)
    if author is None:
        raise NotAllowed(_("Follow-ups are logged by employees."))
    if customer is None:
        raise ValidationError({"customer": _("Choose a customer.")})
    ensure_customer_visible(user=actor, customer=customer, field="customer")
    now = timezone.now()
    values = _validate(
        {"occurred_at": occurred_at, "channel": channel, "content": content, "feedback": feedback,
         "next_step": next_step, "next_follow_up_on": next_follow_up_on},
        now=now,
    )
    if corrects is not None and corrects.customer_id != customer.pk:
        raise ValidationError({"corrects": _("A correction belongs to the same customer.")})
    # Follow-up compliance of a closed month is published (SPEC §13.1).
    ensure_open_month(values["occurred_at"], field="occurred_at")
    policy = TieringPolicy.current()
    followup = FollowUp.objects.create(
        customer=customer, author=author, corrects=corrects,
        late=_is_late(occurred_at=values["occurred_at"], logged_at=now, policy=policy), **values,
    )
    # The newest entry drives the customer's last/next follow-up; a back-dated one does not.
    Customer.objects.filter(pk=customer.pk).filter(
        Q(last_follow_up_at__isnull=True) | Q(last_follow_up_at__lte=values["occurred_at"])
    ).update(last_follow_up_at=values["occurred_at"], next_follow_up_on=values["next_follow_up_on"])
    return followup


def ensure_may_edit_followup(*, followup: FollowUp, actor, now: datetime, policy: TieringPolicy) -> None:
    """Only the author edits an entry (403), and only within the edit window (409: a correction is
    a new entry then)."""
    author = acting_employee(actor)
    if author is None or author.pk != followup.author_id:
        raise NotAllowed(_("Only the author may edit a follow-up."))
    if not followup_within_edit_window(logged_at=followup.logged_at, now=now, policy=policy):
        raise Conflict(_("A follow-up can be edited for %(hours)d hours after logging; log a correction instead.")
                       % {"hours": policy.edit_window_hours})


def may_edit_followup(*, followup: FollowUp, user, now: datetime | None = None) -> bool:
    """The yes/no twin of `ensure_may_edit_followup`: its author, within the edit window."""
    return passes(ensure_may_edit_followup, followup=followup, actor=user, now=now or timezone.now(),
                  policy=TieringPolicy.current(), refusals=(NotAllowed, Conflict))


@transaction.atomic
def followup_update(*, actor, followup: FollowUp, **changes) -> FollowUp:
    """The author may edit an entry for `edit_window_hours` after logging it (then 409: a
    correction is a new entry); nobody else may (403). Its time never moves into or out of a
    closed month (409)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed.") for field in sorted(unknown)})
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    ensure_customer_visible(user=actor, customer=followup.customer)
    now = timezone.now()
    policy = TieringPolicy.current()
    ensure_may_edit_followup(followup=followup, actor=actor, now=now, policy=policy)
    values = {field: changes.get(field, getattr(followup, field)) for field in EDITABLE_FIELDS}
    values = _validate(values, now=now)
    if values["occurred_at"] != followup.occurred_at:
        # Neither out of a closed month nor into one: both months' compliance would change.
        ensure_open_month(followup.occurred_at, field="occurred_at")
        ensure_open_month(values["occurred_at"], field="occurred_at")
    late = _is_late(occurred_at=values["occurred_at"], logged_at=followup.logged_at, policy=policy)
    model_update(instance=followup, fields=(*EDITABLE_FIELDS, "late"), data={**values, "late": late})
    _refresh_customer(followup.customer_id)
    return followup



def customer_follow_up_due_by(*, customer_ids: list[int], due_on: date) -> int:
    """Bring the next follow-up of these customers forward to `due_on` (never push one back): a
    customer without a next follow-up date, or with a later one, gets `due_on`. One UPDATE;
    returns how many customers changed. Today and the overdue alert read `next_follow_up_on`, so
    nothing else needs wiring (the events app calls this after an event is held)."""
    if not customer_ids:
        return 0
    return (Customer.objects.filter(pk__in=list(customer_ids))
            .filter(Q(next_follow_up_on__isnull=True) | Q(next_follow_up_on__gt=due_on))
            .update(next_follow_up_on=due_on))
