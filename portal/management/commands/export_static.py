from django.core.management.base import BaseCommand, CommandError

from portal.static_mirror import NotAMirror, export


class Command(BaseCommand):
    help = "Write a static mirror (home, crisis hub, FAQs, alert feeds) to DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, directory, **options):
        try:
            written = export(directory)
        except NotAMirror as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(written)} pages and feeds to "
                                             f"{directory}"))
