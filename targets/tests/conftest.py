"""Fixtures of the targets tests: texts are asserted in English, and a page asked in Chinese (the
language cookie, `setlang`) must not leave its language active on the thread for the next test;
`browser` is Debian's chromium for the browser tests."""

from common.testing import browser, english_fixture  # noqa: F401 (browser: a fixture)

english = english_fixture(autouse=True)
