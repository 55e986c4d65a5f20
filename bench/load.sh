#!/usr/bin/env bash
# Crisis hub under load: the web process (portal.serve: Granian, production settings)
# cached and uncached, next to nginx
# serving the exported static copy of the same page. wrk on loopback, 64 and 256 connections.
#
#   bench/load.sh            (needs wrk and nginx from Debian; PostgreSQL + Redis from
#                             .ci/services.sh; seeds its own database "beaconload")
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-15s}"
eval "$(.ci/services.sh up)"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
"$PG_BIN/psql" -h 127.0.0.1 -p 54329 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='beaconload'" | grep -q 1 \
  || "$PG_BIN/createdb" -h 127.0.0.1 -p 54329 -U postgres beaconload
export DATABASE_URL="postgres://postgres@127.0.0.1:54329/beaconload"
export DJANGO_SETTINGS_MODULE=portal.settings.production
export SECRET_KEY="load-bench-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 CACHE_KEY_PREFIX=beaconload LOG_LEVEL=WARNING
unset ELASTICSEARCH_URL
PY=.venv/bin/python
$PY manage.py migrate -v0
$PY manage.py seed_demo >/dev/null
$PY manage.py collectstatic --noinput -v0
WORK="$(mktemp -d)"; chmod 755 "$WORK"
$PY manage.py export_static "$WORK/mirror" >/dev/null; chmod -R a+rX "$WORK/mirror"

cat > "$WORK/nginx.conf" <<NGINX
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  include /etc/nginx/mime.types;
  gzip on; gzip_types text/css application/javascript application/atom+xml;
  server { listen 127.0.0.1:8780; root $WORK/mirror; index index.html; }
  # The production front (deploy/nginx.conf): 1-second microcache before the web process.
  proxy_cache_path $WORK/cache levels=1:2 keys_zone=beacon:20m max_size=64m inactive=10m use_temp_path=off;
  upstream beacon_app { server 127.0.0.1:8781; keepalive 64; }
  server {
    listen 127.0.0.1:8782;
    location / {
      proxy_pass http://beacon_app; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host 127.0.0.1; proxy_set_header X-Forwarded-Proto https;
      proxy_cache beacon; proxy_cache_key \$scheme\$host\$request_uri;
      proxy_ignore_headers Cache-Control Expires; proxy_cache_valid 200 301 404 1s;
      proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;
      proxy_cache_background_update on; proxy_cache_lock on;
      proxy_cache_bypass \$cookie_sessionid; proxy_no_cache \$cookie_sessionid;
    }
  }
}
NGINX
nginx -c "$WORK/nginx.conf"
BIND=127.0.0.1:8781 ACCESS_LOG=0 $PY -m portal.serve &
WEB=$!
# The same app with the page cache off: every request renders (admission control still on).
PAGE_CACHE_ENABLED=0 BIND=127.0.0.1:8784 ACCESS_LOG=0 $PY -m portal.serve &
UNCACHED=$!
trap 'kill $WEB $UNCACHED 2>/dev/null; wait $WEB $UNCACHED 2>/dev/null; nginx -c "$WORK/nginx.conf" -s stop 2>/dev/null; rm -rf "$WORK"' EXIT
H="X-Forwarded-Proto: https"
for port in 8781 8784; do  # up when it answers (the processes import Django first)
  for _ in $(seq 120); do curl -sf -o /dev/null -H "$H" "http://127.0.0.1:$port/updates/" && break; sleep 0.5; done
done
curl -sf -H "$H" http://127.0.0.1:8781/updates/ >/dev/null
curl -sf -H "$H" http://127.0.0.1:8781/updates/ >/dev/null
curl -sf http://127.0.0.1:8780/updates/ >/dev/null
# A surge meets a server that has been up: let every thread open its Redis connection first.
wrk -t2 -c64 -d2s -H "$H" http://127.0.0.1:8781/updates/ >/dev/null
curl -sf http://127.0.0.1:8782/updates/ >/dev/null

run() {  # label url connections [extra wrk args]
  local label=$1 url=$2 conns=$3; shift 3
  local out; out=$(wrk -t2 -c"$conns" -d"$DURATION" --latency -H "$H" "$@" "$url")
  local rps p50 p99 errors non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  errors=$(echo "$out" | awk '/Socket errors/ {print}' | tr '\n' ' ')
  printf "%-30s c=%-4s %10s req/s  p50 %-9s p99 %-9s non-2xx %-7s %s\n" "$label" "$conns" "$rps" \
    "$p50" "$p99" "${non2xx:-0}" "${errors:-0 socket errors}"
  echo "$rps ${non2xx:-0}" > "$WORK/last"
}

echo "machine: $(nproc) cores, $(lscpu | awk -F: '/Model name/ {gsub(/^ +/,"",$2); print $2}'); duration $DURATION each"
echo "web: $($PY -c 'import granian; from portal.serve import server_options as o; d = o(); print("granian", granian.__version__, "workers", d["workers"], "threads", d["blocking_threads"])')"
run "nginx static mirror" http://127.0.0.1:8780/updates/ 64; nginx_rps=$(cut -d' ' -f1 "$WORK/last")
run "nginx microcache+web" http://127.0.0.1:8782/updates/ 64
run "web alone, cached page" http://127.0.0.1:8781/updates/ 64; cached_rps=$(cut -d' ' -f1 "$WORK/last")
echo "  web cached / nginx static = $(python3 -c "print(round($cached_rps / $nginx_rps, 3))")"
# A shared link as X and Facebook send it: tracking tags must not miss the cache.
run "web alone, ?fbclid=...&utm" "http://127.0.0.1:8781/updates/?fbclid=IwAR0x&utm_source=x" 64
# Uncached: the page cache is off on :8784, every request renders.
run "web uncached" http://127.0.0.1:8784/updates/ 2; read -r low_rps low_non <"$WORK/last"
run "web uncached" http://127.0.0.1:8784/updates/ 64; read -r high_rps high_non <"$WORK/last"
python3 - "$low_rps" "$low_non" "$high_rps" "$high_non" "$DURATION" <<'PY'
import re, sys
low, low_non, high, high_non, duration = sys.argv[1:]
seconds = float(re.sub(r"[^0-9.]", "", duration)) * (60 if duration.endswith("m") else 1)
ok_low = float(low) - int(low_non) / seconds
ok_high = float(high) - int(high_non) / seconds
print(f"  rendered pages/s at 64 vs 2 connections: {ok_high:.0f} / {ok_low:.0f} = "
      f"{ok_high / ok_low:.2f}; the rest answered 503 + Retry-After at once")
PY
