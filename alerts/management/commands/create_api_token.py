from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from alerts.api import issue_token


class Command(BaseCommand):
    help = "Issue an alerts API token for USERNAME. The token is printed once; only a hash is kept."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        self.stdout.write(f"Token for {username} (store it now, it is not shown again): "
                          f"{issue_token(user)}")
