"""A generic exporter and importer over Django's own users (this app knows no domain app), and
a language reset so a test that switches to zh-Hans leaves English behind."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from exports import registry


def _users(user, params):
    return get_user_model().objects.filter(username__startswith=params.get("prefix", "")).order_by("id") \
        .values_list("id", "username", "email", "is_active")


def _render(row):
    pk, username, email, active = row
    return [pk, username, email, "yes" if active else "no"]


def _check(*, actor, content, filename, progress):
    lines = content.decode().splitlines()[1:]
    progress(0, len(lines))
    problems = [{"row": number, "field": "name", "message": "empty"} for number, line in enumerate(lines, 2)
                if not line.strip()]
    progress(len(lines), len(lines))
    valid = len(lines) - len(problems)
    return {"total_rows": len(lines), "valid_rows": valid, "problems": problems, "problem_count": len(problems),
            "fatal": False, "preview_columns": [["name", "Name"]], "preview": [[line] for line in lines if line][:2]}


def _apply(*, actor, content, filename, progress):
    report = _check(actor=actor, content=content, filename=filename, progress=progress)
    imported = report["valid_rows"]
    get_user_model().objects.bulk_create(
        [get_user_model()(username=f"imported-{line}") for line in content.decode().splitlines()[1:] if line]
    )
    return {**report, "imported": imported, "skipped": report["total_rows"] - imported}


@pytest.fixture(autouse=True)
def test_kinds():
    registry.register_exporter(registry.Exporter(
        kind="test-users", label="Users", basename="users",
        headers=("id", "username", "email", "active"), queryset=_users, render=_render,
    ))
    registry.register_importer(registry.Importer(
        kind="test-users", label="Users", check=_check, apply=_apply, done_url_name="home",
    ))


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")
    yield
    translation.activate("en")
