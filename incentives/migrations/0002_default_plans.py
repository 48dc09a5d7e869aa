from datetime import date

from django.db import migrations

#: SPEC §5.1 default commission bands: (from %, below %, rate %); None = no upper limit.
DEFAULT_BANDS = (("0.00", "60.00", "0.00"), ("60.00", "100.00", "2.00"), ("100.00", "120.00", "4.00"),
                 ("120.00", None, "6.00"))


def create_default_plans(apps, schema_editor):
    """A plan with the SPEC §5 defaults (the model field defaults) for this year and the next."""
    IncentivePlan = apps.get_model("incentives", "IncentivePlan")
    CommissionBand = apps.get_model("incentives", "CommissionBand")
    this_year = date.today().year
    for year in (this_year, this_year + 1):
        if IncentivePlan.objects.filter(year=year).exists():
            continue
        plan = IncentivePlan.objects.create(year=year)
        CommissionBand.objects.bulk_create(
            CommissionBand(plan=plan, lower_pct=lower, upper_pct=upper, rate_pct=rate)
            for lower, upper, rate in DEFAULT_BANDS
        )


class Migration(migrations.Migration):
    dependencies = [("incentives", "0001_plan_sheet_rows_adjustments")]
    operations = [migrations.RunPython(create_default_plans, migrations.RunPython.noop)]
