"""Embedded default for a laptop: `make run` needs nothing but Python."""

import os

from portal.environment import env_list

from .base import *  # noqa: F403

DEBUG = True
# A fixed, visibly insecure key is fine on a developer's machine; production refuses it.
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-not-for-production")  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
# Confirmation and alert emails land as files in var/mail/ (EMAIL_FILE_PATH); texts in
# var/sms.jsonl. Set EMAIL_BACKEND / SMS_PROVIDER to use real ones.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
SMS_PROVIDER = os.environ.get("SMS_PROVIDER", "alerts.sms.FileSmsProvider")
# `make run` serves here: after each publish the banner check fetches the site itself.
BANNER_CHECK_BASE_URL = os.environ.get("BANNER_CHECK_BASE_URL", "http://127.0.0.1:8000")
