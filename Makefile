# jobsieve — every target sets up what it needs on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install demo test eval bench lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed

demo: install
	@if [ -d "$(SHARED)/examples/seeds" ]; then \
	  $(VENV)/bin/jobsieve parse --table $(SHARED)/examples/seeds; \
	else \
	  echo "($(SHARED)/examples not found: parsing the project's own demo posting)"; \
	  $(VENV)/bin/jobsieve parse --table examples/demo_posting.txt; \
	fi

test: install
	$(PY) -m pytest -q -n 2

eval: install
	$(VENV)/bin/jobsieve eval $(SHARED)/examples/seeds.gold.jsonl $(SHARED)/corpus/dev.gold.jsonl

# Each bench/bench_*.py measures one part (parse, store, dedup, batch) and prints its numbers.
bench: install
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
