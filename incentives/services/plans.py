"""The yearly incentive plan: finding the plan of a year and saving a changed plan."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from incentives.models import CommissionBand, IncentivePlan
from incentives.rules import incentive_plan_validate

#: Fields copied when a year without a plan gets one from the nearest existing plan.
_COPIED_FIELDS = [f.name for f in IncentivePlan._meta.concrete_fields if f.name not in ("id", "year", "version", "updated_at")]


def incentive_plan_for_year(*, year: int) -> IncentivePlan:
    """The plan of `year`. A year without one (e.g. a month close of an earlier year than the
    data migration created) gets a copy of the nearest year's plan and its bands — or, with no
    plan at all, the model defaults — so the defaults stay in the data, not in this code."""
    plan = IncentivePlan.objects.filter(year=year).first()
    if plan is not None:
        return plan
    with transaction.atomic():
        source = (IncentivePlan.objects.filter(year__lt=year).order_by("-year").first()
                  or IncentivePlan.objects.filter(year__gt=year).order_by("year").first())
        values = {name: getattr(source, name) for name in _COPIED_FIELDS} if source else {}
        plan, created = IncentivePlan.objects.get_or_create(year=year, defaults=values)
        if created and source is not None:
            CommissionBand.objects.bulk_create(
                CommissionBand(plan=plan, lower_pct=b.lower_pct, upper_pct=b.upper_pct, rate_pct=b.rate_pct)
                for b in source.bands.all()
            )
    return plan


def incentive_plan_save(*, plan: IncentivePlan, bands: list | None = None) -> IncentivePlan:
    """Validate and save a plan (and, when given, replace its bands); the version goes up so rows
    computed afterwards name the new version. Bad values → ValidationError naming the field."""
    incentive_plan_validate(plan, bands=bands if bands is not None else list(plan.bands.all()) if plan.pk else None)
    with transaction.atomic():
        if plan.pk is None:
            plan.save()
        else:
            plan.save()
            IncentivePlan.objects.filter(pk=plan.pk).update(version=F("version") + 1)
            plan.refresh_from_db(fields=["version"])
        if bands is not None:
            plan.bands.all().delete()
            CommissionBand.objects.bulk_create(
                CommissionBand(plan=plan, lower_pct=b.lower_pct, upper_pct=b.upper_pct, rate_pct=b.rate_pct)
                for b in bands
            )
    return plan
