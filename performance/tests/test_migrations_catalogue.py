"""Migration 0010 (the KPI catalogue): every existing scheme keeps its weights and parameters; the
new catalogue KPIs start at weight 0 (not in the scheme) and the new parameters at their defaults."""

from decimal import Decimal

import pytest

from common.testing import migrate_to, migrate_to_latest

BEFORE = [("performance", "0009_coaching_bonus_reduction")]
AFTER = [("performance", "0010_kpi_catalogue")]


@pytest.mark.django_db(transaction=True)
def test_existing_schemes_keep_their_weights():
    apps = migrate_to(BEFORE)
    scheme = apps.get_model("performance", "KPIScheme")
    scheme.objects.all().delete()  # whatever an earlier transactional test left
    scheme.objects.create(role="rep", version=2, active=True, w_sales_attainment=50, w_satisfaction=30,
                          w_manager_rating=20, attainment_cap=Decimal("110.00"))
    scheme.objects.create(role="supervisor", version=1, active=True, w_sales_attainment=40, w_new_prospects=15,
                          w_satisfaction=15, w_collection_rate=10, w_training_compliance=10, w_training=5,
                          w_manager_rating=5)

    apps = migrate_to(AFTER)
    migrated = apps.get_model("performance", "KPIScheme").objects.get(role="rep", version=2)
    assert (migrated.w_sales_attainment, migrated.w_satisfaction, migrated.w_manager_rating) == (50, 30, 20)
    assert (migrated.w_complaint_rate, migrated.w_event_attendance, migrated.w_avg_deal_size,
            migrated.w_renewal_rate) == (0, 0, 0, 0)
    assert migrated.attainment_cap == Decimal("110.00")
    assert (migrated.complaint_limit, migrated.reference_deal_amount) == (Decimal("10.00"), Decimal("100000.00"))
    default = apps.get_model("performance", "KPIScheme").objects.get(role="supervisor", version=1)
    assert (default.w_sales_attainment, default.w_training_compliance, default.w_followup_compliance) == (40, 10, 0)
    migrate_to_latest()
