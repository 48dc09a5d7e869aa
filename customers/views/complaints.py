"""Complaint pages (SPEC §16.1): the list (filters status, severity, breached), the handler's
queue with due times, the phone-friendly intake and the complaint page with its steps and the
actions the user may take (asked of the services' `may_*`). HR and finance get 403 on the list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.pagination import BoundedPaginator
from common.views import domain_errors, form_page
from customers.forms.complaints import AssignForm, CloseForm, ComplaintForm, ReopenForm, ResolveForm
from customers.models import Complaint, ComplaintStatus, Severity
from customers.selectors.access import ensure_may_list
from customers.selectors.complaints import complaint_breaches, complaint_list, complaint_queue
from customers.services import complaints as complaint_services
from customers.services.customers import SALES_ROLES
from customers.views._forms import REFUSALS, customer_picker, refuse_into_form
from customers.views._params import id_param
from teams.scoping import acting_employee, get_visible_or_404, require_role

PAGE_SIZE = 25

#: transition → (its form, None for a plain button; the service's keyword the form's field fills)
ACTIONS = {
    "start": (None, None),
    "resolve": (ResolveForm, "resolution"),
    "close": (CloseForm, "confirmation"),
    "reopen": (ReopenForm, "reason"),
}


@login_required
@domain_errors
def complaints_page(request):
    ensure_may_list(request.user, Complaint)
    filters = {
        "status": request.GET.get("status") if request.GET.get("status") in ComplaintStatus.values else None,
        "severity": request.GET.get("severity") if request.GET.get("severity") in Severity.values else None,
        "customer_id": id_param(request.GET.get("customer")),
        "breached": request.GET.get("breached") in ("1", "true", "on"),
    }
    page = BoundedPaginator(complaint_list(user=request.user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "customers/complaint_list.html", {
        "page": page, "filters": filters, "statuses": ComplaintStatus.choices, "severities": Severity.choices,
        "can_log": complaint_services.may_log(request.user),
    })


@login_required
@domain_errors
def complaint_queue_page(request):
    """The signed-in handler's queue: what they must answer or resolve, soonest due first."""
    ensure_may_list(request.user, Complaint)
    employee = acting_employee(request.user)
    if employee is None:
        raise PermissionDenied(_("The queue is an employee's."))
    page = BoundedPaginator(complaint_queue(user=request.user, employee=employee), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "customers/complaint_queue.html", {"page": page})


@login_required
@domain_errors
def complaint_create(request):
    """The intake, phone first: the customer picked by typing, severity as big buttons."""
    require_role(request.user, *SALES_ROLES)
    form = ComplaintForm(request.POST or None, **customer_picker(request))
    return form_page(
        request, form=form, template="customers/complaint_form.html",
        service=lambda: complaint_services.complaint_create(actor=request.user, **form.cleaned_data),
        success_url=lambda complaint: reverse("customers:complaint-detail", args=[complaint.pk]),
        success_message=lambda complaint: _("Complaint #%(number)s logged.") % {"number": complaint.pk},
    )


def _visible_complaint(request, pk: int) -> Complaint:
    return get_visible_or_404(Complaint.objects.select_related("customer", "owner", "handler"), request.user, pk=pk)


@login_required
@domain_errors
def complaint_detail(request, pk: int):
    require_role(request.user, *SALES_ROLES)
    return _detail_page(request, _visible_complaint(request, pk))


def _detail_page(request, complaint, *, action: str = "", form=None, status: int = 200):
    forms = {}
    if complaint_services.may_assign(request.user, complaint):
        forms["assign"] = AssignForm(user=request.user, initial={"handler": complaint.handler})
    for name, (form_class, _field) in ACTIONS.items():
        if complaint_services.may_act(request.user, complaint, name):
            forms[name] = form_class() if form_class else None
    if form is not None:
        forms[action] = form
    response_breached, resolution_breached = complaint_breaches(complaint)
    return render(request, "customers/complaint_detail.html", {
        "complaint": complaint, "forms": forms, "open_action": action,
        "response_breached": response_breached, "resolution_breached": resolution_breached,
        "steps": complaint.transitions.select_related("actor__employee").order_by("at", "id"),
    }, status=status)


@login_required
@require_POST
@domain_errors
def complaint_action(request, pk: int, action: str):
    """Run one transition (or the assignment); refused, the complaint page again with that form
    open, the input kept, the message at its field and the refusal's status (400/409)."""
    require_role(request.user, *SALES_ROLES)
    complaint = _visible_complaint(request, pk)
    if action == "assign":
        complaint_services.ensure_may_assign(request.user)
        form, field, service = AssignForm(request.POST, user=request.user), "handler", complaint_services.complaint_assign
    else:
        form_class, field = ACTIONS[action]
        form = form_class(request.POST) if form_class else None
        service = getattr(complaint_services, f"complaint_{action}")

    def run(data):
        return service(actor=request.user, complaint=complaint, **({field: data[field]} if field else {}))

    status = 400
    if form is None or form.is_valid():
        try:
            run(form.cleaned_data if form else {})
        except REFUSALS as exc:
            if form is None:
                raise  # a button without fields: the error page says why (409)
            status = refuse_into_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("customers:complaint-detail", pk=pk)
    return _detail_page(request, _visible_complaint(request, pk), action=action, form=form, status=status)
