"""Pages of invitations: adding one from the event page, recording the answer and the
day-before confirmation (each a small form that works on a phone)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from common.views import form_page
from events import services
from events.forms import ConfirmForm, InvitationForm, RespondForm
from events.models import Invitation
from events.views.events import event_page_context, visible_event_or_404
from teams.scoping import get_visible_or_404


def _invitation_or_404(user, pk) -> Invitation:
    return get_visible_or_404(Invitation.objects.select_related("event__org_unit", "customer", "inviter"), user, pk=pk)


def _back(invitation: Invitation) -> str:
    return reverse("events:event-detail", args=[invitation.event_id]) + "#my-invitations"


@login_required
def invitation_create(request, pk):
    event = visible_event_or_404(request.user, pk)
    form = InvitationForm(request.POST or None, user=request.user)
    if request.method != "POST":
        return render(request, "events/event_detail.html", event_page_context(request, event))
    return form_page(
        request, form=form, template="events/event_detail.html",
        context=event_page_context(request, event, invitation_form=form) | {"invitation_form": form},
        service=lambda: services.invitation_create(actor=request.user, event=event, **form.cleaned_data),
        success_url=reverse("events:event-detail", args=[event.pk]) + "#my-invitations",
        success_message=lambda inv: _("%(customer)s is invited (code %(code)s).") % {
            "customer": inv.customer.name, "code": inv.short_code},
    )


@login_required
def invitation_respond(request, pk):
    invitation = _invitation_or_404(request.user, pk)
    form = RespondForm(request.POST or None, initial={"outcome": invitation.outcome,
                                                       "decline_reason": getattr(invitation.decline_reason, "code", "")})
    return form_page(
        request, form=form, template="events/invitation_form.html",
        context={"invitation": invitation, "heading": _("The customer's answer"), "cancel_url": _back(invitation)},
        service=lambda: services.invitation_respond(actor=request.user, invitation=invitation, **form.cleaned_data),
        success_url=_back(invitation), success_message=_("The answer was recorded."),
    )


@login_required
def invitation_confirm(request, pk):
    invitation = _invitation_or_404(request.user, pk)
    form = ConfirmForm(request.POST or None, initial={"confirmation": "confirmed"})
    return form_page(
        request, form=form, template="events/invitation_form.html",
        context={"invitation": invitation, "heading": _("Confirm the day before"), "cancel_url": _back(invitation)},
        service=lambda: services.invitation_confirm(actor=request.user, invitation=invitation, **form.cleaned_data),
        success_url=_back(invitation), success_message=_("The confirmation was recorded."),
    )
