"""Writes to the org tree and the people in it. Every rule of SPEC §1.1 is enforced here; pages,
API and admin call these functions."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from teams.models import (
    HEAD_ROLE,
    PARENT_KIND,
    PATH_STEP,
    ROLE_UNIT_KIND,
    Employee,
    OrgPolicy,
    OrgUnit,
    Role,
    RoleChange,
    UnitKind,
)
from teams.scoping import require_role

User = get_user_model()

PEOPLE_ADMIN_ROLES = (Role.DIRECTOR, Role.HR)


def _path_for(unit: OrgUnit, parent: OrgUnit | None) -> str:
    return f"{parent.path if parent else ''}{unit.pk:0{PATH_STEP}d}/"


def _validate_unit(*, unit: OrgUnit | None, name: str, kind: str, parent: OrgUnit | None) -> None:
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("A unit needs a name.")
    if kind not in UnitKind.values:
        errors["kind"] = _("Unknown kind “%(kind)s”.") % {"kind": kind}
    else:
        required_parent = PARENT_KIND[kind]
        if required_parent is None and parent is not None:
            errors["parent"] = _("A company is the root of the tree and has no parent.")
        elif required_parent is not None and (parent is None or parent.kind != required_parent):
            errors["parent"] = _("A %(kind)s must sit directly under a %(parent)s.") % {
                "kind": UnitKind(kind).label.lower(),
                "parent": UnitKind(required_parent).label.lower(),
            }
        elif required_parent is None and OrgUnit.objects.filter(kind=UnitKind.COMPANY).exclude(
            pk=getattr(unit, "pk", None)
        ).exists():
            errors["kind"] = _("There is already a company at the root of the tree.")
    if unit is not None and unit.pk and parent is not None and parent.path.startswith(unit.path):
        errors["parent"] = _("A unit cannot be moved under itself or one of its own sub-units.")
    if unit is not None and unit.pk and kind != unit.kind and unit.children.exists():
        errors["kind"] = _("A unit with sub-units cannot change its kind.")
    if errors:
        raise ValidationError(errors)


def _validate_head(unit: OrgUnit, head: Employee | None) -> None:
    if head is None:
        return
    if unit.head_id and unit.head_id != head.pk:
        raise ValidationError(
            {"head": _("%(unit)s already has a head (%(head)s); clear it before naming another.")
             % {"unit": unit.name, "head": unit.head.name}}
        )
    if head.org_unit_id != unit.pk:
        raise ValidationError({"head": _("The head of a unit must be a member of it.")})
    if head.role != HEAD_ROLE[unit.kind]:
        raise ValidationError(
            {"head": _("A %(kind)s is headed by a %(role)s.")
             % {"kind": UnitKind(unit.kind).label.lower(), "role": Role(HEAD_ROLE[unit.kind]).label.lower()}}
        )
    if not head.active:
        raise ValidationError({"head": _("An inactive employee cannot head a unit.")})
    other = OrgUnit.objects.filter(head=head).exclude(pk=unit.pk).first()
    if other is not None:
        raise ValidationError({"head": _("%(name)s already heads %(unit)s.") % {"name": head.name, "unit": other.name}})


@transaction.atomic
def org_unit_create(*, actor, name: str, kind: str, parent: OrgUnit | None = None) -> OrgUnit:
    require_role(actor, Role.DIRECTOR)
    _validate_unit(unit=None, name=name, kind=kind, parent=parent)
    unit = OrgUnit(name=name.strip(), kind=kind, parent=parent, path="", depth=parent.depth + 1 if parent else 0)
    unit.save()
    unit.path = _path_for(unit, parent)
    OrgUnit.objects.filter(pk=unit.pk).update(path=unit.path)
    return unit


@transaction.atomic
def org_unit_update(*, actor, unit: OrgUnit, **changes) -> OrgUnit:
    """Rename, move (re-paths the whole subtree in one UPDATE) or set/clear the head."""
    require_role(actor, Role.DIRECTOR)
    unit = OrgUnit.objects.select_for_update(of=("self",)).select_related("head").get(pk=unit.pk)
    name = changes.get("name", unit.name)
    kind = changes.get("kind", unit.kind)
    parent = changes.get("parent", unit.parent)
    _validate_unit(unit=unit, name=name, kind=kind, parent=parent)
    if "head" in changes:
        head = changes["head"]
        if head is None:
            unit.head = None
        elif head.pk != unit.head_id:
            _validate_head(unit, head)
            unit.head = head
    unit.name, unit.kind = name.strip(), kind
    if (parent.pk if parent else None) != unit.parent_id:
        old_path, new_path = unit.path, _path_for(unit, parent)
        depth_shift = (parent.depth + 1 if parent else 0) - unit.depth
        # One UPDATE re-paths the whole subtree; the depth shift is the same for every node.
        OrgUnit.objects.filter(path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + depth_shift,
        )
        unit.parent, unit.path, unit.depth = parent, new_path, unit.depth + depth_shift
    unit.save(update_fields=["name", "kind", "parent", "head", "path", "depth"])
    return unit


def _validate_employee(*, employee: Employee | None, number, name, role, org_unit, hire_date, referred_by, username=None):
    errors = {}
    policy = OrgPolicy.current()
    if not (number or "").strip():
        errors["number"] = _("An employee number is required.")
    elif Employee.objects.filter(number=number.strip()).exclude(pk=getattr(employee, "pk", None)).exists():
        errors["number"] = _("Employee number %(number)s is already in use.") % {"number": number}
    if not (name or "").strip():
        errors["name"] = _("A name is required.")
    if role not in Role.values:
        errors["role"] = _("Unknown role “%(role)s”.") % {"role": role}
    elif org_unit is not None and role in ROLE_UNIT_KIND and org_unit.kind != ROLE_UNIT_KIND[role]:
        errors["org_unit"] = _("A %(role)s sits in a %(kind)s, not in a %(actual)s.") % {
            "role": Role(role).label.lower(),
            "kind": UnitKind(ROLE_UNIT_KIND[role]).label.lower(),
            "actual": UnitKind(org_unit.kind).label.lower(),
        }
    if org_unit is None:
        errors["org_unit"] = _("An org unit is required.")
    if hire_date is None:
        errors["hire_date"] = _("A hire date is required.")
    elif hire_date > timezone.localdate() + timedelta(days=policy.max_future_hire_days):
        errors["hire_date"] = _("The hire date may be at most %(days)d days in the future.") % {
            "days": policy.max_future_hire_days
        }
    if referred_by is not None and employee is not None and referred_by.pk == employee.pk:
        errors["referred_by"] = _("Nobody refers themselves.")
    if username is not None:
        if not username.strip():
            errors["username"] = _("A user name is required.")
        elif User.objects.filter(username__iexact=username.strip()).exists():
            errors["username"] = _("User name %(username)s is already taken.") % {"username": username}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def employee_create(
    *,
    actor,
    number: str,
    name: str,
    role: str,
    org_unit: OrgUnit,
    hire_date: date,
    username: str,
    password: str,
    referred_by: Employee | None = None,
    email: str = "",
    phone: str = "",
    active: bool = True,
) -> Employee:
    """Create the employee and their login together (director, HR or admin)."""
    require_role(actor, *PEOPLE_ADMIN_ROLES)
    _validate_employee(
        employee=None, number=number, name=name, role=role, org_unit=org_unit,
        hire_date=hire_date, referred_by=referred_by, username=username,
    )
    user = User(username=username.strip(), email=email)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages})
    user.set_password(password)
    user.save()
    employee = Employee.objects.create(
        user=user, number=number.strip(), name=name.strip(), role=role, org_unit=org_unit,
        hire_date=hire_date, referred_by=referred_by, email=email, phone=phone, active=active,
    )
    RoleChange.objects.create(
        employee=employee, old_role="", new_role=role, new_unit=org_unit,
        effective_on=hire_date, changed_by=actor if actor and actor.is_authenticated else None,
    )
    return employee


EMPLOYEE_EDITABLE = ("number", "name", "role", "org_unit", "hire_date", "referred_by", "email", "phone", "active", "left_on")


@transaction.atomic
def employee_update(*, actor, employee: Employee, effective_on: date | None = None, **changes) -> Employee:
    """Update an employee; a role or unit change is recorded in the career history. A head who
    leaves their unit or role stops heading it."""
    require_role(actor, *PEOPLE_ADMIN_ROLES)
    unknown = set(changes) - set(EMPLOYEE_EDITABLE)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed here.") for field in unknown})
    employee = Employee.objects.select_for_update(of=("self",)).select_related("org_unit").get(pk=employee.pk)
    values = {field: changes.get(field, getattr(employee, field)) for field in EMPLOYEE_EDITABLE}
    _validate_employee(
        employee=employee, number=values["number"], name=values["name"], role=values["role"],
        org_unit=values["org_unit"], hire_date=values["hire_date"], referred_by=values["referred_by"],
    )
    if values["left_on"] and values["left_on"] < values["hire_date"]:
        raise ValidationError({"left_on": _("The leaving date cannot be before the hire date.")})
    old_role, old_unit = employee.role, employee.org_unit
    for field, value in values.items():
        setattr(employee, field, value)
    if values["left_on"] and "active" not in changes:
        employee.active = values["left_on"] > timezone.localdate()
    employee.save()
    if old_role != employee.role or old_unit.pk != employee.org_unit_id:
        OrgUnit.objects.filter(head=employee).exclude(pk=employee.org_unit_id).update(head=None)
        if old_role != employee.role:
            OrgUnit.objects.filter(head=employee).update(head=None)
        RoleChange.objects.create(
            employee=employee, old_role=old_role, new_role=employee.role, old_unit=old_unit,
            new_unit=employee.org_unit, effective_on=effective_on or timezone.localdate(),
            changed_by=actor if actor and actor.is_authenticated else None,
        )
    if not employee.active:
        OrgUnit.objects.filter(head=employee).update(head=None)
    return employee
