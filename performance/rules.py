"""The scorecard rules of SPEC §4, as pure functions (no database): KPI scores, the composite with
re-normalisation, competition ranks (THE ranking of the project: incentives ranks with it too),
consecutive months under target, flags, and what changed between two drafts. The services feed them
figures read set-based and store what they return."""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from common.money import percent

TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)
MAX_SCORE = Decimal(120)


def _two(value) -> Decimal:
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _clamp(value: Decimal) -> Decimal:
    return _two(min(max(Decimal(value), Decimal(0)), MAX_SCORE))


# --- KPI scores (0–120; None = no data in the month, the KPI is left out) -----------------------
# Units are in the names: `*_pct` is a percentage 0–100, `*_share` a fraction 0–1 (issue 10). The
# attainment percentage itself is `targets.rules.attainment_pct`.


def score_attainment(pct: Decimal | None, *, cap: Decimal = MAX_SCORE) -> Decimal | None:
    """min(attainment %, cap)."""
    if pct is None:
        return None
    return _clamp(min(Decimal(pct), Decimal(cap)))


def score_prospects(count: int | None, *, goal: int = 5, cap: Decimal = MAX_SCORE) -> Decimal | None:
    """min(count ÷ goal, cap ÷ 100) × 100; no goal (a unit without reps) → no data."""
    if count is None or not goal:
        return None
    return _clamp(min(Decimal(count) / Decimal(goal), Decimal(cap) / HUNDRED) * HUNDRED)


def score_mean(mean: Decimal | None) -> Decimal | None:
    """A mean score (satisfaction survey, training assessment) is the score itself."""
    return None if mean is None else _clamp(mean)


def score_pct(pct: Decimal | None) -> Decimal | None:
    """A percentage 0–100 (follow-up compliance) is the score itself — never × 100 again."""
    return None if pct is None else _clamp(pct)


def score_share(share: Decimal | None) -> Decimal | None:
    """A share 0–1 (training compliance) × 100."""
    return None if share is None else _clamp(Decimal(share) * HUNDRED)


def score_collection(received: Decimal | None, due: Decimal | None) -> Decimal | None:
    """Collection rate received ÷ due × 100; nothing due → no data."""
    pct = percent(received, due)
    return None if pct is None else _clamp(pct)


def score_rating(rating: int | None) -> Decimal | None:
    return None if rating is None else _clamp(rating)


def score_ratio(part, whole, *, cap: Decimal = MAX_SCORE) -> Decimal | None:
    """min(part ÷ whole × 100, cap) (renewals ÷ contracts ending, attendees brought ÷ quota, mean
    deal ÷ reference amount); nothing to divide by → no data."""
    if part is None or not whole:
        return None
    return _clamp(min(Decimal(part) * HUNDRED / Decimal(whole), Decimal(cap)))


def score_complaint_rate(rate_per_100: Decimal | None, *, limit: Decimal) -> Decimal | None:
    """100 × (1 − min(rate ÷ limit, 1)): no complaint scores 100, `limit` complaints per 100 active
    customers or more scores 0; no rate (no active customer) → no data."""
    if rate_per_100 is None:
        return None
    return _clamp(HUNDRED * (1 - min(Decimal(rate_per_100) / Decimal(limit), Decimal(1))))


def mean_amount(total, count: int) -> Decimal | None:
    """total ÷ count, 2 decimals half-up (the mean contract amount); no contract → None."""
    if not count:
        return None
    return _two(Decimal(total) / count)


def training_compliance_share(*, present: int, reps: int) -> Decimal | None:
    """The share 0–1 of the reps present at ≥ 1 session (4 decimals); no rep → None (no data)."""
    if not reps:
        return None
    return (Decimal(present) / reps).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


# --- composite -----------------------------------------------------------------------------------


@dataclass
class KPIResult:
    code: str
    weight: int
    score: Decimal | None
    value: Decimal | int | None = None
    facts: dict = field(default_factory=dict)

    @property
    def has_data(self) -> bool:
        return self.score is not None


