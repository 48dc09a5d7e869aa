"""Pages of expenses (SPEC §7, §9): my claims (phone-first), a claim, the approval queue, budgets
and the spend report. Views validate, call one service and render; scoping is `visible_to` /
`get_visible_or_404`, buttons come from the services' `may_*`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.exceptions import ApplicationError
from common.pagination import BoundedPaginator
from common.periods import Period
from common.views import domain_errors, form_page
from expenses import selectors, services
from expenses.forms import BudgetAmountForm, BudgetForm, ClaimForm, DeleteForm, RejectForm
from expenses.models import Category, ExpenseBudget, ExpenseClaim
from expenses.spreadsheet import spend_report_file_name, spend_report_xlsx
from teams.scoping import acting_employee, get_visible_or_404

PAGE_SIZE = 25


def _tabs(user) -> dict:
    """Which of the expenses pages the person's sub-navigation offers."""
    return {
        "may_claim": services.may_claim(actor=user),
        "approval_stage": selectors.approval_stage(user),
        "may_report": selectors.report_units(user=user).exists(),
        "may_manage_budgets": services.may_manage_budgets(actor=user),
    }


def _ensure_reads(request) -> None:
    """A role that never reads claims or budgets (HR) gets a 403 page, not an empty one."""
    if not selectors.may_read_expenses(request.user):
        raise PermissionDenied(_("Your role may not read expense claims or budgets."))


def _context(request, **extra) -> dict:
    return {"tabs": _tabs(request.user), **extra}


# --- Claims -------------------------------------------------------------------------------------


