"""Reliability through a real worker (SPEC §8, issue 13 item 7): a worker killed with ``kill -9``
in the middle of the daily run and another one started produce the same notifications, once —
the broker redelivers the unacknowledged task after the (short) visibility timeout, and the run
skips what the first worker had committed. Needs PostgreSQL (the worker reads the test database)
and Redis; CI's PostgreSQL stage runs it (SALESOPS_SERVICES=1)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from alerts import registry
from alerts.models import AlertItem, AlertRun
from common.models import Notification

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

TODAY = date(2026, 10, 13)
VISIBILITY_TIMEOUT = 2


@pytest.fixture
def services_present():
    if os.environ.get("SALESOPS_SERVICES") != "1" or not settings.CELERY_BROKER_URL:
        pytest.skip("needs Redis and PostgreSQL (set SALESOPS_SERVICES=1; .ci/run provides them)")
    if connection.vendor != "postgresql":
        pytest.skip("the worker must share the test database: PostgreSQL only")


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    def __init__(self, queue: str, pause_dir: Path, log: Path):
        env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
        env.update(DJANGO_SETTINGS_MODULE="salesops.settings.local", DATABASE_URL=_database_url(),
                   REDIS_URL=settings.CELERY_BROKER_URL, CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
                   CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT), SALESOPS_ALERTS_PAUSE_DIR=str(pause_dir),
                   LOG_LEVEL="WARNING")
        self.log = open(log, "ab")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "celery"), "-A", "salesops", "worker", "--pool=solo",
             "--concurrency=1", "-Q", queue, "-n", f"{queue}@%h", "-l", "warning",
             "--include", "alerts.tests.slow_kind", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=settings.BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )

    def kill_9(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        self.log.close()


def _wait_for(condition, what: str, log: Path, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}; worker log:\n{log.read_text(errors='replace')[-4000:]}")


def _data():
    from django.contrib.auth import get_user_model

    from customers.tests.factories import (
        ContractFactory,
        CustomerFactory,
        OpportunityFactory,
        ReceivableFactory,
    )
    from teams.tests.factories import build_org

    org = build_org()
    get_user_model().objects.update(email="")  # no emails: this test is about notifications
    for owner in (org.rep, org.teammate, org.rep2):
        customer = CustomerFactory(owner=owner)
        contract = ContractFactory(customer=customer, signed_on=date(2026, 1, 5), end_on=TODAY + timedelta(days=20))
        ReceivableFactory(contract=contract, due_on=TODAY - timedelta(days=8), amount=Decimal("100.00"))
        OpportunityFactory(customer=customer, expected_close_on=TODAY - timedelta(days=3))
    return org


def _expected() -> set[tuple[int, str]]:
    """(recipient, key) of every item the kinds of this process would raise today."""
    wanted = set()
    for kind in registry.daily_kinds():
        for item in kind.collect(TODAY):
            wanted |= {(user.pk, item.key) for user in item.recipients if user is not None}
    return wanted


def test_a_worker_killed_mid_run_and_restarted_sends_the_same_notifications_once(services_present, tmp_path):
    from alerts.tasks import run_daily_alerts
    from salesops.celery import app

    _data()
    expected = _expected()
    queue = f"alerts-kill-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "workers.log"
    first = Worker(queue, tmp_path, log)
    second = None
    app.conf.task_always_eager = False
    try:
        run_daily_alerts.apply_async(args=[TODAY.isoformat()], queue=queue)  # the only message sent
        _wait_for(lambda: (tmp_path / "reached").exists(), "the run to reach the pause", log)
        # Half way: the kinds before the pause are committed, those after it are not.
        assert Notification.objects.filter(kind="renewal").exists()
        assert not Notification.objects.filter(kind="receivable_overdue").exists()
        before = set(Notification.objects.values_list("dedupe_key", flat=True))
        first.kill_9()
        (tmp_path / "release").write_text("go")
        started = time.monotonic()
        second = Worker(queue, tmp_path, log)
        _wait_for(lambda: AlertRun.objects.filter(day=TODAY, finished_at__isnull=False).exists(),
                  "the redelivered run to finish", log)
        redelivered_after = time.monotonic() - started
    finally:
        app.conf.task_always_eager = True
        for worker in (first, second):
            if worker is not None:
                worker.stop()

    assert AlertRun.objects.filter(day=TODAY).count() == 2  # the killed run and the redelivered one
    print(f"redelivered and finished {redelivered_after:.1f} s after the kill")
    assert redelivered_after < 120  # not Redis's default hour
    items = set(AlertItem.objects.values_list("recipient_id", "key"))
    assert items == expected
    assert AlertItem.objects.count() == len(expected)  # each once
    keys = list(Notification.objects.values_list("dedupe_key", flat=True))
    assert len(keys) == len(set(keys))
    assert before < set(keys)  # what the first worker committed is kept, not sent again
    per_person_kind = {(n.recipient_id, n.kind) for n in Notification.objects.all()}
    assert len(per_person_kind) == Notification.objects.count()  # one digest per person and kind
    assert Notification.objects.filter(kind="receivable_overdue").exists()
