"""Who may change whom (SPEC §13.1 "Roles are granted from above"). The employee services, the
pages, the API and the admin all ask these functions; each `ensure_may_*` (raises `NotAllowed`,
403, naming the field) has a `may_*` twin that answers yes/no from the same code, so a page never
offers a button or a choice the service would refuse.

* Managing people at all (creating logins, editing employees) is for the director (a superuser
  acts as director) and HR.
* The director, HR and finance roles are *privileged*: only the director gives or takes one, and
  only the director changes the unit, the active flag or the leaving date of someone holding one.
  HR gives the sales roles below director (manager, supervisor, rep) and moves, deactivates and
  reactivates the people who hold them.
* Nobody changes their own role, unit, active flag or leaving date — the director neither (a
  leaving date deactivates, so it counts as the active flag).
* A login is created only with a role its creator may give, so never with more rights than the
  creator holds (HR cannot create a director, HR or finance login).

Runs no query once the actor's scope is cached (`teams.scoping.scope_for`), so lists may ask per row.
"""

from django.utils.translation import gettext as _

from common.exceptions import NotAllowed
from common.transitions import passes
from teams.models import Employee, Role
from teams.scoping import Scope, require_role, scope_for

PEOPLE_ADMIN_ROLES = (Role.DIRECTOR, Role.HR)
#: Roles only the director gives or takes (and whose holders only the director moves or deactivates).
PRIVILEGED_ROLES = frozenset({Role.DIRECTOR, Role.HR, Role.FINANCE})
#: The roles each people-admin role may give, in the order forms offer them.
GRANTABLE_ROLES = {
    Role.DIRECTOR: tuple(Role),
    Role.HR: (Role.MANAGER, Role.SUPERVISOR, Role.REP),
}
#: The fields that carry rights: never one's own, and for privileged holders the director's alone.
RIGHTS_FIELDS = ("role", "org_unit", "active", "left_on")


def ensure_may_change_tree(actor) -> Scope:
    """Create, rename or move units and name their heads: the director's (or a superuser's)."""
    return require_role(actor, Role.DIRECTOR, message=_("Only the director changes the organisation tree."))


def may_change_tree(actor) -> bool:
    return passes(ensure_may_change_tree, actor, refusals=(NotAllowed,))


def ensure_may_manage_people(actor) -> Scope:
    return require_role(actor, *PEOPLE_ADMIN_ROLES, message=_("Only the director and HR manage employees."))


def may_manage_people(actor) -> bool:
    return passes(ensure_may_manage_people, actor, refusals=(NotAllowed,))


def grantable_roles(actor) -> tuple[str, ...]:
    """The roles `actor` may give anyone (and create logins with); empty for everyone else."""
    return GRANTABLE_ROLES.get(scope_for(actor).acting_role, ())


def _ensure_may_give(actor, role: str | None, *, field: str, message: str) -> None:
    # An unknown role is a bad value (400 from validation), not a right to refuse here.
    if role in PRIVILEGED_ROLES and role not in grantable_roles(actor):
        raise NotAllowed(message % {"role": Role(role).label}, field=field)


def ensure_may_create_employee(actor, *, role: str | None = None) -> None:
    """Create a login (with an employee) — with `role`, when given."""
    ensure_may_manage_people(actor)
    _ensure_may_give(
        actor, role, field="role", message=_("Only the director creates a login with the %(role)s role.")
    )


def may_create_employee(actor, *, role: str | None = None) -> bool:
    return passes(ensure_may_create_employee, actor, role=role, refusals=(NotAllowed,))


def ensure_may_edit_employee(actor, *, employee: Employee) -> None:
    """Edit the employee's record at all (name, number, contact details; the rights fields are
    checked one by one below)."""
    ensure_may_manage_people(actor)


def may_edit_employee(actor, *, employee: Employee) -> bool:
    return passes(ensure_may_edit_employee, actor, employee=employee, refusals=(NotAllowed,))


def _ensure_rights_over(actor, employee: Employee, *, field: str) -> Scope:
    scope = ensure_may_manage_people(actor)
    if scope.employee_id is not None and scope.employee_id == employee.pk:
        raise NotAllowed(_("Nobody changes their own role, unit, active flag or leaving date."), field=field)
    if employee.role in PRIVILEGED_ROLES and scope.acting_role != Role.DIRECTOR:
        raise NotAllowed(
            _("Only the director changes the role, unit or active flag of someone who holds the director, "
              "HR or finance role."),
            field=field,
        )
    return scope


def ensure_may_change_role(actor, *, employee: Employee, role: str | None = None) -> None:
    """Change `employee`'s role (to `role`, when given)."""
    _ensure_rights_over(actor, employee, field="role")
    _ensure_may_give(actor, role, field="role", message=_("Only the director gives the %(role)s role."))


def may_change_role(actor, *, employee: Employee, role: str | None = None) -> bool:
    return passes(ensure_may_change_role, actor, employee=employee, role=role, refusals=(NotAllowed,))


def roles_offered(actor, *, employee: Employee) -> tuple[str, ...]:
    """The roles a form offers `actor` for `employee` (empty when the role may not change)."""
    if not may_change_role(actor, employee=employee):
        return ()
    return tuple(role for role in grantable_roles(actor) if may_change_role(actor, employee=employee, role=role))


def ensure_may_change_unit(actor, *, employee: Employee) -> None:
    _ensure_rights_over(actor, employee, field="org_unit")


def may_change_unit(actor, *, employee: Employee) -> bool:
    return passes(ensure_may_change_unit, actor, employee=employee, refusals=(NotAllowed,))


def ensure_may_change_active(actor, *, employee: Employee, field: str = "active") -> None:
    """Deactivate or reactivate `employee`, or set their leaving date (`field="left_on"`)."""
    _ensure_rights_over(actor, employee, field=field)


def may_change_active(actor, *, employee: Employee) -> bool:
    return passes(ensure_may_change_active, actor, employee=employee, refusals=(NotAllowed,))


def ensure_may_apply_changes(actor, *, employee: Employee, changed: dict) -> None:
    """The whole check for one update: `changed` holds only the fields whose value differs."""
    ensure_may_edit_employee(actor, employee=employee)
    if "role" in changed:
        ensure_may_change_role(actor, employee=employee, role=changed["role"])
    if "org_unit" in changed:
        ensure_may_change_unit(actor, employee=employee)
    for field in ("active", "left_on"):
        if field in changed:
            ensure_may_change_active(actor, employee=employee, field=field)


def may_apply_changes(actor, *, employee: Employee, changed: dict) -> bool:
    return passes(ensure_may_apply_changes, actor, employee=employee, changed=changed, refusals=(NotAllowed,))


def ensure_may_manage_login(actor, *, user) -> None:
    """Set the password or the sign-in flags of `user` (the admin's user screens). A superuser's
    login is a superuser's business; an employee's login follows the rights over that employee
    (one's own password is fine, one's own active flag is not — see `ensure_may_change_active`)."""
    scope = ensure_may_manage_people(actor)
    if user.is_superuser and not getattr(actor, "is_superuser", False):
        raise NotAllowed(_("Only a superuser changes a superuser's login."))
    employee = Employee.objects.filter(user_id=user.pk).first()
    if (
        employee is not None
        and employee.pk != scope.employee_id
        and employee.role in PRIVILEGED_ROLES
        and scope.acting_role != Role.DIRECTOR
    ):
        raise NotAllowed(
            _("Only the director manages the login of someone who holds the director, HR or finance role.")
        )


def may_manage_login(actor, *, user) -> bool:
    return passes(ensure_may_manage_login, actor, user=user, refusals=(NotAllowed,))
