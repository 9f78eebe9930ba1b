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
	@echo "deps: installing the pinned Python packages of requirements.lock (hash-checked; about a minute)…"
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e wizard
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

deps: $(VENV)/.installed node_modules/.installed

# Build ----------------------------------------------------------------------
# Each step is a stamp file under build/stamps/ that depends on the step's real
# inputs: a second `make site` or `make serve` with nothing changed rebuilds
# nothing, and a changed input reruns every step after it (site/ is rebuilt
# whole, never patched). `make clean` forgets the stamps.
STAMPS := build/stamps
inputs = $(shell find $(1) -type f -not -path '*/__pycache__/*' -not -path '*.egg-info/*' -not -name '*.pyc' 2>/dev/null)
CONTENT_IN  := $(call inputs,content)
SCRIPTS_IN  := $(call inputs,scripts)
WIZARD_IN   := $(call inputs,wizard)
SITE_IN     := $(call inputs,overrides docs/assets) mkdocs.yml mkdocs.offline.yml

pages: $(STAMPS)/pages
$(STAMPS)/pages: $(VENV)/.installed $(CONTENT_IN) $(SCRIPTS_IN)
	$(BIN)/python -m scripts.render_pages
	@mkdir -p $(@D) && touch $@

# The engine alone (build/engine/); `make site` builds it too.
engine: deps
	$(BIN)/python -m scripts.build_engine

# One stamp per kind of build (all languages, or BUILD_ONLY_LOCALE's one), so
# switching between them rebuilds; a removed site/ rebuilds too.
SITE_STAMP := $(STAMPS)/site$(if $(BUILD_ONLY_LOCALE),-$(BUILD_ONLY_LOCALE))
ifeq ($(wildcard site/index.html),)
$(shell rm -f $(STAMPS)/site*)
endif

site: $(SITE_STAMP)
$(SITE_STAMP): $(VENV)/.installed node_modules/.installed $(STAMPS)/pages $(WIZARD_IN) $(SITE_IN) package-lock.json
	@echo "site: mkdocs, all languages…"
	$(BIN)/mkdocs build --strict --quiet
	$(BIN)/python -m scripts.search_by_language site
	$(BIN)/python -m scripts.build_engine --into site
	@echo "site: the offline copy and the service worker…"
	$(BIN)/python -m scripts.build_offline --into site
	node scripts/build_service_worker.mjs site
	@mkdir -p $(@D) && rm -f $(STAMPS)/site* && touch $@

# The offline copy (file://): `make site` builds it (the site links its own
# download, site/download/); this target names it: build/offline.zip
offline: site
	@ls -l build/offline.zip

serve: site
	$(BIN)/python -m scripts.serve --port $(PORT) site

# Speed: measured in headless Chromium, with and without Slow-4G throttling
bench: site
	bash scripts/ensure-system-packages.sh --with-browser
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
	# The rule cases under Pyodide with each standard library the engine may pick
	node tests/pyodide/run_cases.mjs python_stdlib.zip
	node tests/pyodide/run_cases.mjs python_stdlib_compiled.zip

clean:
	rm -rf site build docs/engine .coverage
	find docs -name '*.md' -delete
