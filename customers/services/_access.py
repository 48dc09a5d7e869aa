"""Checks the pipeline and contract services share: is an object in the actor's scope, and may
the actor make this person the owner of a row."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.exceptions import NotFound
from teams.models import SALES_ROLES, Employee
from teams.scoping import is_above, scope_for


def ensure_visible(obj, actor, *, field: str | None = None) -> None:
    """404 when `obj` is outside the actor's scope; with `field` (an input that pointed at it) a
    400 naming the field, as if the object did not exist (SPEC §13)."""
    if type(obj).objects.visible_to(actor).filter(pk=obj.pk).exists():
        return
    if field:
        raise ValidationError({field: _("This object does not exist.")})
    raise NotFound()


def ensure_assignable_owner(owner: Employee, actor, *, field: str = "owner") -> None:
    """The owner of a sales row is the acting employee or someone the actor is above; an active
    sales employee in either case."""
    scope = scope_for(actor)
    if owner.pk != scope.employee_id and not is_above(actor, owner):
        raise ValidationError({field: _("You may only assign yourself or someone in your team.")})
    if not owner.active or owner.role not in SALES_ROLES:
        raise ValidationError({field: _("The owner must be an active sales employee.")})
