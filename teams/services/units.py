"""Writes to the org tree (SPEC §1.1): units, their place in the tree and their head. The
director (or a superuser) alone changes the tree."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from common.text import ensure_clean_text
from teams.models import HEAD_ROLE, PARENT_KIND, PATH_STEP, Employee, OrgUnit, Role, UnitKind
from teams.services.rights import ensure_may_change_tree


def _path_for(unit: OrgUnit, parent: OrgUnit | None) -> str:
    return f"{parent.path if parent else ''}{unit.pk:0{PATH_STEP}d}/"


def _name_taken(name: str, *, parent: OrgUnit | None, unit: OrgUnit | None = None) -> bool:
    return OrgUnit.objects.filter(parent=parent, name=name).exclude(pk=getattr(unit, "pk", None)).exists()


def _name_taken_message(name: str, parent: OrgUnit | None) -> str:
    if parent is None:
        return _("There is already a unit named %(name)s.") % {"name": name}
    return _("%(parent)s already has a unit named %(name)s.") % {"parent": parent.name, "name": name}


def _save_unit(unit: OrgUnit, **save_kwargs) -> None:
    """Losing a race for a unit's name (or its head) is a 400 naming it, never a 500 (SPEC §13.1)."""
    try:
        with transaction.atomic():
            unit.save(**save_kwargs)
    except IntegrityError:
        if _name_taken(unit.name, parent=unit.parent, unit=unit):
            raise ValidationError({"name": _name_taken_message(unit.name, unit.parent)})
        other = OrgUnit.objects.filter(head_id=unit.head_id).exclude(pk=unit.pk).first() if unit.head_id else None
        if other is not None:
            raise ValidationError(
                {"head": _("%(name)s already heads %(unit)s.") % {"name": unit.head.name, "unit": other.name}}
            )
        raise


def _validate_unit(*, unit: OrgUnit | None, name: str, kind: str, parent: OrgUnit | None) -> None:
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("A unit needs a name.")
    else:
        # A name taken under the same parent is found when saving (`_save_unit`): one check that
        # also holds when two people create the same unit at once, and no extra query per move.
        try:
            ensure_clean_text(name, field="name")
        except ApplicationError as exc:
            errors["name"] = exc.message
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
    ensure_may_change_tree(actor)
    _validate_unit(unit=None, name=name, kind=kind, parent=parent)
    unit = OrgUnit(name=name.strip(), kind=kind, parent=parent, path="", depth=parent.depth + 1 if parent else 0)
    _save_unit(unit)
    unit.path = _path_for(unit, parent)
    OrgUnit.objects.filter(pk=unit.pk).update(path=unit.path)
    return unit


@transaction.atomic
def org_unit_update(*, actor, unit: OrgUnit, **changes) -> OrgUnit:
    """Rename, move (re-paths the whole subtree in one UPDATE) or set/clear the head."""
    ensure_may_change_tree(actor)
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
    _save_unit(unit, update_fields=["name", "kind", "parent", "head", "path", "depth"])
    return unit