@login_required
def claims(request):
    """My claims, newest first, with the "new claim" button on top."""
    _ensure_reads(request)
    page = BoundedPaginator(selectors.my_claims(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "expenses/claims.html", _context(request, page=page, active="claims"))


@login_required
def claim_new(request):
    if not services.may_claim(actor=request.user):
        raise PermissionDenied(_("Only employees of sales and finance claim expenses here."))
    form = ClaimForm(request.POST or None, request.FILES or None, user=request.user)
    submit = request.POST.get("then") != "draft"
    return form_page(
        request, form=form, template="expenses/claim_form.html",
        context=_context(request, active="claims", multipart=True, creating=True),
        service=lambda: services.expense_claim_file(actor=request.user, submit=submit, **form.service_data()),
        success_url=lambda claim: claim.get_absolute_url(),
        success_message=_("The claim was submitted to your line manager.") if submit else _("The draft was saved."),
    )


def _claim_or_404(request, pk) -> ExpenseClaim:
    return get_visible_or_404(selectors.claims_visible(user=request.user), request.user, pk=pk)


def _detail_context(request, claim: ExpenseClaim, **extra) -> dict:
    user = request.user
    beside = selectors.budgets_beside([claim]).get(claim.pk)
    own = claim.claimant_id == getattr(acting_employee(user), "pk", None)
    return _context(
        request, claim=claim, active="claims" if own else "approvals", beside=beside,
        transitions=claim.transitions.select_related("actor").all(),
        allowed=services.claim_actions_allowed(claim=claim, actor=user),
        may_edit=services.may_edit_claim(claim=claim, actor=user),
        may_delete=services.may_delete_claim(claim=claim, actor=user),
        reject_form=extra.pop("reject_form", None) or RejectForm(),
        delete_form=extra.pop("delete_form", None) or DeleteForm(), **extra)


@login_required
def claim_detail(request, pk):
    claim = _claim_or_404(request, pk)
    return render(request, "expenses/claim_detail.html", _detail_context(request, claim))


@login_required
def claim_edit(request, pk):
    claim = _claim_or_404(request, pk)
    if not services.may_edit_claim(claim=claim, actor=request.user):
        raise PermissionDenied(_("Only the claimant edits a draft or a rejected claim."))
    initial = {name: getattr(claim, name) for name in ("category", "amount", "incurred_on", "purpose",
                                                       "invoice_number", "customer", "event")}
    form = ClaimForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    then_submit = request.POST.get("then") == "submit"

    def save():
        updated = services.expense_claim_update(actor=request.user, claim=claim, data=form.service_data())
        return services.expense_claim_submit(claim=updated, actor=request.user) if then_submit else updated

    return form_page(
        request, form=form, template="expenses/claim_form.html",
        context=_context(request, active="claims", multipart=True, claim=claim),
        service=save, success_url=lambda saved: saved.get_absolute_url(),
        success_message=_("The claim was submitted again.") if then_submit else _("The claim was saved."),
    )


@login_required
@require_POST
@domain_errors
def claim_action(request, pk, action):
    """submit / approve / pay — a button; reject has its own form (a reason and a confirmation)."""
    if action not in ("submit", "approve", "pay"):
        raise Http404
    claim = _claim_or_404(request, pk)
    services.expense_claim_act(claim=claim, action=action, actor=request.user)
    messages_text = {"submit": _("The claim was submitted."), "approve": _("The claim was approved."),
                     "pay": _("The claim was marked paid.")}
    messages.success(request, messages_text[action])
    return redirect(request.POST.get("next") if request.POST.get("next") == reverse("expenses:approvals")
                    else claim.get_absolute_url())


def _confirmed_claim_step(request, pk, *, form_class, form_name: str, service, success_url, success_message):
    """A step on the claim page that needs a confirmation (reject, delete): its form re-renders the
    claim page with the refusal at its field; a GET goes back to the claim page."""
    claim = _claim_or_404(request, pk)
    if request.method != "POST":
        return redirect(claim.get_absolute_url() + (f"#{form_name}" if form_name == "reject" else ""))
    form = form_class(request.POST)
    return form_page(
        request, form=form, template="expenses/claim_detail.html",
        context=_detail_context(request, claim, **{f"{form_name}_form": form}),
        service=lambda: service(claim, form.cleaned_data), success_url=success_url,
        success_message=success_message,
    )


@login_required
def claim_reject(request, pk):
    return _confirmed_claim_step(
        request, pk, form_class=RejectForm, form_name="reject",
        service=lambda claim, data: services.expense_claim_reject(claim=claim, actor=request.user,
                                                                  reason=data["reason"]),
        success_url=reverse("expenses:approvals"), success_message=_("The claim was rejected."))


@login_required
def claim_delete(request, pk):
    return _confirmed_claim_step(
        request, pk, form_class=DeleteForm, form_name="delete",
        service=lambda claim, data: services.expense_claim_delete(actor=request.user, claim=claim),
        success_url=reverse("expenses:claims"), success_message=_("The draft was deleted."))


@login_required
def claim_receipt(request, pk):
    """The receipt, only to those who see the claim (never from a public media URL)."""
    claim = _claim_or_404(request, pk)
    if not claim.receipt:
        raise Http404
    try:
        handle = claim.receipt.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    extension = claim.receipt.name.rsplit(".", 1)[-1]
    response = FileResponse(handle, content_type=claim.receipt_content_type or "application/octet-stream",
                            filename=f"receipt-{claim.pk}.{extension}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Approvals ----------------------------------------------------------------------------------


@login_required
def approvals(request):
    """The claims waiting for the person's approval, each with the budget left beside it."""
    stage = selectors.approval_stage(request.user)
    if stage is None:
        raise PermissionDenied(_("Only a line manager (or a head above) and finance approve claims."))
    page = BoundedPaginator(selectors.approval_queue(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    beside = selectors.budgets_beside(list(page.object_list))
    rows = [(claim, beside.get(claim.pk)) for claim in page.object_list]
    return render(request, "expenses/approvals.html",
                  _context(request, page=page, rows=rows, stage=stage, active="approvals"))


# --- Budgets ------------------------------------------------------------------------------------


def _period_param(request, name="period", default=None) -> Period | None:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    try:
        return Period.parse(text, field=name)
    except ApplicationError:
        return default


@login_required
def budgets(request):
    _ensure_reads(request)
    today = timezone.localdate()
    period = _period_param(request, default=Period(today.year))
    category = request.GET.get("category") if request.GET.get("category") in Category.values else None
    queryset = selectors.budgets_for(user=request.user, period=period, category=category)
    page = BoundedPaginator(queryset, 50).get_page(request.GET.get("page"))
    return render(request, "expenses/budgets.html", _context(
        request, page=page, rows=selectors.budget_rows(page.object_list), period=period, category=category,
        categories=Category.choices, active="budgets"))


@login_required
@domain_errors
def budget_new(request):
    services.ensure_may_manage_budgets(actor=request.user)
    form = BudgetForm(request.POST or None, user=request.user,
                      initial={"period": str(Period.of_month(timezone.localdate()))})
    return form_page(
        request, form=form, template="expenses/budget_form.html", context=_context(request, active="budgets"),
        service=lambda: services.expense_budget_create(actor=request.user, **form.cleaned_data),
        success_url=lambda budget: reverse("expenses:budgets") + f"?period={budget.period}",
        success_message=_("The budget was saved."),
    )


@login_required
@domain_errors
def budget_edit(request, pk):
    services.ensure_may_manage_budgets(actor=request.user)
    budget = get_visible_or_404(ExpenseBudget.objects.select_related("org_unit"), request.user, pk=pk)
    if request.method == "POST" and "delete" in request.POST:
        form = DeleteForm(request.POST)
        return form_page(
            request, form=form, template="expenses/budget_form.html",
            context=_context(request, active="budgets", budget=budget, delete_form=form,
                             amount_form=BudgetAmountForm(initial={"amount": budget.amount})),
            service=lambda: services.expense_budget_delete(actor=request.user, budget=budget),
            success_url=reverse("expenses:budgets") + f"?period={budget.period}",
            success_message=_("The budget was deleted."))
    form = BudgetAmountForm(request.POST or None, initial={"amount": budget.amount})
    return form_page(
        request, form=form, template="expenses/budget_form.html",
        context=_context(request, active="budgets", budget=budget, delete_form=DeleteForm()),
        service=lambda: services.expense_budget_update(actor=request.user, budget=budget, data=form.cleaned_data),
        success_url=reverse("expenses:budgets") + f"?period={budget.period}",
        success_message=_("The budget was saved."),
    )


# --- Spend report -------------------------------------------------------------------------------


@login_required
def report(request):
    units = selectors.report_units(user=request.user)
    default_unit = selectors.default_report_unit(user=request.user)
    if default_unit is None:
        raise PermissionDenied(_("The spend report is for heads of units, the director and finance."))
    unit = default_unit
    raw_unit = request.GET.get("unit", "")
    if raw_unit:
        if not (raw_unit.isascii() and raw_unit.isdigit() and len(raw_unit) < 10):
            raise Http404
        unit = units.filter(pk=int(raw_unit)).first()
        if unit is None:
            raise Http404
    today = timezone.localdate()
    period = _period_param(request, default=Period.of_month(today))
    result = selectors.spend_report(user=request.user, unit=unit, period=period)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(spend_report_xlsx(result), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        response["Content-Disposition"] = f'attachment; filename="{spend_report_file_name(result)}"'
        return response
    unit_choices = units.order_by("path").only("pk", "name", "depth")[:500]
    return render(request, "expenses/report.html", _context(
        request, report=result, unit=unit, period=period, unit_choices=unit_choices, active="report"))
