"""Notification.message becomes a phrase (JSON). Done as add → copy → drop → rename instead of an
in-place type change, because PostgreSQL cannot cast arbitrary text to jsonb: every old message is
kept as a JSON string, which `common.phrases.render` shows unchanged."""

from django.db import migrations, models


def wrap_text(apps, schema_editor):
    Notification = apps.get_model("common", "Notification")
    batch = []
    for row in Notification.objects.only("pk", "message_text").iterator(chunk_size=1000):
        row.message = row.message_text
        batch.append(row)
        if len(batch) >= 1000:
            Notification.objects.bulk_update(batch, ["message"])
            batch = []
    if batch:
        Notification.objects.bulk_update(batch, ["message"])


def unwrap_text(apps, schema_editor):
    from common.phrases import render

    Notification = apps.get_model("common", "Notification")
    for row in Notification.objects.only("pk", "message").iterator(chunk_size=1000):
        row.message_text = render(row.message)
        row.save(update_fields=["message_text"])


class Migration(migrations.Migration):

    dependencies = [
        ("common", "0003_input_limits"),
    ]

    operations = [
        migrations.RenameField("notification", "message", "message_text"),
        migrations.AlterField("notification", "message_text", models.TextField(blank=True, default="")),
        migrations.AddField("notification", "message", models.JSONField(default=str, verbose_name="message")),
        migrations.RunPython(wrap_text, unwrap_text),
        migrations.RemoveField("notification", "message_text"),
        migrations.AlterField("notification", "message", models.JSONField(verbose_name="message")),
    ]
