# ASN Portal. `make run` and `make test` each set up everything they need.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
# Tests run against the real services of the machine unless told otherwise.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/asn_portal
TEST_BROKER_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test lint fmt check bench browser-deps

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUN_STAMP): requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	bin/run-dev

browser-deps:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Chromium for the browser tests (Debian package)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "Could not install chromium: browser tests will be skipped"; }

test: $(DEV_STAMP) browser-deps
	$(VENV)/bin/ruff check .
	env -u DATABASE_URL $(PY) manage.py makemigrations --check --dry-run
	DJANGO_ENV=production SECRET_KEY=check-deploy-$$RANDOM$$RANDOM-only-for-the-deploy-check-0123456789 \
	  ALLOWED_HOSTS=portal.example.go.id CACHE_URL=redis://127.0.0.1:6379/15 \
	  $(PY) manage.py check --deploy --fail-level WARNING
	@# Medium and high findings fail; each reviewed one carries `# nosec BXXX` and why.
	$(VENV)/bin/bandit -q -c pyproject.toml -r . --severity-level medium
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
	  $(VENV)/bin/pytest -n 2 --dist loadgroup -q -m "not worker"
	@# Real-worker fault tests one at a time: Redis keeps one "unacknowledged" set per
	@# database, and their short visibility timeout must not reach another test's tasks.
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
	  $(VENV)/bin/pytest -q -m worker

# Not part of `make test`: minutes of load on the machine. See bench/README.md.
bench: $(DEV_STAMP)
	@command -v wrk >/dev/null || { echo "Installing wrk (Debian package)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(PY) -m bench.run

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: $(DEV_STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check
