# The two commands: `make run` and `make test`. Everything else is a helper of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := assembly.settings

.PHONY: run test install migrate seed messages lint format e2e bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	msgfmt --check -o $@ $<

compilemessages: $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

run: install compilemessages
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=1 $(BIN)/python manage.py seed_demo
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The whole suite; on PostgreSQL when DATABASE_URL is set. Browser tests are `make e2e`.
test: install compilemessages
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -m "not e2e" $(PYTEST_ARGS)

e2e: install compilemessages
	$(BIN)/pytest -m e2e -p no:xdist tests/e2e $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages -l ar -l es -l fr -l en --no-obsolete --ignore ".venv/*" --ignore "node_modules/*" --ignore "staticfiles/*"

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 media private

# The agenda's benchmark: gunicorn (2 workers) serving the demo on loopback (tests/bench/).
bench: install
	$(BIN)/python tests/bench/bench_agenda.py
