# Serum Run 1925: every command a contributor needs. `make help` lists them.
# Python packages go to .venv (requirements*.txt, pinned); npm tools to node_modules
# (package-lock.json, `npm ci`). The browser is Debian's chromium (apt-get).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

#: Each step under its own time limit (coreutils `timeout`, where there is one): an input
#: that stalls a check fails that step, instead of holding the machine (issue 22).
LIMIT = $(if $(shell command -v timeout 2>/dev/null),timeout --kill-after=30s $(1),)

.PHONY: help site bundle serve check test test-fast lint map install install-dev system-deps clean

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
	$(call LIMIT,10m) $(PY) scripts/build.py

bundle: $(VENV)/.build  ## install and build the offline bundle (one zip, both languages) into dist/
	$(call LIMIT,10m) $(PY) scripts/bundle.py

serve: $(VENV)/.build  ## install and preview the site at http://127.0.0.1:8000/serum-run/ (publication checks off)
	SERUMRUN_CHECKS=false NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs serve --strict

system-deps:  ## install the Debian packages the tests need (chromium, java)
	scripts/system-deps.sh

test: system-deps $(STAMP)  ## install and run the whole test suite (build, unit, browser), on every core
	$(call LIMIT,50m) $(PY) -m pytest -n auto --dist loadgroup --no-loadscope-reorder  # groups: tests/conftest.py

test-fast: $(STAMP)  ## the tests that build no site and open no browser (seconds, while editing)
	$(call LIMIT,5m) $(PY) -m pytest -m "not slow and not browser"

check: $(VENV)/.build  ## check everything a contribution can get wrong, in one pass (a few seconds)
	$(call LIMIT,5m) $(PY) scripts/check.py

map: $(STAMP)  ## redraw the route map (data/maps/) after a change of data/relay.yml or the geodata
	$(call LIMIT,10m) $(PY) scripts/make_map.py

lint: $(STAMP)  ## ruff over the Python code, and the package's layers (import-linter, pyproject.toml)
	$(call LIMIT,5m) $(PY) -m ruff check serumrun scripts tests
	$(call LIMIT,5m) $(PY) -m ruff format --check serumrun scripts tests
	$(call LIMIT,5m) $(VENV)/bin/lint-imports

clean:  ## remove built output and installed tools
	rm -rf site build dist $(VENV) node_modules
