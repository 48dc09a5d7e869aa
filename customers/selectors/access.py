"""Access questions of the customers app, asked by services, views and APIs alike.

Which customer-side lists a role may read at all (SPEC §1.2): HR never reads customers,
follow-ups, opportunities or surveys; finance reads contracts, receivables and payments but never
follow-ups (nor customers, opportunities, surveys). Such a list answers 403, not an empty list, on
the pages and in the API alike; a single object out of reach stays a 404 (its existence must not
leak). The domains come from each model's `scoping` declaration (`teams.scoping`).

Whether one object is in the actor's scope (`ensure_visible`) and whether the actor may make a
person the owner of a row (`ensure_assignable_owner`, on `teams.scoping.assignable_owners`, the one
definition of who may own a customer)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.exceptions import NotAllowed, NotFound
from teams.models import SALES_ROLES, Employee
from teams.scoping import assignable_owners, heads_subtree_of, is_above, scope_for


def may_list(user, model) -> bool:
    """Whether the user's role sees any row of `model` at all (a rep sees their own, HR none)."""
    return scope_for(user).sees_domain(model.scoping.domain)


def ensure_may_list(user, model) -> None:
    """403 for a role that may never read `model`'s rows."""
    if not may_list(user, model):
        raise NotAllowed(_("Your role may not read %(things)s.") % {"things": model._meta.verbose_name_plural})


def ensure_visible(obj, actor, *, field: str | None = None) -> None:
    """404 when `obj` is outside the actor's scope; with `field` (an input that pointed at it) a
    400 naming the field, as if the object did not exist (SPEC §13)."""
    if type(obj).objects.visible_to(actor).filter(pk=obj.pk).exists():
        return
    if field:
        raise ValidationError({field: _("This object does not exist.")})
    raise NotFound()


def customer_visible_to(user, customer) -> bool:
    """`Customer.objects.visible_to(user)` for one customer. Answered from the loaded owner and
    unit when the caller's lookup loaded them (`select_related("owner__org_unit")`), without a
    query; otherwise one query."""
    from customers.models import Customer

    loaded = Customer.owner.is_cached(customer) and type(customer.owner).org_unit.is_cached(customer.owner)
    if not loaded:
        return Customer.objects.visible_to(user).filter(pk=customer.pk).exists()
    scope = scope_for(user)
    domain = Customer.scoping.domain
    if scope.covers_all(domain):
        return True
    if not scope.sees_domain(domain):
        return False
    return customer.owner_id == scope.employee_id or heads_subtree_of(user, customer.owner.org_unit)


def may_assign_owner(owner: Employee, actor) -> bool:
    """Whether `actor` may make `owner` the owner of a customer, opportunity or contract."""
    return assignable_owners(actor).filter(pk=owner.pk).exists()


def ensure_assignable_owner(owner: Employee, actor, *, field: str = "owner") -> None:
    """400 naming `field` unless `may_assign_owner`: the message says whether the person is out of
    the actor's reach or not an active salesperson."""
    if may_assign_owner(owner, actor):
        return
    if owner.pk != scope_for(actor).employee_id and not is_above(actor, owner):
        raise ValidationError({field: _("You may only assign yourself or someone in your team.")})
    raise ValidationError({field: _("The owner must be an active sales employee.")})


def owner_filter_choices(user):
    """The salespeople a list may be filtered by: those in the user's scope, former ones included
    (their rows stay), by name."""
    return Employee.objects.visible_to(user).filter(role__in=SALES_ROLES).order_by("name").only("id", "name")
