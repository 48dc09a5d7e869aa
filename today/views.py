"""Pages: Rep · Today (`today:today`, a rep's home page) and the weekly team meeting report
(`today:weekly-report`, printable on A4, `?format=xlsx` downloads it). Views validate, call one
selector, render."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from common.views import domain_errors
from today import selectors
from today.spreadsheet import weekly_report_file_name, weekly_report_xlsx
from today.weeks import requested_week

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@domain_errors
def today(request):
    return render(request, "today/today.html", {"t": selectors.rep_today(user=request.user)})


def _unit_id(text: str | None) -> int | None:
    if not text:
        return None
    if not str(text).isdigit():
        raise ApplicationError(_("“%(value)s” is not a unit.") % {"value": text}, field="unit")
    return int(text)


@login_required
@domain_errors
def weekly_report(request):
    selectors.ensure_may_read_weekly_report(request.user)
    week = requested_week(request.GET.get("week"))
    unit = selectors.weekly_report_unit(user=request.user, unit_id=_unit_id(request.GET.get("unit")))
    report = selectors.weekly_report(user=request.user, unit=unit, week=week)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(weekly_report_xlsx(report), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{weekly_report_file_name(report)}"'
        return response
    return render(request, "today/weekly_report.html", {
        "report": report, "units": selectors.weekly_report_units(user=request.user),
        "previous_week": report.week.previous(), "next_week": report.week.next(),
    })
