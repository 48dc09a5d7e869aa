"""Explanations and what-changed sentences: every KPI kind, the composite, and the cheap phrase
builder (each id checked once) giving exactly what `common.phrases.phrase` gives."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from common import phrases
from common.exceptions import ApplicationError
from performance import explain
from performance.services.ratings import _parse_rating


@pytest.mark.parametrize(("params"), [{}, {"old": "1", "new": D("2.50")}])
def test_the_cheap_builder_gives_what_common_phrases_gives(params):
    phrase_id = "performance.none" if not params else "performance.change.composite"
    first, again = explain.phrase(phrase_id, **params), explain.phrase(phrase_id, **params)
    assert first == again == phrases.phrase(phrase_id, **params)


def test_every_kpi_kind_is_explained_in_words():
    rows = [
        {"code": "collection_rate", "score": "75.00", "facts": {"received": "750", "due": "1000"}},
        {"code": "followup_compliance", "score": "50.00", "facts": {"pct": "50.00"}},
        {"code": "training_compliance", "score": "80.00", "facts": {"share": "0.8"}},
        {"code": "training", "score": "88.00", "facts": {}},
        {"code": "manager_rating", "score": "70.00", "facts": {"rated_by": ""}},
        {"code": "satisfaction", "score": None, "facts": {}},
    ]
    with translation.override("en"):
        said = [phrases.render(explain.kpi_explanation(row)) for row in rows]
    assert said == [
        "Collected 750.00 of 1,000.00 due in the month: 75.00 %.",
        "Follow-ups logged on 50.00 % of the month's working days: score 50.00.",
        "Compliance 0.8 × 100 = 80.00.",
        "Mean latest assessment score of the month: 88.00.",
        "Rated 70.00 by the line manager.",
        "Left out: no satisfaction survey in the month; the other KPIs are re-normalised.",
    ]
    assert explain.kpi_explanation({"code": "gone", "score": "1.00"}) is None
    assert explain.kpi_label("gone") == "gone" and explain.flag_label("gone") == "gone"


def test_a_month_without_any_data_has_no_composite_and_says_so():
    scheme = explain.scheme_label(role="rep", version=2)
    with translation.override("en"):
        text = phrases.render(explain.scorecard_explanation(composite=None, formula="", left_out=[], scheme=scheme))
    assert text == "No KPI had data this month, so there is no composite score (Rep v2)."


def test_what_changed_names_kpis_and_flags_and_keeps_unknown_fields_readable():
    with translation.override("en"):
        assert phrases.render(explain.change_phrase({"field": "flags", "old": [], "new": ["below_target"]})) == \
            "Flags none → Below target"
        assert phrases.render(explain.change_phrase({"field": "kpi.score", "code": "training", "old": None,
                                                     "new": "80.00"})) == "Training: score — → 80.00"
        assert explain.change_phrase({"field": "other", "old": 1, "new": 2}) == "other: 1 → 2"


@pytest.mark.parametrize("bad", ["abc", None, "101", "-1", "7.5", "1e2"])
def test_a_rating_is_a_whole_number_from_0_to_100(bad):
    with pytest.raises(ApplicationError) as error:
        _parse_rating(bad)
    assert error.value.field == "rating"


def test_a_rating_may_carry_a_plus_sign_and_spaces():
    assert _parse_rating(" +70 ") == 70 and _parse_rating(0) == 0
