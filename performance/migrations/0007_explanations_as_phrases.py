"""Generated text is data (SPEC §9): a scorecard's explanation is JSON (phrases, rendered in the
reader's language). Rows stored before keep their text as a plain string, which renders as it is;
their KPI explanations (and the composite's, where the stored rows allow it) are rebuilt as phrases
from the facts stored beside them, so they too read in the reader's language."""

from django.db import migrations, models


def explanations_to_phrases(apps, schema_editor):
    from performance import explain

    Scorecard = apps.get_model("performance", "Scorecard")
    for card in Scorecard.objects.iterator(chunk_size=500):
        kpis = []
        for row in card.kpis or []:
            row = dict(row)
            facts = dict(row.get("facts") or {})
            facts.pop("no_data", None)  # an English reason: the explanation phrase names it now
            row["facts"] = facts
            try:
                row["explanation"] = explain.kpi_explanation(row)
            except (KeyError, TypeError, ValueError, ArithmeticError):
                pass  # keep the stored text
            kpis.append(row)
        explanation = card.explanation
        try:
            explanation = explain.explanation_from_rows(
                kpis=kpis, composite=card.composite, role=card.role, version=card.scheme_version
            )
        except (KeyError, TypeError, ValueError, ArithmeticError):
            pass  # keep the stored text (a plain string)
        Scorecard.objects.filter(pk=card.pk).update(kpis=kpis, explanation=explanation)


class Migration(migrations.Migration):
    dependencies = [("performance", "0006_explanation_text_as_json")]

    operations = [
        migrations.AlterField(
            model_name="scorecard",
            name="explanation",
            field=models.JSONField(blank=True, default=list, verbose_name="explanation"),
        ),
        migrations.RunPython(explanations_to_phrases, migrations.RunPython.noop),
    ]
