"""Keeping `MonthFacts` current without touching another app's code: `post_save` / `post_delete` of
every input model records which (person, month) rows the write touches — from the row's values
before (as loaded, `post_init`) and after — and once the transaction commits
(`transaction.on_commit`) those rows alone are recomputed (`dashboard.facts.refresh_facts`) by the
`dashboard.refresh_facts` task: in a worker when there is a broker, in-process otherwise.

Writes that send no signal (`bulk_create`, `QuerySet.update()`, raw SQL, the demo seeding) must call
`dashboard.facts.rebuild_facts` / `refresh_facts` themselves; the nightly rebuild repairs anything
else. A failure while refreshing is logged, never raised into the request that committed."""

from __future__ import annotations

import logging
import threading
from datetime import date, datetime

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.utils import timezone

logger = logging.getLogger(__name__)

_pending = threading.local()

#: model label → the local columns (attnames) whose values decide the touched rows.
WATCHED = {
    "customers.Contract": ("owner_id", "signed_on", "end_on", "renews_id"),
    "customers.Receivable": ("contract_id", "due_on"),
    "customers.Payment": ("receivable_id",),
    "customers.FollowUp": ("author_id", "occurred_at"),
    "customers.Customer": ("created_by_id", "owner_id", "created_at"),
    "customers.Opportunity": ("owner_id", "closed_on"),
    "targets.SalesTarget": ("employee_id", "period_kind", "start"),
    "teams.Employee": ("id", "org_unit_id", "role", "hire_date", "left_on", "active"),
    "targets.PublishedActuals": ("month",),
}


def _day(value) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _specs(label: str, values: dict) -> list[tuple]:
    """What a row with these values touches: ("emp", employee id, day), or a reference resolved
    after the commit ("contract" / "receivable" / "employee" / "month")."""
    v = values.get
    if label == "customers.Contract":
        specs = [("emp", v("owner_id"), v("signed_on")), ("emp", v("owner_id"), v("end_on"))]
        return specs + ([("contract_end", v("renews_id"))] if v("renews_id") else [])
    if label == "customers.Receivable":
        return [("contract_owner", v("contract_id"), v("due_on"))]
    if label == "customers.Payment":
        return [("receivable", v("receivable_id"))]
    if label == "customers.FollowUp":
        return [("emp", v("author_id"), _day(v("occurred_at")))]
    if label == "customers.Customer":
        return [("emp", v("created_by_id") or v("owner_id"), _day(v("created_at")))]
    if label == "customers.Opportunity":
        return [("emp", v("owner_id"), v("closed_on"))]
    if label == "targets.SalesTarget":
        if v("period_kind") != "month":
            return []
        return [("unit_targets", v("start"))] + ([("emp", v("employee_id"), v("start"))] if v("employee_id") else [])
    if label == "teams.Employee":
        return [("employee", v("id"))]
    if label == "targets.PublishedActuals":
        return [("month", v("month"))]
    return []


def _values(instance, fields) -> dict:
    deferred = instance.get_deferred_fields()
    return {f: getattr(instance, f, None) for f in fields if f not in deferred and f.removesuffix("_id") not in deferred}


def _remember_initial(sender, instance, **kwargs):
    instance._dashboard_initial = _values(instance, WATCHED[sender._meta.label])


def _touched(sender, instance, **kwargs):
    label = sender._meta.label
    specs = _specs(label, _values(instance, WATCHED[label]))
    specs += _specs(label, getattr(instance, "_dashboard_initial", {}) or {})
    specs = [s for s in specs if all(part is not None for part in s[1:])]
    if not specs:
        return
    if not hasattr(_pending, "specs"):
        _pending.specs = set()
    _pending.specs.update(specs)
    transaction.on_commit(_refresh_pending)
    instance._dashboard_initial = _values(instance, WATCHED[label])


def _resolve(specs) -> set[tuple[int, date]]:
    from customers.models import Contract, Receivable
    from dashboard.models import MonthFacts
    from teams.models import Employee

    keys = {(s[1], s[2]) for s in specs if s[0] == "emp" and s[2] is not None}
    contract_ends = [s[1] for s in specs if s[0] == "contract_end"]
    if contract_ends:
        keys |= set(Contract.objects.filter(pk__in=contract_ends).values_list("owner_id", "end_on"))
    owners = [s for s in specs if s[0] == "contract_owner"]
    if owners:
        owner_of = dict(Contract.objects.filter(pk__in=[s[1] for s in owners]).values_list("pk", "owner_id"))
        keys |= {(owner_of.get(s[1]), s[2]) for s in owners}
    receivables = [s[1] for s in specs if s[0] == "receivable"]
    if receivables:
        keys |= set(Receivable.objects.filter(pk__in=receivables).values_list("contract__owner_id", "due_on"))
    people = [s[1] for s in specs if s[0] == "employee"]
    if people:
        keys |= set(MonthFacts.objects.filter(employee_id__in=people).values_list("employee_id", "month"))
        today = timezone.localdate()
        keys |= {(pk, today.replace(day=1)) for pk in people}
    months = [s[1] for s in specs if s[0] == "month"]
    if months:
        keys |= {(pk, m) for m in months for pk in Employee.objects.values_list("pk", flat=True)}
    return {(pk, day.replace(day=1)) for pk, day in keys if pk is not None and day is not None}


def _refresh_pending():
    """After the commit: hand the touched rows to the `dashboard.refresh_facts` task. With a broker
    a worker recomputes them, so the request that wrote (logging a follow-up, signing a contract)
    does not wait for about fifteen queries of recomputation; without one (tests, `make run`) the
    task runs here, in-process, as before."""
    from dashboard.tasks import refresh_facts_after_writes

    specs = getattr(_pending, "specs", set())
    if not specs:
        return
    _pending.specs = set()
    try:
        refresh_facts_after_writes.delay(encode_specs(specs))
    except Exception:  # the write is committed; the nightly rebuild repairs the facts
        logger.exception("dashboard facts: queueing the refresh after a commit failed")


def encode_specs(specs) -> list[list]:
    """The specs as JSON for the task (dates as ISO text)."""
    return [[part.isoformat() if isinstance(part, date) else part for part in spec] for spec in sorted(specs, key=str)]


def decode_specs(rows) -> set[tuple]:
    def part(value):
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            return date.fromisoformat(value)
        return value

    return {tuple(part(value) for value in row) for row in rows}


def refresh_specs(specs) -> None:
    """Recompute the facts rows (and the units' targets) the writes described by `specs` touched."""
    from dashboard.facts import refresh_facts, refresh_unit_targets

    try:
        keys = _resolve(specs)
        refresh_facts(keys)
        months = {s[1] for s in specs if s[0] == "unit_targets"}
        if any(s[0] == "employee" for s in specs):  # a move changes the sums of the units' targets
            months |= {first_day for _pk, first_day in keys}
        refresh_unit_targets(months)
    except Exception:  # the write is committed; the nightly rebuild repairs the facts
        logger.exception("dashboard facts: refreshing after a commit failed")


def connect() -> None:
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        post_init.connect(_remember_initial, sender=model, dispatch_uid=f"dashboard-init-{label}")
        post_save.connect(_touched, sender=model, dispatch_uid=f"dashboard-save-{label}")
        post_delete.connect(_touched, sender=model, dispatch_uid=f"dashboard-delete-{label}")
