# Serum Run 1925: every command a contributor needs. `make help` lists them.
# Python packages go to .venv (requirements*.txt, pinned); npm tools to node_modules
# (package-lock.json, `npm ci`). The browser is Debian's chromium (apt-get).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: help site bundle serve check test lint map install install-dev system-deps clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.build: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(STAMP): $(VENV)/.build requirements-dev.txt package.json package-lock.json
	$(PY) -m pip install --quiet -r requirements-dev.txt
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.build  ## install what the build needs

install-dev: $(STAMP)  ## install what the tests need too

site: $(VENV)/.build  ## install and build the site into site/ (strict)
	$(PY) scripts/build.py

bundle: $(VENV)/.build  ## install and build the offline bundle (one zip, both languages) into dist/
	$(PY) scripts/bundle.py

serve: $(VENV)/.build  ## install and preview the site at http://127.0.0.1:8000/serum-run/
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs serve --strict

system-deps:  ## install the Debian packages the tests need (chromium, java)
	scripts/system-deps.sh

test: system-deps $(STAMP)  ## install and run the whole test suite (build, unit, browser)
	$(PY) -m pytest

check: $(VENV)/.build  ## check everything a contribution can get wrong, in one pass (a few seconds)
	$(PY) scripts/check.py

map: $(STAMP)  ## redraw the route map (data/maps/) after a change of data/relay.yml or the geodata
	$(PY) scripts/make_map.py

lint: $(STAMP)  ## ruff over the Python code
	$(PY) -m ruff check serumrun scripts tests
	$(PY) -m ruff format --check serumrun scripts tests

clean:  ## remove built output and installed tools
	rm -rf site build dist $(VENV) node_modules
