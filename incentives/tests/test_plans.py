"""The yearly plan service: a year without a plan copies the nearest one (or takes the model
defaults when there is none at all); saving validates, bumps the version and may replace the bands."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from incentives.models import CommissionBand, IncentivePlan
from incentives.rules import Band
from incentives.services import incentive_plan_for_year, incentive_plan_save

pytestmark = pytest.mark.django_db

BANDS = [Band(D("0"), D("100"), D("1")), Band(D("100"), None, D("3"))]


def test_a_year_before_every_plan_copies_the_earliest_later_one():
    earliest = IncentivePlan.objects.order_by("year").first()
    earliest.top1_amount = D("2500.00")
    earliest.save()
    plan = incentive_plan_for_year(year=earliest.year - 5)
    assert plan.top1_amount == D("2500.00") and plan.bands.count() == earliest.bands.count()


def test_with_no_plan_at_all_the_model_defaults_and_no_bands():
    IncentivePlan.objects.all().delete()
    plan = incentive_plan_for_year(year=2030)
    assert plan.top1_amount == D("2000.00") and plan.version == 1 and not plan.bands.exists()


def test_a_new_plan_is_saved_with_its_bands_at_version_1():
    plan = incentive_plan_save(plan=IncentivePlan(year=2035), bands=BANDS)
    assert plan.pk and plan.version == 1
    assert [(b.lower_pct, b.upper_pct, b.rate_pct) for b in plan.bands.all()] == [
        (D("0.00"), D("100.00"), D("1.00")), (D("100.00"), None, D("3.00"))]


def test_replacing_the_bands_bumps_the_version_and_drops_the_old_ones():
    plan = incentive_plan_for_year(year=2026)
    version, old_ids = plan.version, set(plan.bands.values_list("pk", flat=True))
    incentive_plan_save(plan=plan, bands=BANDS)
    assert plan.version == version + 1 and plan.bands.count() == 2
    assert not CommissionBand.objects.filter(pk__in=old_ids).exists()


def test_bands_with_a_gap_are_refused_naming_bands_and_nothing_changes():
    plan = incentive_plan_for_year(year=2026)
    before = list(plan.bands.values_list("lower_pct", "upper_pct", "rate_pct"))
    with pytest.raises(ValidationError) as exc:
        incentive_plan_save(plan=plan, bands=[Band(D("0"), D("50"), D("0")), Band(D("60"), None, D("2"))])
    assert "bands" in exc.value.message_dict
    assert list(plan.bands.values_list("lower_pct", "upper_pct", "rate_pct")) == before
