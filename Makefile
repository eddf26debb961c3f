VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python

# make run: where the web server listens; SEED=0 skips `seed_demo --if-empty`.
HOST ?= 127.0.0.1
PORT ?= 8000
SEED ?= 1
# make run also starts the Teaching Record System stand-in on this port and sets TRS_API_URL=http://127.0.0.1:8765
# (with a local key) for the portal, so it uses its real TRS client over HTTP. 0: no stand-in. A TRS_API_URL
# already in the environment wins, and then no stand-in starts.
TRS_STANDIN_PORT ?= 8765

# make bench ONLY=NAME runs one benchmark (or a comma-separated few). The services and settings
# it uses are bench/run.py's (BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_BROKER_URL override them).
# make bench BENCH_SCALE=87 seeds and measures 87 hubs' worth of data in a database of its own (default 5).
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

# Migrates, seeds an empty database, then runs the web server, a Celery worker with beat and the TRS stand-in together.
# DEBUG defaults to on here: runserver is the demo and development server (production: README.md).
run: setup
	DEBUG=$${DEBUG:-1} exec $(PY) scripts/run_portal.py --host $(HOST) --port $(PORT) $(if $(filter 0 no false,$(SEED)),--no-seed) --trs-standin-port $(TRS_STANDIN_PORT)

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
