# The two commands of the README: `make run` and `make test`.
# Each sets up its own virtual environment from the pinned requirements first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint setup clean bench neo4j

$(STAMP): pyproject.toml requirements.lock
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

# Build the graph from the bundled corpus and the curated catalogue into the default store
# (.vbgraph/graph.db), answer the first question users ask, then serve the HTTP API on
# http://127.0.0.1:8000 (the explorer at /, docs at /docs) until Ctrl-C. HOST and PORT may be set: make run PORT=8080
HOST ?= 127.0.0.1
PORT ?= 8000
run: $(STAMP)
	$(BIN)/vbgraph ingest data/corpus data/catalogue.yaml
	$(BIN)/vbgraph trace 55/2009
	$(BIN)/vbgraph serve --host $(HOST) --port $(PORT)

# The Neo4j tests need a real server: the launcher in tools/neo4j-launcher is built with Maven
# first (Neo4j Community 5.26 from Maven Central, cached in ~/.m2); the explorer's tests need
# Debian's chromium (apt-get, as root). Without them these steps say so and those tests are
# skipped.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m tests.neo4j_server build
	$(BIN)/python -m tests.browser install
	$(BIN)/pytest -q

# A local Neo4j on bolt://127.0.0.1:7687 (data in .vbgraph/neo4j) to push to; Ctrl-C stops it.
# NEO4J_PASSWORD=… make neo4j sets the password of the user neo4j (none: no authentication).
neo4j: $(STAMP)
	$(BIN)/python -m tests.neo4j_server run --port 7687

bench: $(STAMP)
	$(BIN)/python benchmarks/extract_throughput.py data/corpus
	$(BIN)/python benchmarks/api_load.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
