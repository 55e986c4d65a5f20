"""Delete Ask Beacon conversations untouched for CONVERSATION_RETENTION_DAYS (default 90):
run it daily (cron or the scheduler)."""

from django.core.management.base import BaseCommand

from conversations import services


class Command(BaseCommand):
    help = "Delete conversations older than the retention period the city set."

    def handle(self, *args, **options):
        deleted = services.purge()
        self.stdout.write(f"Deleted {deleted} conversation(s) older than "
                          f"{services.retention().days} days.")
