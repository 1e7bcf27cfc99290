# The two commands: `make run` serves the site with demo data, `make test` runs
# every test. Both install what they need first (scripts/setup.sh).
.PHONY: run test production backup restore setup lint format db-stop db-start

PYTHON := .venv/bin/python
# Local defaults; any of these can be overridden from the environment.
export DEBUG ?= true

# The local cluster need not wait for the disk at each commit (a crash may lose
# the last moment's writes, never corrupt the database); production does.
run test: export DATABASE_SYNCHRONOUS_COMMIT ?= false

run: setup
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py createcachetable
	$(PYTHON) manage.py load_demo_data
	$(PYTHON) manage.py build_basemap --if-missing
	$(PYTHON) manage.py runserver 127.0.0.1:8000

test: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	DEBUG=false SECRET_KEY=test-only-secret $(PYTHON) manage.py collectstatic --noinput -v0
	DEBUG=false SECRET_KEY=test-only-secret .venv/bin/pytest

# gunicorn with DEBUG off and the settings of the environment: see
# docs/production.md for the variables it needs.
production: export DEBUG = false
production: setup
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py createcachetable
	$(PYTHON) manage.py collectstatic --noinput -v0
	$(PYTHON) manage.py build_basemap --if-missing
	$(PYTHON) manage.py check --deploy --fail-level WARNING
	.venv/bin/gunicorn config.wsgi

# A full copy of the database (pg_dump's custom format) into backups/, and back.
backup:
	@bash scripts/backup.sh backup $(FILE)

restore:
	@bash scripts/backup.sh restore $(FILE)

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
