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
# (.vbgraph/graph.db), answer the first question users ask, then serve the HTTP API on
# http://127.0.0.1:8000 (docs at /docs) until Ctrl-C. HOST and PORT may be set: make run PORT=8080
HOST ?= 127.0.0.1
PORT ?= 8000
run: $(STAMP)
	$(BIN)/vbgraph ingest data/corpus data/catalogue.yaml
	$(BIN)/vbgraph trace 55/2009
	$(BIN)/vbgraph serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/extract_throughput.py data/corpus
	$(BIN)/python benchmarks/api_load.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
