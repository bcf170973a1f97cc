# The two commands a fresh clone needs: `make run` and `make test`.
# Each creates .venv and installs what it needs when missing: `make run` the project alone,
# `make test` the project with its test extra (pytest, the browser, and the Dask `scale` extra).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.installed-test

export PREFECT_SERVER_ANALYTICS_ENABLED := false
# Prefect's temporary server can take longer than its default 20 s to start on a busy two-core machine.
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 120

.PHONY: run test test-fast lint docs bench bench-query bench-hs6 bench-cluster clean

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "tradebrief needs Python 3.11 or newer ($(PYTHON) is older)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $(INSTALLED)

$(TEST_INSTALLED): $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(TEST_INSTALLED)

run: $(INSTALLED)
	$(BIN)/tradebrief refresh
	$(BIN)/tradebrief report

# pytest-xdist runs the tests in up to four processes, one file each at a time (its module fixtures are built once):
# much of the suite waits on subprocesses and servers, so two cores finish it in about two thirds of the time.
test: lint
	$(BIN)/python -m pytest -n auto --maxprocesses 4 --dist loadfile

# The same without the cases marked slow (whole refreshes in child processes, a served schedule, the browser).
test-fast: lint
	$(BIN)/python -m pytest -n auto --maxprocesses 4 --dist loadfile -m "not slow"

# The tables the docs hold that are made from the code (the sources, the data folder's layout, the settings).
docs: $(INSTALLED)
	$(BIN)/python -m flows.generated_docs

# ruff and mypy, configured in pyproject.toml; both must be clean for the tests to run.
lint: $(TEST_INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(INSTALLED)
	$(BIN)/python -m benchmarks.bench_refresh

bench-query: $(INSTALLED)
	$(BIN)/python -m benchmarks.bench_query

bench-hs6: $(TEST_INSTALLED)
	$(BIN)/python -m benchmarks.bench_hs6

bench-cluster: $(TEST_INSTALLED)
	$(BIN)/python -m benchmarks.bench_cluster

clean:
	rm -rf $(VENV) warehouse/*.duckdb warehouse/*.duckdb.wal warehouse/*.years benchmarks/.data
