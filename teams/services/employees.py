"""Writes to the people in the org tree (SPEC §1.1): an employee and their login are created
together, and every change of role or unit is recorded in the career history. Who may do what is
asked of `teams.services.rights` first (403), then the values are validated (400 naming the field)."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from common.limits import ensure_plausible_date
from common.services import model_update
from common.text import ensure_clean_text
from teams.models import ROLE_UNIT_KIND, Employee, OrgPolicy, OrgUnit, Role, RoleChange, UnitKind
from teams.services import rights

User = get_user_model()

EMPLOYEE_EDITABLE = ("number", "name", "role", "org_unit", "hire_date", "referred_by", "email", "phone", "active", "left_on")
TEXT_FIELDS = ("number", "name", "email", "phone")


def _username_taken(username: str) -> bool:
    return User.objects.filter(username__iexact=username).exists()


def _number_taken(number: str, *, employee: Employee | None = None) -> bool:
    return Employee.objects.filter(number=number).exclude(pk=getattr(employee, "pk", None)).exists()


def _username_taken_message(username: str) -> str:
    return _("User name %(username)s is already taken.") % {"username": username}


def _number_taken_message(number: str) -> str:
    return _("Employee number %(number)s is already in use.") % {"number": number}


def _check_date(errors: dict, field: str, value) -> None:
    try:
        ensure_plausible_date(value, field=field)
    except ApplicationError as exc:
        errors[field] = exc.message


def _check_text(errors: dict, field: str, value) -> None:
    try:
        ensure_clean_text(value, field=field)
    except ApplicationError as exc:
        errors[field] = exc.message


def _validate_employee(
    *, employee: Employee | None, number, name, role, org_unit, hire_date, referred_by, left_on=None,
    username=None, text: dict | None = None,
):
    errors = {}
    policy = OrgPolicy.current()
    for field, value in (text or {}).items():
        _check_text(errors, field, value)
    if not (number or "").strip():
        errors["number"] = _("An employee number is required.")
    elif "number" not in errors and _number_taken(number.strip(), employee=employee):
        errors["number"] = _number_taken_message(number)
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
    else:
        _check_date(errors, "hire_date", hire_date)
    _check_date(errors, "left_on", left_on)
    if left_on and hire_date and "left_on" not in errors and left_on < hire_date:
        errors["left_on"] = _("The leaving date cannot be before the hire date.")
    if referred_by is not None and employee is not None and referred_by.pk == employee.pk:
        errors["referred_by"] = _("Nobody refers themselves.")
    if username is not None:
        user_field = User._meta.get_field("username")
        if not username.strip():
            errors["username"] = _("A user name is required.")
        elif len(username.strip()) > user_field.max_length:
            errors["username"] = _("A user name has at most %(max)d characters.") % {"max": user_field.max_length}
        else:
            _check_text(errors, "username", username)
            if "username" not in errors and _username_taken(username.strip()):
                errors["username"] = _username_taken_message(username)
    if errors:
        raise ValidationError(errors)


def _save_login(user) -> None:
    """Save a new login; losing a race for the user name is a 400 naming it, never a 500 (SPEC
    §13.1). The savepoint keeps the caller's transaction usable after the failed INSERT."""
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        if _username_taken(user.username):
            raise ValidationError({"username": _username_taken_message(user.username)})
        raise


def _save_employee(employee: Employee, **save_kwargs) -> None:
    """Save an employee; losing a race for the employee number is a 400 naming it."""
    try:
        with transaction.atomic():
            employee.save(**save_kwargs)
    except IntegrityError:
        if _number_taken(employee.number, employee=employee):
            raise ValidationError({"number": _number_taken_message(employee.number)})
        raise


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
    active: bool | None = None,
    left_on: date | None = None,
) -> Employee:
    """Create the employee and their login together (director, HR or admin) — never with a role
    its creator may not give. Without an explicit `active`, someone whose leaving date has passed
    is created inactive (as `employee_update` does)."""
    rights.ensure_may_create_employee(actor, role=role)
    _validate_employee(
        employee=None, number=number, name=name, role=role, org_unit=org_unit, hire_date=hire_date,
        referred_by=referred_by, left_on=left_on, username=username,
        text={"number": number, "name": name, "email": email, "phone": phone},
    )
    if active is None:
        active = not (left_on and left_on <= timezone.localdate())
    user = User(username=username.strip(), email=email)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages})
    user.set_password(password)
    _save_login(user)
    employee = Employee(
        user=user, number=number.strip(), name=name.strip(), role=role, org_unit=org_unit, hire_date=hire_date,
        left_on=left_on, referred_by=referred_by, email=email, phone=phone, active=active,
    )
    _save_employee(employee, force_insert=True)
    RoleChange.objects.create(
        employee=employee, old_role="", new_role=role, new_unit=org_unit,
        effective_on=hire_date, changed_by=actor if actor and actor.is_authenticated else None,
    )
    return employee


def _differs(current, new) -> bool:
    return getattr(current, "pk", current) != getattr(new, "pk", new)


def employee_changes_validate(*, actor, employee: Employee, changes: dict, effective_on: date | None = None) -> dict:
    """Everything `employee_update` checks before it writes — the rights (403) and the values
    (400 naming the field) — without writing; the admin's form asks it to show errors at the
    fields. Returns the fields whose value differs. Only those are checked against the rights, so
    a PUT that repeats one's own role is fine."""
    rights.ensure_may_manage_people(actor)
    unknown = set(changes) - set(EMPLOYEE_EDITABLE)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed here.") for field in unknown})
    changed = {field: value for field, value in changes.items() if _differs(getattr(employee, field), value)}
    rights.ensure_may_apply_changes(actor, employee=employee, changed=changed)
    values = {field: changes.get(field, getattr(employee, field)) for field in EMPLOYEE_EDITABLE}
    _validate_employee(
        employee=employee, number=values["number"], name=values["name"], role=values["role"],
        org_unit=values["org_unit"], hire_date=values["hire_date"], referred_by=values["referred_by"],
        left_on=values["left_on"], text={field: changed[field] for field in TEXT_FIELDS if field in changed},
    )
    if effective_on is not None:
        try:
            ensure_plausible_date(effective_on, field="effective_on")
        except ApplicationError as exc:
            raise ValidationError({"effective_on": exc.message})
    return changed


@transaction.atomic
def employee_update(*, actor, employee: Employee, effective_on: date | None = None, **changes) -> Employee:
    """Update an employee; a role or unit change is recorded in the career history. A head who
    leaves their unit or role stops heading it."""
    rights.ensure_may_manage_people(actor)
    employee = Employee.objects.select_for_update(of=("self",)).select_related("org_unit").get(pk=employee.pk)
    changed = employee_changes_validate(actor=actor, employee=employee, changes=changes, effective_on=effective_on)
    values = {field: changes.get(field, getattr(employee, field)) for field in EMPLOYEE_EDITABLE}
    old_role, old_unit = employee.role, employee.org_unit
    model_update(instance=employee, fields=EMPLOYEE_EDITABLE, data=values, save=False)
    if values["left_on"] and "left_on" in changed and "active" not in changes:
        # Setting a leaving date deactivates once it has passed; editing anything else later does
        # not silently flip a flag someone set on purpose.
        employee.active = values["left_on"] > timezone.localdate()
    _save_employee(employee)
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
