"""Pages of events: the list (a month at a time, grouped by day), creation and editing, the event
page (facts, moves, quotas "invite N, bring M", my invitation list) and the quotas form."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.exceptions import ApplicationError, NotAllowed
from common.pagination import BoundedPaginator
from common.periods import Period
from common.views import domain_errors, form_page
from events import selectors, services
from events.forms import CancelForm, EventForm, InvitationForm, QuotasForm
from events.models import EventsPolicy, MarketingEvent
from events.rules import invitations_to_make

PAGE_SIZE = 50


def visible_event_or_404(user, pk) -> MarketingEvent:
    """The event if the user may see it (its unit's subtree and the heads above), else 404."""
    return get_object_or_404(MarketingEvent.objects.visible_to(user).select_related("org_unit"), pk=pk)


def managed_event_or_403(user, pk) -> MarketingEvent:
    """The event if the user sees it (else 404) and organises it (else 403)."""
    event = visible_event_or_404(user, pk)
    try:
        services.ensure_may_manage_event(actor=user, event=event)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc.message)) from exc
    return event


def month_param(request) -> Period:
    """`?month=YYYY-MM`, or the current month when absent or malformed (a page, not an error)."""
    try:
        return Period.parse_month(request.GET.get("month") or "")
    except ApplicationError:
        return Period.of_month(timezone.localdate())


@login_required
def event_list(request):
    month = month_param(request)
    events = list(selectors.events_for(user=request.user, start=month.start, end=month.end).order_by("starts_at", "pk"))
    days: dict = {}
    for event in events:
        days.setdefault(timezone.localdate(event.starts_at), []).append(event)
    previous, following = Period.of_month(month.start - timedelta(days=1)), Period.of_month(month.end + timedelta(days=1))
    return render(request, "events/event_list.html", {
        "month": month, "days": sorted(days.items()), "previous": previous, "following": following,
        "can_create": services.may_create_events(actor=request.user),
        "can_report": services.may_create_events(actor=request.user),
    })


@login_required
def event_create(request):
    if not services.may_create_events(actor=request.user):
        raise PermissionDenied(_("Only a supervisor or above organises events."))
    form = EventForm(request.POST or None, user=request.user, initial=services.event_defaults())
    return form_page(
        request, form=form, template="events/event_form.html", context={"cancel_url": reverse("events:event-list")},
        service=lambda: services.event_create(actor=request.user, **form.service_values()),
        success_url=lambda event: reverse("events:event-detail", args=[event.pk]),
        success_message=_("The event was created and its target split among the reps."),
    )


@login_required
def event_edit(request, pk):
    event = managed_event_or_403(request.user, pk)
    initial = {field: getattr(event, field) for field in services.events.EDITABLE_FIELDS}
    for field in ("starts_at", "ends_at", "invitation_deadline"):
        initial[field] = timezone.localtime(initial[field])
    form = EventForm(request.POST or None, user=request.user, event=event, initial=initial)
    return form_page(
        request, form=form, template="events/event_form.html",
        context={"event": event, "cancel_url": reverse("events:event-detail", args=[event.pk])},
        service=lambda: services.event_update(actor=request.user, event=event, **form.service_values()),
        success_url=lambda result: reverse("events:event-detail", args=[result.pk]),
        success_message=_("The event was saved."),
    )


def event_page_context(request, event, *, invitation_form=None) -> dict:
    user = request.user
    policy = EventsPolicy.current()
    progress = selectors.quota_progress(event=event)
    for row in progress:
        row["to_invite"] = invitations_to_make(quota=row["quota"], invite_per_guest=policy.invite_per_guest)
    invitations = selectors.invitations_for(user=user, event=event)
    page = BoundedPaginator(invitations, PAGE_SIZE).get_page(request.GET.get("page"))
    may_invite = services.may_invite(actor=user, event=event)
    mine = next((row for row in progress if row["employee"].user_id == user.pk), None)
    return {
        "event": event, "progress": progress, "mine": mine, "page": page, "invitations": page.object_list,
        "moves": {name: services.may_move_event(actor=user, event=event, action=name)
                  for name in services.TRANSITIONS},
        "transitions": services.TRANSITIONS,
        "can_manage": services.may_manage_event(actor=user, event=event),
        "can_invite": may_invite,
        "can_work_door": services.may_work_the_door(actor=user, event=event),
        "can_report": services.may_see_report(actor=user, event=event),
        "invitation_form": invitation_form or (InvitationForm(user=user) if may_invite else None),
        "history": event.transitions.select_related("actor").all(),
    }


@login_required
def event_detail(request, pk):
    event = visible_event_or_404(request.user, pk)
    return render(request, "events/event_detail.html", event_page_context(request, event))


@login_required
@require_POST
@domain_errors
def event_move(request, pk, action):
    event = visible_event_or_404(request.user, pk)
    if action not in services.TRANSITIONS or action == "cancel":
        return redirect("events:event-detail", pk=event.pk)
    services.event_act(actor=request.user, event=event, action=action)
    return redirect("events:event-detail", pk=event.pk)


@login_required
def event_cancel(request, pk):
    event = managed_event_or_403(request.user, pk)
    form = CancelForm(request.POST or None)
    return form_page(
        request, form=form, template="events/event_cancel.html",
        context={"event": event, "cancel_url": reverse("events:event-detail", args=[event.pk])},
        service=lambda: services.event_cancel(actor=request.user, event=event, reason=form.cleaned_data["reason"]),
        success_url=reverse("events:event-detail", args=[event.pk]),
        success_message=_("The event was cancelled; every inviter was notified."),
    )


@login_required
def event_quotas(request, pk):
    event = managed_event_or_403(request.user, pk)
    reps = list(services.quota_candidates(event=event))
    if request.method == "POST" and "split" in request.POST:
        return _split(request, event)
    form = QuotasForm(request.POST or None, reps=reps, quotas=selectors.quotas_of(event=event))
    return form_page(
        request, form=form, template="events/event_quotas.html",
        context={"event": event, "reps": reps, "cancel_url": reverse("events:event-detail", args=[event.pk])},
        service=lambda: services.quotas_set(event=event, actor=request.user, quotas=form.quotas()),
        success_url=reverse("events:event-detail", args=[event.pk]),
        success_message=_("The quotas were saved."),
    )


@domain_errors
def _split(request, event):
    services.quotas_split(event=event, actor=request.user)
    return redirect("events:event-detail", pk=event.pk)

