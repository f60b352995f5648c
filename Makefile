# Switchyard developer commands. Each target creates .venv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint bench-compose corpus clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/python examples/demo.py

lint: $(STAMP)
	$(BIN)/ruff check composer router subgraphs tests bench examples
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -n 2

corpus: $(STAMP)
	$(BIN)/python ../shared/compose-corpus/score.py ../shared/compose-corpus -j 2 \
	  --cmd '$(abspath $(BIN))/python -m composer compose --config {config} --output {out} --format json'

bench-compose: $(STAMP)
	$(BIN)/python -m bench.compose

clean:
	rm -rf $(VENV)
