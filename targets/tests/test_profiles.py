from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from common.exceptions import NotAllowed
from common.periods import Period
from targets import services
from targets.models import MONTH_FIELDS, DistributionProfile
from targets.selectors import default_profile

D = Decimal


def test_default_profile_is_equal_and_sums_to_100(db):
    profile = default_profile()
    assert profile.pk and sum(profile.percentages) == D("100.00")
    assert profile.percentages == [D("8.34")] * 4 + [D("8.33")] * 8


@pytest.mark.parametrize("percentages", [
    ["8.33"] * 12,  # 99.96
    ["8.34"] * 12,  # 100.08
    ["10.00"] * 11,  # eleven months
    ["-1.00", "10.09"] + ["9.10"] * 10,  # a negative month
    ["8.335", "8.325"] + ["8.334"] * 10,  # three decimals
    ["abc"] + ["9.09"] * 11,
])
def test_bad_percentages(percentages):
    with pytest.raises(ValidationError) as error:
        services.profile_clean_percentages(percentages)
    assert "percentages" in error.value.message_dict


def test_profile_save_and_single_default(org):
    seasonal = ["5.00"] * 6 + ["11.67", "11.67", "11.67", "11.67", "11.66", "11.66"]
    profile = services.distribution_profile_save(actor=org.director.user, name="H2 heavy", percentages=seasonal,
                                                 is_default=True)
    assert DistributionProfile.objects.filter(is_default=True).get() == profile
    with pytest.raises(NotAllowed):
        services.distribution_profile_save(actor=org.manager.user, name="x", percentages=seasonal)
    with pytest.raises(ValidationError) as error:
        services.distribution_profile_save(actor=org.director.user, name="H2 heavy", percentages=seasonal)
    assert "name" in error.value.message_dict


def test_database_refuses_profile_not_summing_to_100(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        DistributionProfile.objects.create(name="Bad", **{name: D("8.33") for name in MONTH_FIELDS})
    with pytest.raises(IntegrityError), transaction.atomic():
        DistributionProfile.objects.create(  # sums to 100.00 but January is negative
            name="Neg", m01=D("-1.00"), m02=D("10.10"), **{name: D("9.09") for name in MONTH_FIELDS[2:]})


def test_split_year_and_quarter_by_profile(db):
    months = services.split_by_profile(amount=D("1000000.01"), period=Period.parse("2026"), profile=default_profile())
    assert sum(months.values()) == D("1000000.01") and len(months) == 12
    quarters = services.quarter_sums(months)
    assert sum(quarters.values()) == D("1000000.01") and len(quarters) == 4
    q4 = services.split_by_profile(amount=D("100.00"), period=Period.parse("2026-Q4"), profile=default_profile())
    assert list(q4.values()) == [D("33.34"), D("33.33"), D("33.33")]
