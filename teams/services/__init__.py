"""Writes to the org tree and the people in it. Every rule of SPEC §1.1 and §13.1 ("roles are
granted from above") is enforced here; pages, API and admin call these functions.

`units` changes the tree, `employees` the people in it, `rights` answers who may change whom
(each `ensure_may_*` with its `may_*` twin)."""

from teams.services.employees import (
    EMPLOYEE_EDITABLE,
    employee_changes_validate,
    employee_create,
    employee_update,
)
from teams.services.rights import (
    GRANTABLE_ROLES,
    PEOPLE_ADMIN_ROLES,
    PRIVILEGED_ROLES,
    RIGHTS_FIELDS,
    ensure_may_apply_changes,
    ensure_may_change_active,
    ensure_may_change_role,
    ensure_may_change_tree,
    ensure_may_change_unit,
    ensure_may_create_employee,
    ensure_may_edit_employee,
    ensure_may_manage_login,
    ensure_may_manage_people,
    grantable_roles,
    may_apply_changes,
    may_change_active,
    may_change_role,
    may_change_tree,
    may_change_unit,
    may_create_employee,
    may_edit_employee,
    may_manage_login,
    may_manage_people,
    roles_offered,
)
from teams.services.units import org_unit_create, org_unit_update

__all__ = [
    "EMPLOYEE_EDITABLE", "GRANTABLE_ROLES", "PEOPLE_ADMIN_ROLES", "PRIVILEGED_ROLES", "RIGHTS_FIELDS",
    "employee_changes_validate", "employee_create", "employee_update", "ensure_may_apply_changes",
    "ensure_may_change_active", "ensure_may_change_role", "ensure_may_change_tree", "ensure_may_change_unit",
    "ensure_may_create_employee", "ensure_may_edit_employee", "ensure_may_manage_login",
    "ensure_may_manage_people", "grantable_roles", "may_apply_changes",
    "may_change_active", "may_change_role", "may_change_tree",
    "may_change_unit", "may_create_employee", "may_edit_employee", "may_manage_login", "may_manage_people",
    "org_unit_create", "org_unit_update", "roles_offered",
]
