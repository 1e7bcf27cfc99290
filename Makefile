# The two commands: `make run` serves the site with demo data, `make test` runs
# every test. Both install what they need first (scripts/setup.sh).
.PHONY: run test setup lint format db-stop db-start

PYTHON := .venv/bin/python
# Local defaults; any of these can be overridden from the environment.
export DEBUG ?= true

run: setup
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py load_demo_data
	$(PYTHON) manage.py runserver 127.0.0.1:8000

# Tests never reach the network: no map tiles.
test: export MAP_TILE_URL =
test: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	DEBUG=false SECRET_KEY=test-only-secret $(PYTHON) manage.py collectstatic --noinput -v0
	DEBUG=false SECRET_KEY=test-only-secret .venv/bin/pytest

setup:
	@bash scripts/setup.sh

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

db-start:
	@bash scripts/db.sh start

db-stop:
	@bash scripts/db.sh stop
