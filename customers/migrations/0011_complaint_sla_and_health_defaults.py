from django.db import migrations

#: SPEC §16.1: response within 1 working day; resolution 5 (low/normal), 2 (high), 1 (critical).
SLA_DEFAULTS = {"low": (1, 5), "normal": (1, 5), "high": (1, 2), "critical": (1, 1)}


def create_defaults(apps, schema_editor):
    sla = apps.get_model("customers", "ComplaintSla")
    for severity, (response, resolution) in SLA_DEFAULTS.items():
        sla.objects.get_or_create(severity=severity, defaults={
            "response_working_days": response, "resolution_working_days": resolution})
    policy = apps.get_model("customers", "HealthPolicy")
    if not policy.objects.exists():
        policy.objects.create()


class Migration(migrations.Migration):
    dependencies = [("customers", "0010_complaints_and_health")]
    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
