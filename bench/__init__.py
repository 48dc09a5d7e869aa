"""`make bench` (SPEC §12): the speed budgets measured over HTTP against a served copy of the app.

`python -m bench` (see `bench.run`) seeds the large demo into `DATABASE_URL` if absent, serves it
with gunicorn and production settings through `bench.wsgi` (which only adds per-request query
counts and server time as response headers), drives every measure of `bench.measures` as the right
user, times the raw SQL each measure needs at minimum in the same run, prints one table and exits
non-zero when a budget is missed. `--scale small` (`make bench-smoke`) runs every measure on the
small demo and asserts nothing about budgets (CI)."""
