# The two commands of the README:
#   make run   - set up a virtual environment, migrate, load the demo and serve on 127.0.0.1:8000
#                (another port or address: PORT=8001 make run, HOST=0.0.0.0 PORT=8001 make run;
#                e-mailed links follow: SITE_URL defaults to http://$(HOST):$(PORT))
#   make test  - install what the tests need (Python packages, Chromium, fonts) and run them
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The address e-mailed links point at: the one `make run` serves, unless set
SITE_URL ?= http://$(HOST):$(PORT)
# pytest processes: the browser and worker tests mostly wait, so three overlap well on 2 cores
# (measured on 2 cores: 2 processes 12.5 min, 3 processes 10.9 min, 4 processes 11.0 min)
TEST_WORKERS ?= 3

.PHONY: run test install install-test system-deps lint format serve benchmarks security-checks screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_demo
	@echo "Serving LFS on http://$(HOST):$(PORT)/ (Ctrl-C to stop; another port: PORT=8001 make run)"
	SITE_URL="$(SITE_URL)" $(BIN)/python manage.py runserver $(HOST):$(PORT)

system-deps:
	@bash scripts/install-system-deps.sh

test: install-test system-deps
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m mypy
	$(MAKE) security-checks
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --ignore=tests/test_faults.py --durations=25
	# alone: these stop and restart PostgreSQL and Redis under the running tests
	$(BIN)/python -m pytest tests/test_faults.py

# Outside checks: bandit (medium severity and above must be clean) and pip-audit (skipped
# with a message where its service cannot be reached; real findings fail).
security-checks:
	$(BIN)/python -m bandit -q -c pyproject.toml -r . --severity-level medium
	BIN=$(BIN) bash scripts/pip-audit.sh

# mypy (with django-stubs) checks the services and selectors: the files and settings are in
# pyproject.toml's [tool.mypy]
lint:
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m mypy

format:
	$(BIN)/python -m ruff format .
	$(BIN)/python -m ruff check --fix .

# docs/screenshots/: the journey browser tests photograph every page they check (English and
# Hebrew, desktop and phone) and rewrite the gallery's index.
screenshots: install-test
	rm -f docs/screenshots/*.png
	LFS_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/test_browser_journeys.py -q
