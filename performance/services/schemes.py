"""KPI schemes (SPEC §4.1): KPIs chosen from the catalogue (`performance.catalogue`) with weights
summing to exactly 100 and their scoring parameters, versioned per role."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.exceptions import NotAllowed
from performance import catalogue
from performance.models import KPIScheme, SchemeRole
from teams.models import Role
from teams.scoping import scope_for

#: Who edits the KPI schemes on the settings page (a superuser acts as director).
SCHEME_EDITORS = (Role.DIRECTOR, Role.HR)

#: The scoring parameters a scheme carries besides its weights (model fields).
PARAMETERS = ("attainment_cap", "prospects_goal", "prospects_cap", "low_satisfaction_below", "complaint_limit",
              "reference_deal_amount")

_WHOLE_NUMBER = re.compile(r"^[+-]?\d+$")


def _whole_weight(code: str, weight) -> int:
    """A whole number 0–100: an int, a whole Decimal/float or digits as text. The range is checked
    before any conversion, so `1E+999999999` or infinity is a 400, never a huge int or an overflow."""
    not_whole = ValidationError({"weights": _("The weight of %(code)s is not a whole number.") % {"code": code}})
    if isinstance(weight, bool):
        raise not_whole
    if isinstance(weight, int):
        number = Decimal(weight)
    else:
        text = str(weight).strip()
        if isinstance(weight, str) and not _WHOLE_NUMBER.match(text):
            raise not_whole
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise not_whole from None
        if not number.is_finite() or number != number.to_integral_value():
            raise not_whole
    if not 0 <= number <= 100:
        raise ValidationError({"weights": _("The weight of %(code)s must be a whole number from 0 to 100.") % {"code": code}})
    return int(number)


def kpi_scheme_validate_weights(*, weights: dict[str, int]) -> dict[str, int]:
    """Every code known, every weight a whole number 0–100, the sum exactly 100; returns the clean
    weights. Raises ValidationError({"weights": ...})."""
    unknown = sorted(set(weights) - set(catalogue.codes()))
    if unknown:
        raise ValidationError({"weights": _("Unknown KPI: %(codes)s.") % {"codes": ", ".join(unknown)}})
    clean = {code: _whole_weight(code, weight) for code, weight in weights.items()}
    total = sum(clean.values())
    if total != 100:
        raise ValidationError({"weights": _("The weights sum to %(total)s, not 100.") % {"total": total}})
    return clean


def may_edit_kpi_schemes(user) -> bool:
    """The director and HR (and an admin) choose the KPIs and weights of the schemes."""
    return scope_for(user).acting_role in SCHEME_EDITORS


def ensure_may_edit_kpi_schemes(user) -> None:
    if not may_edit_kpi_schemes(user):
        raise NotAllowed(_("Only the director and HR change the KPI schemes."))


def _positive_parameter(name: str, value):
    """A scoring parameter as its column stores it: a number above 0 that fits (400 naming it)."""
    model_field = KPIScheme._meta.get_field(name)
    try:
        clean = model_field.clean(value, None)
    except ValidationError:
        clean = None
    if clean is None or clean <= 0:
        raise ValidationError({name: _("Give a number above 0 for %(name)s.") % {"name": model_field.verbose_name}})
    return clean


@transaction.atomic
def kpi_scheme_save(*, role: str, weights: dict[str, int], actor=None, **parameters) -> KPIScheme:
    """Make a new version of `role`'s scheme with these weights (catalogue codes; 0 or absent = not
    in the scheme) and optional scoring parameters (absent = the current version's) the active one.
    Earlier versions stay, so published scorecards keep pointing at what they used. `actor` (a
    page or API user) must be the director or HR (403); the admin, migrations and the demo pass none."""
    if actor is not None:
        ensure_may_edit_kpi_schemes(actor)
    if role not in SchemeRole.values:
        raise ValidationError({"role": _("No scorecard for this role.")})
    clean = kpi_scheme_validate_weights(weights=weights)
    current = KPIScheme.objects.select_for_update().filter(role=role, active=True).first()
    latest = KPIScheme.objects.filter(role=role).order_by("-version").values_list("version", flat=True).first() or 0
    unknown = sorted(set(parameters) - set(PARAMETERS))
    if unknown:
        raise ValidationError({name: _("Unknown scheme parameter.") for name in unknown})
    fields = {f"w_{code}": clean.get(code, 0) for code in catalogue.codes()}
    for name in PARAMETERS:
        if parameters.get(name) is not None:
            fields[name] = _positive_parameter(name, parameters[name])
        elif current is not None:
            fields[name] = getattr(current, name)
    if current is not None:
        current.active = False
        current.save(update_fields=["active"])
    return KPIScheme.objects.create(role=role, version=latest + 1, active=True, **fields)
