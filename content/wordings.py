"""Teaching an FAQ a resident's wording: the one place that turns "this is what they asked"
into an edit of the FAQ, reviewed like any other.

The wording goes to the FAQ's version in the wording's language (a Spanish question teaches
the Spanish version). When that version does not exist yet, the translation is started: a
draft copy of the FAQ in that language, holding the wording, which staff translate and
publish. It is never put on another language's version, where it would be scored as that
language. Nothing is published here: the wording is added to a new draft revision of the
FAQ, and search uses it once someone publishes that revision (or the FAQ's workflow does).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from wagtail.models import Locale

from .models import FAQ, FAQWording, wording_key


class WordingRefused(Exception):
    """The wording cannot be added now (the FAQ is locked by someone else, bad language)."""


@dataclass
class WordingResult:
    faq: FAQ  # the version in the wording's language (started here if `started_translation`)
    added: bool  # False: the draft already had this question or wording
    started_translation: bool


def same_words(a, b):
    return wording_key(a) == wording_key(b)


def version_in(faq, language):
    """The FAQ's version in `language` (any state), or None."""
    return (FAQ.objects.filter(translation_key=faq.translation_key, locale__language_code=language)
            .select_related("locale").first())


def _locale(language):
    if language not in {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}:
        raise WordingRefused(f"“{language}” is not one of the site's languages.")
    return Locale.objects.get_or_create(language_code=language)[0]


@transaction.atomic
def add_wording(faq, text, *, language, source, origin=None, user=None):
    """Add `text` as an alternative question of `faq`'s version in `language`, as a new draft
    revision saved by `user`. `origin` is the analytics row it came from, if any."""
    text = " ".join((text or "").split())[:300]
    if not text:
        raise WordingRefused("The wording is empty.")
    locale = _locale(language)
    target = version_in(faq, language)
    started = target is None
    if started:
        target = faq.copy_for_translation(locale)
        target.live = False
        target.has_unpublished_changes = True
        target.save()
    lock = target.get_lock()
    if lock and lock.for_user(user):
        raise WordingRefused(lock.get_message(user))
    draft = target.get_latest_revision_as_object()
    if any(same_words(text, existing) for existing in
           [draft.question, *(wording.text for wording in draft.wordings.all())]):
        if started:
            draft.save_revision(user=user, log_action=True)
        return WordingResult(target, added=False, started_translation=started)
    draft.wordings.add(FAQWording(text=text, source=source, origin=origin))
    if not target.live:
        draft.save()  # as the edit view does: a draft's row holds its latest content
    draft.save_revision(user=user, log_action=True)
    return WordingResult(target, added=True, started_translation=started)


def draft_faq_from_query(query, *, language, user=None):
    """A new draft FAQ in the query's language with the query as its question."""
    question = query.strip()
    question = question[:1].upper() + question[1:]
    if not question.endswith(("?", "؟")):
        question += "؟" if language == "ar" else "?"
    if language == "es" and not question.startswith("¿"):
        question = "¿" + question
    faq = FAQ(question=question, answer="<p></p>", live=False, keywords=query,
              locale=_locale(language))
    faq.save()
    faq.save_revision(user=user, log_action=True)
    return faq
