# jobsieve — every target sets up what it needs on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install demo test eval bench clean browser-deps

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed

# Parse the example postings (the shared seeds when present, else our own) and print their fields,
# then ingest them (with the shared dev postings) and serve the UI.
demo: install
	@if [ -d "$(SHARED)/examples/seeds" ]; then \
	  show="$(SHARED)/examples/seeds"; src="$$show"; \
	  [ -d "$(SHARED)/corpus/texts" ] && src="$$src $(SHARED)/corpus/texts"; \
	else \
	  echo "($(SHARED)/examples not found: using the project's own examples)"; show=examples; src=examples; \
	fi; \
	$(VENV)/bin/jobsieve parse $$show --table; \
	$(VENV)/bin/jobsieve ingest $$src --db jobsieve.db; \
	echo "jobsieve demo: open http://127.0.0.1:8000 (Ctrl-C to stop)"; \
	$(VENV)/bin/jobsieve serve --db jobsieve.db --host 127.0.0.1 --port 8000

# The browser tests drive Debian's chromium; install it when missing (root, else sudo), never a
# browser downloaded by a test tool. Without it the browser tests skip and say why.
browser-deps:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium) >/dev/null \
	    || echo "could not install chromium: the browser tests will be skipped"; \
	elif command -v sudo >/dev/null 2>&1; then \
	  (sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium) >/dev/null \
	    || echo "could not install chromium: the browser tests will be skipped"; \
	else echo "chromium is not installed and neither root nor sudo is available: the browser tests will be skipped"; fi

test: install browser-deps
	$(PY) -m pytest -q -n 2

# Seeds and dev set (tuned on), then the held-out sets labelled blind (the first measured only,
# never tuned on; set B measured blind once, then studied: see the README).
eval: install
	@if [ ! -d "$(SHARED)" ]; then echo "$(SHARED) not found: the evaluation needs the shared gold sets (set SHARED=...)"; exit 0; fi
	$(VENV)/bin/jobsieve eval $(SHARED)/examples/seeds.gold.jsonl $(SHARED)/corpus/dev.gold.jsonl
	$(VENV)/bin/jobsieve eval eval/holdout.gold.jsonl --root $(SHARED)/corpus
	$(VENV)/bin/jobsieve eval eval/holdout_b.gold.jsonl --root $(SHARED)/corpus
	$(VENV)/bin/jobsieve eval-dedup $(SHARED)/corpus/dedup/pairs.jsonl

# Each bench/bench_*.py measures one part (parse, store, dedup, batch) and prints its numbers.
bench: install
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
