VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python

.PHONY: setup run test bench

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

setup: $(VENV)/.installed node_modules/.installed

test: setup
	$(VENV)/bin/pytest $(PYTEST_ARGS)
