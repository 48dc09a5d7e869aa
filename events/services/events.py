"""Events and their state machine (SPEC §15.1): an explicit transition table, one function per
transition, each under a row lock and recorded (actor, time, from, to, note).

    planned ──open_invitations──▶ inviting ──hold──▶ held ──close──▶ closed
       └──────────────┴──cancel (reason; every inviter notified)──▶ cancelled

Created by a supervisor or above for a unit they head or one below it (a region or a team); the
director and an admin for any. Marking an event held brings each attendee's next follow-up forward
to the end of the follow-up window (`events.services.followups`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.audit import actor_or_none
from common.exceptions import ApplicationError, Conflict, NotAllowed
from common.limits import ensure_plausible_date
from common.notifications import notify_many
from common.phrases import phrase
from common.services import model_update
from common.text import ensure_clean_text
from common.transitions import Transition, passes
from events import phrases
from events.models import (
    OPEN_STATUSES,
    EventsPolicy,
    EventStatus,
    EventTransition,
    Invitation,
    MarketingEvent,
)
from teams.models import OrgUnit, Role, UnitKind
from teams.scoping import heads_subtree_of, require_role, scope_for

#: Roles that organise events (for a unit they head or below).
ORGANISER_ROLES = (Role.DIRECTOR, Role.MANAGER, Role.SUPERVISOR)
#: Largest capacity or target a form accepts (a bound so no input breaks a computation).
MAX_HEADCOUNT = 100_000
MAX_WINDOW_DAYS = 366

EDITABLE_FIELDS = ("title", "topic", "venue", "agenda", "speakers", "capacity", "target_attendance", "starts_at",
                   "ends_at", "invitation_deadline", "follow_up_window_days", "conversion_window_days", "gift")
TEXT_FIELDS = ("title", "topic", "venue", "agenda", "speakers", "gift")


TRANSITIONS: dict[str, Transition] = {
    "open_invitations": Transition((EventStatus.PLANNED,), EventStatus.INVITING, gettext_lazy("Open invitations")),
    "hold": Transition((EventStatus.INVITING,), EventStatus.HELD, gettext_lazy("Mark as held")),
    "close": Transition((EventStatus.HELD,), EventStatus.CLOSED, gettext_lazy("Close")),
    "cancel": Transition(OPEN_STATUSES, EventStatus.CANCELLED, gettext_lazy("Cancel the event")),
}


def may_organise_for(*, actor, unit: OrgUnit) -> bool:
    """Whether `actor` may organise an event for `unit`: a region or a team they head or below it
    (the director and an admin: any)."""
    scope = scope_for(actor)
    if scope.acting_role not in ORGANISER_ROLES or unit.kind not in (UnitKind.REGION, UnitKind.TEAM):
        return False
    return scope.everything or heads_subtree_of(actor, unit)


def may_manage_event(*, actor, event: MarketingEvent) -> bool:
    """Whether `actor` may edit the event, set its quotas and move it (the organisers of its unit)."""
    return may_organise_for(actor=actor, unit=event.org_unit)


def ensure_may_manage_event(*, actor, event: MarketingEvent) -> None:
    if not may_manage_event(actor=actor, event=event):
        raise NotAllowed(_("Only a supervisor or above heading the organising unit may manage this event."))


def may_see_report(*, actor, event: MarketingEvent) -> bool:
    """Whether the user reads the event's report (its funnel per rep, revenue and cost): the
    director, an admin, and the heads of the organising unit or above it."""
    scope = scope_for(actor)
    return scope.everything or (scope.acting_role in ORGANISER_ROLES and heads_subtree_of(actor, event.org_unit))


def ensure_may_see_report(*, actor, event: MarketingEvent) -> None:
    if not may_see_report(actor=actor, event=event):
        raise NotAllowed(_("The event report is read by the heads of the organising unit and above."))


def may_create_events(*, actor) -> bool:
    """Whether the user may create events at all (the page offers the button)."""
    scope = scope_for(actor)
    return scope.acting_role in ORGANISER_ROLES and (scope.everything or bool(scope.unit_paths))


def _validate(values: dict, errors: dict) -> None:
    for field in TEXT_FIELDS:
        if field in values:
            values[field] = (values[field] or "").strip()
            try:
                ensure_clean_text(values[field], field=field)
            except ApplicationError as exc:
                errors.setdefault(field, exc.message)
            limit = MarketingEvent._meta.get_field(field).max_length
            if limit and len(values[field]) > limit:
                errors.setdefault(field, _("At most %(limit)d characters.") % {"limit": limit})
    if "title" in values and not values["title"]:
        errors.setdefault("title", _("An event needs a title."))
    for field in ("starts_at", "ends_at", "invitation_deadline"):
        value = values.get(field)
        if not isinstance(value, datetime):
            errors.setdefault(field, _("Enter a date and time."))
            continue
        try:
            ensure_plausible_date(value, field=field)
        except ApplicationError as exc:
            errors.setdefault(field, exc.message)
    for field, low, high in (("capacity", 1, MAX_HEADCOUNT), ("target_attendance", 1, MAX_HEADCOUNT),
                             ("follow_up_window_days", 1, 60), ("conversion_window_days", 1, MAX_WINDOW_DAYS)):
        value = values.get(field)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            errors.setdefault(field, _("Enter a whole number from %(low)d to %(high)d.") % {"low": low, "high": high})
    if errors:
        return
    if values["ends_at"] <= values["starts_at"]:
        errors["ends_at"] = _("The event must end after it starts.")
    if values["invitation_deadline"] > values["starts_at"]:
        errors["invitation_deadline"] = _("The invitation deadline must not be after the event starts.")
    if values["target_attendance"] > values["capacity"]:
        errors["target_attendance"] = _("The target attendance cannot exceed the capacity (%(capacity)d).") % {
            "capacity": values["capacity"]}


def event_defaults(*, starts_at: datetime | None = None) -> dict:
    """The policy's defaults for a new event's windows (and its deadline: start − 1 day)."""
    policy = EventsPolicy.current()
    defaults = {"follow_up_window_days": policy.default_follow_up_window_days,
                "conversion_window_days": policy.default_conversion_window_days}
    if starts_at is not None:
        defaults["invitation_deadline"] = starts_at - timedelta(days=1)
    return defaults


@transaction.atomic
def event_create(*, actor, org_unit: OrgUnit, title: str, starts_at: datetime, ends_at: datetime, capacity: int,
                 target_attendance: int, invitation_deadline: datetime | None = None, **details) -> MarketingEvent:
    """Create a planned event for `org_unit` and split its target among the unit's reps."""
    require_role(actor, *ORGANISER_ROLES)
    errors: dict = {}
    if org_unit is None or not may_organise_for(actor=actor, unit=org_unit):
        errors["org_unit"] = _("Choose a region or team you head (or one below it).")
    unknown = [field for field in details if field not in EDITABLE_FIELDS]
    for field in unknown:
        errors[field] = _("This field cannot be set here.")
    values = {**event_defaults(starts_at=starts_at if isinstance(starts_at, datetime) else None), **details,
              "title": title, "starts_at": starts_at, "ends_at": ends_at, "capacity": capacity,
              "target_attendance": target_attendance}
    if invitation_deadline is not None:
        values["invitation_deadline"] = invitation_deadline
    values.setdefault("invitation_deadline", None)
    _validate(values, errors)
    if errors:
        raise ValidationError(errors)
    event = MarketingEvent.objects.create(org_unit=org_unit, created_by=actor_or_none(actor), **values)
    from events.services.quotas import quotas_split

    quotas_split(event=event, actor=actor)
    return event


