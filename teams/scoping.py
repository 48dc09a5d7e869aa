"""The one scoping mechanism of SalesOps (SPEC §1.2).

Every model with confidential rows declares, in two lines, whose row it is and which domain it
belongs to, and gets `visible_to(user)` from `ScopedQuerySet`:

    class Customer(models.Model):
        scoping = ScopeRule(employee="owner", domain=Domain.CUSTOMERS)
        objects = ScopedQuerySet.as_manager()      # or a subclass of ScopedQuerySet

`employee` is the lookup path from the row to the `Employee` it belongs to ("owner",
"customer__owner", "claimant"; `None` when the row *is* the employee). Then:

* the director, a Django superuser (acting as director) and the functional roles granted the
  domain in `FUNCTIONAL_DOMAINS` (HR → people, finance → commercial and expenses) see every row;
* a head (supervisor, manager) sees the rows of everyone in the subtree of the unit(s) they head —
  one indexed `path LIKE 'prefix%'` on the org tree, never recursion in Python;
* everyone else sees their own rows; anonymous users and roles without the domain see nothing.

Views and viewsets never filter by hand: selectors start from `Model.objects.visible_to(user)`
and a single object is fetched with `get_visible_or_404(...)`, so an out-of-scope object answers
404 exactly like a missing one. Actions a role may never take are refused with `require_role`
(403). Rights over a *person* (set their target, rate them, approve their claim — never one's own)
go through `is_above(actor, employee)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from common.exceptions import NotAllowed


class Domain(models.TextChoices):
    DIRECTORY = "directory", _("Org tree and employees")
    PEOPLE = "people", _("Targets, scorecards, bonuses, training")
    CUSTOMERS = "customers", _("Customers, follow-ups, opportunities, surveys")
    COMMERCIAL = "commercial", _("Contracts, receivables, payments")
    EXPENSES = "expenses", _("Expense claims and budgets")


#: Which whole domains the functional roles see (SPEC §1.2). Finance sees the employee directory so
#: it can name claimants; HR sees no customer data, finance no follow-ups.
FUNCTIONAL_DOMAINS: dict[str, frozenset[str]] = {
    "hr": frozenset({Domain.DIRECTORY, Domain.PEOPLE}),
    "finance": frozenset({Domain.DIRECTORY, Domain.COMMERCIAL, Domain.EXPENSES}),
}


@dataclass(frozen=True)
class Scope:
    """What one user may see, computed once per request (one query) and cached on the user."""

    user_id: int | None
    employee_id: int | None = None
    role: str | None = None
    everything: bool = False
    unit_paths: tuple[str, ...] = ()
    own_unit_path: str = ""
    domains: frozenset[str] = field(default_factory=frozenset)

    def covers_all(self, domain: str) -> bool:
        return self.everything or domain in self.domains

    def sees_domain(self, domain: str) -> bool:
        """Whether the user sees any row of the domain at all (a rep sees own customers; HR none)."""
        if self.covers_all(domain):
            return True
        return self.employee_id is not None and self.role not in FUNCTIONAL_DOMAINS

    @property
    def acting_role(self) -> str | None:
        return "director" if self.everything else self.role


ANONYMOUS = Scope(user_id=None)


def scope_for(user) -> Scope:
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_salesops_scope", None)
    if cached is not None:
        return cached
    from teams.models import Employee, Role

    employee = (
        Employee.objects.select_related("org_unit", "headed_unit").filter(user_id=user.pk).first()
    )
    if employee is None or not employee.active:
        scope = Scope(user_id=user.pk, everything=user.is_superuser)
    else:
        headed = getattr(employee, "headed_unit", None)
        scope = Scope(
            user_id=user.pk,
            employee_id=employee.pk,
            role=employee.role,
            everything=user.is_superuser or employee.role == Role.DIRECTOR,
            unit_paths=(headed.path,) if headed is not None else (),
            own_unit_path=employee.org_unit.path,
            domains=FUNCTIONAL_DOMAINS.get(employee.role, frozenset()),
        )
        user._salesops_employee = employee
    user._salesops_scope = scope
    return scope


def acting_employee(user):
    """The Employee behind a user (None for an admin without one)."""
    scope_for(user)
    return getattr(user, "_salesops_employee", None)


@dataclass(frozen=True)
class ScopeRule:
    """Whose row it is (`employee` lookup path, None = the row is the employee) and its domain."""

    employee: str | None
    domain: str

    @property
    def employee_lookup(self) -> str:
        return self.employee or "pk"

    @property
    def unit_path_lookup(self) -> str:
        return f"{self.employee}__org_unit__path" if self.employee else "org_unit__path"


class ScopedQuerySet(models.QuerySet):
    """Gives a model `visible_to(user)` from its `scoping = ScopeRule(...)` declaration."""

    def visible_to(self, user):
        rule: ScopeRule = self.model.scoping
        scope = scope_for(user)
        if scope.covers_all(rule.domain):
            return self
        if scope.employee_id is None or scope.role in FUNCTIONAL_DOMAINS:
            return self.none()
        condition = Q(**{rule.employee_lookup: scope.employee_id})
        for path in scope.unit_paths:
            condition |= Q(**{f"{rule.unit_path_lookup}__startswith": path})
        return self.filter(condition)


def get_visible_or_404(queryset, user, **lookup):
    """The one object matching `lookup` that `user` may see, or Http404 (never a 403 that leaks)."""
    if isinstance(queryset, type):
        queryset = queryset.objects.all()
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404


def require_role(user, *roles: str, message=None) -> Scope:
    """Refuse (403) unless the user's acting role is one of `roles` (a superuser acts as director)."""
    scope = scope_for(user)
    if scope.acting_role not in roles:
        raise NotAllowed(message or _("Your role may not do this."))
    return scope


