"""The default stage probabilities of SPEC §3.5 (lead 10, contacted 20, needs analysis 40, proposal
60, negotiation 80 %), as the one row of StageProbability."""

from decimal import Decimal

from django.db import migrations


def create_defaults(apps, schema_editor):
    StageProbability = apps.get_model("dashboard", "StageProbability")
    if not StageProbability.objects.exists():
        StageProbability.objects.create(
            lead_pct=Decimal(10), contacted_pct=Decimal(20), needs_analysis_pct=Decimal(40),
            proposal_pct=Decimal(60), negotiation_pct=Decimal(80),
        )


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
