"""Distribution profiles (SPEC §3.2.1): 12 monthly percentages with 2 decimals, none negative,
summing to exactly 100.00; and the in-time splits they drive (year → months/quarters,
quarter → its 3 months), to the cent by largest remainder."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.money import allocate_largest_remainder
from common.periods import Period
from targets.models import MONTH_FIELDS, DistributionProfile
from teams.models import Role
from teams.scoping import require_role

HUNDRED = Decimal("100.00")


def profile_clean_percentages(percentages) -> list[Decimal]:
    """12 percentages, 2 decimals at most, none negative, summing to exactly 100.00 (400 naming
    `percentages` otherwise)."""
    values = list(percentages or [])
    if len(values) != 12:
        raise ValidationError({"percentages": _("Give exactly 12 monthly percentages.")})
    cleaned = []
    for month, value in enumerate(values, start=1):
        try:
            pct = Decimal(str(value).strip() or "0")
        except (InvalidOperation, ValueError, TypeError):
            raise ValidationError({"percentages": _("Month %(month)d: “%(value)s” is not a number.") % {
                "month": month, "value": value}})
        if not pct.is_finite():
            raise ValidationError({"percentages": _("Month %(month)d: “%(value)s” is not a number.") % {
                "month": month, "value": value}})
        if pct < 0:
            raise ValidationError({"percentages": _("Month %(month)d: a percentage cannot be negative.") % {
                "month": month}})
        if pct > HUNDRED:  # before quantizing: 1E+999999999 has no 2-decimal form
            raise ValidationError({"percentages": _("Month %(month)d: a percentage is at most 100.00.") % {
                "month": month}})
        if pct != pct.quantize(Decimal("0.01")):
            raise ValidationError({"percentages": _("Month %(month)d: use at most 2 decimals.") % {"month": month}})
        cleaned.append(pct.quantize(Decimal("0.01")))
    total = sum(cleaned, Decimal("0.00"))
    if total != HUNDRED:
        raise ValidationError({"percentages": _("The percentages add up to %(total)s, not 100.00.") % {"total": total}})
    return cleaned


def distribution_profile_save(
    *, actor, name: str, percentages, is_default: bool = False, profile: DistributionProfile | None = None
) -> DistributionProfile:
    """Create or edit a profile (the director; a superuser acts as director)."""
    require_role(actor, Role.DIRECTOR)
    cleaned = profile_clean_percentages(percentages)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("A profile needs a name.")})
    clash = DistributionProfile.objects.filter(name=name)
    if profile is not None and profile.pk:
        clash = clash.exclude(pk=profile.pk)
    if clash.exists():
        raise ValidationError({"name": _("There is already a profile with this name.")})
    profile = profile or DistributionProfile()
    profile.name, profile.is_default = name, is_default
    for field, pct in zip(MONTH_FIELDS, cleaned, strict=True):
        setattr(profile, field, pct)
    with transaction.atomic():
        if is_default:
            DistributionProfile.objects.exclude(pk=profile.pk).filter(is_default=True).update(is_default=False)
        profile.save()
    return profile


def split_by_profile(*, amount: Decimal, period: Period, profile: DistributionProfile) -> dict[Period, Decimal]:
    """A year or a quarter amount over its months by the profile's percentages (for a quarter,
    its 3 months' percentages, renormalised; all-zero → equal). Exact to the cent; equal
    remainders go to the earlier month."""
    if period.kind == "month":
        raise ValidationError({"into": _("A month cannot be split into months.")})
    months = period.months()
    weights = [(month, profile.percentages[month.month - 1]) for month in months]
    if not any(weight for _month, weight in weights):
        weights = [(month, Decimal(1)) for month in months]
    return allocate_largest_remainder(amount, weights)


def quarter_sums(month_amounts: dict[Period, Decimal]) -> dict[Period, Decimal]:
    """Each quarter gets the sum of its months (SPEC §3.2.1)."""
    quarters: dict[Period, Decimal] = {}
    for month, amount in month_amounts.items():
        quarter = Period(month.year, quarter=(month.month - 1) // 3 + 1)
        quarters[quarter] = quarters.get(quarter, Decimal("0.00")) + amount
    return quarters
