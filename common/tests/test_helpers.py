"""The shared input/output guards, without a database: client address, parsed-data walk, cells."""

import pytest
from django.test import RequestFactory
from rest_framework import exceptions

from common.parsers import ensure_clean_data
from common.signin import client_ip
from common.spreadsheets import escape_formula


def _request(remote_addr="192.0.2.10", forwarded_for=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(("count", "forwarded_for", "expected"), [
    (0, None, "192.0.2.10"),
    (0, "203.0.113.5", "192.0.2.10"),             # no proxy trusted: the header is ignored
    (1, "203.0.113.5", "203.0.113.5"),            # the address our proxy appended
    (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),   # the client's forged entry stays on the left
    (1, "6.6.6.6,203.0.113.5 ", "203.0.113.5"),
    (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
    (2, "203.0.113.5", "192.0.2.10"),             # did not pass both proxies
    (1, "", "192.0.2.10"),
    (1, "not-an-address", "192.0.2.10"),
    (1, "2001:db8::1", "2001:db8::1"),
])
def test_client_ip_trusts_only_the_configured_proxies(settings, count, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(_request(forwarded_for=forwarded_for)) == expected


@pytest.mark.parametrize(("data", "field"), [
    ({"name": "Acme\x0bCo"}, "name"),
    ({"name": "nul\x00"}, "name"),
    ({"items": [{"note": "ok"}, {"note": "bell\x07"}]}, "items.1.note"),
    ({"weights": {"12": "1", "13\x1b": "2"}}, "weights"),
    (["x\x7f"], "0"),
    ({"c1": "\x85"}, "c1"),
])
def test_control_characters_are_refused_naming_the_field(data, field):
    with pytest.raises(exceptions.ValidationError) as refused:
        ensure_clean_data(data)
    assert list(refused.value.detail) == [field]


def test_tab_newline_and_carriage_return_are_text():
    ensure_clean_data({"content": "line 1\r\nline 2\n\tindented", "n": 1, "x": None, "ok": True})


def test_numbers_must_be_finite():
    with pytest.raises(exceptions.ValidationError) as refused:
        ensure_clean_data({"weights": {"7": float("inf")}})
    assert list(refused.value.detail) == ["weights.7"]


def test_depth_is_bounded():
    deep = current = {}
    for _ in range(30):
        current["a"] = {}
        current = current["a"]
    ensure_clean_data(deep, max_depth=30)
    with pytest.raises(exceptions.ParseError):
        ensure_clean_data(deep, max_depth=20)


@pytest.mark.parametrize(("value", "cell"), [
    ("Acme\x0bCo", "AcmeCo"),
    ("\x0b=1+2", "'=1+2"),        # stripped first, then escaped
    ("line\nbreak\ttab", "line\nbreak\ttab"),
    ("=SUM(A1)", "'=SUM(A1)"),
    (12, 12),
    (None, None),
])
def test_escape_formula_strips_control_characters(value, cell):
    assert escape_formula(value) == cell


@pytest.mark.parametrize(("raw", "valid"), [
    ("12", True), (str(2**63 - 1), True), ("0", False), ("-3", False), ("0.5", False),
    ("-8.260575747155292e+74", False), (str(2**63), False), ("abc", False),
])
def test_id_filter_accepts_only_ids(raw, valid):
    import django_filters

    from common.filters import IdFilter

    class Filters(django_filters.FilterSet):
        owner = IdFilter(field_name="owner_id")

    from common.models import ClosedMonth

    form = Filters(data={"owner": raw}, queryset=ClosedMonth.objects.none()).form
    assert form.is_valid() is valid, form.errors
