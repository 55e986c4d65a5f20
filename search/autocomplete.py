"""Autocomplete: whole questions and titles of the reader's language, as residents start
typing them.

Residents start with the words FAQs start with ("can i", "where", "is the", "¿dónde",
"هل"), which a search index drops as stopwords, and they make typos ("trsh", "wter").
So suggestions come from the titles themselves (the database backend's entries, which
every set-up keeps, search/backends/__init__.py), matched in Python:

- the title starts with what was typed (accents, case, ¿¡ and Arabic spelling variants
  aside): the question the resident is typing;
- or every typed word is in the title, the last one as a prefix, each allowed one typo
  (words of four letters or more; two letters swapped count as one). An Arabic title word
  also counts without its article and the particles written onto it (الكهرباء, بالماء):
  residents type كهرب, ماء.

Ended alerts are never offered: a cancelled or expired alert is not current news. The
titles of one language are read once a minute per process (a few thousand strings).
"""

import time
import unicodedata

from .arabic import normalize as normalize_arabic
from .arabic import without_article
from .models import SearchEntry

TITLES_TTL = 60  # seconds
_TITLES = {}  # language -> (loaded at, [(folded title, words, fields, boost)], vocabulary)


def fold(text, language="en"):
    """Lower case, no accents or marks, Arabic variants joined, leading ¿¡ dropped."""
    text = unicodedata.normalize("NFKD", (text or "").casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    if language == "ar":
        text = " ".join(normalize_arabic(word) for word in text.split())
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def _titles(language):
    cached = _TITLES.get(language)
    if cached and time.monotonic() - cached[0] < TITLES_TTL:
        return cached[1], cached[2]
    rows = []
    for entry in (SearchEntry.objects.filter(language=language)
                  .exclude(doc_type="alert", status__in=["cancelled", "expired"])
                  .only("title", "url", "doc_type", "boost", "status")):
        folded = fold(entry.title, language)
        if folded:
            rows.append((folded, _words(folded, language),
                         {"text": entry.title, "url": entry.url, "type": entry.doc_type},
                         entry.boost))
    vocabulary = {word for _, title_words, _, _ in rows for word in title_words}
    _TITLES[language] = (time.monotonic(), rows, vocabulary)
    return rows, vocabulary


def _words(folded, language):
    words = folded.split()
    if language != "ar":
        return words
    return words + [bare for word in words if (bare := without_article(word)) != word]


def forget():
    """After an index change in this process (other processes see it within a minute)."""
    _TITLES.clear()


def _one_edit(a, b):
    """a and b differ by at most one insertion, deletion or substitution, or by two
    neighbouring letters typed the wrong way round ("calentamineto")."""
    if len(a) == len(b):
        differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(differ) <= 1 or (len(differ) == 2 and differ[1] == differ[0] + 1
                                    and a[differ[0]] == b[differ[1]]
                                    and a[differ[1]] == b[differ[0]])
    if abs(len(a) - len(b)) > 1:
        return False
    shorter, longer = sorted((a, b), key=len)
    # one letter more in the longer: the two agree once it is left out
    first = next((i for i, (x, y) in enumerate(zip(shorter, longer, strict=False)) if x != y),
                 len(shorter))
    return shorter[first:] == longer[first + 1:]


def _word_cost(typed, word, last, known):
    """None when `typed` does not match the title word `word`; 0 when it is the word (or,
    typed last, its start); else how far apart the two words are, so that of two titles
    matched through a typo the closer word comes first ("ملجا": ملاجئ, shelters, before
    مجانية, free)."""
    if word == typed or (last and word.startswith(typed)):
        return 0
    if len(typed) < 4 or known:  # a word the titles use is no typo ("where" is not "there")
        return None
    if last:  # "wter" is the start of "water" with one letter missing
        matched = any(_one_edit(typed, word[:size]) for size in (
            len(typed) - 1, len(typed), len(typed) + 1) if size > 0)
    else:
        matched = _one_edit(typed, word)
    if not matched:
        return None
    # typed last, the word may go on: compared with its start, one letter longer
    return _distance(typed, word[:len(typed) + 1] if last else word)


def _distance(a, b):
    """Edits from a to b (Levenshtein; short words only)."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def suggest(prefix, language="en", limit=6):
    typed = fold(prefix, language)
    if len(typed) < 2:
        return []
    typed_words = typed.split()
    titles, vocabulary = _titles(language)
    known = [w in vocabulary or (i == len(typed_words) - 1
                                 and any(v.startswith(w) for v in vocabulary))
             for i, w in enumerate(typed_words)]
    scored = []
    for folded, title_words, item, boost in titles:
        if folded.startswith(typed):
            rank = 0
        else:
            costs = [min((cost for t in title_words if (cost := _word_cost(
                w, t, i == len(typed_words) - 1, known[i])) is not None), default=None)
                for i, w in enumerate(typed_words)]
            if None in costs:
                continue
            rank = 1 + sum(costs)
        scored.append((rank, -boost, len(folded), folded, item))
    scored.sort(key=lambda row: row[:4])
    seen, out = set(), []
    for *_, folded, item in scored:
        if folded not in seen:
            seen.add(folded)
            out.append(item)
        if len(out) == limit:
            break
    return out
