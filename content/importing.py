"""FAQ import from real agency exports: CSV (including Wagtail's own CSV export) or JSON
Lines. Every record is validated first; only then is anything written.

Identity on re-import: an explicit `external_id` (or `id`) column when the export has one,
otherwise the pair (source URL, question), because one agency page usually holds dozens
of questions and two agencies may ask the same question. The page slug is shortened and
made stable for any script; the question itself is kept whole (up to 1,000 characters).

Imported answers are untrusted HTML: the model sanitises them to Wagtail's rich-text
subset on save. Imported FAQs are drafts that go through the review workflow unless the
importing person asks to publish and may.
"""

import csv
import hashlib
import html
import io
import json
import re
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.utils.text import slugify

from wagtail.models import Locale

from .models import FAQ, Topic
from .models.snippets import MAX_QUESTION, unique_slug
from .text_safety import clean_model_text

REQUIRED = ("question", "answer")
OPTIONAL = ("short_answer", "topic", "keywords", "source_url", "external_id", "language")
MAX_SHORT_ANSWER = 300
WRITE_BATCH = 10
HEADER_ALIASES = {"id": "external_id", "url": "source_url", "source": "source_url",
                  "topics": "topic", "short": "short_answer", "summary": "short_answer",
                  "lang": "language", "locale": "language"}
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    submitted: int = 0
    errors: list = field(default_factory=list)  # (record number, message)

    @property
    def ok(self):
        return not self.errors


def as_rich_text(text):
    text = text.strip()
    if HTML_TAG.search(text):
        return text  # sanitised by the model on save
    return "".join(f"<p>{html.escape(part.strip())}</p>" for part in re.split(r"\n\s*\n", text)
                   if part.strip())


def _header(name):
    key = re.sub(r"[^a-z0-9]+", "_", (name or "").strip().lower()).strip("_")
    return HEADER_ALIASES.get(key, key)


def read_records(raw, filename=""):
    """Records from the bytes of a CSV or JSON Lines file, as (record number, dict).
    Raises ValidationError with one clear sentence when the file cannot be read."""
    if b"\x00" in raw[:4096]:
        raise ValidationError("This is not a text file (it contains binary data). Export the "
                              "FAQs as CSV (UTF-8) or JSON Lines.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(f"The file is not UTF-8 text (byte {exc.start} cannot be read). "
                              f"Save it as 'CSV UTF-8' and import it again.") from exc
    if not text.strip():
        raise ValidationError("The file is empty.")
    if filename.endswith((".jsonl", ".ndjson")) or text.lstrip().startswith("{"):
        records = _json_lines(text)
    else:
        records = _csv_records(text)
    headers = set().union(*(r.keys() for _, r in records)) if records else set()
    missing = [column for column in REQUIRED if column not in headers]
    if missing:
        raise ValidationError(f"Missing column(s): {', '.join(missing)}. Expected: question, "
                              f"answer, and optionally {', '.join(OPTIONAL)}.")
    return records


def _csv_records(text):
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        raise ValidationError("The file is empty.")
    records = []
    try:
        for number, row in enumerate(reader, start=1):
            extra = row.pop(None, None)
            cleaned = {_header(k): (v or "").strip() for k, v in row.items() if k}
            if extra and any(value.strip() for value in extra):
                cleaned["__extra__"] = (f"{len(extra)} more value(s) than columns (quote text "
                                        f"with commas)")
            records.append((number, cleaned))
    except csv.Error as exc:
        raise ValidationError(f"The CSV cannot be read near line {reader.line_num}: {exc}.") from exc
    return records


def _json_lines(text):
    records = []
    for number, line in enumerate((line for line in text.splitlines() if line.strip()), start=1):
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"Record {number} is not valid JSON: {exc.msg}.") from exc
        if not isinstance(value, dict):
            raise ValidationError(f"Record {number} is not a JSON object.")
        records.append((number, {_header(k): _text(v) for k, v in value.items()}))
    return records


def _text(value):
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return "" if value is None else str(value).strip()


def validate_record(row, languages):
    """Problems with one record; `languages` are the codes the site has a Locale for."""
    problems = [row["__extra__"]] if "__extra__" in row else []
    if not row.get("question"):
        problems.append("question is empty")
    elif len(row["question"]) > MAX_QUESTION:
        problems.append(f"question is {len(row['question'])} characters (max {MAX_QUESTION})")
    if not row.get("answer"):
        problems.append("answer is empty")
    if len(row.get("short_answer", "")) > MAX_SHORT_ANSWER:
        problems.append(f"short_answer is {len(row['short_answer'])} characters "
                        f"(max {MAX_SHORT_ANSWER})")
    language = _language(row)
    if language not in languages:
        problems.append(f"language {language[:20]!r} is not one of the site's languages "
                        f"({', '.join(sorted(languages))})")
    if row.get("source_url"):
        try:
            URLValidator(schemes=["http", "https"])(row["source_url"])
        except ValidationError:
            problems.append(f"source_url is not a valid URL: {row['source_url'][:80]}")
    return problems


def _site_locales():
    """{language code: Locale} for the content languages the site has a Locale for."""
    codes = [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]
    return {locale.language_code: locale
            for locale in Locale.objects.filter(language_code__in=codes)}


def _language(row):
    return row.get("language") or settings.LANGUAGE_CODE


