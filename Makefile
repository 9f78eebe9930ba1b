# The site: content/ (facts) -> scripts/ (render, package) -> docs/ -> mkdocs -> site/
# `make serve` and `make test` install what they need on a fresh Debian machine.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: all serve site pages engine test test-python test-pyodide bench offline clean deps translations import-translations

all: site

# Dependencies ---------------------------------------------------------------
$(VENV)/.installed: requirements.lock wizard/pyproject.toml
	bash scripts/ensure-system-packages.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e wizard
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

deps: $(VENV)/.installed node_modules/.installed

# Build ----------------------------------------------------------------------
pages: $(VENV)/.installed
	$(BIN)/python -m scripts.render_pages

engine: deps
	$(BIN)/python -m scripts.build_engine

site: deps pages
	$(BIN)/mkdocs build --strict --quiet
	$(BIN)/python -m scripts.search_by_language site
	$(BIN)/python -m scripts.build_engine --into site
	$(BIN)/python -m scripts.build_offline --into site
	node scripts/build_service_worker.mjs site

# The offline copy (file://): `make site` builds it (the site links its own
# download, site/download/); this target names it: build/offline.zip
offline: site
	@ls -l build/offline.zip

serve: site
	$(BIN)/python -m scripts.serve --port $(PORT) site

# Speed: measured in headless Chromium, with and without Slow-4G throttling
bench: site
	$(BIN)/python -m scripts.bench

# Translations for native reviewers: one PO file per language (see README)
translations: $(VENV)/.installed
	$(BIN)/python -m scripts.translations export build/translations

import-translations: $(VENV)/.installed
	@test -n "$(PO)" || { echo 'usage: make import-translations PO="build/translations/ky.po"'; exit 2; }
	$(BIN)/python -m scripts.translations import $(PO)

# Tests ----------------------------------------------------------------------
test: deps
	bash scripts/ensure-system-packages.sh --with-browser
	$(MAKE) site
	$(BIN)/coverage run -m pytest
	$(BIN)/coverage report
	node tests/pyodide/run_cases.mjs

clean:
	rm -rf site build docs/engine .coverage
	find docs -name '*.md' -delete
