# Two commands: `make run` (the service on the embedded default, with demo data)
# and `make test` (the whole suite). Both set up .venv first if needed.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 5000
# Test processes: most tests wait on workers, servers and browsers, so more than the cores.
TEST_WORKERS ?= 3

.PHONY: install system-deps run test lint bench samples clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

# Browser tests drive Debian's Chromium; PDF checks use poppler. Installed when missing and
# we can (root with apt-get); otherwise those tests skip and say why.
system-deps:
	@sh scripts/system-deps.sh

run: install
	$(BIN)/letters db upgrade
	$(BIN)/letters seed-demo
	@echo "Serving on http://$(HOST):$(PORT)  (Ctrl-C to stop)"
	$(BIN)/letters serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .

test: install system-deps lint
	$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal

bench: install system-deps
	$(BIN)/python bench/render.py
	$(BIN)/python bench/flow_latency.py
	$(BIN)/python bench/pipeline.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/storage_stream.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/plot.py
	$(BIN)/python bench/csv_orders.py
	$(BIN)/python bench/hand.py

clean:
	rm -rf $(VENV) instance *.egg-info
