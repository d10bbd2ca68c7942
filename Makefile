# The two commands: `make run` and `make test`. Everything else is a helper of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := assembly.settings

.PHONY: run test install compilemessages messages lint format e2e a11y security load load-vote clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Babel compiles the catalogues, so a machine without GNU gettext can run the project.
compilemessages: install
	$(BIN)/pybabel compile --statistics -d locale -D django

run: install compilemessages
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=1 $(BIN)/python manage.py seed_demo
	DJANGO_SITE_URL=$${DJANGO_SITE_URL:-http://$(HOST):$(PORT)} DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The whole suite; on PostgreSQL when DATABASE_URL is set. Browser tests are `make e2e`.
test: install compilemessages
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -m "not e2e" $(PYTEST_ARGS)

# The proof (README: "Proof"). Browser tests drive Debian's chromium (`bash .ci/browser` installs
# it); screenshots, axe reports and the checked HTML go to test-artifacts/.
ARTIFACTS := test-artifacts
LOAD_SECONDS ?= 60

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Every browser test: journeys, RTL layout, keyboard, axe-core and the Nu HTML Checker.
e2e: install compilemessages node_modules/.installed
	rm -rf $(ARTIFACTS)/screenshots $(ARTIFACTS)/axe $(ARTIFACTS)/html
	$(BIN)/pytest -m e2e -p no:xdist tests/e2e $(PYTEST_ARGS)

# Accessibility (axe-core, WCAG 2.1 A/AA) and valid HTML only, on every page of tests/e2e/pages.py.
a11y: install compilemessages node_modules/.installed
	$(BIN)/pytest -m e2e -p no:xdist tests/e2e/test_axe.py tests/e2e/test_html.py tests/e2e/test_form_errors.py $(PYTEST_ARGS)

# Security gates (also part of `make test`): headers, redirects, Host, fuzzing, bandit.
security: install compilemessages
	$(BIN)/pytest tests/security $(PYTEST_ARGS)

# Load test: gunicorn (2 workers) on PostgreSQL (LOAD_DATABASE_URL), locust for LOAD_SECONDS.
load: install compilemessages
	$(BIN)/python tests/load/run.py --duration $(LOAD_SECONDS)

# Electronic voting under load: 190 voting delegates vote within 10 s, on a secret ballot and
# on a recorded one (gunicorn, 2 workers, PostgreSQL); no error, no lost or doubled vote.
load-vote: install compilemessages
	$(BIN)/python tests/load/voting.py $(LOAD_VOTE_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages -l ar -l es -l fr --no-obsolete --ignore ".venv/*" --ignore "node_modules/*" --ignore "staticfiles/*" --ignore "tests/*"

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 media private

# --- operations ---
.PHONY: worker test-scaleout bench-scale ops-deps

# A Celery worker (only when CELERY_BROKER_URL or REDIS_URL is set; otherwise tasks run eagerly).
worker: install
	$(BIN)/celery -A assembly worker --loglevel INFO --queues assembly

# The two-server test (two gunicorn + nginx, PostgreSQL and Redis): needs DATABASE_URL.
test-scaleout: install
	$(BIN)/pytest tests/ops/test_two_servers.py -p no:xdist $(PYTEST_ARGS)

# Throughput through nginx with one and with two app servers (docs/DEPLOYMENT.md has figures).
bench-scale: install
	$(BIN)/python tests/bench/scale_out.py

# Debian packages the two-server test and the benchmark use.
ops-deps:
	apt-get install -y --no-install-recommends nginx-light wrk

# The agenda's benchmark: gunicorn (2 workers) serving the demo on loopback (tests/bench/).
bench: install
	$(BIN)/python tests/bench/bench_agenda.py
