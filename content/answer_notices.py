"""Notices shown over an answer that may be out of date, from the layers above content.

An FAQ can say what an alert said after the alert ended ("Boil tap water..." after the
all-clear): until staff check it, the FAQ page and search's answer box say so, with a link
to what the city says now. Content cannot know about alerts (they sit above it), so each
hook registered under `beacon_answer_notices` takes an FAQ's id and returns
AnswerNotices (alerts/wagtail_hooks.py registers one)."""

from dataclasses import dataclass

from wagtail import hooks

ANSWER_NOTICES_HOOK = "beacon_answer_notices"


@dataclass(frozen=True)
class AnswerNotice:
    headline: str  # what ended, in the reader's language
    url: str  # where the city's last words on it are


def answer_notices(faq_id):
    if not faq_id:
        return []
    return [notice for fn in hooks.get_hooks(ANSWER_NOTICES_HOOK) for notice in fn(faq_id)]
