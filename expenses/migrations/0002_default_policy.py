from django.db import migrations


def create_policy(apps, schema_editor):
    policy = apps.get_model("expenses", "ExpensePolicy")
    if not policy.objects.exists():
        policy.objects.create()


class Migration(migrations.Migration):
    dependencies = [("expenses", "0001_initial")]
    operations = [migrations.RunPython(create_policy, migrations.RunPython.noop)]
