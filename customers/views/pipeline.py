"""Pages of the pipeline (board, opportunity), contracts and receivables. Views parse input,
fetch through the scoping helpers, call one service and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.exceptions import ApplicationError, NotAllowed, NotFound
from common.pagination import BoundedPaginator
from common.periods import Period
from common.views import domain_errors, form_page
from customers.forms.pipeline import (
    ContractForm,
    EscalationReportForm,
    OpportunityEditForm,
    OpportunityForm,
    OpportunityMoveForm,
    PaymentForm,
    ReceivableForm,
)
from customers.models import Contract, Customer, EscalationReport, Opportunity, PipelinePolicy, Receivable
from customers.selectors import pipeline as selectors
from customers.selectors.access import ensure_may_list, may_list, owner_filter_choices
from customers.services import contracts as contract_services
from customers.services import pipeline as pipeline_services
from customers.views._forms import REFUSALS
from customers.views._params import days_param, id_param
from teams.scoping import get_visible_or_404

PAGE_SIZE = 50


# --- opportunities ----------------------------------------------------------------------------

@login_required
@domain_errors
def opportunity_board(request):
    ensure_may_list(request.user, Opportunity)
    owner_id = id_param(request.GET.get("owner"))
    columns = selectors.opportunity_board(user=request.user, today=timezone.localdate(), owner_id=owner_id)
    return render(request, "customers/opportunity_board.html", {
        "columns": columns, "owners": owner_filter_choices(request.user), "owner_id": owner_id,
    })


def _detail_context(request, opportunity, *, move_form=None, report_form=None, edit_form=None):
    report = EscalationReport.objects.filter(opportunity=opportunity).first()
    policy = PipelinePolicy.current()
    today = timezone.localdate()
    return {
        "opportunity": opportunity,
        "history": opportunity.stage_changes.select_related("changed_by"),
        "report": report,
        "is_major": pipeline_services.opportunity_is_major(opportunity, policy=policy),
        "quote_breached": selectors.quote_sla_breached(Opportunity.objects.filter(pk=opportunity.pk), today=today).exists(),
        "move_form": move_form or OpportunityMoveForm(user=request.user, opportunity=opportunity,
                                                      initial={"signed_on": today, "start_on": today}),
        "edit_form": edit_form or OpportunityEditForm(user=request.user, initial={
            f: getattr(opportunity, f) for f in OpportunityEditForm.base_fields
        }),
        "report_form": report_form or EscalationReportForm(initial={
            f: getattr(report, f) for f in ("background", "needs_detail", "progress", "risks")
        } if report else None),
    }


def _visible_opportunity(user, pk):
    return get_visible_or_404(Opportunity.objects.select_related("customer", "owner", "contract"), user, pk=pk)


@login_required
@domain_errors
def opportunity_detail(request, pk: int):
    opportunity = _visible_opportunity(request.user, pk)
    return render(request, "customers/opportunity_detail.html", _detail_context(request, opportunity))


@login_required
@domain_errors
def opportunity_create(request):
    ensure_may_list(request.user, Opportunity)
    initial = {"customer": id_param(request.GET.get("customer"))}
    form = OpportunityForm(request.POST or None, user=request.user, initial=initial)
    return form_page(
        request, form=form, template="customers/opportunity_form.html",
        service=lambda: pipeline_services.opportunity_create(actor=request.user, **form.cleaned_data),
        success_url=lambda opportunity: reverse("customers:opportunity-detail", args=[opportunity.pk]),
        success_message=_("The opportunity was created."),
    )


@login_required
@require_POST
@domain_errors
def opportunity_move(request, pk: int):
    opportunity = _visible_opportunity(request.user, pk)
    form = OpportunityMoveForm(request.POST, user=request.user, opportunity=opportunity)

    def move():
        try:
            return pipeline_services.opportunity_move(
                opportunity=opportunity, actor=request.user, to_stage=form.cleaned_data["to_stage"],
                lost_reason=form.cleaned_data["lost_reason"], contract=form.cleaned_data["contract"],
                contract_data=form.contract_data(),
            )
        except ValidationError as exc:
            # The new contract's amount is the form's contract_amount; the missing escalation
            # report is not a field of this form: its message goes above the form.
            if hasattr(exc, "error_dict"):
                for service_field, form_field in (("amount", "contract_amount"), ("escalation_report", NON_FIELD_ERRORS)):
                    if service_field in exc.error_dict:
                        exc.error_dict[form_field] = exc.error_dict.pop(service_field)
            raise

    # A wrong transition (409) too: the form again, with the message.
    return form_page(
        request, form=form, service=move, template="customers/opportunity_detail.html",
        context=_detail_context(request, opportunity, move_form=form),
        success_url=reverse("customers:opportunity-board") if request.POST.get("from_board")
        else reverse("customers:opportunity-detail", args=[pk]),
        success_message=_("The opportunity was moved."),
    )


@login_required
@require_POST
@domain_errors
def opportunity_update(request, pk: int):
    opportunity = _visible_opportunity(request.user, pk)
    form = OpportunityEditForm(request.POST, user=request.user)

    def save():
        changes = {field: value for field, value in form.cleaned_data.items() if value != getattr(opportunity, field)}
        # 409 when it was closed meanwhile: the form again, with the message
        return pipeline_services.opportunity_update(opportunity=opportunity, actor=request.user, **changes)

    return _opportunity_form_page(request, opportunity, form=form, service=save, form_key="edit_form",
                                  success_message=_("The opportunity was saved."))


@login_required
@require_POST
@domain_errors
def opportunity_report(request, pk: int):
    opportunity = _visible_opportunity(request.user, pk)
    form = EscalationReportForm(request.POST)
    return _opportunity_form_page(
        request, opportunity, form=form, form_key="report_form",
        service=lambda: pipeline_services.escalation_report_save(
            opportunity=opportunity, actor=request.user, **form.cleaned_data),
        success_message=_("The escalation report was saved."),
    )


def _opportunity_form_page(request, opportunity, *, form, service, form_key: str, success_message):
    """A form of the opportunity page through `form_page`: refused, the page again with this form
    as typed and the message at its field (400, 409 for a Conflict)."""
    return form_page(
        request, form=form, service=service, template="customers/opportunity_detail.html",
        context=_detail_context(request, opportunity, **{form_key: form}),
        success_url=reverse("customers:opportunity-detail", args=[opportunity.pk]), success_message=success_message,
    )


# --- contracts --------------------------------------------------------------------------------

@login_required
@domain_errors
def contract_list(request):
    ensure_may_list(request.user, Contract)
    today = timezone.localdate()
    month_text = request.GET.get("month") or ""
    try:
        signed_month = Period.parse_month(month_text) if month_text else None
    except ApplicationError:  # a malformed month filter is ignored, not an error page
        signed_month = None
    ending = days_param(request.GET.get("ending"))
    owner_id = id_param(request.GET.get("owner"))
    contracts = selectors.contracts_for(
        user=request.user, signed_month=signed_month, ending_within_days=ending, owner_id=owner_id, today=today
    )
    page = BoundedPaginator(contracts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "customers/contract_list.html", {
        "page": page, "contracts": page.object_list, "month": month_text, "ending": ending, "owner_id": owner_id,
        "owners": owner_filter_choices(request.user), "today": today,
        "can_create": may_list(request.user, Customer),
    })


@login_required
@domain_errors
def contract_detail(request, pk: int):
    contract = get_visible_or_404(Contract.objects.select_related("customer", "owner", "renews"), request.user, pk=pk)
    today = timezone.localdate()
    return _render_contract(request, contract, today=today)


def _contract_context(request, contract, *, today, receivable_form=None, delivery_error="") -> dict:
    return {
        "contract": contract,
        "receivables": list(Receivable.objects.filter(contract=contract).with_overdue(today)),
        "payments": selectors.payments_for_contract(contract),
        "renewals": list(Contract.objects.visible_to(request.user).filter(renews=contract)),
        "delivery_breached": selectors.delivery_sla_breached(Contract.objects.filter(pk=contract.pk), today=today).exists(),
        "receivable_form": receivable_form or ReceivableForm(),
        "delivery_error": delivery_error,
        "today": today,
        "can_pay": contract_services.may_record_payment(actor=request.user),
    }


def _render_contract(request, contract, *, today, delivery_error="", status=200):
    return render(request, "customers/contract_detail.html",
                  _contract_context(request, contract, today=today, delivery_error=delivery_error), status=status)


@login_required
@domain_errors
def contract_create(request):
    ensure_may_list(request.user, Customer)  # a contract is for a customer one picks from their list
    initial = {"customer": id_param(request.GET.get("customer")), "renews": id_param(request.GET.get("renews"))}
    form = ContractForm(request.POST or None, user=request.user, initial=initial)
    return form_page(
        request, form=form, template="customers/contract_form.html",
        service=lambda: contract_services.contract_create(actor=request.user, **form.cleaned_data),
        success_url=lambda contract: reverse("customers:contract-detail", args=[contract.pk]),
        success_message=lambda contract: _("Contract %(number)s was recorded.") % {"number": contract.number},
    )


@login_required
@require_POST
@domain_errors
def contract_confirm_delivery(request, pk: int):
    contract = get_visible_or_404(Contract.objects.select_related("customer", "owner", "renews"), request.user, pk=pk)
    try:
        contract_services.contract_confirm_delivery(contract=contract, actor=request.user)
    except REFUSALS as exc:
        if isinstance(exc, NotAllowed | NotFound):
            raise
        # Refused (already confirmed, a closed month…): the contract page, the message beside the button.
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc.message)
        contract.refresh_from_db()
        return _render_contract(request, contract, today=timezone.localdate(), delivery_error=message,
                                status=getattr(exc, "status_code", 400))
    messages.success(request, _("Delivery was confirmed."))
    return redirect("customers:contract-detail", pk=pk)


@login_required
@require_POST
@domain_errors
def receivable_create(request, pk: int):
    contract = get_visible_or_404(Contract.objects.select_related("customer", "owner", "renews"), request.user, pk=pk)
    form = ReceivableForm(request.POST)
    return form_page(
        request, form=form, template="customers/contract_detail.html",
        context=_contract_context(request, contract, today=timezone.localdate(), receivable_form=form),
        service=lambda: contract_services.receivable_create(actor=request.user, contract=contract, **form.cleaned_data),
        success_url=reverse("customers:contract-detail", args=[pk]), success_message=_("The receivable was added."),
    )


# --- receivables and payments -----------------------------------------------------------------

@login_required
@domain_errors
def receivable_list(request):
    ensure_may_list(request.user, Receivable)
    today = timezone.localdate()
    overdue = request.GET.get("overdue") == "1"
    owner_id = id_param(request.GET.get("owner"))
    receivables = selectors.receivables_for(
        user=request.user, overdue_on=today if overdue else None, owner_id=owner_id, today=today
    )
    page = BoundedPaginator(receivables, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "customers/receivable_list.html", {
        "page": page, "receivables": page.object_list, "overdue": overdue, "owner_id": owner_id,
        "owners": owner_filter_choices(request.user), "today": today,
        "can_pay": contract_services.may_record_payment(actor=request.user),
    })


@login_required
@domain_errors
def payment_create(request, pk: int):
    receivable = get_visible_or_404(
        Receivable.objects.select_related("contract__customer", "contract__owner"), request.user, pk=pk
    )
    contract_services.ensure_may_record_payment(actor=request.user)
    form = PaymentForm(request.POST or None, initial={"amount": receivable.open_amount, "paid_on": timezone.localdate()})
    return form_page(
        request, form=form, template="customers/receivable_payment_form.html", context={"receivable": receivable},
        service=lambda: contract_services.payment_create(actor=request.user, receivable=receivable, **form.cleaned_data),
        success_url=reverse("customers:receivable-list"), success_message=_("The payment was recorded."),
    )
