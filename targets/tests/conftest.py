"""Fixtures of the targets tests."""

import pytest


@pytest.fixture(autouse=True)
def english():
    """Texts are asserted in English; a page asked in Chinese (the language cookie, `setlang`) must
    not leave its language active on the thread for the next test (LocaleMiddleware keeps it)."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")
