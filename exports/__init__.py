"""Exports and imports that run as jobs (SPEC §8, §11, §12; issue 11 item 5).

A large export or import never meets a web worker's timeout: the page creates a job, a Celery task
(in-process when no broker is configured) does the work with progress, the page polls it, and the
result lands in the requester's notifications. This app is generic: it imports no domain app.
Domain apps fill its registry (`exports.registry`) from their `resources.py`, which this app
discovers at start-up, so the web process and the worker know the same kinds.

- Export rows go straight from a `values_list()` queryset into csv or write-only openpyxl
  (`exports.writers`), every cell through `common.spreadsheets.escape_formula`.
- The file is private to its requester (anyone else gets 404) and deleted after the retention
  days (`exports.services.delete_expired(now, keep_days=...)`, called by the daily cleanup job with
  `alerts.AlertPolicy.file_retention_days`, 7 by default), as are import files never confirmed.
"""
