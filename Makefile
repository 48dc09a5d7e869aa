# SalesOps — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed-$(shell cat requirements-dev.lock pyproject.toml | cksum | cut -d' ' -f1)
export PIP_DISABLE_PIP_VERSION_CHECK=1

.PHONY: run test fuzz install messages migrate seed lint migrations-check check-deploy clean worker

$(STAMP): requirements-dev.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q -r requirements-dev.lock
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

messages: install
	$(PY) manage.py compilemessages -v0 --ignore=.venv

migrate: install
	$(PY) manage.py migrate --noinput -v0

seed: migrate
	$(PY) manage.py seed_demo --if-empty

## run: the portal on embedded defaults (SQLite, in-process tasks, demo data) at http://127.0.0.1:$(PORT)
## Production-like: DEBUG off (the real 404/500 pages), static files served by whitenoise straight
## from the apps (no collectstatic). Developers: `DEBUG=1 make run` (tracebacks); `make run PORT=8001`.
PORT  ?= 8000
DEBUG ?= 0
run: messages migrate
	$(PY) manage.py seed_demo --if-empty
	@echo ""
	@echo "SalesOps is at http://127.0.0.1:$(PORT)/ — sign in with one of the users above (DEBUG=$(DEBUG))."
	DEBUG=$(DEBUG) $(PY) manage.py runserver 127.0.0.1:$(PORT)

## test: the whole suite (SQLite unless DATABASE_URL says otherwise)
test: messages
	$(PY) -m pytest $(PYTEST_ARGS)

## fuzz: schemathesis against a live server on a throwaway demo database, as a director and a rep
fuzz: messages
	tests/schemathesis/run.sh

lint: install
	$(VENV)/bin/ruff check .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

check-deploy: install
	DJANGO_SETTINGS_MODULE=salesops.settings.production SECRET_KEY=$$(openssl rand -hex 40) \
	  ALLOWED_HOSTS=sales.example.com $(PY) manage.py check --deploy --fail-level WARNING

worker: install
	$(VENV)/bin/celery -A salesops worker -l info -B

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
