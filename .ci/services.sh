#!/usr/bin/env bash
# Provision and start the real services the test suite and a scale-out dev run need:
# PostgreSQL and Redis from Debian packages, Elasticsearch 8 (integ-test distribution)
# from Maven Central, with Debian's hunspell dictionaries for stemming.
# Everything listens on 127.0.0.1 only. Safe to run again: running services are reused.
#
#   .ci/services.sh up      install what is missing (as root), start, print env lines
#   .ci/services.sh env     print the env lines only
#   .ci/services.sh down    stop what this script started
set -euo pipefail

ES_VERSION="${ES_VERSION:-8.19.7}"
# Outside /root: the unprivileged service user must be able to reach it.
if [ "$(id -u)" = 0 ]; then DEFAULT_STATE=/var/tmp/beacon-services; else DEFAULT_STATE="$HOME/.cache/beacon-services"; fi
STATE="${BEACON_SERVICES_DIR:-$DEFAULT_STATE}"
PG_PORT="${BEACON_PG_PORT:-54329}"
REDIS_PORT="${BEACON_REDIS_PORT:-63799}"
ES_PORT="${BEACON_ES_PORT:-9209}"
SVC_USER="${BEACON_SVC_USER:-beaconsvc}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
ES_HOME="$STATE/elasticsearch-$ES_VERSION"

log() { echo "[services] $*" >&2; }

need_packages() {
  local missing=()
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/postgres" ] || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ -f /usr/share/hunspell/en_US.dic ] || missing+=(hunspell-en-us)
  [ -f /usr/share/hunspell/es_ES.dic ] || missing+=(hunspell-es)
  command -v unzip >/dev/null || missing+=(unzip)
  command -v curl >/dev/null || missing+=(curl)
  command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null || missing+=(maven)
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
      log "missing Debian packages: ${missing[*]} (run as root or install them)"; exit 1
    fi
    log "installing ${missing[*]}"
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
}

ensure_user() {
  if [ "$(id -u)" = 0 ]; then
    id "$SVC_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$SVC_USER"
    as_svc() { runuser -u "$SVC_USER" -- "$@"; }
  else
    SVC_USER="$(id -un)"
    as_svc() { "$@"; }
  fi
}

start_postgres() {
  local data="$STATE/pg"
  if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
    "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='beacon'" | grep -q 1 \
      || "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres beacon
    log "postgres already up on $PG_PORT"; return
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"; chown "$SVC_USER" "$data"; chmod 700 "$data"
    as_svc "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_svc "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $PG_PORT -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='beacon'" | grep -q 1 \
    || "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres beacon
  log "postgres up on 127.0.0.1:$PG_PORT"
}

start_redis() {
  if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then log "redis already up on $REDIS_PORT"; return; fi
  mkdir -p "$STATE/redis"; chown "$SVC_USER" "$STATE/redis"
  as_svc redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save "" \
    --appendonly no --dir "$STATE/redis" --pidfile "$STATE/redis/redis.pid" --logfile "$STATE/redis/redis.log"
  for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  log "redis up on 127.0.0.1:$REDIS_PORT"
}

fetch_elasticsearch() {
  [ -x "$ES_HOME/bin/elasticsearch" ] && return
  mkdir -p "$STATE/download"
  local zip="$STATE/download/elasticsearch-$ES_VERSION.zip"
  if [ ! -f "$zip" ]; then
    log "fetching org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION from Maven Central"
    (cd "$STATE/download" && mvn -q -B dependency:copy \
      -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
      -DoutputDirectory="$STATE/download" >&2)
  fi
  unzip -q -o "$zip" -d "$STATE"
  for locale in en_US es_ES; do
    mkdir -p "$ES_HOME/config/hunspell/$locale"
    cp -L "/usr/share/hunspell/$locale.aff" "/usr/share/hunspell/$locale.dic" "$ES_HOME/config/hunspell/$locale/"
  done
}

start_elasticsearch() {
  if curl -sf "http://127.0.0.1:$ES_PORT/_cluster/health" >/dev/null; then log "elasticsearch already up on $ES_PORT"; return; fi
  fetch_elasticsearch
  mkdir -p "$STATE/es-data" "$STATE/es-logs"
  chown -R "$SVC_USER" "$ES_HOME" "$STATE/es-data" "$STATE/es-logs"
  local java_home; java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  as_svc env ES_JAVA_HOME="$java_home" ES_JAVA_OPTS="-Xms512m -Xmx512m" \
    "$ES_HOME/bin/elasticsearch" -d -p "$STATE/es.pid" \
    -E discovery.type=single-node -E network.host=127.0.0.1 -E http.port="$ES_PORT" \
    -E transport.port="$((ES_PORT + 100))" -E xpack.security.enabled=false -E path.data="$STATE/es-data" \
    -E path.logs="$STATE/es-logs" -E cluster.routing.allocation.disk.threshold_enabled=false \
    -E action.destructive_requires_name=false >"$STATE/es-start.log" 2>&1
  for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$ES_PORT/_cluster/health" >/dev/null && { log "elasticsearch up on 127.0.0.1:$ES_PORT"; return; }
    sleep 1
  done
  log "elasticsearch did not start; last log lines:"; tail -30 "$STATE/es-logs/"*.log >&2 || true; exit 1
}

print_env() {
  echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/beacon"
  echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
  echo "export ELASTICSEARCH_URL=http://127.0.0.1:$ES_PORT"
  echo "export BEACON_REDIS_SERVER=$(command -v redis-server)"
}

stop_all() {
  [ -f "$STATE/pg/postmaster.pid" ] && { ensure_user; as_svc "$PG_BIN/pg_ctl" -D "$STATE/pg" -m fast stop >/dev/null || true; }
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  [ -f "$STATE/es.pid" ] && kill "$(cat "$STATE/es.pid")" 2>/dev/null || true
  log "stopped"
}

case "${1:-up}" in
  up)
    mkdir -p "$STATE"
    need_packages; ensure_user
    chown "$SVC_USER" "$STATE" 2>/dev/null || true
    start_postgres; start_redis; start_elasticsearch
    print_env ;;
  env) print_env ;;
  down) stop_all ;;
  *) echo "usage: $0 up|env|down" >&2; exit 2 ;;
esac
