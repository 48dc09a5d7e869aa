"""Customer pages: the list (filters tier/status/owner/overdue, search), the customer page with its
timeline, create/edit, the quick follow-up form, and the tier/owner/status actions. Views validate
input, call one service and render; import/export pages are in `customers_io`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.exceptions import NotAllowed, NotFound
from common.pagination import BoundedPaginator
from common.views import domain_errors, form_page
from customers.forms.customers import CustomerForm, FollowUpForm, PinTierForm, ReasonForm, ReassignForm
from customers.models import Customer, CustomerStatus, HealthBand, PipelinePolicy, Tier, TieringPolicy
from customers.selectors.access import ensure_may_list
from customers.selectors.customers import customer_list as select_customers
from customers.selectors.customers import customer_timeline, followup_overdue_customers, recent_surveys
from customers.selectors.health import health_with_trend
from customers.services import customers as customer_services
from customers.services import followups as followup_services
from customers.services import health as health_services
from customers.services import tiering as tiering_services
from customers.services.customers import SALES_ROLES
from customers.views._forms import REFUSALS, customer_picker, refuse_into_form
from customers.views._params import id_param
from teams.scoping import acting_employee, assignable_owners, get_visible_or_404, require_role

PAGE_SIZE = 25


@login_required
@domain_errors
def customer_list(request):
    ensure_may_list(request.user, Customer)
    filters = {
        "tier": request.GET.get("tier") if request.GET.get("tier") in Tier.values else None,
        "status": request.GET.get("status") if request.GET.get("status") in CustomerStatus.values else None,
        "owner_id": id_param(request.GET.get("owner")),
        "overdue": request.GET.get("overdue") in ("1", "true", "on"),
        "search": request.GET.get("q", "").strip()[:100],
        "health_band": request.GET.get("health") if request.GET.get("health") in HealthBand.values else None,
    }
    customers = select_customers(user=request.user, mark_overdue=True, **filters)
    page = BoundedPaginator(customers, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "customers/customer_list.html", {
        "page": page, "filters": filters, "tiers": Tier.choices, "statuses": CustomerStatus.choices,
        "bands": HealthBand.choices,
        "owners": assignable_owners(request.user).order_by("name"),
        "query": query.urlencode(), "goal": TieringPolicy.current().completeness_goal_pct,
    })


@login_required
@domain_errors
def customer_detail(request, pk: int):
    require_role(request.user, *SALES_ROLES)
    return _detail_page(request, get_visible_or_404(_page_customers(), request.user, pk=pk))


def _page_customers():
    return Customer.objects.select_related("owner", "created_by").with_completeness()


def _detail_page(request, customer, *, action: str = "", form=None, action_error: str = "", status: int = 200):
    """The customer page; after a refused action (`action`: pin, reassign, lost, unpin, reactivate)
    the same page with that action open, its form as typed and the message at its field (or, for a
    button without fields, beside it), with the refusal's status. `customer` comes from
    `_page_customers()` (owner, creator, completeness)."""
    policy = TieringPolicy.current()
    overdue = followup_overdue_customers(Customer.objects.filter(pk=customer.pk), timezone.localdate(),
                                         policy=policy).exists()
    supervising = customer_services.may_reassign(actor=request.user)
    warning_below = PipelinePolicy.current().satisfaction_warning_below
    surveys = recent_surveys(customer=customer, warning_below=warning_below)
    forms = {"pin": None, "reassign": None, "lost": ReasonForm()}
    if supervising:
        forms["pin"] = PinTierForm(initial={"tier": customer.tier})
        forms["reassign"] = ReassignForm(user=request.user)
    if form is not None:
        forms[action] = form
    return render(request, "customers/customer_detail.html", {
        "customer": customer,
        "timeline": customer_timeline(customer=customer, user=request.user, warning_below=warning_below),
        "overdue": overdue, "cadence": tiering_services.cadence_days(tier=customer.tier, status=customer.status,
                                                                     policy=policy),
        "surveys": surveys, "warning_below": warning_below,
        **dict(zip(("health", "health_trend"), health_with_trend(customer=customer), strict=True)),
        "supervising": supervising, "goal": policy.completeness_goal_pct,
        "pin_form": forms["pin"], "reassign_form": forms["reassign"], "lost_form": forms["lost"],
        "open_action": action, "action_error": action_error,
    }, status=status)


def _customer_form_page(request, *, customer=None):
    require_role(request.user, *SALES_ROLES)
    form = CustomerForm(request.POST or None, instance=customer, user=request.user, with_owner=customer is None)

    def save():
        data = {field: form.cleaned_data[field] for field in form.Meta.fields}
        if customer is None:
            return customer_services.customer_create(actor=request.user, owner=form.cleaned_data.get("owner"), **data)
        return customer_services.customer_update(actor=request.user, customer=customer, **data)

    return form_page(
        request, form=form, service=save, template="customers/customer_form.html", context={"customer": customer},
        success_url=lambda saved: reverse("customers:customer-detail", args=[saved.pk]),
        success_message=(lambda saved: _("Customer %(name)s was added.") % {"name": saved.name})
        if customer is None else _("Saved."),
    )


@login_required
@domain_errors
def customer_create(request):
    return _customer_form_page(request)


@login_required
@domain_errors
def customer_edit(request, pk: int):
    require_role(request.user, *SALES_ROLES)
    return _customer_form_page(request, customer=get_visible_or_404(Customer, request.user, pk=pk))


@login_required
@domain_errors
def followup_create(request):
    """The quick log form (phone first). After saving: the customer's page, showing the entry."""
    require_role(request.user, *SALES_ROLES)
    if acting_employee(request.user) is None:
        return render(request, "error.html", {"message": _("Follow-ups are logged by employees.")}, status=403)
    form = FollowUpForm(request.POST or None, **customer_picker(request))
    return form_page(
        request, form=form, template="customers/followup_form.html",
        service=lambda: followup_services.followup_create(actor=request.user, **form.cleaned_data),
        success_url=lambda followup: reverse("customers:customer-detail", args=[followup.customer_id]),
        success_message=_("Follow-up logged."),
    )


