"""Writes to customers (SPEC §2.1): create, update, owner reassignment. Pages, API, import and
admin all call these functions."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from common.audit import actor_or_none
from common.exceptions import NotAllowed, NotFound
from common.services import model_update
from common.transitions import passes
from customers.models import Customer, CustomerOwnerChange, CustomerSource
from customers.models.customer import COMPLETENESS_FIELDS
from customers.selectors.access import customer_visible_to
from customers.services._bounds import check_clean_text, check_plausible_date
from teams.models import Employee, Role
from teams.scoping import acting_employee, assignable_owners, has_line_authority, require_role

#: Profile fields a create/update may set (owner, tier and status have their own services).
PROFILE_FIELDS = tuple(COMPLETENESS_FIELDS) + ("next_follow_up_on",)
#: Roles that may reassign owners or pin tiers (inside their scope).
SUPERVISING_ROLES = (Role.DIRECTOR, Role.MANAGER, Role.SUPERVISOR)
SALES_ROLES = (Role.DIRECTOR, Role.MANAGER, Role.SUPERVISOR, Role.REP)


def customer_owner_candidates(*, user):
    """Deprecated (expand/contract, issue 10): `teams.scoping.assignable_owners(user)` is the one
    definition of who may own a customer. Kept until the import switches."""
    return assignable_owners(user)


def ensure_customer_visible(*, user, customer: Customer, field: str | None = None) -> None:
    """Refuse a customer outside the user's scope: as a 400 naming `field` when it came in as
    input, as a 404 otherwise (its existence must not leak). A customer whose owner and unit are
    loaded (the API's and the pages' scoped lookups load them) is checked without a query, so
    logging a follow-up checks visibility once (issue 11)."""
    if not customer_visible_to(user, customer):
        if field:
            raise ValidationError({field: _("Unknown customer.")})
        raise NotFound()


def _clean_profile(values: dict, errors: dict) -> dict:
    cleaned = {}
    for field, value in values.items():
        if field not in PROFILE_FIELDS:
            errors[field] = _("This field cannot be set here.")
            continue
        cleaned[field] = value.strip() if isinstance(value, str) else value
    check_clean_text(errors, {field: value for field, value in cleaned.items() if field in COMPLETENESS_FIELDS})
    if "next_follow_up_on" in cleaned:
        check_plausible_date(errors, cleaned["next_follow_up_on"], field="next_follow_up_on")
    if "name" in cleaned and not cleaned["name"] and "name" not in errors:
        errors["name"] = _("A customer needs a name.")
    if cleaned.get("source") and cleaned["source"] not in CustomerSource.values:
        errors["source"] = _("Unknown source “%(source)s”.") % {"source": cleaned["source"]}
    for field in COMPLETENESS_FIELDS:
        if field in cleaned and cleaned[field] is None:
            cleaned[field] = ""
        if field in cleaned:
            limit = Customer._meta.get_field(field).max_length
            if limit and len(cleaned[field]) > limit:
                errors[field] = _("At most %(limit)d characters.") % {"limit": limit}
    return cleaned


def _duplicate_message(*, name: str, owner: Employee) -> str:
    return _("%(owner)s already has a customer named “%(name)s”.") % {"owner": owner.name, "name": name}


def customer_profile_errors(**values) -> dict:
    """The problems `customer_create` would find with these profile values, field by field (the
    import reports them per row before anything is saved)."""
    errors: dict = {}
    _clean_profile(values, errors)
    return errors


def _check_duplicate(*, name: str, owner: Employee, exclude_pk: int | None, errors: dict) -> None:
    if name and not errors.get("name"):
        duplicate = Customer.objects.annotate(lower_name=Lower("name")).filter(
            lower_name=name.lower(), owner=owner
        ).exclude(pk=exclude_pk)
        if duplicate.exists():
            errors["name"] = _duplicate_message(name=name, owner=owner)


def _save_unique(save, *, name: str, owner: Employee, field: str = "name"):
    """Run `save` in a savepoint: when a concurrent request took the same name for the same owner
    between our check and our write, the unique constraint refuses it and the answer is the same
    400 naming the field as the check's (SPEC §13.1), never a 500."""
    try:
        with transaction.atomic():
            return save()
    except IntegrityError:
        raise ValidationError({field: _duplicate_message(name=name, owner=owner)})


