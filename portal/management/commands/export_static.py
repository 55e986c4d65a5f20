from django.core.management.base import BaseCommand

from portal.static_mirror import export


class Command(BaseCommand):
    help = "Write a static mirror (home, crisis hub, FAQs, alert feeds) to DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, directory, **options):
        written = export(directory)
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(written)} pages and feeds to "
                                             f"{directory}"))
