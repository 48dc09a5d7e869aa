"""The notifications inbox (filter by kind, mark read, mark all read) and the notification
preferences page (email language, email on/off per kind). A person only ever sees their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alerts import registry, selectors, services
from alerts.forms import InboxFilterForm, PreferencesForm
from common.exceptions import NotFound
from common.views import form_page

PAGE_SIZE = 25
#: Lines of a digest shown in the inbox list; its own page lists them all, ITEMS_PAGE_SIZE a page.
INBOX_LINES = 10
ITEMS_PAGE_SIZE = 100


@login_required
def inbox(request):
    form = InboxFilterForm(request.GET or None)
    kind, unread = "", None
    if form.is_bound and form.is_valid():
        kind, unread = form.cleaned_data["kind"], (True if form.cleaned_data["unread"] else None)
    elif form.is_bound:
        return render(request, "alerts/inbox.html", {"form": form, "page": None}, status=400)
    queryset = selectors.notifications_for(user=request.user, kind=kind or None, unread=unread, lines=INBOX_LINES)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "alerts/inbox.html", {"form": form, "page": page, "kind": kind, "unread": unread})


@login_required
def notification_detail(request, pk: int):
    try:
        notification = selectors.notification_for(user=request.user, pk=pk)
    except NotFound:
        raise Http404
    items = Paginator(selectors.digest_items(notification), ITEMS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "alerts/notification_detail.html", {"n": notification, "items": items})


def _back(request):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("alerts:inbox")


@login_required
@require_POST
def mark_read(request, pk: int):
    try:
        notification = services.notification_mark_read(user=request.user, notification_id=pk)
    except NotFound:
        raise Http404
    if request.POST.get("open") and notification.link:
        return redirect(notification.link)
    return _back(request)


@login_required
@require_POST
def mark_all_read(request):
    kind = request.POST.get("kind") or None
    count = services.notification_mark_all_read(user=request.user, kind=kind)
    messages.success(request, _("%(count)s notifications marked read.") % {"count": count})
    return _back(request)


@login_required
def preferences(request):
    current = services.preferences_of(request.user)
    initial = {
        "language": current.language,
        "email_kinds": [k.code for k in registry.all_kinds() if k.code not in (current.email_off_kinds or [])],
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    return form_page(
        request, form=form, template="alerts/preferences.html", success_url=reverse("alerts:preferences"),
        service=lambda: services.preferences_update(user=request.user, language=form.cleaned_data["language"],
                                                    email_off_kinds=form.email_off_kinds()),
        success_message=_("Your notification preferences are saved."),
    )


urlpatterns = [
    path("notifications/", inbox, name="inbox"),
    path("notifications/<int:pk>/", notification_detail, name="detail"),
    path("notifications/<int:pk>/read/", mark_read, name="mark-read"),
    path("notifications/read-all/", mark_all_read, name="mark-all-read"),
    path("notifications/preferences/", preferences, name="preferences"),
]
