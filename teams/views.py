from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from common.views import add_errors_to_form, domain_errors
from teams import selectors, services
from teams.forms import EmployeeForm
from teams.models import Employee, OrgUnit, Role, RoleChange
from teams.scoping import acting_employee, get_visible_or_404, require_role, scope_for


@login_required
def home(request):
    return render(request, "home.html", {"employee": acting_employee(request.user)})


@login_required
def org_chart(request):
    rows = selectors.org_chart(user=request.user)
    return render(request, "teams/org_chart.html", {"rows": rows})


@login_required
def employee_list(request):
    unit_id = request.GET.get("unit")
    unit = get_visible_or_404(OrgUnit, request.user, pk=unit_id) if unit_id else None
    role = request.GET.get("role") or None
    employees = selectors.employees_for(user=request.user, unit=unit, role=role).order_by("org_unit__path", "number")
    can_add = scope_for(request.user).acting_role in services.PEOPLE_ADMIN_ROLES
    return render(
        request,
        "teams/employee_list.html",
        {"employees": employees, "unit": unit, "role": role, "roles": Role.choices, "can_add": can_add},
    )


@login_required
def employee_detail(request, pk: int):
    employee = get_visible_or_404(Employee.objects.select_related("org_unit", "referred_by"), request.user, pk=pk)
    history = RoleChange.objects.filter(employee=employee).select_related("old_unit", "new_unit")
    return render(
        request,
        "teams/employee_detail.html",
        {
            "employee": employee,
            "line_manager": selectors.line_manager(employee),
            "history": history,
            "new_hire": selectors.is_new_hire(employee, employee.hire_date.today()),
        },
    )


@login_required
@domain_errors
def employee_create(request):
    require_role(request.user, *services.PEOPLE_ADMIN_ROLES)
    form = EmployeeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            employee = services.employee_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            from django.contrib import messages

            messages.success(request, _("%(name)s was added.") % {"name": employee.name})
            return redirect("teams:employee-detail", pk=employee.pk)
    return render(request, "teams/employee_form.html", {"form": form}, status=400 if form.errors else 200)
