import sys

from django.core.management.base import BaseCommand, CommandError

from tqdm import tqdm

from content.importing import import_faqs


class Command(BaseCommand):
    help = ("Import FAQs from a CSV file (question, answer[, short_answer, topic, keywords, "
            "source_url]). Re-importing updates; a bad row stops the import with nothing written.")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, path, no_progress=False, **options):
        try:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                total = max(sum(1 for _ in handle) - 1, 0)
                handle.seek(0)
                bar = tqdm(total=total, unit="faq", disable=no_progress, file=sys.stderr)
                report = import_faqs(handle, progress=lambda line: bar.update(1))
                bar.close()
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {path}") from exc
        if not report.ok:
            for line, problem in report.errors:
                self.stderr.write(f"line {line}: {problem}")
            raise CommandError(f"{len(report.errors)} problem(s) found; nothing was imported. "
                               f"Fix the rows above and run the import again.")
        self.stdout.write(self.style.SUCCESS(
            f"Imported: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged."))
