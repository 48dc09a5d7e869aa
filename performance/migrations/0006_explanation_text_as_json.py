"""Before the explanation column becomes JSON (0007): its stored text is rewritten as a JSON string
literal, so the type change keeps it (PostgreSQL casts text to jsonb; SQLite copies the text), and
an empty explanation becomes an empty list."""

import json

from django.db import migrations


def text_to_json_literal(apps, schema_editor):
    Scorecard = apps.get_model("performance", "Scorecard")
    for card in Scorecard.objects.only("pk", "explanation").iterator(chunk_size=1000):
        text = card.explanation or ""
        literal = json.dumps(text, ensure_ascii=False) if text else "[]"
        Scorecard.objects.filter(pk=card.pk).update(explanation=literal)


def json_literal_to_text(apps, schema_editor):
    Scorecard = apps.get_model("performance", "Scorecard")
    for card in Scorecard.objects.only("pk", "explanation").iterator(chunk_size=1000):
        try:
            value = json.loads(card.explanation or '""')
        except ValueError:
            continue
        Scorecard.objects.filter(pk=card.pk).update(explanation=value if isinstance(value, str) else "")


class Migration(migrations.Migration):
    dependencies = [("performance", "0005_room_for_any_attainment")]

    operations = [migrations.RunPython(text_to_json_literal, json_literal_to_text)]
