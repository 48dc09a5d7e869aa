from django.db import migrations

DECLINE_REASONS = [
    ("no_time", "No time"),
    ("not_interested", "Not interested"),
    ("price", "Price"),
    ("already_bought", "Already bought"),
    ("other", "Other"),
]


def create_defaults(apps, schema_editor):
    policy = apps.get_model("events", "EventsPolicy")
    if not policy.objects.exists():
        policy.objects.create()
    reason = apps.get_model("events", "DeclineReason")
    for position, (code, name) in enumerate(DECLINE_REASONS):
        reason.objects.get_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
