# Two commands do all the set-up (see README): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

# The test suite runs against real services: PostgreSQL, Redis and a Celery worker.
TEST_ENV := DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/factcheck} \
	CELERY_BROKER_URL=$${TEST_BROKER_URL:-redis://127.0.0.1:6379/15} \
	SECRET_KEY=test-only-secret-key-not-for-any-server-use SECURE_SSL_REDIRECT=0 DEBUG=0

.PHONY: run start test test-fast check install install-dev chromium lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Browser tests drive Debian's Chromium (Playwright's own browser download does not work
# here); without root the browser tests are skipped with a reason.
chromium:
	@command -v chromium >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

## Install, migrate, load the demo article and serve the app on the embedded default: the
## development server and a background worker (Procfile.dev), on SQLite files in var/.
## Always the embedded default: an exported (or .env) DATABASE_URL or broker is not used,
## so the demo's accounts never land in a real database.
RUN_ENV := DEBUG=$${DEBUG:-1} DATABASE_URL= CELERY_BROKER_URL= CACHE_URL=
run: install
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py load_demo
	$(RUN_ENV) HOST=$(HOST) PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho -e /dev/null -f Procfile.dev start

## Production: migrate, collect static files, then gunicorn, a Celery worker and beat, all
## from the Procfile under honcho, configured by the environment (or a .env file).
start: install
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start

## Install and run the whole test suite against PostgreSQL, Redis and a real worker.
test: install-dev chromium check
	$(TEST_ENV) $(BIN)/python -m pytest

## The day-to-day loop: lint, types, contracts and every test that needs no browser, worker
## or other process (PostgreSQL and Redis still run; about two minutes).
test-fast: install-dev check
	$(TEST_ENV) $(BIN)/python -m pytest -m "not browser and not worker and not subprocess" -q

## Lint, format, types (mypy with django-stubs), the import contract and migrations.
check: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/mypy
	$(TEST_ENV) $(BIN)/lint-imports
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

lint: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
