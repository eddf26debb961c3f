VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python

# make run: where the web server listens; SEED=0 skips `seed_demo --if-empty`.
HOST ?= 127.0.0.1
PORT ?= 8000
SEED ?= 1

# make bench ONLY=NAME runs one benchmark (or a comma-separated few). The services and settings
# it uses are bench/run.py's (BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_BROKER_URL override them).
ONLY ?=

.PHONY: setup run test lint bench services

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The stylesheets: GOV.UK Frontend and MoJ Frontend compiled in the hub's typeface, and the portal's own layer.
var/assets/.built: node_modules/.installed $(wildcard static/scss/*.scss)
	npm run --silent build:css
	touch $@

setup: $(VENV)/.installed node_modules/.installed var/assets/.built

# Migrates, seeds an empty database, then runs the web server and a Celery worker with beat together.
# DEBUG defaults to on here: runserver is the demo and development server (production: README.md).
run: setup
	DEBUG=$${DEBUG:-1} exec $(PY) scripts/run_portal.py --host $(HOST) --port $(PORT) $(if $(filter 0 no false,$(SEED)),--no-seed)

test: setup
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Style (ruff) and the one direction of the apps' imports (import-linter); both configured in pyproject.toml.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# Starts this machine's PostgreSQL and Redis if they do not answer (as .ci/run does).
services:
	bash scripts/ensure_services.sh

# Every benchmark in bench/, production-like settings, on PostgreSQL and Redis as CI reaches them.
bench: setup services
	$(PY) bench/run.py $(if $(ONLY),--only $(ONLY))