@transaction.atomic
def event_update(*, actor, event: MarketingEvent, **changes) -> MarketingEvent:
    """Change an event's details while it is planned or inviting; a new target re-splits the quotas."""
    event = MarketingEvent.objects.select_for_update().select_related("org_unit").get(pk=event.pk)
    ensure_may_manage_event(actor=actor, event=event)
    if event.status not in OPEN_STATUSES:
        raise Conflict(_("A %(status)s event can no longer be changed.") % {"status": event.get_status_display()})
    errors: dict = {}
    unknown = {field: _("This field cannot be changed here.") for field in changes if field not in EDITABLE_FIELDS}
    if unknown:
        raise ValidationError(unknown)
    values = {field: getattr(event, field) for field in EDITABLE_FIELDS} | changes
    _validate(values, errors)
    if errors:
        raise ValidationError(errors)
    old_target = event.target_attendance
    event, updated = model_update(instance=event, fields=EDITABLE_FIELDS, data={f: values[f] for f in changes})
    if "target_attendance" in updated and event.target_attendance != old_target:
        from events.services.quotas import quotas_split

        quotas_split(event=event, actor=actor)
    return event


def may_move_event(*, actor, event: MarketingEvent, action: str, now: datetime | None = None) -> bool:
    """Whether `actor` may take `action` on the event now (the buttons ask this, the moves enforce it)."""
    return passes(_check_move, actor=actor, event=event, action=action, now=now or timezone.now(),
                  refusals=(NotAllowed, Conflict))


