"""A daily kind that pauses the run half way, for the killed-worker test (`test_worker.py`): a
worker started with ``--include alerts.tests.slow_kind`` and ``SALESOPS_ALERTS_PAUSE_DIR`` set
writes ``reached`` there when the run gets to it (after the renewals, before the receivables) and
waits until ``release`` appears. Without the variable nothing is registered."""

import os
import time
from pathlib import Path

from alerts.registry import daily_alert

PAUSE_DIR = os.environ.get("SALESOPS_ALERTS_PAUSE_DIR")

if PAUSE_DIR:

    @daily_alert("test_pause", "Test pause", header="Test pause: %(count)s.", order=55)
    def pause(today):
        folder = Path(PAUSE_DIR)
        (folder / "reached").write_text(str(os.getpid()))
        deadline = time.monotonic() + 120
        while not (folder / "release").exists() and time.monotonic() < deadline:
            time.sleep(0.05)  # waiting for the test to kill this worker, not for time to pass
        return []