def _act(request, pk, *, action: str, service, success, form_class=None, **form_kwargs):
    """Run a POSTed customer action (pin, reassign, mark lost…) and go back to the customer page.
    Refused, the customer page again: the action open, the input kept, the message at its field."""
    require_role(request.user, *SALES_ROLES)
    customer = get_visible_or_404(Customer, request.user, pk=pk)
    form = form_class(request.POST, **form_kwargs) if form_class else None
    status, action_error = 400, ""
    if form is None or form.is_valid():
        try:
            service(customer, form.cleaned_data if form else {})
        except REFUSALS as exc:
            if form is not None:
                status = refuse_into_form(form, exc)
            elif isinstance(exc, NotAllowed | NotFound):
                raise
            else:
                status = getattr(exc, "status_code", 400)
                action_error = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc.message)
        else:
            messages.success(request, success)
            return redirect("customers:customer-detail", pk=pk)
    # Read again: a refused service may have changed the object in memory before it was rolled back.
    customer = _page_customers().get(pk=customer.pk)
    return _detail_page(request, customer, action=action, form=form, action_error=action_error, status=status)


@login_required
@require_POST
@domain_errors
def customer_pin_tier(request, pk: int):
    return _act(request, pk, action="pin", form_class=PinTierForm, service=lambda c, d: tiering_services.customer_pin_tier(
        actor=request.user, customer=c, tier=d["tier"], reason=d["reason"]), success=_("Tier pinned."))


@login_required
@require_POST
@domain_errors
def customer_unpin_tier(request, pk: int):
    return _act(request, pk, action="unpin", service=lambda c, d: tiering_services.customer_unpin_tier(
        actor=request.user, customer=c), success=_("Tier unpinned and recomputed."))


@login_required
@require_POST
@domain_errors
def customer_reassign(request, pk: int):
    customer_services.ensure_may_reassign(actor=request.user)
    return _act(request, pk, action="reassign", form_class=ReassignForm,
                service=lambda c, d: customer_services.customer_reassign(
                    actor=request.user, customer=c, new_owner=d["owner"], reason=d["reason"]),
                success=_("Owner changed."), user=request.user)


@login_required
@require_POST
@domain_errors
def customer_mark_lost(request, pk: int):
    return _act(request, pk, action="lost", form_class=ReasonForm, service=lambda c, d: tiering_services.customer_mark_lost(
        actor=request.user, customer=c, reason=d["reason"]), success=_("Marked lost."))


@login_required
@require_POST
@domain_errors
def customer_reactivate(request, pk: int):
    return _act(request, pk, action="reactivate", service=lambda c, d: tiering_services.customer_reactivate(
        actor=request.user, customer=c), success=_("Status recomputed."))


@login_required
@require_POST
@domain_errors
def customer_health_refresh(request, pk: int):
    return _act(request, pk, action="health", service=lambda c, d: health_services.customer_health_refresh(
        actor=request.user, customer=c), success=_("Health recomputed."))
