# Two entry points for a fresh clone: `make demo` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-fast format clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/graphmap demo

# The whole suite: lint and format check, then every test. Neo4j and Chromium tests run when
# those are available (.ci/run installs them; under CI=true they must be there).
test: $(STAMP)
	scripts/test

# The loop while you work (under a minute on 2 cores): lint, types, and every test that needs
# neither Neo4j nor a browser nor seconds of its own, on every core. `make test` before you push.
test-fast: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q -n auto -m "not neo4j and not browser and not slow"

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .test-neo4j graphmap.db graphmap.db-wal graphmap.db-shm
