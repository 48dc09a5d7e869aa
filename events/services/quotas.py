"""Invitation quotas (SPEC §15.1): the target attendance split among the organising unit's reps by
the largest remainder (ties to the lower employee number), or set by hand summing to the target."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.exceptions import Conflict
from events.models import OPEN_STATUSES, InvitationQuota, MarketingEvent
from events.rules import split_quota
from teams.models import Employee, Role


def quota_candidates(*, event: MarketingEvent):
    """The reps who share an event's quota: active reps of the organising unit's subtree."""
    return Employee.objects.in_subtree(event.org_unit).filter(active=True, role=Role.REP).order_by("number", "pk")


def _ensure_open(event: MarketingEvent) -> None:
    if event.status not in OPEN_STATUSES:
        raise Conflict(_("The quotas of a %(status)s event can no longer be changed.") % {
            "status": event.get_status_display()})


def _replace(event: MarketingEvent, quotas: dict[int, int], *, by_hand: bool) -> dict[int, int]:
    InvitationQuota.objects.filter(event=event).delete()
    InvitationQuota.objects.bulk_create(
        [InvitationQuota(event=event, employee_id=pk, quota=count) for pk, count in quotas.items()]
    )
    MarketingEvent.objects.filter(pk=event.pk).update(quotas_by_hand=by_hand)
    event.quotas_by_hand = by_hand
    return quotas


@transaction.atomic
def quotas_split(*, event: MarketingEvent, actor) -> dict[int, int]:
    """Split the target equally among the unit's reps (largest remainder, extra places to the lower
    employee numbers). Called on creation and whenever the target changes."""
    from events.services.events import ensure_may_manage_event

    ensure_may_manage_event(actor=actor, event=event)
    _ensure_open(event)
    reps = list(quota_candidates(event=event).values_list("pk", "number"))
    return _replace(event, split_quota(target=event.target_attendance, employees=reps), by_hand=False)


def _as_count(value, field: str, errors: dict) -> int | None:
    if isinstance(value, bool):
        value = None
    try:
        text = str(value).strip()
        count = int(text) if isinstance(value, int | str) and text.lstrip("-").isascii() and text.lstrip("-").isdigit() \
            else None
    except (TypeError, ValueError):
        count = None
    if count is None or count < 0 or count > 100_000:
        errors[field] = _("Enter a whole number of guests, 0 or more.")
        return None
    return count


@transaction.atomic
def quotas_set(*, event: MarketingEvent, actor, quotas: dict) -> dict[int, int]:
    """Set the quotas by hand: {employee id: count} over the unit's reps, summing to the target.
    A rep left out gets 0. Nothing is saved when anything is wrong (400 naming `quotas`)."""
    from events.services.events import ensure_may_manage_event

    event = MarketingEvent.objects.select_for_update().select_related("org_unit").get(pk=event.pk)
    ensure_may_manage_event(actor=actor, event=event)
    _ensure_open(event)
    if not isinstance(quotas, dict):
        raise ValidationError({"quotas": _("Give the quotas as {employee id: count}.")})
    reps = dict(quota_candidates(event=event).values_list("pk", "number"))
    errors: dict = {}
    cleaned: dict[int, int] = {pk: 0 for pk in reps}
    for key, value in quotas.items():
        text = str(key)
        pk = int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None
        if pk not in reps:
            errors["quotas"] = _("%(key)s is not a rep of the organising unit.") % {"key": str(key)[:20]}
            continue
        count = _as_count(value, "quotas", errors)
        if count is not None:
            cleaned[pk] = count
    if not errors and sum(cleaned.values()) != event.target_attendance:
        errors["quotas"] = _("The quotas add up to %(total)d; they must add up to the target attendance "
                             "(%(target)d).") % {"total": sum(cleaned.values()), "target": event.target_attendance}
    if errors:
        raise ValidationError(errors)
    return _replace(event, cleaned, by_hand=True)
