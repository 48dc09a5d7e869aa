"""Conference marketing (会销, SPEC §15): events, invitation quotas, invitations and their history.

An event is visible to everyone in the organising unit's subtree and to the heads above it (the
org-unit visibility of `teams.scoping`); an invitation is customer data, scoped like the customer
it concerns (`customer__owner`, domain customers: HR and finance see none).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import SingletonPolicy
from teams.scoping import Domain, ScopedQuerySet, ScopeRule, unit_visibility_q


class EventStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("event status", "Planned")
    INVITING = "inviting", pgettext_lazy("event status", "Inviting")
    HELD = "held", pgettext_lazy("event status", "Held")
    CLOSED = "closed", pgettext_lazy("event status", "Closed")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


#: While an event is in one of these states, invitations may still be made and answered.
OPEN_STATUSES = (EventStatus.PLANNED, EventStatus.INVITING)


class EventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Events of the units the user may see in the org tree: their own unit and its ancestors
        (events of the unit they belong to) and the subtree of the unit they head (one query)."""
        return self.filter(org_unit__in=_visible_units(user))


def _visible_units(user):
    from teams.models import OrgUnit

    return OrgUnit.objects.filter(unit_visibility_q(user)).values("pk")


class MarketingEvent(models.Model):
    """A product seminar or customer appreciation meeting organised by a region or a team. Moves
    only through the transition services of `events.services.events`."""

    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    org_unit = models.ForeignKey(
        "teams.OrgUnit", verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="marketing_events"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    target_attendance = models.PositiveIntegerField(_("target attendance"))
    invitation_deadline = models.DateTimeField(_("invitation deadline"))
    follow_up_window_days = models.PositiveSmallIntegerField(
        _("follow-up window (working days)"), default=2,
        help_text=_("After the event, each attendee's owner has a follow-up due within this many working days."),
    )
    conversion_window_days = models.PositiveSmallIntegerField(
        _("conversion window (days)"), default=30,
        help_text=_("Contracts an attendee signs within this many days after the event count as its revenue."),
    )
    gift = models.CharField(_("gift"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.PLANNED)
    cancel_reason = models.CharField(_("cancellation reason"), max_length=300, blank=True)
    quotas_by_hand = models.BooleanField(_("quotas set by hand"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("created by"), editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("marketing event")
        verbose_name_plural = _("marketing events")
        indexes = [
            models.Index(fields=["org_unit", "starts_at"], name="event_unit_start"),
            models.Index(fields=["starts_at"], name="event_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(invitation_deadline__lte=F("ends_at")), name="event_deadline_before_end"
            ),
            models.CheckConstraint(condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                                   name="event_cancel_needs_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    @property
    def is_open_for_invitations(self) -> bool:
        return self.status in OPEN_STATUSES


class EventTransition(models.Model):
    """Every state change of an event: who, when, from, to, and the note (the cancellation reason)."""

    event = models.ForeignKey(MarketingEvent, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("actor"),
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    from_status = models.CharField(_("from"), max_length=10, choices=EventStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=EventStatus.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("event transition")
        verbose_name_plural = _("event transitions")

    def __str__(self) -> str:
        return f"{self.event_id}: {self.from_status} → {self.to_status}"


class InvitationQuota(models.Model):
    """How many guests a rep should bring to an event (their `event_attendance` KPI base)."""

    event = models.ForeignKey(MarketingEvent, on_delete=models.CASCADE, related_name="quotas")
    employee = models.ForeignKey("teams.Employee", on_delete=models.CASCADE, related_name="event_quotas",
                                 verbose_name=_("employee"))
    quota = models.PositiveIntegerField(_("quota"))

    class Meta:
        ordering = ["event", "employee__number"]
        verbose_name = _("invitation quota")
        verbose_name_plural = _("invitation quotas")
        constraints = [models.UniqueConstraint(fields=["event", "employee"], name="quota_unique_per_event_employee")]

    def __str__(self) -> str:
        return f"{self.event_id}/{self.employee_id}: {self.quota}"


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")
    WECHAT = "wechat", _("WeChat")
    VISIT = "visit", _("Visit")


class Outcome(models.TextChoices):
    PENDING = "pending", pgettext_lazy("invitation outcome", "Pending")
    ACCEPTED = "accepted", pgettext_lazy("invitation outcome", "Accepted")
    DECLINED = "declined", pgettext_lazy("invitation outcome", "Declined")
    NO_ANSWER = "no_answer", pgettext_lazy("invitation outcome", "No answer")


class Confirmation(models.TextChoices):
    UNCONFIRMED = "unconfirmed", pgettext_lazy("invitation confirmation", "Unconfirmed")
    CONFIRMED = "confirmed", pgettext_lazy("invitation confirmation", "Confirmed")
    CANCELLED = "cancelled", pgettext_lazy("invitation confirmation", "Cancelled")


class DeclineReason(models.Model):
    """The configurable list of reasons a customer declines (SPEC §15.2). The shipped codes have
    translated labels (`events.rules.DECLINE_REASON_LABELS`); a reason added in the admin shows its
    name as typed."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(pgettext_lazy("decline reason", "active"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("decline reason")
        verbose_name_plural = _("decline reasons")

    def __str__(self) -> str:
        from events.rules import decline_reason_label

        return str(decline_reason_label(self.code, self.name))


class Invitation(models.Model):
    """One customer invited to one event (unique), by the customer's owner or a head above them."""

    scoping = ScopeRule(employee="customer__owner", domain=Domain.CUSTOMERS)

    event = models.ForeignKey(MarketingEvent, on_delete=models.CASCADE, related_name="invitations",
                              verbose_name=_("event"))
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="event_invitations",
                                 verbose_name=_("customer"))
    inviter = models.ForeignKey("teams.Employee", on_delete=models.PROTECT, related_name="event_invitations",
                                verbose_name=_("inviter"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    invited_at = models.DateTimeField(_("invited at"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    decline_reason = models.ForeignKey(DeclineReason, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("decline reason"))
    decline_note = models.CharField(_("decline note"), max_length=300, blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    confirmation = models.CharField(_("confirmation"), max_length=12, choices=Confirmation.choices,
                                    default=Confirmation.UNCONFIRMED)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("confirmed by"),
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("checked in by"),
    )
    walk_in = models.BooleanField(_("walk-in"), default=False)
    gift_given = models.BooleanField(_("gift given"), default=False)
    short_code = models.CharField(_("short code"), max_length=8, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["event", "customer__name", "id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [
            models.Index(fields=["event", "outcome"], name="invitation_event_outcome"),
            models.Index(fields=["inviter", "event"], name="invitation_inviter_event"),
            models.Index(fields=["customer", "checked_in_at"], name="invitation_customer_checkin"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "customer"], name="invitation_unique_customer_per_event",
                violation_error_message=_("This customer is already invited to this event."),
            ),
            models.CheckConstraint(condition=~Q(outcome="declined") | Q(decline_reason__isnull=False),
                                   name="invitation_decline_needs_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}/{self.customer_id} ({self.outcome})"


class EventsPolicy(SingletonPolicy):
    """The configurable numbers of conference marketing (defaults in the data migration)."""

    check_in_margin_hours = models.PositiveSmallIntegerField(
        _("check-in margin (hours)"), default=2,
        help_text=_("Check-in opens this many hours before the event's day starts and closes this many hours "
                    "after the event ends."),
    )
    default_follow_up_window_days = models.PositiveSmallIntegerField(_("default follow-up window (working days)"),
                                                                     default=2)
    default_conversion_window_days = models.PositiveSmallIntegerField(_("default conversion window (days)"),
                                                                      default=30)
    invite_per_guest = models.DecimalField(
        _("invitations per expected guest"), max_digits=4, decimal_places=2, default=2,
        help_text=_("A rep asked to bring M guests is asked to invite M × this many customers (\"invite N, bring M\")."),
    )
    confirm_days_before = models.PositiveSmallIntegerField(
        _("confirmation reminder (days before)"), default=1,
        help_text=_("Inviters are reminded to confirm their accepted guests this many days before the event."),
    )

    class Meta:
        verbose_name = _("events policy")
        verbose_name_plural = _("events policy")
