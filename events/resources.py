"""The event report as an xlsx workbook (SPEC §15.3): a summary sheet, the declines by reason and
one line per rep (and per event for a unit's report). Every text cell goes through
`common.spreadsheets.escape_formula`; numbers stay numbers."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from common.spreadsheets import escape_formula

FIGURES = ("invited", "accepted", "declined", "no_answer", "confirmed", "attended", "walk_ins", "signed",
           "acceptance_rate", "attendance_rate", "conversion_rate", "revenue")
MONEY = ("cost", "cost_per_attendee", "roi")


def figure_labels() -> dict[str, str]:
    return {
        "invited": _("Invited"), "accepted": _("Accepted"), "declined": _("Declined"), "no_answer": _("No answer"),
        "confirmed": _("Confirmed"), "attended": _("Attended"), "walk_ins": _("Walk-ins"), "signed": _("Signed"),
        "acceptance_rate": _("Acceptance rate %"), "attendance_rate": _("Attendance rate %"),
        "conversion_rate": _("Conversion rate %"), "revenue": _("Revenue"), "cost": _("Cost"),
        "cost_per_attendee": _("Cost per attendee"), "roi": _("ROI (revenue ÷ cost)"), "quota": _("Quota"),
    }


def _cell(value):
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return escape_formula(value) if isinstance(value, str) else value


def report_workbook(*, title: str, report: dict, reason_labels: dict[str, str]) -> bytes:
    labels = figure_labels()
    book = Workbook()
    summary = book.active
    summary.title = _("Summary")[:31]
    summary.append([_cell(title)])
    for key in (*FIGURES, *MONEY):
        summary.append([labels[key], _cell(report.get(key))])
    declines = book.create_sheet(_("Declines")[:31])
    declines.append([_("Reason"), _("Count")])
    for code, count in report["declined_by_reason"].items():
        declines.append([_cell(reason_labels.get(code, code)), count])
    reps = book.create_sheet(_("By rep")[:31])
    reps.append([_("Employee number"), _("Name"), _("Team"), labels["quota"], *(labels[k] for k in FIGURES)])
    for row in report["by_rep"]:
        reps.append([_cell(row["number"]), _cell(row["name"]), _cell(row["team"]), row["quota"],
                     *(_cell(row[k]) for k in FIGURES)])
    if "events" in report:
        events = book.create_sheet(_("By event")[:31])
        events.append([_("Event"), _("Starts at"), _("Organising unit"), *(labels[k] for k in (*FIGURES, *MONEY))])
        for row in report["events"]:
            events.append([_cell(row["title"]), _cell(row["starts_at"]), _cell(row["org_unit"]),
                           *(_cell(row[k]) for k in (*FIGURES, *MONEY))])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
