"""Bonus pages: the sheet for HR and the director (generate, review with explanations, adjust,
submit, approve, export), heads' view of their people's rows, "my bonus" for everyone, and the
annual lists. Views parse input, call one selector or service, and render. Every action posts a
form through `common.views.form_page`: a refused action re-renders the sheet with the message at
its form and the input kept (400, 409 for the sheet's or the month's state; SPEC §9); a role that
may never act gets the 403 page. Buttons are offered from the services' `may_*` answers."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common.exceptions import ApplicationError, NotFound
from common.limits import ensure_plausible_year
from common.periods import Period
from common.views import domain_errors, form_page
from incentives import services
from incentives.apis import export_response
from incentives.forms import AdjustmentForm, ApproveForm, MonthPickForm, PayForm, SheetNoteForm
from incentives.models import BONUS_COMPONENTS
from incentives.resources import EXPORT_FORMATS
from incentives.selectors.annual import annual_list_years, annual_lists
from incentives.selectors.awards import awards_of_sheet
from incentives.selectors.inquiries import bonus_inquiries_of_sheet
from incentives.selectors.sheets import (
    bonus_adjustments_visible,
    bonus_rows_of_employee,
    bonus_rows_search,
    bonus_rows_summary,
    bonus_rows_visible,
    bonus_sheet_get,
    bonus_sheets_list,
    ensure_sees_bonuses,
    may_export_bonus_sheet,
)
from teams.models import Role
from teams.scoping import acting_employee, scope_for

ACTION_MESSAGES = {
    "generate": gettext_lazy("The draft was generated."),
    "submit": gettext_lazy("The sheet was submitted for approval."),
    "approve": gettext_lazy("The sheet was approved: the month is closed."),
    "reopen": gettext_lazy("The sheet is a draft again."),
}
#: The form each action posts (approving needs its confirmation box ticked).
ACTION_FORMS = {action: ApproveForm if action == "approve" else SheetNoteForm for action in services.SHEET_ACTIONS}
#: Rows per page of the sheet (SPEC §9, §12: never one 1,000-row page); totals cover every row.
SHEET_PAGE_SIZE = 100


def _previous_month() -> Period:
    return Period.of_month(timezone.localdate()).previous_month()


@login_required
@domain_errors
def sheet_index(request):
    """Month picker and the list of sheets; reps go to their own rows."""
    if scope_for(request.user).acting_role == Role.REP:
        return redirect("incentives:my-bonus")
    sheets = bonus_sheets_list(user=request.user)
    form = MonthPickForm(request.GET or None, initial={"month": str(_previous_month())})
    if form.is_bound and form.is_valid():
        return redirect("incentives:sheet", month=str(form.cleaned_data["month"]))
    return render(request, "incentives/sheet_index.html", {"sheets": sheets, "form": form},
                  status=400 if form.is_bound else 200)


def _sheet_context(request, month: Period, *, adjustment_form=None, refused: tuple | None = None,
                   pay_form=None) -> dict:
    """The sheet page: one page of `SHEET_PAGE_SIZE` rows (`?page=`, optionally `?q=` a name or
    number), the totals of every row the user may see (one SQL aggregate). `refused` is (action,
    bound form) of an action being posted: if the services refuse it, that form is shown with its
    input and the message; when its button is not offered (any more), the message shows once above
    the actions."""
    user = request.user
    try:
        sheet = bonus_sheet_get(user=user, month=month)
    except NotFound:
        sheet = None
    search = request.GET.get("q", "").strip()[:100]
    rows = bonus_rows_visible(user=user, sheet=sheet) if sheet else None
    page = Paginator(bonus_rows_search(rows, search), SHEET_PAGE_SIZE).get_page(request.GET.get("page")) if sheet else None
    row_count, totals = bonus_rows_summary(rows) if sheet else (0, None)
    can = services.sheet_actions_allowed(month=month, sheet=sheet, actor=user)
    forms = {action: form_class() for action, form_class in ACTION_FORMS.items()}
    if refused is not None:
        forms[refused[0]] = refused[1]
    return {
        "month": str(month),
        "sheet": sheet,
        "rows": page.object_list if page else [],
        "page": page,
        "search": search,
        "totals": totals,
        "row_count": row_count,
        "components": BONUS_COMPONENTS,
        "adjustments": bonus_adjustments_visible(user=user, month=month),
        "transitions": sheet.transitions.select_related("actor") if sheet else [],
        "can": can,
        "can_export": sheet is not None and may_export_bonus_sheet(user),
        "action_forms": forms,
        "refused_action": refused[0] if refused else None,
        # the refused action's form is not on the page: its message goes above the actions
        "refused_form_hidden": refused[1] if refused and not can[refused[0]] else None,
        "adjustment_form": adjustment_form or (AdjustmentForm(user=user)
                                               if services.may_adjust(month=month, actor=user) else None),
        "export_formats": list(EXPORT_FORMATS),
        # open inquiries first (HR answers them before the director can approve)
        "inquiries": bonus_inquiries_of_sheet(user=user, sheet=sheet),
        "awards": list(awards_of_sheet(user=user, sheet=sheet)) if sheet else [],
        "pay_form": pay_form or (PayForm() if services.may_mark_paid(sheet=sheet, actor=user) else None),
    }


@login_required
@domain_errors
def sheet_detail(request, month: str):
    period = Period.parse_month(month)
    ensure_sees_bonuses(request.user)
    return render(request, "incentives/sheet.html", _sheet_context(request, period))


def _sheet_post_month(request, month: str, *, action: str) -> Period:
    """The month a form posted from the sheet page acts on, once the user may read bonuses and
    their role may ever take `action` (a role that never may: 403, before the form is read)."""
    period = Period.parse_month(month)
    ensure_sees_bonuses(request.user)
    services.ensure_sheet_action_role(action=action, actor=request.user)
    return period


def _sheet_form_page(request, period: Period, *, form, service, success_message, **shown):
    """form → service → message → back to the sheet; a refusal re-renders the sheet with `form`
    in its place (`shown`: which of the sheet's forms it is)."""
    return form_page(
        request, form=form, template="incentives/sheet.html", context=_sheet_context(request, period, **shown),
        service=service, success_url=reverse("incentives:sheet", kwargs={"month": str(period)}),
        success_message=success_message,
    )


@login_required
@require_POST
@domain_errors
def sheet_action(request, month: str, action: str):
    if action not in ACTION_FORMS:
        raise NotFound()
    period = _sheet_post_month(request, month, action=action)
    form = ACTION_FORMS[action](request.POST)
    return _sheet_form_page(
        request, period, form=form, refused=(action, form), success_message=ACTION_MESSAGES[action],
        service=lambda: services.bonus_sheet_act(month=period, action=action, actor=request.user,
                                                 note=form.cleaned_data.get("note", "")),
    )


@login_required
@require_POST
@domain_errors
def sheet_pay(request, month: str):
    """HR records the payroll run that paid the exported sheet (reference and date)."""
    period = _sheet_post_month(request, month, action="mark_paid")
    form = PayForm(request.POST)
    return _sheet_form_page(
        request, period, form=form, pay_form=form, success_message=_("The payout was recorded."),
        service=lambda: services.bonus_sheet_mark_paid(month=period, actor=request.user, **form.cleaned_data),
    )


@login_required
@require_POST
@domain_errors
def adjustment_create(request, month: str):
    period = _sheet_post_month(request, month, action="adjust")  # only HR adjusts: 403
    form = AdjustmentForm(request.POST, user=request.user)
    return _sheet_form_page(
        request, period, form=form, adjustment_form=form, success_message=_("The adjustment was recorded."),
        service=lambda: services.bonus_adjustment_create(month=period, actor=request.user, **form.cleaned_data),
    )


@login_required
@domain_errors
def sheet_export(request, month: str, file_format: str):
    return export_response(services.bonus_sheet_export_file(
        month=Period.parse_month(month), actor=request.user, file_format=file_format))


@login_required
@domain_errors
def my_bonus(request):
    """The signed-in person's own rows, newest month first, with every explanation."""
    ensure_sees_bonuses(request.user)
    employee = acting_employee(request.user)
    rows = bonus_rows_of_employee(user=request.user, employee=employee) if employee else []
    return render(request, "incentives/my_bonus.html", {"rows": rows, "components": BONUS_COMPONENTS,
                                                        "running_month": str(Period.of_month(timezone.localdate()))})


@login_required
@domain_errors
def annual(request):
    year_text = request.GET.get("year") or str(timezone.localdate().year)
    if not (year_text.isdigit() and len(year_text) == 4):
        raise ApplicationError(_("Enter a year such as 2026."), field="year")
    ensure_plausible_year(int(year_text), field="year")  # the configured business years
    lists = annual_lists(user=request.user, year=int(year_text))
    return render(request, "incentives/annual.html", {**lists, "years": annual_list_years()})
