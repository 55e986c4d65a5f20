# Beacon: `make run` for the embedded demo, `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PYTEST := $(PY) -m pytest -p no:cacheprovider
SERVICE_MARKS := postgres or redis or elasticsearch or nginx

.PHONY: run test test-embedded test-services bench-smoke bench-quick deploy-check services lint audit clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $@

run: $(STAMP)
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo
	$(PY) manage.py ensure_admin
	$(PY) manage.py run_scheduler & trap "kill $$!" EXIT; $(PY) manage.py runserver 127.0.0.1:8000

# The whole suite, twice: embedded (SQLite + database search + eager Celery), then
# against real PostgreSQL, Redis and Elasticsearch (plus the Playwright browser tests).
test: lint test-embedded test-services

lint: $(STAMP)
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run -v0
	$(VENV)/bin/ruff check portal content alerts search conversations tests bench
	$(VENV)/bin/bandit -q -r portal content alerts search conversations --severity-level high

# Known-vulnerability audit of the installed dependencies. Needs PyPI's per-version JSON
# API (or OSV); see the README for why CI on the project's machines cannot run it.
audit: $(STAMP)
	$(VENV)/bin/pip freeze --exclude-editable > $(VENV)/requirements-audit.txt
	$(VENV)/bin/pip-audit --strict -r $(VENV)/requirements-audit.txt

test-embedded: $(STAMP)
	env -u DATABASE_URL -u REDIS_URL -u ELASTICSEARCH_URL $(PYTEST) -m "not ($(SERVICE_MARKS) or browser)"

# slow_process tests run their own SQLite site in subprocesses whatever the services: the
# embedded pass has run them already.
test-services: $(STAMP) .cache/npm/node_modules/axe-core/axe.min.js
	eval "$$(.ci/services.sh up)" && $(PYTEST) -m "not slow_process"
	$(MAKE) bench-quick deploy-check

# Every benchmark once at smoke size (figures printed, not judged; ~14 min). `make test`
# runs the quick, in-process part (~3 min) so CI stays well inside its hour; run this
# before changing a benchmark or what it measures.
bench-smoke: $(STAMP)
	eval "$$(.ci/services.sh up)" && bench/smoke.sh

bench-quick: $(STAMP)
	eval "$$(.ci/services.sh up)" && bench/smoke.sh quick

# The production image's build steps in a clean virtualenv, then a page served with
# production settings, and nginx -t on deploy/nginx.conf.
deploy-check:
	deploy/check_build.sh

# axe-core for the accessibility browser tests, from the npm registry (not committed).
.cache/npm/node_modules/axe-core/axe.min.js:
	mkdir -p .cache/npm && cd .cache/npm && npm install --no-save --no-audit --no-fund --prefix . axe-core@4

services:
	.ci/services.sh up

clean:
	rm -rf $(VENV) test-artifacts db.sqlite3
