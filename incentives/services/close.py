"""The monthly job (SPEC §8): recompute tiers as of the month's last day, compute the draft
scorecards, regenerate the draft bonus sheet, open improvement/coaching plans and tell HR.
Idempotent: run twice, the same rows and no duplicate notifications. Submitting and approving
stay a person's act."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError, Conflict
from common.locks import month_is_closed
from common.notifications import notify_many
from common.periods import Period
from incentives.models import BonusSheet, SheetStatus
from incentives.services.generation import GENERATE_ROLES, bonus_sheet_generate, sheet_link
from teams.models import Employee, Role
from teams.scoping import require_role


def _recompute_tiers(as_of: date):
    try:
        from customers.services.tiering import customers_recompute_tiers
    except ImportError:  # the tiering service is optional until the customers app ships it
        return None
    return customers_recompute_tiers(as_of=as_of)


def _summary(value):
    """A JSON-friendly summary of what another app's service returned."""
    if value is None or isinstance(value, (int, str, bool, float)):
        return value
    if isinstance(value, dict):
        return {str(k): _summary(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return len(value)
    return str(value)


def month_close(*, month: Period, actor=None, today: date | None = None) -> dict:
    """Compute the drafts of a finished month. A month that has not ended yet → 400 naming
    `month`; a closed month, or one whose sheet is already submitted → 409. `actor` is None for
    the job and the command; HR or the director pressing "generate" (page or API) runs this same
    work (SPEC §10), anyone else → 403."""
    from performance.services import plans_open_for_month, scorecards_compute_drafts

    if actor is not None:
        require_role(actor, *GENERATE_ROLES)
    today = today or timezone.localdate()
    if month.kind != "month":
        raise ApplicationError(_("Use a month (YYYY-MM)."), field="month")
    if month.end >= today:
        raise ApplicationError(_("%(month)s has not ended yet: only a finished month can be closed.") % {"month": month},
                               field="month")
    if month_is_closed(month):
        raise Conflict(_("%(month)s is already closed.") % {"month": month})
    sheet = BonusSheet.objects.filter(month=month.start).first()
    if sheet is not None and sheet.status != SheetStatus.DRAFT:
        raise Conflict(_("The bonus sheet of %(month)s is %(status)s: reopen it to recompute.") % {
            "month": month, "status": sheet.get_status_display()})
    with transaction.atomic():
        tiers = _recompute_tiers(month.end)
        scorecards = scorecards_compute_drafts(month=month)
        sheet = bonus_sheet_generate(month=month, actor=actor)
        plans = plans_open_for_month(month=month)
        hr_users = [e.user for e in Employee.objects.filter(role=Role.HR, active=True).select_related("user")]
        notified = notify_many([
            {"recipient": user, "kind": "bonus_sheet_ready", "link": sheet_link(month),
             "message": _("The draft bonus sheet of %(month)s is ready for review.") % {"month": month},
             "dedupe_key": f"bonus-sheet-draft:{month}:{user.pk}"}
            for user in hr_users
        ])
    return {
        "month": str(month),
        "tiers": _summary(tiers),
        "scorecards": _summary(scorecards),
        "sheet": sheet.pk,
        "rows": sheet.last_changes.get("rows", 0),
        "changes": sheet.last_changes,
        "plans": _summary(plans),
        "notified": notified,
    }
