"""Test helpers every app's tests share (imported by their `conftest.py` and test modules; the
root `conftest.py` holds the fixtures every test gets): a clock that stands still, the language a
test runs in, migrating to a given state, and Debian's chromium through Playwright.

A fixture is made here and bound to a name in the conftest that wants it:

    frozen = frozen_clock("2026-03-10 10:00 +0800")      # tests ask for `frozen`
    english = english_fixture(autouse=True)              # every test of the app starts in English
"""

from __future__ import annotations

import os

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

# --- the clock and the language --------------------------------------------------------------------


def frozen_clock(moment: str, *, name: str = "frozen", autouse: bool = False):
    """A fixture (called `name`) during which the clock stands still at `moment`."""

    @pytest.fixture(name=name, autouse=autouse)
    def stands_still():
        with time_machine.travel(moment, tick=False):
            yield

    stands_still.__doc__ = f"The clock stands still at {moment} for the test."
    return stands_still


def english_fixture(*, name: str = "english", autouse: bool = True):
    """A fixture (called `name`) that starts the test in English and leaves English active: a page
    request in another language must not leak into the next test (LocaleMiddleware leaves its
    language active on the thread)."""

    @pytest.fixture(name=name, autouse=autouse)
    def in_english():
        translation.activate("en")
        yield
        translation.activate("en")

    return in_english


@pytest.fixture
def zh_hans():
    """The test runs in Simplified Chinese; the language is reset afterwards."""
    with translation.override("zh-hans"):
        yield


# --- migrations ---------------------------------------------------------------------------------------


def migrate_to(targets):
    """Migrate the test database to `targets` ([(app, migration), …]) and return the historical
    apps of that state (for a migration test's before/after rows)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    """Back to every app's latest migration (what the tests after a migration test expect)."""
    return migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())


# --- Debian's chromium through Playwright ----------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
#: Marks a test module that drives the browser: skipped where chromium is absent.
needs_chromium = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                    reason="Debian's chromium is not installed (apt-get install chromium)")


@pytest.fixture
def browser(monkeypatch):
    """A headless chromium for the test (Playwright; skipped when Playwright is missing). Django's
    live server is called from Playwright's event loop, hence DJANGO_ALLOW_ASYNC_UNSAFE."""
    playwright_sync = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright_sync.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()
