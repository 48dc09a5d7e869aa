"""Reads of the org tree. Every read that returns people starts from `visible_to(user)`."""

from datetime import date

from django.db.models import Count, Q

from teams.models import PATH_STEP, Employee, OrgPolicy, OrgUnit, Role


def _chain(path: str) -> list[str]:
    """The paths from the root down to `path` (its ancestors and itself)."""
    step = PATH_STEP + 1
    return [path[: i + step] for i in range(0, len(path), step)]


def line_manager(employee: Employee) -> Employee | None:
    """The head of the employee's unit; for the head themself (or a vacancy), the closest head
    above. Derived from the tree, never stored (SPEC §1.1)."""
    return line_managers_for([employee])[employee.pk]


def line_managers_for(employees) -> dict[int, Employee | None]:
    """Line managers of many employees in two queries (for lists and month-close jobs)."""
    employees = list(employees)
    paths = set()
    for emp in employees:
        paths |= set(_chain(emp.org_unit.path))
    heads_by_path = {
        unit.path: unit.head
        for unit in OrgUnit.objects.filter(path__in=paths, head__isnull=False).select_related("head")
    }
    result = {}
    for emp in employees:
        manager = None
        for path in reversed(_chain(emp.org_unit.path)):
            head = heads_by_path.get(path)
            if head is not None and head.pk != emp.pk:
                manager = head
                break
        result[emp.pk] = manager
    return result


def is_new_hire(employee: Employee, period_start: date, *, policy: OrgPolicy | None = None) -> bool:
    """Tenure under `new_hire_days` (default 180) on the first day of the period (SPEC §1.1)."""
    policy = policy or OrgPolicy.current()
    return (period_start - employee.hire_date).days < policy.new_hire_days


def org_chart(*, user) -> list[dict]:
    """The visible units in tree order with their head and head counts (active members of the
    unit itself and of the whole subtree), in two queries whatever the size of the tree."""
    units = list(
        OrgUnit.objects.visible_to(user)
        .select_related("head")
        .annotate(own_count=Count("members", filter=Q(members__active=True)))
        .order_by("path")
    )
    counts = {unit.path: unit.own_count for unit in units}
    # Subtree counts come from all units (also invisible ones below a visible parent are counted
    # only if visible; heads see their whole subtree, so this is exact for them).
    rows = []
    for unit in units:
        subtree = sum(count for path, count in counts.items() if path.startswith(unit.path))
        rows.append({"unit": unit, "members": unit.own_count, "subtree_members": subtree})
    return rows


def employees_for(*, user, unit: OrgUnit | None = None, role: str | None = None, active: bool | None = None):
    qs = Employee.objects.visible_to(user).select_related("org_unit", "user")
    if unit is not None:
        qs = qs.in_subtree(unit)
    if role:
        qs = qs.filter(role=role)
    if active is not None:
        qs = qs.filter(active=active)
    return qs


def subtree_reps(unit: OrgUnit):
    return Employee.objects.in_subtree(unit).filter(role=Role.REP)
