from decimal import Decimal

from django.db import migrations

# Equal: 100.00 over 12 months by largest remainder, ties to the earlier month → 4 × 8.34 + 8 × 8.33.
EQUAL_PERCENTAGES = [Decimal("8.34")] * 4 + [Decimal("8.33")] * 8


def create_defaults(apps, schema_editor):
    DistributionProfile = apps.get_model("targets", "DistributionProfile")
    TargetPolicy = apps.get_model("targets", "TargetPolicy")
    if not DistributionProfile.objects.filter(is_default=True).exists():
        DistributionProfile.objects.create(
            name="Equal", is_default=True,
            **{f"m{month:02d}": pct for month, pct in enumerate(EQUAL_PERCENTAGES, start=1)},
        )
    if not TargetPolicy.objects.exists():
        TargetPolicy.objects.create(
            core_weight=Decimal("1.30"), new_hire_weight=Decimal("1.00"), difficulty_aim_pct=Decimal("80.00")
        )


class Migration(migrations.Migration):
    dependencies = [("targets", "0001_initial")]
    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
