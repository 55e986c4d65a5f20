#!/usr/bin/env bash
# CI's proof that the production image builds and serves: the Dockerfile's own build step
# (deploy/build.sh) in a clean virtualenv on a copy of the files the image copies, then
# the web process (python -m portal.serve) with production settings answering a page in
# Spanish with hashed static files, and deploy/nginx.conf accepted by nginx -t. (Docker itself is not on the project's
# machines; this runs the same commands the image does.)
set -euo pipefail
cd "$(dirname "$0")/.."
WORK="$(mktemp -d)"
PORT="${CHECK_BUILD_PORT:-8799}"
cleanup() { [ -n "${WEB_PID:-}" ] && kill "$WEB_PID" 2>/dev/null && wait "$WEB_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

mkdir -p "$WORK/app"
# The files the image copies, read from the Dockerfile's COPY lines so the two cannot drift.
mapfile -t COPIED < <(sed -n 's/^COPY \(.*\) [^ ]*$/\1/p' Dockerfile | tr ' ' '\n')
cp -r "${COPIED[@]}" "$WORK/app/"
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --upgrade pip
(cd "$WORK/app" && deploy/build.sh "$WORK/venv/bin/python")
echo "[check-build] image build steps passed in a clean virtualenv"

export DJANGO_SETTINGS_MODULE=portal.settings.production
export SECRET_KEY="check-build-$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1 DATABASE_URL="sqlite:///$WORK/site.sqlite3"
unset REDIS_URL ELASTICSEARCH_URL CELERY_BROKER_URL
(cd "$WORK/app" && "$WORK/venv/bin/python" manage.py check --deploy --fail-level WARNING \
  && "$WORK/venv/bin/python" manage.py migrate --noinput -v0)
export SECURE_SSL_REDIRECT=0  # this check talks plain HTTP on loopback
(cd "$WORK/app" && BIND="127.0.0.1:$PORT" WEB_CONCURRENCY=1 ACCESS_LOG=0 LOG_LEVEL=WARNING \
  exec "$WORK/venv/bin/python" -m portal.serve) &
WEB_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
page="$(curl -sf "http://127.0.0.1:$PORT/es/faq/")"
grep -q "Preguntas y respuestas" <<<"$page" || { echo "no Spanish chrome (compilemessages?)"; exit 1; }
css="$(grep -o '/static/css/site\.[0-9a-f]*\.css' <<<"$page" | head -1)"
[ -n "$css" ] || { echo "no hashed stylesheet (collectstatic manifest?)"; exit 1; }
curl -sf -o /dev/null "http://127.0.0.1:$PORT$css"
echo "[check-build] production settings serve /es/faq/ in Spanish with $css"

NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
mkdir -p "$WORK/nginx/conf.d"
sed "s|/var/cache/nginx/beacon|$WORK/nginx/cache|" deploy/nginx.conf > "$WORK/nginx/conf.d/beacon.conf"
cp deploy/beacon-upstream.conf "$WORK/nginx/beacon-upstream.conf"
cp deploy/beacon-events-upstream.conf "$WORK/nginx/beacon-events-upstream.conf"
cp /etc/nginx/mime.types "$WORK/nginx/" 2>/dev/null || true
cat > "$WORK/nginx/nginx.conf" <<NGINX
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events {}
http { include conf.d/*.conf; }
NGINX
"$NGINX" -t -q -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
echo "[check-build] deploy/nginx.conf accepted by nginx -t"
