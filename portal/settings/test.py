"""Settings for pytest. Services come from the environment that `make test` sets up.

Without DATABASE_URL the suite runs on SQLite; with it, on the real PostgreSQL.
The page cache stays local-memory so tests are isolated; tests that need Redis or
Elasticsearch connect to REDIS_URL / ELASTICSEARCH_URL themselves.
"""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, LOGGING

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The rate-limit alias shares the default's memory, so clearing the cache between tests
# clears the counts too (tests/portal/test_shared_limits.py runs the database store).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
          "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SHARED_CACHE = False
SEARCH_EVENTS_BUFFERED = False  # every search event at once (tests count them)
SEARCH_RESULT_HEADER = True  # tests read whether an answer was reused; off in production
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
READYZ_TOKEN = "test-readyz"  # noqa: S105 - tests ask /readyz for its details with it
SMS_CHALLENGE_MIN_SECONDS = 0  # tests post the sign-up form at once (tests/alerts/test_sms_guard.py sets it)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not os.environ.get(
    "DATABASE_URL"
):
    DATABASES["default"]["NAME"] = BASE_DIR / "test-artifacts" / "test.sqlite3"
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database")
SEARCH_INDEX_PREFIX = f"beacontest{os.getpid()}"
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "WARNING")