def import_key(row):
    """The record's identity across re-imports (per language: a Spanish export may reuse
    the ids of the English one)."""
    prefix = "" if _language(row) == settings.LANGUAGE_CODE else _language(row) + ":"
    if row.get("external_id"):
        return prefix + "id:" + row["external_id"][:180]
    question = " ".join(row.get("question", "").split()).casefold()
    digest = hashlib.sha256(f"{row.get('source_url', '')}\n{question}".encode()).hexdigest()
    return prefix + "q:" + digest[:40]


def faq_slug(row, exclude_pk=None):
    """A slug from the question, shortened; for scripts slugify cannot spell (Arabic,
    Chinese) a stable one from the record's identity."""
    text = slugify(row["question"])[:80].strip("-")
    if not text:
        text = "faq-" + hashlib.sha256(import_key(row).encode()).hexdigest()[:10]
    return unique_slug(FAQ.objects.filter(locale__language_code=_language(row)), text,
                       exclude_pk=exclude_pk, max_length=90)


def _find_existing(row):
    match = FAQ.objects.filter(import_key=import_key(row)).first()
    if match is None and not row.get("external_id"):  # FAQs from before import keys
        match = FAQ.objects.filter(import_key="", question=row["question"],
                                   locale__language_code=_language(row),
                                   source_url=row.get("source_url", "")).first()
    return match


def _translation_of(row):
    """An FAQ already imported with the same external id in another language: the new
    record is its translation (Wagtail's translation_key links the versions, so search can
    answer a Spanish question with the English version while the Spanish one is missing)."""
    external_id = row.get("external_id", "")[:180]
    if not external_id:
        return None
    keys = [f"{code}:id:{external_id}" for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES
            if code != settings.LANGUAGE_CODE] + [f"id:{external_id}"]
    return (FAQ.objects.filter(import_key__in=keys).exclude(locale__language_code=_language(row))
            .order_by("pk").first())


def _topics(value, locale):
    """Topics by name, created in the site's language when new; a translated FAQ gets the
    topic's translation into its language when there is one."""
    topics = []
    for name in (part.strip() for part in re.split(r"[;|]", value)):
        if name:
            topic, _ = Topic.objects.originals().get_or_create(slug=slugify(name)[:80] or
                                                   "topic-" + hashlib.sha256(name.encode())
                                                   .hexdigest()[:8],
                                                   defaults={"name": name[:80]})
            topics.append(topic.get_translation_or_none(locale) or topic)
    return topics


def import_faqs(records, *, user=None, publish=False, progress=None, default_language=""):
    """Import validated-first records (from read_records). Returns an ImportReport; writes
    nothing when any record is bad. `publish` makes the FAQs live at once; otherwise new
    and changed FAQs wait as drafts in the review workflow. Records without a `language`
    column are in `default_language`, or the site's language."""
    report = ImportReport()
    locales = _site_locales()
    seen = {}
    for number, row in records:
        if default_language and not row.get("language"):
            row["language"] = default_language
        for problem in validate_record(row, locales):
            report.errors.append((number, problem))
        key = import_key(row)
        if row.get("question") and key in seen:
            report.errors.append((number, f"duplicates record {seen[key]} (same question from "
                                          f"the same source)"))
        seen.setdefault(key, number)
    if report.errors:
        return report
    # Written in short transactions so the site keeps publishing and delivering during a
    # large import (SQLite has one writer at a time). Every record was validated above,
    # and identities make a re-run safe if the process is stopped half-way.
    for start in range(0, len(records), WRITE_BATCH):
        with transaction.atomic():
            for _, row in records[start:start + WRITE_BATCH]:
                _import_record(row, report, user, publish, locales[_language(row)])
                if progress:
                    progress()
        _let_other_writers_in()
    return report


def _let_other_writers_in():
    """SQLite has one writer and no queue: a loop that commits and begins again at once
    can starve the web process's writes. A pause longer than SQLite's busy-wait step lets
    them in. (PostgreSQL needs none.)"""
    if connection.vendor == "sqlite":
        time.sleep(0.15)


def _import_record(row, report, user, publish, locale):
    faq = _find_existing(row)
    values = {
        "question": row["question"], "answer": as_rich_text(row["answer"]),
        "short_answer": row.get("short_answer", ""), "keywords": row.get("keywords", "")[:255],
        "source_url": row.get("source_url", ""), "import_key": import_key(row),
    }
    topics = _topics(row.get("topic", ""), locale)
    if faq is None:
        faq = FAQ(live=False, slug=faq_slug(row), locale=locale, **values)
        original = _translation_of(row)
        if original is not None and not FAQ.objects.filter(
                translation_key=original.translation_key, locale=locale).exists():
            faq.translation_key = original.translation_key
        faq.save()
        report.created += 1
    else:
        candidate = FAQ(**values)
        clean_model_text(candidate)  # compare what would be stored
        latest = faq.get_latest_revision_as_object() if faq.latest_revision_id else faq
        changed = any(getattr(latest, name) != getattr(candidate, name) for name in values) or (
            {t.pk for t in topics} != set(faq.topics.values_list("pk", flat=True)))
        if not changed and (faq.live or not publish):
            report.unchanged += 1
            return
        for name, value in values.items():
            setattr(faq, name, value)
        report.updated += 1
    faq.topics.set(topics)
    revision = faq.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
        return
    workflow = faq.get_workflow()
    if workflow is not None and faq.current_workflow_state is None:
        workflow.start(faq, user)
        report.submitted += 1
