from django.db import migrations


def create_policy(apps, schema_editor):
    TrainingPolicy = apps.get_model("training", "TrainingPolicy")
    if not TrainingPolicy.objects.exists():
        TrainingPolicy.objects.create()


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(create_policy, migrations.RunPython.noop)]
