"""Generated text becomes data (issue 9): the history's system notes move to `system_note`, and
rows' "what changed" become phrases. Text the system wrote in a known shape is turned into the
phrase it came from ("Generated: 12 rows, 0 added, 0 removed, 1 changed." → the phrase with those
numbers; "xlsx export" → "Exported as XLSX."), so it reads in the reader's language; anything else
is kept as the plain text it was (phrases render plain strings unchanged). Old rows'
explanations stay plain English strings until the month's draft is regenerated."""

import re
from decimal import Decimal, InvalidOperation

from django.db import migrations, models

GENERATED = re.compile(r"^Generated: (\d+) rows, (\d+) added, (\d+) removed, (\d+) changed\.$")
EXPORTED = re.compile(r"^(xlsx|csv) export$")
MONEY = {"target", "actual", "commission", "top3", "first_order", "team_bonus", "retention", "referral",
         "adjustments", "total"}


def _phrase(phrase_id, **params):
    return {"id": phrase_id, "params": params} if params else {"id": phrase_id}


def _shown(name, text):
    """As `incentives.services.generation._shown` (frozen here)."""
    if text is None:
        return "—"
    try:
        value = Decimal(text)
    except (InvalidOperation, TypeError, ValueError):
        return str(text)
    if name == "rank":
        return str(text)
    if name == "attainment":
        return f"{value:.2f} %"
    if name == "composite":
        return f"{value:.2f}"
    amount = value.quantize(Decimal("0.01"))
    shown = f"{abs(amount):,.2f}"
    return f"−{shown}" if amount < 0 else shown


def system_notes_forward(apps, schema_editor):
    Transition = apps.get_model("incentives", "BonusSheetTransition")
    for transition in Transition.objects.exclude(note=""):
        generated = GENERATED.match(transition.note) if transition.from_status == transition.to_status else None
        exported = EXPORTED.match(transition.note) if transition.to_status == "exported" else None
        if generated:
            rows, added, removed, changed = (int(n) for n in generated.groups())
            transition.system_note = _phrase("incentives.history.generated", rows=rows, added=added,
                                             removed=removed, changed=changed)
        elif exported:
            transition.system_note = _phrase("incentives.history.exported", format=exported.group(1).upper())
        else:
            continue  # a person's note: kept as typed
        transition.note = ""
        transition.save(update_fields=["note", "system_note"])


def row_changes_forward(apps, schema_editor):
    BonusRow = apps.get_model("incentives", "BonusRow")
    for row in BonusRow.objects.exclude(changes={}).only("pk", "changes").iterator():
        changes = row.changes
        if not isinstance(changes, dict) or "added" in changes or "changed" in changes:
            continue
        row.changes = {"changed": [
            _phrase("incentives.change", column=_phrase(f"incentives.column.{name}"),
                    before=_shown(name, values[0]), after=_shown(name, values[1]))
            for name, values in changes.items() if isinstance(values, list) and len(values) == 2
        ]}
        row.save(update_fields=["changes"])


def system_notes_backward(apps, schema_editor):
    Transition = apps.get_model("incentives", "BonusSheetTransition")
    for transition in Transition.objects.exclude(system_note__isnull=True):
        note = transition.system_note
        params = note.get("params", {}) if isinstance(note, dict) else {}
        if isinstance(note, dict) and note.get("id") == "incentives.history.generated":
            text = "Generated: {rows} rows, {added} added, {removed} removed, {changed} changed.".format(**params)
        elif isinstance(note, dict) and note.get("id") == "incentives.history.exported":
            text = f"{params.get('format', '').lower()} export"
        else:
            text = str(note)
        transition.note = text[:300]
        transition.save(update_fields=["note"])


class Migration(migrations.Migration):

    dependencies = [
        ('incentives', '0004_room_for_any_attainment'),
    ]

    operations = [
        migrations.AddField(
            model_name='bonussheettransition',
            name='system_note',
            field=models.JSONField(blank=True, null=True, verbose_name='recorded by the system'),
        ),
        migrations.RunPython(system_notes_forward, system_notes_backward),
        # rows' old {field: [old, new]} cannot come back from phrases: going back leaves them as phrases
        migrations.RunPython(row_changes_forward, migrations.RunPython.noop),
    ]
