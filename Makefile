# SalesOps — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed-$(shell cat requirements-dev.lock pyproject.toml | cksum | cut -d' ' -f1)
export PIP_DISABLE_PIP_VERSION_CHECK=1

## help: this list
help:
	@grep -E '^## ' Makefile | sed 's/^## /  /'

.PHONY: help run test fuzz install messages migrate seed lint migrations-check check-deploy clean worker bench bench-smoke

$(STAMP): requirements-dev.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q -r requirements-dev.lock
	rm -f $(VENV)/.installed-* && touch $(STAMP)

## install: the virtualenv (.venv) from requirements-dev.lock, again only when the lock changes
install: $(STAMP)

## messages: compile every app's translations (.mo)
messages: install
	$(PY) manage.py compilemessages -v0 --ignore=.venv

## migrate: apply the migrations to DATABASE_URL (default: SQLite db.sqlite3)
migrate: install
	$(PY) manage.py migrate --noinput -v0

## seed: the small demo (`manage.py seed_demo`, portal app) into an empty database; prints the sign-ins
seed: migrate
	$(PY) manage.py seed_demo --if-empty

## run: the portal on embedded defaults (SQLite, in-process tasks, demo data) at http://127.0.0.1:8000
## Production-like: DEBUG off (the real 404/500 pages), static files served by whitenoise straight
## from the apps (no collectstatic). Developers: `DEBUG=1 make run` (tracebacks); `make run PORT=8001`.
PORT  ?= 8000
DEBUG ?= 0
run: messages migrate
	$(PY) manage.py seed_demo --if-empty
	@echo ""
	@echo "SalesOps is at http://127.0.0.1:$(PORT)/ — sign in with one of the users above (DEBUG=$(DEBUG))."
	DEBUG=$(DEBUG) $(PY) manage.py runserver 127.0.0.1:$(PORT)

## test: the whole suite (SQLite unless DATABASE_URL says otherwise), with branch coverage printed
## (`COVERAGE=` turns the measurement off, e.g. for a second database's run).
## Always a fresh test database: a kept one (pyproject's --reuse-db, for quick runs of a few tests)
## has lost the migrations' default rows (policies, KPI schemes) to the last transactional test's flush.
COVERAGE ?= --cov --cov-report=term
test: messages
	$(PY) -m pytest --create-db $(COVERAGE) $(PYTEST_ARGS)

## fuzz: schemathesis against a live server on a throwaway demo database, as a director and a rep
fuzz: messages
	tests/schemathesis/run.sh

## bench: SPEC §12's budgets on PostgreSQL (DATABASE_URL=postgres://…, required): seeds the large demo
## (`seed_demo --size large`: 1,000 reps, 100,000 customers, 1,000,000 follow-ups) when the database is
## empty, serves it with gunicorn and production settings, measures every page/endpoint, logging a
## follow-up, close_month and the exports over HTTP beside their raw SQL floor, prints one table and fails
## on a missed budget. `make bench SCALE=small` (= `make bench-smoke`, CI) runs every measure on the small
## demo and asserts no budget. BENCH_ARGS="--only customers --runs 10" narrows a run.
SCALE ?= large
bench: messages
	$(PY) -m bench --scale $(SCALE) $(BENCH_ARGS)

bench-smoke: messages
	$(PY) -m bench --scale small --runs 5 --heavy-runs 2 $(BENCH_ARGS)

## lint: ruff over the tree
lint: install
	$(VENV)/bin/ruff check .

## migrations-check: fail when a model change has no migration
migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

## check-deploy: `manage.py check --deploy` with production settings
check-deploy: install
	DJANGO_SETTINGS_MODULE=salesops.settings.production SECRET_KEY=$$(openssl rand -hex 40) \
	  ALLOWED_HOSTS=sales.example.com $(PY) manage.py check --deploy --fail-level WARNING

## worker: a Celery worker with beat (needs REDIS_URL)
worker: install
	$(VENV)/bin/celery -A salesops worker -l info -B

## clean: remove .venv, db.sqlite3 and collected static files
clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
