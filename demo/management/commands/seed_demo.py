from django.core.management.base import BaseCommand

from demo.seeding import seed_demo


class Command(BaseCommand):
    help = "Create the Port Alder demo site (winter storm + boil-water notice). Idempotent."

    def handle(self, **options):
        counts = seed_demo()
        self.stdout.write(self.style.SUCCESS(
            "Demo ready: " + ", ".join(f"{n} {k}" for k, n in counts.items())))
