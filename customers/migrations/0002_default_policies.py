from django.db import migrations


def create_policies(apps, schema_editor):
    for name in ("TieringPolicy", "PipelinePolicy"):
        model = apps.get_model("customers", name)
        if not model.objects.exists():
            model.objects.create()


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]
    operations = [migrations.RunPython(create_policies, migrations.RunPython.noop)]
