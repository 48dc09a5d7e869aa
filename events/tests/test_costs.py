from decimal import Decimal

import pytest

from events import costs


@pytest.fixture(autouse=True)
def only_these_sources(monkeypatch):
    """The registry without the sources installed apps registered (expenses's reads the database)."""
    monkeypatch.setattr(costs, "_SOURCES", [])


@pytest.fixture
def source():
    def fake(*, event_ids):
        return {pk: Decimal("100.50") for pk in event_ids if pk != 3} | {99: Decimal("7")}

    costs.register_cost_source(fake)
    costs.register_cost_source(fake)  # idempotent
    yield fake
    costs.unregister_cost_source(fake)


def test_no_source_means_zero():
    assert costs.event_costs(event_ids=[1, 2]) == {1: Decimal("0.00"), 2: Decimal("0.00")}


def test_sources_are_summed_for_the_asked_events_only(source):
    def other(*, event_ids):
        return {1: Decimal("0.25")}

    costs.register_cost_source(other)
    try:
        assert costs.event_costs(event_ids=[1, 3]) == {1: Decimal("100.75"), 3: Decimal("0.00")}
    finally:
        costs.unregister_cost_source(other)


def test_empty_request_asks_no_source(source):
    assert costs.event_costs(event_ids=[]) == {}
