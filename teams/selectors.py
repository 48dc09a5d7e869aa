"""Reads of the org tree. Every read that returns people starts from `visible_to(user)`."""

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q

from teams.models import PATH_STEP, Employee, OrgUnit, Role


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


def employed_during_q(start: date, end: date) -> Q:
    """`teams.rules.employed_during` as a filter on Employee (same treatment of `active`/`left_on`)."""
    return Q(hire_date__lte=end) & (Q(left_on__isnull=True, active=True) | Q(left_on__gte=start))


def employees_employed_during(start: date, end: date, *, queryset=None):
    """The employees employed on at least one day of `start`..`end` (`teams.rules.employed_during`),
    from `queryset` (default: everyone — scope it with `visible_to` for a user-facing read)."""
    queryset = Employee.objects.all() if queryset is None else queryset
    return queryset.filter(employed_during_q(start, end))


def hr_recipients() -> list:
    """The users to notify as HR: the login users of the active HR employees (one query)."""
    return [e.user for e in Employee.objects.filter(role=Role.HR, active=True).select_related("user").order_by("pk")]


def unit_ids_of_path(path: str) -> list[int]:
    """The ids of a unit and all its ancestors, root first, read from its materialised path."""
    return [int(step) for step in path.split("/") if step]


def roll_up_to_units(per_person: Mapping[int, Decimal], *, employees: Iterable[Employee] | None = None) -> dict[int, Decimal]:
    """Sum a per-person figure (employee id → amount) into the person's unit and every unit above
    it: {unit id: total}. Units without anyone in `per_person` are absent. `employees` (with
    `org_unit` loaded) saves the one query that otherwise reads the people's units; an id without
    an employee is ignored."""
    if employees is None:
        paths = dict(Employee.objects.filter(pk__in=list(per_person)).values_list("pk", "org_unit__path"))
    else:
        paths = {e.pk: e.org_unit.path for e in employees}
    totals: dict[int, Decimal] = {}
    for employee_id, amount in per_person.items():
        path = paths.get(employee_id)
        if path is None or amount is None:
            continue
        for unit_id in unit_ids_of_path(path):
            totals[unit_id] = totals.get(unit_id, Decimal("0")) + amount
    return totals


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


def employees_for(*, user, unit: OrgUnit | None = None, role: str | None = None, active: bool | None = None,
                  search: str | None = None):
    """The people `user` may see, narrowed to a unit's subtree, a role, the active flag and a search
    of name or number (case-insensitive)."""
    qs = Employee.objects.visible_to(user).select_related("org_unit", "user")
    if unit is not None:
        qs = qs.in_subtree(unit)
    if role:
        qs = qs.filter(role=role)
    if active is not None:
        qs = qs.filter(active=active)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(number__icontains=search))
    return qs


#: Rows of one page of the people list.
PEOPLE_PAGE_SIZE = 100


def people_page(*, user, unit: OrgUnit | None = None, role: str | None = None, search: str | None = None,
                page: str | int | None = None) -> dict:
    """One page of the people list, grouped by unit in tree order (SPEC §12: the director's
    1,000 people are never one page). Each group carries its unit's head count for the whole
    filter (not only the rows on this page), counted in SQL. Three queries whatever the size —
    the capped count, the page's rows, the units' counts — and one when the list fits on one page.

    Returns {"page": Page, "groups": [{"unit", "count", "people"}], "total": int, "total_capped": bool}."""
    from common.pagination import BoundedPaginator

    people = (
        employees_for(user=user, unit=unit, role=role, search=search)
        .select_related(None).select_related("org_unit")
        .only("pk", "number", "name", "role", "hire_date", "active", "org_unit__name", "org_unit__path")
        .order_by("org_unit__path", "number")
    )
    paginator = BoundedPaginator(people, PEOPLE_PAGE_SIZE)
    first = list(people[: PEOPLE_PAGE_SIZE + 1]) if str(page or "1") == "1" else None
    if first is not None and len(first) <= PEOPLE_PAGE_SIZE:
        # The whole list is the first page: its rows are its count, and each unit's count too.
        paginator.__dict__["_capped"] = (len(first), False)
        current = paginator.page(1)
        current.object_list = rows = first
        counts = dict(Counter(person.org_unit_id for person in rows))
    else:
        current = paginator.get_page(page)
        rows = list(current)
        unit_ids = list(dict.fromkeys(person.org_unit_id for person in rows))
        counts = dict(
            people.filter(org_unit_id__in=unit_ids).order_by().values("org_unit_id").annotate(n=Count("pk"))
            .values_list("org_unit_id", "n")
        )
    groups: list[dict] = []
    for person in rows:
        if not groups or groups[-1]["unit"].pk != person.org_unit_id:
            groups.append({"unit": person.org_unit, "count": counts.get(person.org_unit_id, 0), "people": []})
        groups[-1]["people"].append(person)
    return {"page": current, "groups": groups, "total": paginator.count, "total_capped": paginator.count_capped}
