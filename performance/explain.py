"""Explanations of scorecard figures (SPEC §4.3) and of what changed between two drafts, built as
phrases (`performance.phrases`) from the facts stored with each KPI: a scorecard stores them, a page
or the API renders them in the reader's language (`common.phrases.render`)."""

from decimal import Decimal
from functools import cache

from common import phrases
from common.phrases import money_text, percent_text
from performance.models import Flag, KPICode, SchemeRole

# --- building phrases cheaply: a month's close builds ~15 a scorecard for 1,000+ people -----------
# `common.phrases.phrase` checks the id and the placeholders each call (a catalogue lookup); here
# each phrase id is checked once, with the first parameters it gets — every call of one id below
# passes the same names — and labels that never vary (KPI, flag, role, no-data reasons) are built
# once. The stored result is exactly what `phrase` returns.

_checked: set[str] = set()
_KPI_CODES, _FLAGS, _ROLES = frozenset(KPICode.values), frozenset(Flag.values), frozenset(SchemeRole.values)


def phrase(phrase_id: str, **params) -> dict:
    if phrase_id not in _checked:
        built = phrases.phrase(phrase_id, **params)
        _checked.add(phrase_id)
        return built
    if not params:
        return {"id": phrase_id}
    return {"id": phrase_id, "params": {k: str(v) if isinstance(v, Decimal) else v for k, v in params.items()}}


@cache
def _label(phrase_id: str) -> dict:
    return phrases.phrase(phrase_id)


def _money(value) -> str:
    return "—" if value in (None, "") else money_text(value)


def _percent(value) -> str:
    return "—" if value in (None, "") else percent_text(value)


def _text(value) -> str:
    return "—" if value in (None, "") else str(value)


# The catalogue's explanations use these (`performance.catalogue`).
label, money, percent_text_or_dash, text = _label, _money, _percent, _text


def kpi_label(code: str) -> dict | str:
    """A KPI's name as a phrase (a code no longer in the catalogue shows as itself)."""
    return _label(f"performance.kpi.{code}") if code in _KPI_CODES else code


def flag_label(code: str) -> dict | str:
    return _label(f"performance.flag.{code}") if code in _FLAGS else code


def scheme_label(*, role: str, version: int) -> dict:
    """"Rep v1" — the KPI scheme a scorecard was computed with."""
    role_label = _label(f"performance.role.{role}") if role in _ROLES else role
    return phrase("performance.scheme", role=role_label, version=version)


def no_data_reason(code: str) -> dict:
    return _label(f"performance.no_data.{code}" if code in _KPI_CODES else "performance.no_data.other")


def kpi_explanation(kpi: dict) -> dict | None:
    """One sentence per KPI row ({code, score, facts}), from the KPI's catalogue entry
    (`performance.catalogue.explanation`)."""
    from performance.catalogue import explanation  # the catalogue builds its sentences with this module

    return explanation(kpi)


def scorecard_explanation(*, composite, formula: str, left_out: list[str], scheme: dict) -> list[dict]:
    """The composite's arithmetic and the KPIs left out, as sentences (a list of phrases)."""
    if composite is None:
        return [phrase("performance.explain.no_composite", scheme=scheme)]
    sentences = [phrase("performance.explain.composite", formula=formula, composite=_text(composite), scheme=scheme)]
    if left_out:
        sentences.append(phrase("performance.explain.left_out_list", kpis=[kpi_label(code) for code in left_out]))
    return sentences


# --- what changed since the last draft (`performance.rules.draft_changes` records) ---------------------

_CHANGE_PHRASES = {
    "composite": "performance.change.composite",
    "team_rank": "performance.change.team_rank",
    "company_rank": "performance.change.company_rank",
    "scheme_version": "performance.change.scheme_version",
    "kpi.value": "performance.change.kpi_value",
    "kpi.score": "performance.change.kpi_score",
}


def _flags(codes) -> list | dict:
    return [flag_label(code) for code in codes] if codes else _label("performance.none")


def change_phrase(change: dict) -> dict | str:
    """{field, code?, old, new} → "Sales attainment: value 80.00 → 90.00" as a phrase, with the
    KPI's and the flags' names (never their codes)."""
    name = change.get("field")
    if name == "flags":
        return phrase("performance.change.flags", old=_flags(change.get("old")), new=_flags(change.get("new")))
    if name not in _CHANGE_PHRASES:
        return f"{name}: {_text(change.get('old'))} → {_text(change.get('new'))}"
    params = {"old": _text(change.get("old")), "new": _text(change.get("new"))}
    if name.startswith("kpi."):
        params["kpi"] = kpi_label(change.get("code", ""))
    return phrase(_CHANGE_PHRASES[name], **params)


def changes_phrases(changes: list[dict]) -> list:
    return [change_phrase(change) for change in changes or []]


def explanation_from_rows(*, kpis: list[dict], composite, role: str, version: int) -> list[dict]:
    """A scorecard's explanation rebuilt from its stored KPI rows (used by the migration that turned
    stored English text into phrases)."""
    from performance import rules

    results = [
        rules.KPIResult(code=k["code"], weight=k["weight"], score=None if k.get("score") is None else Decimal(k["score"]))
        for k in kpis
    ]
    return scorecard_explanation(
        composite=composite, formula=rules.composite_formula(results),
        left_out=[r.code for r in results if not r.has_data], scheme=scheme_label(role=role, version=version),
    )
