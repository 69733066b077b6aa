# warta: the set-up commands for a fresh machine. `make run` and `make test` install first.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
DB     ?= warta.db

.PHONY: install run test lint bench models clean

$(BIN)/warta: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,postgres]'
	@touch $@

install: $(BIN)/warta

run: install
	$(BIN)/warta ingest examples/ $(wildcard $(SHARED)/seed/*.txt) $(wildcard $(SHARED)/corpus/dev/articles.jsonl) --db $(DB)
	$(BIN)/warta stats --db $(DB)
	@echo
	@echo "Open the dashboard on this store:  $(BIN)/warta serve --db $(DB)   (then http://127.0.0.1:8000/)"

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests bench

bench: install
	$(BIN)/python bench/run.py

models: install
	$(BIN)/pip install --quiet -e '.[train]'
	$(BIN)/python -m warta.nlp.train all

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
