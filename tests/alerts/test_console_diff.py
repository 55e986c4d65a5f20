"""The agent console's word diff under the probe's two 6,000-word versions (issue 23 point
12: every /agents/ render took 10-12 s): near-linear work, and scripts capped in length.
No timing here (bench/console_diff.py measures); the work is bounded structurally."""

import difflib
import random

from django.core.exceptions import ValidationError

import pytest

from alerts import console
from alerts.console import MAX_WORD_PAIRS, word_diff
from content.models.snippets import MAX_SCRIPT_WORDS
from tests.helpers.content import make_message

VOCAB = ["the", "water", "boil", "call", "311", "do", "not", "drink", "until", "notice"]


def words(n, seed, stop_every=15):
    rng = random.Random(seed)
    chosen = [rng.choice(VOCAB) for _ in range(n)]
    if stop_every:
        for i in range(0, n, stop_every):
            chosen[i] += "."
    return " ".join(chosen)


def _one_word_changed(text):
    changed = text.split()
    changed[len(changed) // 2] = "CHANGED"
    return " ".join(changed)


PROBES = {
    "two unrelated versions": (words(6000, 1), words(6000, 2)),
    "one word changed": (words(6000, 3), _one_word_changed(words(6000, 3))),
    "one word changed, no punctuation": (words(6000, 4, 0),
                                         _one_word_changed(words(6000, 4, 0))),
    "the same sentences repeated": ("Call 311. Do not drink. " * 1500,
                                    "Call 311. Do not drink now. " * 1500),
}


@pytest.mark.parametrize("name", PROBES)
def test_word_comparisons_are_bounded_whatever_the_versions(monkeypatch, name):
    old, new = PROBES[name]
    sizes = []
    real = difflib.SequenceMatcher

    def counting(*args, a=(), b=(), **kwargs):
        sizes.append(len(a) * len(b))
        return real(*args, a=a, b=b, **kwargs)

    monkeypatch.setattr(console.difflib, "SequenceMatcher", counting)
    html = word_diff(old, new)
    assert all(size <= MAX_WORD_PAIRS for size in sizes)
    assert len(sizes) <= len(new.split())  # at most one bounded comparison per region
    assert "<ins>" in html and "<del>" in html
    if name.startswith("one word"):
        assert html.count("<ins>") == 1 and "<ins>CHANGED</ins>" in html


def test_small_changes_read_word_by_word_and_are_escaped():
    assert word_diff("Say: Tell callers to boil water.",
                     "Say: Tell callers to boil water for one minute.") == (
        "Say: Tell callers to boil <del>water.</del> <ins>water for one minute.</ins>")
    assert word_diff("A b. C d. E f.", "A b. X <y>. E f. New.") == (
        "A b. <del>C d.</del> <ins>X &lt;y&gt;.</ins> E f. <ins>New.</ins>")
    assert word_diff("Same text.", "Same text.") == "Same text."


@pytest.mark.django_db
def test_a_script_longer_than_a_call_is_refused(site):
    message = make_message(publish=False, script_say=words(MAX_SCRIPT_WORDS + 1, 5))
    with pytest.raises(ValidationError, match="at most 1,500"):
        message.full_clean()
    message.script_say = words(300, 6)
    message.full_clean()
