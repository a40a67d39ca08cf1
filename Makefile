# The two commands of the README: `make run` and `make test`.
# Each sets up its own virtual environment from the pinned requirements first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint setup clean bench

$(STAMP): pyproject.toml requirements.lock
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

# Build the graph from the bundled corpus and the curated catalogue into the default store
# (.vbgraph/graph.db), then answer the first question users ask.
run: $(STAMP)
	$(BIN)/vbgraph ingest data/corpus data/catalogue.yaml
	$(BIN)/vbgraph trace 55/2009

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/extract_throughput.py data/corpus

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