def _check_move(*, actor, event: MarketingEvent, action: str, now: datetime) -> Transition:
    transition = TRANSITIONS[action]
    ensure_may_manage_event(actor=actor, event=event)
    if not transition.leaves_from(event.status):
        raise Conflict(_("A %(status)s event cannot be moved this way (%(action)s).") % {
            "status": event.get_status_display(), "action": transition.label})
    if action == "hold" and now < event.starts_at:
        raise Conflict(_("An event is marked as held once it has started (%(start)s).") % {
            "start": timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M")})
    return transition


def _move(*, actor, event: MarketingEvent, action: str, note: str = "") -> MarketingEvent:
    if action not in TRANSITIONS:
        raise Conflict(_("Unknown action."))
    with transaction.atomic():
        event = MarketingEvent.objects.select_for_update().select_related("org_unit").get(pk=event.pk)
        transition = _check_move(actor=actor, event=event, action=action, now=timezone.now())
        source = event.status
        event.status = transition.target
        fields = ["status"]
        if action == "cancel":
            event.cancel_reason = note
            fields.append("cancel_reason")
        event.save(update_fields=fields)
        EventTransition.objects.create(event=event, actor=actor_or_none(actor), from_status=source,
                                       to_status=transition.target, note=note[:300])
    return event


def event_open_invitations(*, actor, event: MarketingEvent) -> MarketingEvent:
    return _move(actor=actor, event=event, action="open_invitations")


def event_hold(*, actor, event: MarketingEvent) -> MarketingEvent:
    """Mark the event held; each attendee's owner gets a follow-up due within the window."""
    from events.services.followups import attendees_follow_up_due

    with transaction.atomic():
        event = _move(actor=actor, event=event, action="hold")
        attendees_follow_up_due(event=event)
    return event


def event_close(*, actor, event: MarketingEvent) -> MarketingEvent:
    return _move(actor=actor, event=event, action="close")


def event_cancel(*, actor, event: MarketingEvent, reason: str) -> MarketingEvent:
    """Cancel a planned or inviting event with a reason; every inviter (and every rep given a
    quota) is notified once."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    ensure_clean_text(reason, field="reason")
    if len(reason) > 300:
        raise ValidationError({"reason": _("At most %(limit)d characters.") % {"limit": 300}})
    with transaction.atomic():
        event = _move(actor=actor, event=event, action="cancel", note=reason)
        _notify_cancelled(event=event, reason=reason)
    return event


def event_act(*, actor, event: MarketingEvent, action: str, reason: str = "") -> MarketingEvent:
    """Take one of `TRANSITIONS` by name (the page's buttons and the API's action endpoints)."""
    moves = {"open_invitations": event_open_invitations, "hold": event_hold, "close": event_close}
    if action == "cancel":
        return event_cancel(actor=actor, event=event, reason=reason)
    if action not in moves:
        raise Conflict(_("Unknown action."))
    return moves[action](actor=actor, event=event)


def _notify_cancelled(*, event: MarketingEvent, reason: str) -> None:
    from teams.models import Employee

    inviter_ids = set(Invitation.objects.filter(event=event).values_list("inviter_id", flat=True))
    inviter_ids |= set(event.quotas.filter(quota__gt=0).values_list("employee_id", flat=True))
    people = Employee.objects.filter(pk__in=inviter_ids, active=True).select_related("user")
    link = reverse("events:event-detail", args=[event.pk])
    notify_many([
        {"recipient": person.user, "kind": "event_cancelled", "dedupe_key": f"event-cancelled:{event.pk}:{person.pk}",
         "link": link,
         "message": phrase(phrases.EVENT_CANCELLED, event=event.title,
                           start=timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M"), reason=reason)}
        for person in people
    ])