def composite(results: Iterable[KPIResult]) -> Decimal | None:
    """Σ(weight × score) ÷ Σ(weights of the KPIs with data), 2 decimals half-up; None when no KPI
    with a weight has data (SPEC §4.1: KPIs without data are left out and the rest re-normalised)."""
    scored = [r for r in results if r.weight and r.has_data]
    weight_sum = sum(r.weight for r in scored)
    if not weight_sum:
        return None
    return _two(sum(Decimal(r.weight) * r.score for r in scored) / Decimal(weight_sum))


def composite_formula(results: Iterable[KPIResult]) -> str:
    """"(40 × 120.00 + 15 × 60.00) ÷ 55" — the arithmetic behind `composite`, for explanations."""
    scored = [r for r in results if r.weight and r.has_data]
    if not scored:
        return ""
    terms = " + ".join(f"{r.weight} × {r.score}" for r in scored)
    return f"({terms}) ÷ {sum(r.weight for r in scored)}"


# --- ranks, streaks, flags -----------------------------------------------------------------------


def competition_ranks(values: Mapping[Hashable, Decimal | None]) -> dict[Hashable, int | None]:
    """Standard competition ranking, highest first (1, 2, 2, 4); no value → no rank."""
    ranked = sorted((v for v in values.values() if v is not None), reverse=True)
    first_position = {}
    for position, value in enumerate(ranked, start=1):
        first_position.setdefault(value, position)
    return {key: (None if value is None else first_position[value]) for key, value in values.items()}


def consecutive_below(history: list[Decimal | None], *, threshold: Decimal = HUNDRED) -> int:
    """How many months in a row, ending with the latest, attainment was under `threshold`.
    `history` runs from the latest month backwards; a month without attainment breaks the run."""
    streak = 0
    for pct in history:
        if pct is None or Decimal(pct) >= threshold:
            break
        streak += 1
    return streak


COACHING_AFTER = 2
ESCALATE_AFTER = 3


def scorecard_flags(
    *, attainment: Decimal | None, satisfaction: Decimal | None, low_satisfaction_below: Decimal,
    months_below: int, unexcused_absences: int = 0, coaching_after: int = COACHING_AFTER,
    escalate_after: int = ESCALATE_AFTER, no_training: bool = False,
) -> list[str]:
    flags = []
    if attainment is not None and Decimal(attainment) < HUNDRED:
        flags.append("below_target")
    if satisfaction is not None and Decimal(satisfaction) < Decimal(low_satisfaction_below):
        flags.append("low_satisfaction")
    if months_below >= coaching_after:
        flags.append("coaching_plan")
    if months_below >= escalate_after:
        flags.append("escalated")
    if unexcused_absences:
        flags.append("unexcused_absences")
    if no_training:
        flags.append("no_training")
    return flags


# --- plans --------------------------------------------------------------------------------------------


def improvement_plan_overdue(*, status: str, due_on, today) -> bool:
    """An improvement plan nobody has written yet is overdue the day after its due date."""
    return status == "open" and due_on < today


# --- what changed between two drafts -------------------------------------------------------------


def draft_changes(old: dict | None, new: dict) -> list[dict]:
    """The differences between the previous draft and the new one: composite, ranks, flags, scheme
    version and each KPI's value/score. `old`/`new` are {composite, team_rank, company_rank, flags,
    scheme_version, kpis: [{code, value, score}]} with values as strings."""
    if old is None:
        return []
    changes = []
    for name in ("composite", "team_rank", "company_rank", "scheme_version"):
        if old.get(name) != new.get(name):
            changes.append({"field": name, "old": old.get(name), "new": new.get(name)})
    if sorted(old.get("flags") or []) != sorted(new.get("flags") or []):
        changes.append({"field": "flags", "old": old.get("flags") or [], "new": new.get("flags") or []})
    old_kpis = {k["code"]: k for k in old.get("kpis") or []}
    for kpi in new.get("kpis") or []:
        before = old_kpis.get(kpi["code"], {})
        for part in ("value", "score"):
            if before.get(part) != kpi.get(part):
                changes.append({"field": f"kpi.{part}", "code": kpi["code"], "old": before.get(part), "new": kpi.get(part)})
    return changes
