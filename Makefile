# voc: `make run` serves the demo on SQLite, `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
APT_PACKAGES := poppler-utils fonts-noto-cjk chromium postgresql wrk

.PHONY: run test test-backend bench bench-flow lint setup system-packages loadtest clean messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# PDF fonts, pdftotext and Chromium come from Debian packages; installed when missing.
system-packages:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

setup: system-packages $(STAMP)

run: setup
	$(BIN)/voc migrate
	$(BIN)/voc demo
	@echo ""
	@echo "  voc is serving on http://127.0.0.1:8000  (API docs: http://127.0.0.1:8000/schema)"
	@echo "  Demo sign-in: cs@demo.voc / voc-demo-2026   (also admin@, hr@, manager@demo.voc)"
	@echo ""
	$(BIN)/voc serve --host 127.0.0.1 --port 8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy app surveys analytics training

test: setup lint
	$(BIN)/pytest -q

# CI's second pass, with VOC_TEST_DATABASE_URL naming a PostgreSQL server: only the tests whose
# outcome can depend on the database backend (tests/backends.py); the pure ones (sentiment,
# statistics, PDF layout, ...) ran on SQLite already. `make test` with the variable set still
# runs everything on PostgreSQL.
test-backend: setup
	$(BIN)/pytest -q --backend-only

bench: setup
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

# Not part of `make test`: 200 concurrent respondents for 60 s against one running instance,
# on SQLite and on PostgreSQL (figures in BENCHMARKS.md). Loopback only, bounded in time.
loadtest: setup
	$(BIN)/python bench/loadtest.py

# The respondent path against a bare Litestar app with wrk (64 connections, 10 s a phase), on
# SQLite and PostgreSQL; also part of `make bench`. Figures in BENCHMARKS.md.
bench-flow: setup
	$(BIN)/python bench/bench_flow.py

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache

# The one message catalog (app/locale/<lang>/LC_MESSAGES/messages.po, compiled in process):
# extract the keys used in code and templates (babel.cfg) and check both languages are complete.
messages: $(STAMP)
	mkdir -p var
	$(BIN)/pybabel extract -q -F babel.cfg -k t -o var/messages.pot --ignore-dirs=".venv tests bench migrations var" .
	$(BIN)/pytest -q tests/app/test_i18n.py
