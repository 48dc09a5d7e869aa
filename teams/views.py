from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.views import domain_errors, form_page
from teams import rules, selectors, services
from teams.forms import EmployeeEditForm, EmployeeForm
from teams.models import Employee, OrgPolicy, OrgUnit, Role, RoleChange
from teams.profile import profile_marks
from teams.scoping import get_visible_or_404


@login_required
def org_chart(request):
    rows = selectors.org_chart(user=request.user)
    return render(request, "teams/org_chart.html", {"rows": rows})


@login_required
def employee_list(request):
    """The people the user may see, paged and grouped by unit; filter by unit (`?unit=`, its
    subtree), role and a search of name or number (`?q=`)."""
    unit_id = request.GET.get("unit")
    unit = get_visible_or_404(OrgUnit, request.user, pk=unit_id) if unit_id else None
    role = request.GET.get("role") or None
    search = (request.GET.get("q") or "").strip()[:100] or None
    listing = selectors.people_page(user=request.user, unit=unit, role=role, search=search, page=request.GET.get("page"))
    return render(
        request,
        "teams/employee_list.html",
        {
            "employees": listing["page"], "page": listing["page"], "groups": listing["groups"],
            "total": listing["total"], "total_capped": listing["total_capped"], "unit": unit, "role": role,
            "search": search or "", "roles": Role.choices, "can_add": services.may_create_employee(request.user),
        },
    )


@login_required
def employee_detail(request, pk: int):
    employee = get_visible_or_404(Employee.objects.select_related("org_unit", "referred_by"), request.user, pk=pk)
    history = RoleChange.objects.filter(employee=employee).select_related("old_unit", "new_unit")
    today = timezone.localdate()
    return render(
        request,
        "teams/employee_detail.html",
        {
            "employee": employee,
            "line_manager": selectors.line_manager(employee),
            "history": history,
            "new_hire": rules.is_new_hire(employee, today, policy=OrgPolicy.current()),
            "marks": profile_marks(employee_ids=[employee.pk], as_of=today).get(employee.pk, []),
            "can_edit": services.may_edit_employee(request.user, employee=employee),
        },
    )


def _employee_form_page(request, form, service, *, success_message, context=None):
    """The page idiom (`common.views.form_page`): a valid form → one service call → a message and
    the employee's page; a value the service refuses re-renders the form, as typed, with the error
    at its field (400; 409 for a conflict). A right the service refuses (NotAllowed) is a 403 page,
    as in the API: the form offers only what the user may choose."""
    return form_page(
        request, form=form, service=service, template="teams/employee_form.html", context=context,
        success_url=lambda employee: reverse("teams:employee-detail", args=[employee.pk]),
        success_message=lambda employee: success_message % {"name": employee.name},
    )


@login_required
@domain_errors
def employee_create(request):
    services.ensure_may_create_employee(request.user)
    form = EmployeeForm(request.POST or None, user=request.user)
    return _employee_form_page(
        request, form, lambda: services.employee_create(actor=request.user, **form.cleaned_data),
        success_message=_("%(name)s was added."),
    )


@login_required
@domain_errors
def employee_edit(request, pk: int):
    employee = get_visible_or_404(Employee.objects.select_related("org_unit", "referred_by"), request.user, pk=pk)
    services.ensure_may_edit_employee(request.user, employee=employee)
    form = EmployeeEditForm(request.POST or None, user=request.user, employee=employee)

    def save():
        return services.employee_update(
            actor=request.user, employee=employee, effective_on=form.cleaned_data.get("effective_on"),
            **form.changes(),
        )

    return _employee_form_page(request, form, save, success_message=_("%(name)s was saved."), context={
        "employee": employee, "cancel_url": reverse("teams:employee-detail", args=[employee.pk]),
    })
