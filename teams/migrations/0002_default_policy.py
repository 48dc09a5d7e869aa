from django.db import migrations


def create_policy(apps, schema_editor):
    OrgPolicy = apps.get_model("teams", "OrgPolicy")
    if not OrgPolicy.objects.exists():
        OrgPolicy.objects.create(new_hire_days=180, max_future_hire_days=90)


class Migration(migrations.Migration):
    dependencies = [("teams", "0001_initial")]
    operations = [migrations.RunPython(create_policy, migrations.RunPython.noop)]
