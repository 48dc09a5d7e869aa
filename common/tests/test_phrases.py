from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from common import phrases


@pytest.fixture(autouse=True)
def registered():
    phrases.register("test.attainment", _("Attainment %(pct)s of %(target)s."))
    phrases.register("test.label", _("Sales"))
    phrases.register("test.kpi", _("%(label)s scored %(score)s."))
    yield


def test_a_phrase_is_data_and_renders_later():
    stored = phrases.phrase("test.attainment", pct="80.00 %", target=Decimal("1000.00"))
    assert stored == {"id": "test.attainment", "params": {"pct": "80.00 %", "target": "1000.00"}}
    assert phrases.render(stored) == "Attainment 80.00 % of 1000.00."


def test_nested_phrase_parameters_render_in_the_same_language():
    stored = phrases.phrase("test.kpi", label=phrases.phrase("test.label"), score="90")
    assert phrases.render(stored) == "Sales scored 90."


def test_building_refuses_an_unknown_id_or_a_missing_parameter():
    with pytest.raises(KeyError):
        phrases.phrase("test.nope")
    with pytest.raises(KeyError):
        phrases.phrase("test.attainment", pct="1")


def test_rendering_never_fails_on_a_vanished_id_or_plain_text():
    assert phrases.render({"id": "gone.away"}) == "gone.away"
    assert phrases.render("Old English text.") == "Old English text."
    assert phrases.render(None) == ""


def test_sentences_join_with_a_space_in_english_and_without_in_chinese():
    items = ["One.", "Two."]
    assert phrases.render(items) == "One. Two."
    with translation.override("zh-hans"):
        assert phrases.render(["一。", "二。"]) == "一。二。"


def test_money_text_groups_thousands():
    assert phrases.money_text(Decimal("31250")) == "31,250.00"


def test_a_phrase_without_placeholders_keeps_a_literal_percent_sign():
    phrases.register("test.pct_label", _("Attainment %"))
    assert phrases.render(phrases.phrase("test.pct_label")) == "Attainment %"
