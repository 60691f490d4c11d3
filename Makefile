# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py

.PHONY: run test install install-dev setup messages makemessages demo bench lint format clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt package-lock.json $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements-dev.txt
	@# axe-core for the browser tests' accessibility scans (pinned in package-lock.json).
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: browser tests will be skipped (apt-get install -y npm)"; fi
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Compile locale*/*/LC_MESSAGES/*.po in pure Python (no GNU gettext needed to run).
messages: install
	$(PY) scripts/messages.py compile

## Extract strings (needs GNU gettext; for developers only). Source strings are
## Vietnamese, so locale/vi copies each msgid (msgen); translate locale/en by hand.
makemessages: install
	$(MANAGE) makemessages -l vi -l en --no-obsolete --ignore=node_modules \
		--ignore=var --ignore=tests --ignore=benchmarks --ignore=scripts
	$(PY) scripts/messages.py fill-vi

setup: install messages
	$(MANAGE) migrate --noinput
	$(MANAGE) demo_load

## The site, a Celery worker and Celery beat on SQLite with Vietnamese demo content.
run: setup
	$(VENV)/bin/honcho start --port 8000

test: install-dev messages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: install-dev messages
	$(PY) -m benchmarks

## Load (or refresh) the Vietnamese demo content without starting the servers.
demo: setup

## Format only (lint also fixes what ruff can).
format: install-dev
	$(VENV)/bin/ruff format .

lint: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf var/celery var/cache
