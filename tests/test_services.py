"""Tests that need the real services CI provides: PostgreSQL, Redis and a Celery worker."""

import os

import pytest
from django.conf import settings
from django.db import connection

services = pytest.mark.skipif(
    os.environ.get("SALESOPS_SERVICES") != "1" or not settings.CELERY_BROKER_URL,
    reason="needs Redis and a running Celery worker (set SALESOPS_SERVICES=1; .ci/run starts them)",
)


@pytest.mark.services
@services
def test_task_round_trip_through_a_real_worker():
    from common.tasks import ping
    from salesops.celery import app

    app.conf.task_always_eager = False
    try:
        result = ping.apply_async(args=["hello"])
        assert result.get(timeout=30) == "hello"
    finally:
        app.conf.task_always_eager = True


@pytest.mark.services
@services
def test_month_close_task_runs_in_a_real_worker_against_postgresql():
    """The beat job's task, delivered through Redis to a worker with its own (migrated, empty)
    PostgreSQL database: the result is a JSON-able summary, and a redelivery is harmless."""
    from incentives.tasks import close_month
    from salesops.celery import app

    app.conf.task_always_eager = False
    try:
        first = close_month.apply_async(args=["2020-01"]).get(timeout=120)
        again = close_month.apply_async(args=["2020-01"]).get(timeout=120)
    finally:
        app.conf.task_always_eager = True
    assert first["month"] == again["month"] == "2020-01"
    assert first["rows"] == again["rows"]


@pytest.mark.services
@pytest.mark.django_db
def test_database_is_postgresql_when_services_run():
    if os.environ.get("SALESOPS_SERVICES") != "1":
        pytest.skip("services run only in CI's second pass")
    assert connection.vendor == "postgresql"


def test_production_settings_pass_check_deploy(tmp_path):
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "salesops.settings.production",
        "SECRET_KEY": "x" * 20 + "a-real-looking-secret-key-0123456789-abcdefghijk",
        "ALLOWED_HOSTS": "sales.example.com",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNINGS" not in done.stderr


def test_production_settings_refuse_to_start_without_secret():
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "salesops.settings.production", "ALLOWED_HOSTS": "x.example.com"}
    env.pop("SECRET_KEY", None)
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "SECRET_KEY" in done.stderr
