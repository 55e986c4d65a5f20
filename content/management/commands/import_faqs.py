import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from tqdm import tqdm

from content.importing import import_faqs, read_records
from content.management.background import BackgroundCommand


class Command(BackgroundCommand):
    help = ("Import FAQs from a CSV (also Wagtail's CSV export) or JSON Lines file: question, "
            "answer[, short_answer, topic, keywords, source_url, external_id, language]. "
            "Re-importing "
            "updates; any bad record stops the import with nothing written. Imported FAQs "
            "wait for review unless --publish is given.")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--user", help="Username the import is done as (audit log, review).")
        parser.add_argument("--publish", action="store_true",
                            help="Publish at once (the --user must be allowed to publish FAQs).")
        parser.add_argument("--language", default="",
                            help="Language of records without a language column (en, es, ar; "
                                 "default: the site's language).")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, path, user=None, publish=False, no_progress=False, language="", **options):
        person = self._user(user, publish)
        source = Path(path)
        if source.is_dir():
            raise CommandError(f"{path} is a directory; give the path of one CSV or JSON Lines file.")
        try:
            raw = source.read_bytes()
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {path}") from exc
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        try:
            records = read_records(raw, filename=source.name.lower())
        except ValidationError as exc:
            raise CommandError(f"{exc.messages[0]} Nothing was imported.") from exc
        bar = tqdm(total=len(records), unit="faq", disable=no_progress, file=sys.stderr)
        report = import_faqs(records, user=person, publish=publish, progress=lambda: bar.update(1),
                             default_language=language)
        bar.close()
        if not report.ok:
            for number, problem in report.errors:
                self.stderr.write(f"record {number}: {problem}")
            raise CommandError(f"{len(report.errors)} problem(s) found; nothing was imported. "
                               f"Fix the records above and run the import again.")
        waiting = "" if publish else f" {report.submitted} submitted for review."
        self.stdout.write(self.style.SUCCESS(
            f"Imported: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged.{waiting}"))

    def _user(self, username, publish):
        if username is None:
            if publish:
                raise CommandError("--publish needs --user: the person who may publish FAQs.")
            return None
        person = get_user_model().objects.filter(username=username, is_active=True).first()
        if person is None:
            raise CommandError(f"No active user {username!r}.")
        if publish and not person.has_perm("content.publish_faq"):
            raise CommandError(f"{username} may not publish FAQs; import without --publish so "
                               f"the FAQs go to review.")
        return person
