from django.db import migrations


def create_policy(apps, schema_editor):
    PerformancePolicy = apps.get_model("performance", "PerformancePolicy")
    if not PerformancePolicy.objects.exists():
        PerformancePolicy.objects.create()


class Migration(migrations.Migration):
    dependencies = [("performance", "0003_performance_policy")]
    operations = [migrations.RunPython(create_policy, migrations.RunPython.noop)]