def is_above(actor_user, employee) -> bool:
    """Whether the user has line authority over `employee`: the director or an admin for anyone
    but themselves, a head for the people in the subtree they head. Never over oneself."""
    scope = scope_for(actor_user)
    if scope.employee_id is not None and scope.employee_id == employee.pk:
        return False
    if scope.everything:
        return True
    return heads_subtree_of(actor_user, employee.org_unit)


# --- Predicates on the org tree: nobody outside this module reads `scope.unit_paths` or compares
# unit paths itself. None of them runs a query once the user's scope is cached.


def unit_within(unit, ancestor) -> bool:
    """Whether `unit` is `ancestor` or lies below it in the tree."""
    return unit.path.startswith(ancestor.path)


def heads_any_unit(user) -> bool:
    """Whether the user heads a unit (a supervisor's team, a manager's region, the company)."""
    return bool(scope_for(user).unit_paths)


def has_line_authority(user) -> bool:
    """Whether the user has authority over some subtree: the director or an admin, or a head."""
    scope = scope_for(user)
    return scope.everything or bool(scope.unit_paths)


def heads_subtree_of(user, unit, *, strictly: bool = False) -> bool:
    """Whether `unit` lies in the subtree of a unit the user heads (`strictly`: below the headed unit,
    not the headed unit itself). The director's or an admin's rights are *not* implied: ask
    `scope_for(user).everything` for those."""
    return any(
        unit.path.startswith(path) and not (strictly and unit.path == path) for path in scope_for(user).unit_paths
    )


def unit_visibility_q(user) -> Q:
    """The condition on OrgUnit behind `OrgUnit.objects.visible_to(user)` (one indexed query): all
    units for those who see the whole directory; nothing for a user without an (active) employee;
    otherwise the subtree of the unit the person heads, their own unit and the ancestors of both."""
    from teams.models import PATH_STEP

    scope = scope_for(user)
    if scope.covers_all(Domain.DIRECTORY):
        return Q()
    if scope.employee_id is None:
        return Q(pk__in=[])
    condition = Q(pk__in=[])
    for path in scope.unit_paths:
        condition |= Q(path__startswith=path)
    ancestor_paths = set()
    for path in (*scope.unit_paths, scope.own_unit_path):
        ancestor_paths |= {path[: i + PATH_STEP + 1] for i in range(0, len(path), PATH_STEP + 1)}
    return condition | Q(path__in=ancestor_paths)


def unit_visible_to(user, unit) -> bool:
    """`OrgUnit.objects.visible_to(user)` for one unit, without a query: everything for those who
    see the whole directory; otherwise the subtree of the unit a person heads, their own unit and
    the ancestors of both."""
    scope = scope_for(user)
    if scope.covers_all(Domain.DIRECTORY):
        return True
    if scope.employee_id is None:
        return False
    if any(unit.path.startswith(path) for path in scope.unit_paths):
        return True
    return any(path.startswith(unit.path) for path in (*scope.unit_paths, scope.own_unit_path) if path)


def assignable_owners(user):
    """The ONE definition of whom `user` may make the owner of a customer (or pick in an owner or
    employee picker): active salespeople (director, manager, supervisor, rep) in the user's scope."""
    from teams.models import SALES_ROLES, Employee

    return Employee.objects.visible_to(user).filter(active=True, role__in=SALES_ROLES)
