# The two commands of the quickstart: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
DEMO   := out/demo

.PHONY: demo test lint typecheck clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

## Set everything up, build the bundled example corpus, print its timeline, write the reports.
demo: $(VENV)/.installed
	@mkdir -p $(DEMO)
	$(BIN)/storyline build examples/seeds --db $(DEMO)/storyline.db
	$(BIN)/storyline timeline --db $(DEMO)/storyline.db
	$(BIN)/storyline export --db $(DEMO)/storyline.db --format html -o $(DEMO)/report.html
	$(BIN)/storyline export --db $(DEMO)/storyline.db --format markdown -o $(DEMO)/report.md
	$(BIN)/storyline export --db $(DEMO)/storyline.db --format json -o $(DEMO)/storyline.json
	@echo
	@echo "Database, reports and export are in $(DEMO)/:"
	@echo "  $(DEMO)/storyline.db  $(DEMO)/report.html  $(DEMO)/report.md  $(DEMO)/storyline.json"

## Install PostgreSQL (Debian's package) for the store tests, unless it is there already.
.PHONY: postgres-deps
postgres-deps:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$${STORYLINE_SKIP_POSTGRES:-}" = 1 ]; then \
	  echo "postgres-deps: no PostgreSQL; STORYLINE_SKIP_POSTGRES=1, its tests will skip"; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
	  echo "postgres-deps: install the PostgreSQL server (initdb, pg_ctl) with your package" \
	       "manager, or set STORYLINE_SKIP_POSTGRES=1 to skip its tests" >&2; exit 1; \
	else \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "postgres-deps: installing Debian's postgresql package"; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends postgresql >/dev/null; \
	fi

## Install Debian's chromium for the browser tests (playwright drives it; playwright's own
## browser download is not used), unless it is there already.
.PHONY: browser-deps
browser-deps:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$${STORYLINE_SKIP_BROWSER:-}" = 1 ]; then \
	  echo "browser-deps: no chromium; STORYLINE_SKIP_BROWSER=1, the browser tests will skip"; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
	  echo "browser-deps: install chromium (/usr/bin/chromium) with your package manager," \
	       "or set STORYLINE_SKIP_BROWSER=1 to skip the browser tests" >&2; exit 1; \
	else \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "browser-deps: installing Debian's chromium package"; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	fi

## The timeline scorer: tilse (installed without its declared dependencies, which are for its
## own models and would pull textacy and numba; the scorer needs only numpy, scipy and nltk from
## the test extra) and Debian's libxml-parser-perl for its Perl ROUGE-1.5.5.
.PHONY: tls-deps
tls-deps: $(VENV)/.installed-test
	@if perl -MXML::Parser -e 1 >/dev/null 2>&1; then :; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
	  echo "tls-deps: install Perl's XML::Parser (Debian: libxml-parser-perl) for the TLS" \
	       "scorer's ROUGE" >&2; exit 1; \
	else \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "tls-deps: installing Debian's libxml-parser-perl"; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends libxml-parser-perl >/dev/null; \
	fi
	@$(BIN)/python -c "import tilse" >/dev/null 2>&1 || \
	  $(BIN)/python -m pip install --quiet --no-deps "tilse==0.2.1"

## Install the test dependencies and run the whole suite (with lint and type checks).
test: postgres-deps browser-deps tls-deps $(VENV)/.installed-test
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
