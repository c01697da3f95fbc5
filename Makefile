# pixcertif — `make run` starts everything on the embedded defaults; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run install install-load migrate demo test test-fast chaos chaos-short lint typecheck check messages clean bench bench-quick bench-storm

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The benchmarks need the `load` extra (Locust, pyinstrument) on top of the dev one.
LOAD_STAMP := $(VENV)/.installed-load
$(LOAD_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,load]'
	touch $(LOAD_STAMP)

install-load: $(LOAD_STAMP)

migrate: install
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_birthplaces  # communes and countries; no-op when already up to date

demo: migrate
	$(BIN)/python manage.py seed_demo

# Links of the e-mails the worker sends (no request to read the address from): where Procfile.dev serves.
run: export PIXCERTIF_SITE_URL ?= http://127.0.0.1:8000
run: demo
	@echo ""
	@echo "  Pix Certif démarre sur http://127.0.0.1:$${PIXCERTIF_PORT:-8000}  (administration Pix : http://127.0.0.1:$${PIXCERTIF_PORT:-8000}/admin/)"
	@echo "  Les e-mails (invitations, mots de passe oubliés) s'affichent dans ce terminal."
	@echo "  Arrêt : Ctrl+C"
	@echo ""
	$(BIN)/honcho start -f Procfile.dev

# PYTEST_ARGS narrows a run (.ci/run: the browser journeys once, on PostgreSQL); empty, the whole suite.
PYTEST_ARGS ?=
test: install
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0
	$(BIN)/pytest -n 2 --dist loadgroup --durations=40 $(PYTEST_ARGS)  # the slowest tests in every CI log: CI must stay under 20 min

test-fast: install
	$(BIN)/pytest -x -q -m "not browser"

# Faults on a disposable stack of its own (PostgreSQL, Redis, gunicorn, Celery on free loopback ports):
# docs/reliability.md. `chaos` soaks for 30 minutes, `chaos-short` (CI) for 45 seconds.
chaos: install
	$(BIN)/python -m chaos.run

chaos-short: install
	$(BIN)/python -m chaos.run --short

lint: install
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy .

check: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=ci-only-$$(date +%s)-not-a-real-secret-key-0123456789abcdef \
	  DJANGO_ALLOWED_HOSTS=pixcertif.example.org PIXCERTIF_SITE_URL=https://pixcertif.example.org \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

messages: install
	$(BIN)/python manage.py makemessages -l fr --ignore=.venv --ignore=var --ignore=tests --no-obsolete
	msgattrib --clear-fuzzy --empty locale/fr/LC_MESSAGES/django.po -o locale/fr/LC_MESSAGES/django.po  # no guessed matches
	msgen locale/fr/LC_MESSAGES/django.po -o locale/fr/LC_MESSAGES/django.po  # msgids are French: copy them
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf var/ $(VENV)

# Benchmarks and load tests (docs/performance.md): own PostgreSQL database and Redis DB 3, gunicorn + Celery on 127.0.0.1.
bench: $(LOAD_STAMP)
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0
	$(BIN)/python -m bench.run

# The 9:00 storm alone (docs/performance.md): the storm at 50 arrivals a second, the capacity search
# (10, 20, 30, 50, 80 a second) and the same storm with the web tier split in two behind HAProxy.
bench-storm: $(LOAD_STAMP)
	@command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || (apt-get update -qq && apt-get install -y -qq --no-install-recommends haproxy)
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0
	$(BIN)/python -m bench.storm_program

bench-quick: $(LOAD_STAMP)
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0
	$(BIN)/python -m bench.run --quick
