"""Create the local admin account for `make run` and print its credentials.

For a developer's laptop only: it refuses to run with production settings.
"""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create (or reset) the local 'admin' superuser and print its password."

    def handle(self, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_admin is for local development (DEBUG=True) only.")
        password = os.environ.get("BEACON_ADMIN_PASSWORD") or secrets.token_urlsafe(9)
        user, _ = get_user_model().objects.get_or_create(
            username="admin", defaults={"email": "admin@portalder.example"})
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(self.style.SUCCESS(
            f"Admin: http://127.0.0.1:8000/admin/  username: admin  password: {password}"))
