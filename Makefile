# The front door: `make demo` and `make test`. Both create .venv and install the project into it.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck unit install clean browser smoke

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/newsgraph demo

lint: $(STAMP)
	$(BIN)/ruff check newsgraph tests bench fuzz tools
	$(BIN)/ruff format --check newsgraph tests bench fuzz tools
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# Browser tests drive Debian's Chromium (Playwright's own browser download cannot work offline).
browser:
	@command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null || \
	  echo "could not install chromium: browser tests will be skipped"; }

unit: $(STAMP) browser
	$(BIN)/python -m pytest -q

# The wheel in a fresh venv, used from outside the checkout (tests/smoke_wheel.sh).
smoke:
	sh tests/smoke_wheel.sh $(PYTHON)

test: lint typecheck unit smoke

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
