#!/usr/bin/env sh
# The build steps of the production image, in one place: the Dockerfile runs this, and
# CI runs it in a clean virtualenv (deploy/check_build.sh) and serves a page from the
# result with production settings, so a broken build step fails CI, not a city's deploy.
#
#   deploy/build.sh PYTHON      (run from the project root)
set -eu
PYTHON="${1:-python3}"
"$PYTHON" -m pip install --no-cache-dir --quiet .
# Production settings refuse to start without these; the build needs none of them for
# real, so it gets throwaway values that never reach a running site.
export DJANGO_SETTINGS_MODULE=portal.settings.production
export SECRET_KEY="build-only-$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
export ALLOWED_HOSTS=localhost DATABASE_URL="sqlite:////tmp/beacon-build.sqlite3"
"$PYTHON" manage.py compilemessages --ignore=.venv --ignore=site-packages -v0
"$PYTHON" manage.py collectstatic --noinput -v0
# The English model's integer copy (search/quantized.py), made now so the running image,
# whose user cannot write here, finds it.
"$PYTHON" manage.py search_models
