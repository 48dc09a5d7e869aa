import pytest

from common.testing import (
    browser,  # noqa: F401 (a fixture: the browser tests' chromium)
    english_fixture,
    frozen_clock,
)
from incentives.tests.factories import OCTOBER, TODAY, give

#: `frozen`: early November 2026 (October is the latest finished month). Texts are asserted in English.
frozen = frozen_clock(TODAY)
english = english_fixture()


@pytest.fixture
def unsplit_batches(monkeypatch):
    """Bulk writes in one statement per table on both databases, so "does not grow" tests assert
    equal counts: Django assumes SQLite's historic 999-parameter limit and splits a bulk insert of
    50 rows into several; SQLite ≥ 3.32 takes 32,766 (PostgreSQL splits nothing at these sizes)."""
    import sqlite3

    from django.db import connection

    if connection.vendor == "sqlite" and sqlite3.sqlite_version_info >= (3, 32):
        monkeypatch.setattr(connection.features, "max_query_params", 32766)


@pytest.fixture
def sheet(org):
    """October's draft: the rep at 130 % of 100,000 (commission, top-3), the teammate at 80 %.
    (Modules that need other figures define their own `sheet`.)"""
    from incentives.models import BonusSheet
    from incentives.services import month_close

    give(org.rep, target=100000, actual=130000)
    give(org.teammate, target=100000, actual=80000)
    month_close(month=OCTOBER)
    return BonusSheet.objects.get()


@pytest.fixture(autouse=True)
def no_unresolved_complaints(monkeypatch):
    """Best Customer Service reads customers' `unresolved_complaint_counts` (SPEC §16); tests that
    are not about complaints see none (tests about them patch their own answer)."""
    from customers import selectors as customer_selectors

    monkeypatch.setattr(customer_selectors, "unresolved_complaint_counts", lambda *, at: {})
