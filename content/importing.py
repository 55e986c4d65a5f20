"""FAQ import from CSV: validate every row first, then write all of them in one transaction.

Columns: question, answer (required); short_answer, topic, keywords, source_url (optional).
A row matches an existing FAQ by source_url when given, else by the question's slug, so a
second import updates and never duplicates. Several topics: separate them with ";".
"""

import csv
import html
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.text import slugify

from .models import FAQ, Topic

REQUIRED = ("question", "answer")
OPTIONAL = ("short_answer", "topic", "keywords", "source_url")
MAX_QUESTION = 255
MAX_SHORT_ANSWER = 300


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (line number, message)

    @property
    def ok(self):
        return not self.errors


def as_rich_text(text):
    text = text.strip()
    if text.startswith("<"):
        return text
    return "".join(f"<p>{html.escape(part.strip())}</p>" for part in text.split("\n\n")
                   if part.strip())


def read_rows(handle):
    reader = csv.DictReader(handle)
    if reader.fieldnames is None:
        raise ValidationError("The file is empty.")
    headers = {name.strip().lower() for name in reader.fieldnames if name}
    missing = [column for column in REQUIRED if column not in headers]
    if missing:
        raise ValidationError(f"Missing column(s): {', '.join(missing)}. Expected: question, "
                              f"answer, and optionally {', '.join(OPTIONAL)}.")
    for row in reader:
        line = reader.line_num
        extra = row.pop(None, None)
        cleaned = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if extra:
            cleaned["__extra__"] = f"{len(extra)} more value(s) than columns (quote text with commas)"
        yield line, cleaned


def validate_row(row):
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
    if row.get("source_url"):
        try:
            URLValidator()(row["source_url"])
        except ValidationError:
            problems.append(f"source_url is not a valid URL: {row['source_url'][:80]}")
    return problems


def _find_existing(row):
    if row.get("source_url"):
        match = FAQ.objects.filter(source_url=row["source_url"]).first()
        if match:
            return match
    return FAQ.objects.filter(slug=slugify(row["question"])[:100].strip("-")).first()


def _topics(value):
    topics = []
    for name in (part.strip() for part in value.split(";")):
        if name:
            topic, _ = Topic.objects.get_or_create(slug=slugify(name)[:80],
                                                   defaults={"name": name[:80]})
            topics.append(topic)
    return topics


def import_faqs(handle, progress=None):
    """Import FAQs from an open CSV file. Returns an ImportReport; writes nothing when any
    row is bad."""
    report = ImportReport()
    try:
        rows = list(read_rows(handle))
    except (ValidationError, csv.Error, UnicodeDecodeError) as exc:
        message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        report.errors.append((1, message))
        return report
    seen = {}
    for line, row in rows:
        for problem in validate_row(row):
            report.errors.append((line, problem))
        key = row.get("source_url") or slugify(row.get("question", ""))
        if key and key in seen:
            report.errors.append((line, f"duplicates line {seen[key]} (same question or URL)"))
        seen.setdefault(key, line)
    if report.errors:
        return report
    with transaction.atomic():
        for line, row in rows:
            _import_row(row, report)
            if progress:
                progress(line)
    return report


def _import_row(row, report):
    faq = _find_existing(row)
    values = {
        "question": row["question"], "answer": as_rich_text(row["answer"]),
        "short_answer": row.get("short_answer", ""), "keywords": row.get("keywords", ""),
        "source_url": row.get("source_url", ""),
    }
    topics = _topics(row.get("topic", ""))
    if faq is None:
        faq = FAQ(**values)
        faq.save()
        report.created += 1
    else:
        changed = any(getattr(faq, name) != value for name, value in values.items()) or (
            {t.pk for t in topics} != set(faq.topics.values_list("pk", flat=True)))
        if not changed and faq.live:
            report.unchanged += 1
            return
        for name, value in values.items():
            setattr(faq, name, value)
        report.updated += 1
    faq.topics.set(topics)
    faq.save()
    faq.save_revision(log_action=True).publish()