@transaction.atomic
def customer_create(*, actor, name: str, owner: Employee | None = None, **profile) -> Customer:
    """Create a customer owned by `owner` (default: the acting employee), created by the acting
    employee. The owner must be an active salesperson the actor can see."""
    scope = require_role(actor, *SALES_ROLES)
    creator = acting_employee(actor)
    errors: dict = {}
    cleaned = _clean_profile({"name": name, **profile}, errors)
    if owner is None:
        if creator is None or scope.acting_role not in SALES_ROLES or creator.role not in SALES_ROLES:
            errors["owner"] = _("Choose the owner of the customer.")
        else:
            owner = creator
    if owner is not None and not assignable_owners(actor).filter(pk=owner.pk).exists():
        errors["owner"] = _("The owner must be an active salesperson in your scope.")
    if owner is not None and "owner" not in errors:
        _check_duplicate(name=cleaned.get("name", ""), owner=owner, exclude_pk=None, errors=errors)
    if errors:
        raise ValidationError(errors)
    return _save_unique(lambda: Customer.objects.create(owner=owner, created_by=creator, **cleaned),
                        name=cleaned["name"], owner=owner)


@transaction.atomic
def customer_update(*, actor, customer: Customer, **changes) -> Customer:
    """Update profile fields. Owner, tier and status are not changed here (mass assignment)."""
    require_role(actor, *SALES_ROLES)
    ensure_customer_visible(user=actor, customer=customer)
    errors: dict = {}
    cleaned = _clean_profile(changes, errors)
    customer = Customer.objects.select_for_update().select_related("owner").get(pk=customer.pk)
    if "name" in cleaned:
        _check_duplicate(name=cleaned["name"], owner=customer.owner, exclude_pk=customer.pk, errors=errors)
    if errors:
        raise ValidationError(errors)
    _save_unique(lambda: model_update(instance=customer, fields=PROFILE_FIELDS, data=cleaned),
                 name=cleaned.get("name", customer.name), owner=customer.owner)
    return customer


def ensure_may_reassign(*, actor):
    """403 unless the actor's role may reassign customers (checked before reading the request)."""
    scope = require_role(actor, *SUPERVISING_ROLES, message=_("Only a supervisor or above may reassign customers."))
    if not has_line_authority(actor):
        raise NotAllowed(_("Only the head of a team or region may reassign customers."))
    return scope


@transaction.atomic
def customer_reassign(*, actor, customer: Customer, new_owner: Employee, reason: str = "") -> Customer:
    """Give the customer to another salesperson (supervisor or above, both owners inside the
    actor's scope); recorded in `CustomerOwnerChange`."""
    ensure_may_reassign(actor=actor)
    ensure_customer_visible(user=actor, customer=customer)
    if new_owner is None or not assignable_owners(actor).filter(pk=new_owner.pk).exists():
        raise ValidationError({"owner": _("The new owner must be an active salesperson in your scope.")})
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if customer.owner_id == new_owner.pk:
        raise ValidationError({"owner": _("%(name)s already owns this customer.") % {"name": new_owner.name}})
    errors: dict = {}
    reason = (reason or "").strip()
    check_clean_text(errors, {"reason": reason})
    if errors:
        raise ValidationError(errors)
    _check_duplicate(name=customer.name, owner=new_owner, exclude_pk=customer.pk, errors=errors)
    if errors:
        raise ValidationError({"owner": errors["name"]})
    CustomerOwnerChange.objects.create(
        customer=customer, old_owner_id=customer.owner_id, new_owner=new_owner,
        changed_by=actor_or_none(actor), reason=reason,
    )
    customer.owner = new_owner
    _save_unique(lambda: customer.save(update_fields=["owner", "updated_at"]), name=customer.name, owner=new_owner,
                 field="owner")
    return customer


def may_reassign(*, actor) -> bool:
    """The yes/no twin of `ensure_may_reassign` (the page shows the owner and tier controls by it)."""
    return passes(ensure_may_reassign, actor=actor, refusals=(NotAllowed,))
