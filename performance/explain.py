"""Human-readable explanations of scorecard figures (SPEC §4.3), built from the facts stored with
each KPI, so a page can show them in the reader's language and the stored copy is the same text."""

from decimal import Decimal

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _

from performance.models import KPICode
from performance.rules import describe_change


def _money(value) -> str:
    return intcomma(f"{Decimal(value):.2f}", use_l10n=False) if value is not None else "—"


def kpi_explanation(kpi: dict) -> str:
    """One sentence per KPI: the figures it used and how they became the score."""
    code, facts, score = kpi["code"], kpi.get("facts") or {}, kpi.get("score")
    if score is None:
        reason = facts.get("no_data") or _("no data this month")
        return _("Left out: %(reason)s; the other KPIs are re-normalised.") % {"reason": reason}
    if code == KPICode.SALES_ATTAINMENT:
        return _("Sales %(actual)s on a target of %(target)s: attainment %(pct)s %%, score min(%(pct)s, %(cap)s) = %(score)s.") % {
            "actual": _money(facts.get("actual")), "target": _money(facts.get("target")),
            "pct": facts.get("pct"), "cap": facts.get("cap"), "score": score,
        }
    if code == KPICode.NEW_PROSPECTS:
        return _("%(count)s new prospects against a goal of %(goal)s: score min(%(count)s ÷ %(goal)s, %(cap)s) × 100 = %(score)s.") % {
            "count": facts.get("count"), "goal": facts.get("goal"), "cap": facts.get("cap_ratio"), "score": score,
        }
    if code == KPICode.SATISFACTION:
        return _("Mean satisfaction survey score of the month: %(score)s.") % {"score": score}
    if code == KPICode.COLLECTION_RATE:
        return _("Collected %(received)s of %(due)s due in the month: %(score)s %%.") % {
            "received": _money(facts.get("received")), "due": _money(facts.get("due")), "score": score,
        }
    if code == KPICode.FOLLOWUP_COMPLIANCE:
        return _("Follow-ups logged on %(pct)s %% of the month's working days: score %(score)s.") % {
            "pct": score, "score": score}
    if code == KPICode.TRAINING_COMPLIANCE:
        return _("Compliance %(rate)s × 100 = %(score)s.") % {"rate": facts.get("rate"), "score": score}
    if code == KPICode.TRAINING:
        return _("Mean latest assessment score of the month: %(score)s.") % {"score": score}
    if code == KPICode.MANAGER_RATING:
        return _("Rated %(score)s by %(by)s.") % {"score": score, "by": facts.get("rated_by") or _("the line manager")}
    return ""


def no_data_reason(code: str) -> str:
    return {
        KPICode.SALES_ATTAINMENT: _("no sales target for the month"),
        KPICode.NEW_PROSPECTS: _("no one to count new prospects for"),
        KPICode.SATISFACTION: _("no satisfaction survey in the month"),
        KPICode.COLLECTION_RATE: _("nothing was due for collection in the month"),
        KPICode.FOLLOWUP_COMPLIANCE: _("no follow-up was due in the month"),
        KPICode.TRAINING_COMPLIANCE: _("training records are not available yet"),
        KPICode.TRAINING: _("no assessment in the month"),
        KPICode.MANAGER_RATING: _("no rating from the line manager yet"),
    }.get(code, _("no data this month"))


def scorecard_explanation(*, composite, formula: str, left_out: list[str], scheme_label: str) -> str:
    if composite is None:
        return _("No KPI had data this month, so there is no composite score (%(scheme)s).") % {"scheme": scheme_label}
    text = _("Composite = %(formula)s = %(composite)s (%(scheme)s).") % {
        "formula": formula, "composite": composite, "scheme": scheme_label,
    }
    if left_out:
        text += " " + _("Left out for lack of data: %(codes)s.") % {"codes": ", ".join(left_out)}
    return text


def changes_summary(changes: list[dict]) -> str:
    return "; ".join(describe_change(change) for change in changes)
