"""Who may set which target (SPEC §3.3): a supervisor the reps of the team they head; a manager
the teams of their region and the people in them; the director anything. Never one's own; HR,
finance and reps never (403)."""

from django.utils.translation import gettext as _

from common.exceptions import NotAllowed
from teams.models import Employee, OrgUnit, Role
from teams.scoping import scope_for

SETTING_ROLES = (Role.DIRECTOR, Role.MANAGER, Role.SUPERVISOR)


def may_set_targets_at_all(actor) -> bool:
    return scope_for(actor).acting_role in SETTING_ROLES


def ensure_may_set_target(actor, *, org_unit: OrgUnit | None = None, employee: Employee | None = None) -> None:
    """Raise NotAllowed (403) unless `actor` may set the target of this unit or person. Needs
    `employee.org_unit` loaded; runs no query once the actor's scope is cached."""
    scope = scope_for(actor)
    if scope.acting_role not in SETTING_ROLES:
        raise NotAllowed(_("Your role may not set targets."))
    if employee is not None:
        if scope.employee_id == employee.pk:
            raise NotAllowed(_("Nobody sets their own target."))
        if scope.everything:
            return
        within = any(employee.org_unit.path.startswith(path) for path in scope.unit_paths)
        if within and (scope.acting_role == Role.MANAGER or employee.role == Role.REP):
            return
        raise NotAllowed(_("You may not set the target of %(name)s.") % {"name": employee.name})
    if scope.everything:
        return
    if scope.acting_role == Role.MANAGER and any(
        org_unit.path.startswith(path) and org_unit.path != path for path in scope.unit_paths
    ):
        return
    raise NotAllowed(_("You may not set the target of %(unit)s.") % {"unit": org_unit.name})


def may_set_target(actor, *, org_unit: OrgUnit | None = None, employee: Employee | None = None) -> bool:
    try:
        ensure_may_set_target(actor, org_unit=org_unit, employee=employee)
    except NotAllowed:
        return False
    return True
