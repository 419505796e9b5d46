# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run worker test test-fast lint format migrations-check messages audit check-python venv clean

check-python:
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 12) else "Python 3.12 or newer is needed; $(PYTHON) is %d.%d. Install 3.12 (see .python-version)." % v[:2])'

$(STAMP): requirements.txt requirements-dev.txt | check-python
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

## Create the venv, install, migrate, load demo data into an empty database, and serve, with
## the worker (mail; on the console unless EMAIL_HOST is set) running beside the server and
## stopped with it.
run: $(STAMP)
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --no-input
	DEBUG=$${DEBUG:-true} $(PY) manage.py createcachetable
	DEBUG=$${DEBUG:-true} $(PY) manage.py seed_demo --if-empty
	DEBUG=$${DEBUG:-true} $(PY) manage.py send_reminders --schedule
	DEBUG=$${DEBUG:-true} $(PY) manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

## The background worker alone (deliver queued mail), until stopped.
worker: $(STAMP)
	DEBUG=$${DEBUG:-true} $(PY) manage.py run_worker

## The whole suite, on SQLite unless DATABASE_URL points elsewhere.
test: $(STAMP)
	$(PY) -m pytest

## Everything but the browser tests.
test-fast: $(STAMP)
	$(PY) -m pytest -m "not browser"

## Refresh the Japanese catalogue from the code (new strings come untranslated) and compile it.
messages: $(STAMP)
	DEBUG=true $(PY) manage.py makemessages -l ja --ignore=".venv/*" --ignore="bench/*" --ignore="tests/*"
	DEBUG=true $(PY) manage.py compilemessages --ignore=".venv/*" --ignore="bench/*"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(STAMP)
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

## Check what requirements.txt installs against known vulnerabilities (PyPI's advisories).
## Needs the network; CI does not run it. Exits non-zero when one is found.
audit: $(STAMP)
	$(VENV)/bin/pip-audit --strict --requirement requirements.txt

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
