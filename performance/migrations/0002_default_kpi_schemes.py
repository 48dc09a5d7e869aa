from django.db import migrations

#: SPEC §4.1 defaults. Supervisors and managers are scored over their team/region with training
#: compliance in place of follow-up compliance.
REP_WEIGHTS = {
    "w_sales_attainment": 40, "w_new_prospects": 15, "w_satisfaction": 15, "w_collection_rate": 10,
    "w_followup_compliance": 10, "w_training": 5, "w_manager_rating": 5,
}
HEAD_WEIGHTS = {**REP_WEIGHTS, "w_followup_compliance": 0, "w_training_compliance": 10}


def create_default_schemes(apps, schema_editor):
    KPIScheme = apps.get_model("performance", "KPIScheme")
    for role, weights in (("rep", REP_WEIGHTS), ("supervisor", HEAD_WEIGHTS), ("manager", HEAD_WEIGHTS)):
        if not KPIScheme.objects.filter(role=role).exists():
            KPIScheme.objects.create(role=role, version=1, active=True, **weights)


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]
    operations = [migrations.RunPython(create_default_schemes, migrations.RunPython.noop)]
