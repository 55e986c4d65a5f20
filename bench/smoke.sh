#!/usr/bin/env bash
# Every benchmark once at smoke size, so a broken benchmark shows up the day it breaks.
# Figures are printed, never judged. Needs the services (`eval "$(.ci/services.sh up)"`).
#
#   bench/smoke.sh          every benchmark (~14 min on 2 cores; `make bench-smoke`)
#   bench/smoke.sh quick    the in-process ones only (~3 min; what `make test` runs, to
#                           keep CI well inside its hour)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
QUICK="${1:-}"
export LOG_LEVEL="${LOG_LEVEL:-WARNING}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
step() { echo; echo "== bench smoke: $*"; }

step "first_load + relevance (demo on its own SQLite file)"
(
  export DATABASE_URL="sqlite:///$WORK/demo.sqlite3" DJANGO_SETTINGS_MODULE=portal.settings.dev
  unset REDIS_URL ELASTICSEARCH_URL CELERY_BROKER_URL
  $PY manage.py migrate -v0 && $PY manage.py seed_demo >/dev/null 2>&1
  $PY bench/first_load.py
  $PY bench/relevance.py --backend database --reindex | tail -4
)
step "search_perf --docs 200 --queries 20"
(export DATABASE_URL="sqlite:///$WORK/search.sqlite3"; unset REDIS_URL; $PY bench/search_perf.py --docs 200 --queries 20)
step "console_bench --consoles 10"
$PY bench/console_bench.py --consoles 10 --idle 1 --threads 4
step "live_push --consoles 50 --chats 20 (SSE events process, Redis; ~45 s)"
$PY bench/live_push.py --consoles 50 --chats 20 --idle 3 --publishes 3 --messages 10
if [ "$QUICK" = quick ]; then echo; echo "bench smoke (quick): done"; exit 0; fi
step "independent_eval --limit 30 (real FAQs, imported, three modes, both backends)"
$PY bench/independent_eval.py --limit 30 2>&1 | grep -E "queries|reindexed|imported"
$PY bench/independent_eval.py --set xquad --limit 30 2>&1 | grep -E "queries|reindexed|imported"
step "alerts_bench --alerts 3"
(unset DATABASE_URL; $PY bench/alerts_bench.py --alerts 3)
step "load.sh (1 s per run)"
DURATION=1s bench/load.sh
step "fanout_bench --subscribers 2000 (Celery on Redis, aiosmtpd, one worker killed)"
NOTIFY_STALE_CLAIM_SECONDS=15 $PY bench/fanout_bench.py --subscribers 2000 --kill-at 0.3 \
  2>&1 | grep -E "^(subscribers|alert|t=|handed|lost|crisis)"
step "fault_postgres_restart"
$PY bench/fault_postgres_restart.py
step "attack_abuse (issue 23 points 1-3: production settings, shipped nginx; ~3 min)"
$PY bench/attack_abuse.py
echo; echo "bench smoke: every benchmark ran"
