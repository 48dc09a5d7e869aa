"""KPI schemes (SPEC §4.1): weights per KPI summing to exactly 100, versioned per role."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from performance.models import KPI_ORDER, KPIScheme, SchemeRole


def kpi_scheme_validate_weights(*, weights: dict[str, int]) -> dict[str, int]:
    """Every code known, every weight a whole number 0–100, the sum exactly 100; returns the clean
    weights. Raises ValidationError({"weights": ...})."""
    unknown = sorted(set(weights) - set(KPI_ORDER))
    if unknown:
        raise ValidationError({"weights": _("Unknown KPI: %(codes)s.") % {"codes": ", ".join(unknown)}})
    clean = {}
    for code, weight in weights.items():
        try:
            value = int(weight)
        except (TypeError, ValueError):
            raise ValidationError({"weights": _("The weight of %(code)s is not a whole number.") % {"code": code}}) from None
        if value != weight and str(value) != str(weight).strip() or not 0 <= value <= 100:
            raise ValidationError({"weights": _("The weight of %(code)s must be a whole number from 0 to 100.") % {"code": code}})
        clean[code] = value
    total = sum(clean.values())
    if total != 100:
        raise ValidationError({"weights": _("The weights sum to %(total)s, not 100.") % {"total": total}})
    return clean


@transaction.atomic
def kpi_scheme_save(*, role: str, weights: dict[str, int], **parameters) -> KPIScheme:
    """Make a new version of `role`'s scheme with these weights (and optional scoring parameters)
    the active one. Earlier versions stay, so published scorecards keep pointing at what they used."""
    if role not in SchemeRole.values:
        raise ValidationError({"role": _("No scorecard for this role.")})
    clean = kpi_scheme_validate_weights(weights=weights)
    current = KPIScheme.objects.select_for_update().filter(role=role, active=True).first()
    latest = KPIScheme.objects.filter(role=role).order_by("-version").values_list("version", flat=True).first() or 0
    fields = {f"w_{code}": clean.get(code, 0) for code in KPI_ORDER}
    for name in ("attainment_cap", "prospects_goal", "prospects_cap", "low_satisfaction_below"):
        if name in parameters:
            fields[name] = parameters[name]
        elif current is not None:
            fields[name] = getattr(current, name)
    if current is not None:
        current.active = False
        current.save(update_fields=["active"])
    return KPIScheme.objects.create(role=role, version=latest + 1, active=True, **fields)
