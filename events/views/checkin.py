"""The check-in screen at the door, made for a phone: search by name, phone or short code, one tap
per guest, the gift, and walk-ins."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.views import domain_errors, form_page
from events import selectors, services
from events.forms import WalkInForm
from events.models import Invitation
from events.rules import mask_phone
from events.views.events import visible_event_or_404


def _door_event(request, pk):
    event = visible_event_or_404(request.user, pk)
    if not services.may_work_the_door(actor=request.user, event=event):
        raise PermissionDenied(_("Only staff of the organising unit check guests in."))
    return event


@login_required
def check_in_screen(request, pk):
    event = _door_event(request, pk)
    query = request.GET.get("q", "")
    guests = selectors.door_guests(event=event, query=query)
    for guest in guests:
        guest.masked_phone = mask_phone(guest.customer.contact_phone)
    counts = event.invitations.aggregate(
        **{k: v for k, v in selectors.funnel_counts().items() if k in ("accepted", "attended")})
    return render(request, "events/check_in.html", {
        "event": event, "guests": guests, "query": query, "open": services.check_in_is_open(event), "counts": counts,
    })


@login_required
@require_POST
@domain_errors
def check_in(request, pk, invitation_pk):
    event = _door_event(request, pk)
    invitation = get_object_or_404(Invitation, pk=invitation_pk, event=event)
    services.invitation_check_in(actor=request.user, invitation=invitation,
                                 gift_given=True if request.POST.get("gift") == "1" else None)
    messages.success(request, _("%(customer)s is checked in.") % {"customer": invitation.customer.name})
    query = (request.POST.get("q") or "")[:60]
    return redirect(reverse("events:check-in", args=[event.pk]) + (f"?{urlencode({'q': query})}" if query else ""))


@login_required
@require_POST
@domain_errors
def gift(request, pk, invitation_pk):
    event = _door_event(request, pk)
    invitation = get_object_or_404(Invitation, pk=invitation_pk, event=event)
    services.invitation_set_gift(actor=request.user, invitation=invitation, given=request.POST.get("given") == "1")
    return redirect("events:check-in", pk=event.pk)


@login_required
def walk_in(request, pk):
    event = _door_event(request, pk)
    form = WalkInForm(request.POST or None)
    return form_page(
        request, form=form, template="events/walk_in.html",
        context={"event": event, "cancel_url": reverse("events:check-in", args=[event.pk])},
        service=lambda: services.walk_in_register(actor=request.user, event=event, **form.cleaned_data),
        success_url=reverse("events:check-in", args=[event.pk]),
        success_message=lambda inv: _("%(customer)s is checked in as a walk-in and added as your prospect.") % {
            "customer": inv.customer.name},
    )
