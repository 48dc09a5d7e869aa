"""The monthly job (SPEC §8): recompute tiers as of the month's last day, compute the draft
scorecards, regenerate the draft bonus sheet, open improvement/coaching plans and tell HR.
Idempotent: run twice, the same rows and no duplicate notifications. Submitting and approving
stay a person's act."""

from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import date

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError, Conflict
from common.locks import ensure_month_open
from common.periods import Period
from common.transitions import passes
from incentives.models import BonusSheet, SheetStatus
from incentives.services.generation import GENERATE_ROLES, bonus_sheet_generate, sheet_notify
from teams.scoping import require_role
from teams.selectors import hr_recipients


def _summary(value):
    """A JSON-friendly summary of what another app's service returned."""
    if value is None or isinstance(value, (int, str, bool, float)):
        return value
    if isinstance(value, dict):
        return {str(k): _summary(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return len(value)
    return str(value)


class StepTimer:
    """Wall time and SQL statements of each step of the close (`month_close(...)["steps"]`:
    {step: {"ms", "queries"}}), so the command, the bench and a slow night show where time goes."""

    def __init__(self):
        self.results: dict[str, dict] = {}

    @contextmanager
    def __call__(self, name: str):
        statements = [0]

        def count(execute, sql, params, many, context):
            statements[0] += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            yield
        self.results[name] = {"ms": round((time.perf_counter() - started) * 1000), "queries": statements[0]}


def ensure_may_generate(*, month: Period, actor=None, today: date | None = None) -> None:
    """Whether a month's drafts may be computed now: HR or the director (`actor` None: the job);
    a month that has not ended yet → 400 naming `month`; a closed month, or one whose sheet is
    already submitted → 409."""
    if actor is not None:
        require_role(actor, *GENERATE_ROLES)
    today = today or timezone.localdate()
    if month.kind != "month":
        raise ApplicationError(_("Use a month (YYYY-MM)."), field="month")
    if month.end >= today:
        raise ApplicationError(_("%(month)s has not ended yet: only a finished month can be closed.") % {"month": month},
                               field="month")
    ensure_month_open(month)
    sheet = BonusSheet.objects.filter(month=month.start).first()
    if sheet is not None and sheet.status != SheetStatus.DRAFT:
        raise Conflict(_("The bonus sheet of %(month)s is %(status)s: reopen it to recompute.") % {
            "month": month, "status": sheet.get_status_display()})


def may_generate(*, month: Period, actor, today: date | None = None) -> bool:
    """The twin of `ensure_may_generate`: the Generate button is offered only when this is true
    (never for the running month, a closed month or a submitted sheet)."""
    return passes(ensure_may_generate, month=month, actor=actor, today=today)


def month_close(*, month: Period, actor=None, today: date | None = None) -> dict:
    """Compute the drafts of a finished month (`ensure_may_generate` says when). `actor` is None
    for the job and the command; HR or the director pressing "generate" (page or API) runs this
    same work (SPEC §10), anyone else → 403."""
    from customers.services.tiering import customers_recompute_tiers
    from performance.services import plans_open_for_month, scorecards_compute_drafts

    today = today or timezone.localdate()
    ensure_may_generate(month=month, actor=actor, today=today)
    steps = StepTimer()
    with transaction.atomic():
        with steps("tiers"):
            tiers = customers_recompute_tiers(as_of=month.end)
        with steps("scorecards"):
            scorecards = scorecards_compute_drafts(month=month)
        with steps("sheet"):
            sheet = bonus_sheet_generate(month=month, actor=actor)
        with steps("plans"):
            plans = plans_open_for_month(month=month)
        with steps("notify"):
            notified = sheet_notify(month=month, recipients=hr_recipients(), kind="bonus_sheet_ready",
                                    phrase_id="incentives.notify.draft_ready", dedupe_prefix=f"bonus-sheet-draft:{month}")
    return {
        "steps": steps.results,
        "month": str(month),
        "tiers": _summary(tiers),
        "scorecards": _summary(scorecards),
        "sheet": sheet.pk,
        "rows": sheet.last_changes.get("rows", 0),
        "changes": sheet.last_changes,
        "plans": _summary(plans),
        "notified": notified,
    }
