# Switchyard developer commands. Each target creates .venv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint bench bench-compose corpus clean

# Reference implementations (npm) for the differential tests.
NODE_STAMP := tests/reference/node_modules/.package-lock.json

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

$(NODE_STAMP): tests/reference/package-lock.json
	cd tests/reference && npm ci --no-audit --no-fund --loglevel=error

setup: $(STAMP) $(NODE_STAMP)

demo: $(STAMP)
	$(BIN)/python examples/demo.py

lint: $(STAMP)
	$(BIN)/ruff check composer router subgraphs tests bench examples
	$(BIN)/mypy

test: lint $(NODE_STAMP)
	$(BIN)/python -m pytest -n 2

corpus: $(STAMP)
	$(BIN)/python ../shared/compose-corpus/score.py ../shared/compose-corpus -j 2 \
	  --cmd '$(abspath $(BIN))/python -m composer compose --config {config} --output {out} --format json'

bench: $(STAMP)
	bench/setup.sh
	$(BIN)/python -m bench.gateways --query heavy,light

bench-compose: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m bench.compose

clean:
	rm -rf $(VENV)
