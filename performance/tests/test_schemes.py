from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from performance.models import KPIScheme, PerformancePolicy
from performance.services import kpi_scheme_save, kpi_scheme_validate_weights

pytestmark = pytest.mark.django_db

REP = {"sales_attainment": 40, "new_prospects": 15, "satisfaction": 15, "collection_rate": 10,
       "followup_compliance": 10, "training": 5, "manager_rating": 5}


def test_default_schemes_from_the_data_migration():
    rep = KPIScheme.objects.get(role="rep", active=True)
    assert rep.weights == REP
    for role in ("supervisor", "manager"):
        head = KPIScheme.objects.get(role=role, active=True)
        assert head.weights == {**{k: v for k, v in REP.items() if k != "followup_compliance"}, "training_compliance": 10}
    policy = PerformancePolicy.current()
    assert (policy.improvement_plan_due_working_days, policy.coaching_after_months, policy.escalate_after_months) == (5, 2, 3)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({**REP, "training": 6}, "sum to 101, not 100"),
        ({**REP, "training": 4}, "sum to 99, not 100"),
        ({**REP, "luck": 0}, "Unknown KPI"),
        ({**REP, "training": -5, "manager_rating": 15}, "from 0 to 100"),
        ({**REP, "training": "5.5"}, "not a whole number"),
    ],
)
def test_weights_must_be_whole_numbers_summing_to_exactly_100(weights, message):
    with pytest.raises(ValidationError) as error:
        kpi_scheme_validate_weights(weights=weights)
    assert message in str(error.value.message_dict["weights"])


def test_the_database_refuses_weights_not_summing_to_100():
    scheme = KPIScheme.objects.get(role="rep", active=True)
    scheme.w_training = 6
    with pytest.raises(IntegrityError), transaction.atomic():
        scheme.save()


def test_saving_a_scheme_makes_the_next_version_active():
    new = kpi_scheme_save(role="rep", weights={**REP, "sales_attainment": 45, "manager_rating": 0})
    assert new.version == 2 and new.active and new.w_sales_attainment == 45
    assert list(KPIScheme.objects.filter(role="rep").values_list("version", "active")) == [(2, True), (1, False)]
    with pytest.raises(ValidationError):
        kpi_scheme_save(role="director", weights=REP)


@pytest.mark.parametrize("bad", ["1E+999999999", "1E+2", "NaN", "Infinity", float("inf"), float("nan"),
                                 Decimal("1E+999999999"), True, None, [5]])
def test_weights_of_any_shape_are_refused_naming_weights(bad):
    """SPEC §13.1 (issue 8): a weight like 1E+999999999 is a 400 naming `weights`, never an overflow
    or a billion-digit integer."""
    with pytest.raises(ValidationError) as error:
        kpi_scheme_validate_weights(weights={**REP, "training": bad})
    assert "weights" in error.value.message_dict


@pytest.mark.parametrize("good", [5, "5", " 5 ", "+5", 5.0, Decimal("5.00")])
def test_whole_weights_in_any_plain_form_are_accepted(good):
    assert kpi_scheme_validate_weights(weights={**REP, "training": good})["training"] == 5
