"""The production WSGI application with per-request measurements for the bench, as response headers:
`X-Bench-Queries` (SQL statements the request ran, through `connection.execute_wrapper`),
`Server-Timing: app;dur=<ms>` (time inside Django until the response headers) and
`X-Bench-Peak-RSS-KB` (the worker's peak resident memory during the request: the peak is reset
through /proc/self/clear_refs when the kernel allows it). Nothing else differs from
`salesops.wsgi` — it is served with `salesops.settings.production`. Streaming responses: only
what ran before the headers is counted."""

import os
import time

from django.db import connections

from salesops.wsgi import application as django_application  # sets up Django

PROC = "/proc/self"


def _reset_peak() -> None:
    try:
        with open(f"{PROC}/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        pass


def _peak_kb() -> int:
    try:
        with open(f"{PROC}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def application(environ, start_response):
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    _reset_peak()
    started = time.perf_counter()

    def measured_start_response(status, headers, exc_info=None):
        elapsed = (time.perf_counter() - started) * 1000
        headers = [*headers, ("X-Bench-Queries", str(count[0])), ("Server-Timing", f"app;dur={elapsed:.2f}"),
                   ("X-Bench-Peak-RSS-KB", str(_peak_kb())), ("X-Bench-Worker", str(os.getpid()))]
        return start_response(status, headers, exc_info)

    with connections["default"].execute_wrapper(counter):
        return django_application(environ, measured_start_response)
