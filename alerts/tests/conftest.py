"""Fixtures of the alerts tests: the org tree (root conftest), a customer of the rep, and `run`:
the daily run for a day, its on-commit emails executed."""

from datetime import date

import pytest

from common.testing import english_fixture

#: Tests render phrases; each starts in English whatever an earlier test activated.
_english = english_fixture(name="_english")


@pytest.fixture(autouse=True)
def _no_cached_badges():
    """The badge's count is cached; user ids repeat from test to test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def customer(org):
    from customers.tests.factories import CustomerFactory

    return CustomerFactory(owner=org.rep, name="Acme Ltd.")


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """`run(day, kinds=None)` → the run's summary; emails (on commit) are sent."""
    from alerts.services import run_daily_alerts

    def go(day: date, kinds=None):
        with django_capture_on_commit_callbacks(execute=True):
            return run_daily_alerts(today=day, kinds=kinds)

    return go
