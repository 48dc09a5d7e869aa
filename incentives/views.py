"""Bonus pages: the sheet for HR and the director (generate, review with explanations, adjust,
submit, approve, export), heads' view of their people's rows, "my bonus" for everyone, and the
annual lists. Views parse input, call one selector or service, and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common.exceptions import ApplicationError, NotFound
from common.limits import ensure_plausible_year
from common.periods import Period
from common.views import add_errors_to_form, domain_errors
from incentives import services
from incentives.apis import export_response
from incentives.forms import AdjustmentForm
from incentives.models import BONUS_COMPONENTS, BonusSheet, SheetStatus
from incentives.resources import EXPORT_FORMATS
from incentives.selectors.annual import annual_lists
from incentives.selectors.sheets import (
    SHEET_ADMIN_ROLES,
    bonus_adjustments_visible,
    bonus_rows_of_employee,
    bonus_rows_totals,
    bonus_rows_visible,
    bonus_sheet_get,
    bonus_sheets_list,
    ensure_sees_bonuses,
)
from teams.models import Role
from teams.scoping import acting_employee, scope_for

ACTION_MESSAGES = {
    "generate": gettext_lazy("The draft was generated."),
    "submit": gettext_lazy("The sheet was submitted for approval."),
    "approve": gettext_lazy("The sheet was approved: the month is closed."),
    "reopen": gettext_lazy("The sheet is a draft again."),
}


def _previous_month() -> Period:
    return Period.of_month(timezone.localdate()).previous_month()


@login_required
@domain_errors
def sheet_index(request):
    """Month picker and the list of sheets; reps go to their own rows."""
    role = scope_for(request.user).acting_role
    if role == Role.REP:
        return redirect("incentives:my-bonus")
    if request.GET.get("month"):
        return redirect("incentives:sheet", month=str(Period.parse_month(request.GET["month"])))
    sheets = bonus_sheets_list(user=request.user)
    return render(request, "incentives/sheet_index.html", {
        "sheets": sheets, "month": str(_previous_month()), "can_generate": role in SHEET_ADMIN_ROLES,
    })


def _sheet_context(request, month: Period, adjustment_form=None) -> dict:
    role = scope_for(request.user).acting_role
    is_admin = role in SHEET_ADMIN_ROLES
    try:
        sheet = bonus_sheet_get(user=request.user, month=month)
    except NotFound:
        sheet = None
    rows = bonus_rows_visible(user=request.user, sheet=sheet) if sheet else []
    draft = sheet is None or sheet.status == SheetStatus.DRAFT
    return {
        "month": str(month),
        "sheet": sheet,
        "rows": rows,
        "totals": bonus_rows_totals(rows) if sheet else None,
        "components": BONUS_COMPONENTS,
        "adjustments": bonus_adjustments_visible(user=request.user, month=month),
        "transitions": sheet.transitions.select_related("actor") if sheet else [],
        "can_generate": is_admin and draft,
        "can_submit": is_admin and sheet is not None and sheet.status == SheetStatus.DRAFT,
        "can_reopen": is_admin and sheet is not None and sheet.status == SheetStatus.SUBMITTED,
        "can_approve": role == Role.DIRECTOR and sheet is not None and sheet.status == SheetStatus.SUBMITTED,
        "can_export": is_admin and sheet is not None,
        "can_adjust": role == Role.HR and draft,
        "adjustment_form": adjustment_form or (AdjustmentForm(user=request.user) if role == Role.HR and draft else None),
        "export_formats": list(EXPORT_FORMATS),
    }


@login_required
@domain_errors
def sheet_detail(request, month: str):
    period = Period.parse_month(month)
    ensure_sees_bonuses(request.user)
    return render(request, "incentives/sheet.html", _sheet_context(request, period))


@login_required
@require_POST
@domain_errors
def sheet_action(request, month: str, action: str):
    period = Period.parse_month(month)
    note = request.POST.get("note", "")[:300]
    if action == "generate":  # the same work as `manage.py close_month` (scorecards, plans, the sheet)
        services.month_close(month=period, actor=request.user)
    elif action == "submit":
        services.bonus_sheet_submit(month=period, actor=request.user, note=note)
    elif action == "approve":
        services.bonus_sheet_approve(month=period, actor=request.user, note=note)
    elif action == "reopen":
        services.bonus_sheet_reopen(month=period, actor=request.user, note=note)
    else:
        raise NotFound()
    messages.success(request, ACTION_MESSAGES[action])
    return redirect("incentives:sheet", month=str(period))


@login_required
@require_POST
@domain_errors
def adjustment_create(request, month: str):
    period = Period.parse_month(month)
    form = AdjustmentForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.bonus_adjustment_create(month=period, actor=request.user, **form.cleaned_data)
        except (ValidationError, ApplicationError) as exc:
            if getattr(exc, "status_code", 400) != 400:
                raise  # 403 / 404 / 409 pages
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("The adjustment was recorded."))
            return redirect("incentives:sheet", month=str(period))
    ensure_sees_bonuses(request.user)
    return render(request, "incentives/sheet.html", _sheet_context(request, period, adjustment_form=form), status=400)


@login_required
@domain_errors
def sheet_export(request, month: str, file_format: str):
    if file_format not in EXPORT_FORMATS:
        raise ApplicationError(_("Use xlsx or csv."), field="format")
    return export_response(user=request.user, month=Period.parse_month(month), file_format=file_format)


@login_required
@domain_errors
def my_bonus(request):
    """The signed-in person's own rows, newest month first, with every explanation."""
    ensure_sees_bonuses(request.user)
    employee = acting_employee(request.user)
    rows = bonus_rows_of_employee(user=request.user, employee=employee) if employee else []
    return render(request, "incentives/my_bonus.html", {"rows": rows, "components": BONUS_COMPONENTS})


@login_required
@domain_errors
def annual(request):
    year_text = request.GET.get("year") or str(timezone.localdate().year)
    if not (year_text.isdigit() and len(year_text) == 4):
        raise ApplicationError(_("Enter a year such as 2026."), field="year")
    ensure_plausible_year(int(year_text), field="year")  # the configured business years
    lists = annual_lists(user=request.user, year=int(year_text))
    return render(request, "incentives/annual.html", {**lists, "years": _years()})


def _years() -> list[int]:
    months = BonusSheet.objects.dates("month", "year", order="DESC")
    this_year = timezone.localdate().year
    return sorted({this_year, *(d.year for d in months)}, reverse=True)
