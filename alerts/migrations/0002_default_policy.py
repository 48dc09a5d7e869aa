from django.db import migrations


def create_policy(apps, schema_editor):
    AlertPolicy = apps.get_model("alerts", "AlertPolicy")
    if not AlertPolicy.objects.exists():
        AlertPolicy.objects.create(catch_up_days=31, file_retention_days=7, digest_max_lines=100)


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial")]

    operations = [migrations.RunPython(create_policy, migrations.RunPython.noop)]
