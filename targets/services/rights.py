"""Who may set which target (SPEC §3.3): a supervisor the reps of the team they head; a manager
the teams of their region and the people in them; the director anything. Never one's own; HR,
finance and reps never (403)."""

from django.utils.translation import gettext as _

from common.exceptions import NotAllowed
from teams.models import Employee, OrgUnit, Role
from teams.scoping import heads_subtree_of, scope_for

SETTING_ROLES = (Role.DIRECTOR, Role.MANAGER, Role.SUPERVISOR)


def may_set_targets_at_all(actor) -> bool:
    """Whether the actor's role sets targets at all (the director, managers, supervisors)."""
    return scope_for(actor).acting_role in SETTING_ROLES


def ensure_may_set_targets_at_all(actor) -> None:
    """403 before any validation for a role that never sets targets (HR, finance, reps)."""
    if not may_set_targets_at_all(actor):
        raise NotAllowed(_("Your role may not set targets."))


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
        if heads_subtree_of(actor, employee.org_unit) and (scope.acting_role == Role.MANAGER or employee.role == Role.REP):
            return
        raise NotAllowed(_("You may not set the target of %(name)s.") % {"name": employee.name})
    if scope.everything:
        return
    if scope.acting_role == Role.MANAGER and heads_subtree_of(actor, org_unit, strictly=True):
        return
    raise NotAllowed(_("You may not set the target of %(unit)s.") % {"unit": org_unit.name})
