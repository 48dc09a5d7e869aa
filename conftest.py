"""Fixtures shared by every app's tests."""

import pytest
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _fresh_input_limits():
    """`common.limits` caches the limits row; a test's rolled-back changes must not leak."""
    from common.limits import forget_limits

    forget_limits()
    yield
    forget_limits()


@pytest.fixture
def org(db):
    """The small org tree of `teams.tests.factories.build_org` (every role of the access matrix)."""
    from teams.tests.factories import build_org

    return build_org()


@pytest.fixture
def api():
    """`api(user)` → an APIClient signed in as that user (an Employee or a User)."""

    def make(who=None):
        client = APIClient()
        if who is not None:
            client.force_authenticate(getattr(who, "user", who))
        return client

    return make


@pytest.fixture
def page():
    """`page(user)` → a Django test Client signed in as that user (an Employee or a User)."""
    from django.test import Client

    def make(who=None):
        client = Client()
        if who is not None:
            client.force_login(getattr(who, "user", who), backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make
