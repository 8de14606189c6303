# Two commands on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DEPS_STAMP := $(VENV)/.deps-$(shell cat pyproject.toml | sha1sum | cut -c1-10)

.PHONY: run test lint typecheck unit bench soak sandbox clean system-deps

$(PY):
	$(PYTHON) -m venv $(VENV)

$(DEPS_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	rm -f $(VENV)/.deps-*
	touch $@

# Without BOT_TOKEN: the local sandbox (web chat on http://127.0.0.1:8080); with it: the Telegram bot.
# MALLOC_MMAP_THRESHOLD_: ~40 MB less resident memory, see the Dockerfile.
run: export MALLOC_MMAP_THRESHOLD_ ?= 1048576
run: $(DEPS_STAMP)
	@if [ -n "$$BOT_TOKEN" ]; then \
		$(PY) -m bot db upgrade && exec $(PY) -m bot run; \
	else \
		exec $(PY) -m bot sandbox; \
	fi

# Debian packages the suite needs (PostgreSQL, Redis, Chromium ...): each scripts/deps.d/*.sh installs one.
system-deps:
	@for f in scripts/deps.d/*.sh; do [ -e "$$f" ] && bash "$$f" || true; done

lint: $(DEPS_STAMP)
	$(VENV)/bin/ruff check bot tests bench testkit

typecheck: $(DEPS_STAMP)
	$(VENV)/bin/mypy

unit: $(DEPS_STAMP)
	$(VENV)/bin/pytest -q -m "not e2e and not browser and not postgres"

test: $(DEPS_STAMP) system-deps lint typecheck
	$(VENV)/bin/pytest -q -p no:cacheprovider

sandbox: $(DEPS_STAMP)
	$(PY) -m bot sandbox

bench: $(DEPS_STAMP)
	$(PY) -m bench.run

soak: $(DEPS_STAMP)
	$(PY) -m bench.soak

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
