"""The event report pages: one event (funnel chart with a table fallback, declines, reps) and the
events of a unit's subtree over a month; each as xlsx too."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from common.views import domain_errors
from events import reports, selectors, services
from events.resources import figure_labels, report_workbook
from events.views.events import month_param, visible_event_or_404
from teams.models import OrgUnit
from teams.scoping import scope_for, unit_visibility_q

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _chart(report: dict) -> dict:
    labels = figure_labels()
    steps = ("invited", "accepted", "confirmed", "attended", "signed")
    return {"labels": [labels[s] for s in steps], "values": [report[s] for s in steps]}


@login_required
@domain_errors
def event_report(request, pk):
    event = visible_event_or_404(request.user, pk)
    services.ensure_may_see_report(actor=request.user, event=event)
    report = reports.event_report(event=event)
    reason_labels = reports.decline_labels()
    if request.GET.get("format") == "xlsx":
        return _xlsx(report_workbook(title=event.title, report=report, reason_labels=reason_labels),
                     f"event-{event.pk}-report.xlsx")
    return render(request, "events/event_report.html", {
        "event": event, "report": report, "chart": _chart(report), "labels": figure_labels(),
        "declines": [(reason_labels.get(code, code), count) for code, count in report["declined_by_reason"].items()],
    })


def _report_units(user):
    """Units whose events the user may report on: those they head and below (all for the director)."""
    scope = scope_for(user)
    units = OrgUnit.objects.filter(unit_visibility_q(user)).order_by("path")
    return [u for u in units if scope.everything or services.may_organise_for(actor=user, unit=u)]


@login_required
def unit_report(request):
    if not services.may_create_events(actor=request.user):
        raise PermissionDenied(_("The event report is read by the heads of the organising unit and above."))
    units = _report_units(request.user)
    month = month_param(request)
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit")), units[0] if units else None)
    if unit is None:
        raise PermissionDenied(_("The event report is read by the heads of the organising unit and above."))
    events = selectors.events_for(user=request.user, unit=unit, start=month.start, end=month.end)
    report = reports.unit_report(events=events)
    reason_labels = reports.decline_labels()
    if request.GET.get("format") == "xlsx":
        return _xlsx(report_workbook(title=f"{unit.name} {month.start:%Y-%m}", report=report,
                                     reason_labels=reason_labels), f"events-{unit.pk}-{month.start:%Y-%m}.xlsx")
    return render(request, "events/unit_report.html", {
        "unit": unit, "units": units, "month": month, "report": report, "chart": _chart(report),
        "labels": figure_labels(),
        "declines": [(reason_labels.get(code, code), count) for code, count in report["declined_by_reason"].items()],
    })
