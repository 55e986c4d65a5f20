"""What each process reads once from the database search index and keeps while the index
is unchanged: the vocabulary of each language (typo correction, term frequencies), the
vector matrix of each language (exact cosine), and what a result shows of each entry.

Each is checked against the database now and then (a stamp: how many rows, the newest
change), so another process's writes are seen within seconds without a scan per search;
this process's own writes empty them at once (`forget_held`).
"""

import threading
import time
from collections import namedtuple

from django.db.models import Count, Max

import numpy

from search import autocomplete
from search.embedding import get_embedder, get_question_embedder
from search.models import SearchEntry, SearchTerm, SearchVector

VOCABULARY_TTL = 60  # seconds; read again at the latest after this
_VOCABULARIES = {}
_MATRICES = {}


class Vocabulary(dict):
    """Indexed terms of one language -> document frequency, bucketed by first letter for
    typo correction; `documents`: how many documents the language has. Read again after
    VOCABULARY_TTL, or sooner when the content generation moved and the language's entries
    changed (a new FAQ's words are searchable at once in every process)."""

    def __init__(self, frequencies, stamp):
        super().__init__(frequencies)
        self.loaded_at = time.monotonic()
        self.stamp, self.documents, self.recheck = stamp, stamp[0], False
        self.buckets = {}
        for word in self:
            self.buckets.setdefault(word[:1], []).append(word)

    def get_bucket(self, term):
        return self.buckets.get(term[:1], [])


def change_stamp(rows):
    """(how many, newest change, highest id) of a queryset of index rows: moves with every
    write, read without a scan."""
    return tuple(rows.aggregate(n=Count("pk"), newest=Max("updated_at"), top=Max("pk")).values())


def _entries_stamp(language):
    return change_stamp(SearchEntry.objects.filter(language=language))


def vocabulary_of(language):
    vocabulary = _VOCABULARIES.get(language)
    if vocabulary is not None and vocabulary.recheck:
        vocabulary.recheck = False
        if _entries_stamp(language) != vocabulary.stamp:
            vocabulary = None
    if vocabulary is None or time.monotonic() - vocabulary.loaded_at > VOCABULARY_TTL:
        stamp = _entries_stamp(language)  # before the terms: a write in between is seen later
        vocabulary = Vocabulary(SearchTerm.objects.filter(language=language)
                                .values("term").annotate(df=Count("entry_id"))
                                .values_list("term", "df"), stamp)
        _VOCABULARIES[language] = vocabulary
    return vocabulary


class VectorMatrix:
    """Every passage and question vector of one language's documents, in memory for exact
    cosine.

    Exact search over all documents is fine up to ~50k documents per language (numpy, a
    few ms at 10k). The stamp (count, newest change) is checked every few seconds, so
    another process's reindex is seen without a restart.
    """

    def __init__(self, language, stamp):
        self.stamp, self.language = stamp, language
        embedder = get_embedder(language)
        asker = get_question_embedder()
        dimensions = embedder.dimensions if embedder else 1
        asked_dimensions = asker.dimensions if asker else dimensions
        self.model = embedder.name if embedder else ""
        self.question_model = asker.name if asker else self.model
        rows = list(SearchVector.objects.filter(language=language, model=self.model)
                    .values_list("entry_id", "entry__topics", "passages", "questions",
                                 "entry__group", "question_model"))

        def block(raw, size):
            return numpy.frombuffer(bytes(raw or b""), dtype=numpy.float32).reshape(-1, size)

        blocks = [block(row[2], dimensions) for row in rows]
        # Questions another model embedded (the setting changed, no reindex yet) are left out.
        asked = [block(row[3], asked_dimensions) if (row[5] or self.model) == self.question_model
                 else block(b"", asked_dimensions) for row in rows]
        keep = [i for i, passages in enumerate(blocks) if len(passages)]
        self.ids = [rows[i][0] for i in keep]
        self.topics = [set(rows[i][1].split()) for i in keep]
        self.groups = [rows[i][4] for i in keep]
        self.position = {pk: i for i, pk in enumerate(self.ids)}
        self.by_group = {group: i for i, group in enumerate(self.groups) if group}
        self.passages, self.starts = _stack([blocks[i] for i in keep], dimensions)
        # Documents without questions get one zero row, scored as "no question" (NaN).
        self.has_questions = numpy.array([len(asked[i]) > 0 for i in keep], dtype=bool)
        self.questions, self.question_starts = _stack(
            [asked[i] if len(asked[i]) else numpy.zeros((1, asked_dimensions), numpy.float32)
             for i in keep], asked_dimensions)

    def similarities(self, vector, question_vector=None):
        """Per document: the cosine of its closest passage, and of its closest question
        (NaN for documents without questions)."""
        if not self.ids:
            empty = numpy.zeros(0, dtype=numpy.float32)
            return empty, empty
        passages = (numpy.maximum.reduceat(self.passages @ vector, self.starts)
                    if vector is not None
                    else numpy.full(len(self.ids), numpy.nan, dtype=numpy.float32))
        if question_vector is None:
            question_vector = vector if self.question_model == self.model else None
        if question_vector is None:
            return passages, numpy.full(len(self.ids), numpy.nan, dtype=numpy.float32)
        questions = numpy.maximum.reduceat(self.questions @ question_vector,
                                           self.question_starts)
        return passages, numpy.where(self.has_questions, questions, numpy.nan)


def _stack(blocks, dimensions):
    if not blocks:
        return numpy.zeros((0, dimensions), dtype=numpy.float32), None
    starts = numpy.cumsum([0] + [len(b) for b in blocks[:-1]])
    return numpy.vstack(blocks), starts


MATRIX_CHECK_SECONDS = 2.0
HIT_FIELDS = ("doc_type", "object_id", "title", "url", "snippet", "short_answer", "key",
              "status", "boost", "group")
EntryFields = namedtuple("EntryFields", HIT_FIELDS)


class EntryMemo:
    """What a result shows of each entry (title, URL, snippet...), read once per process and
    kept while the index is unchanged: a search then reads only the entries it has not met
    yet, as plain rows. Checked against the database at most every MATRIX_CHECK_SECONDS (as
    the vector matrix is) and whenever the content generation moves (notice_generation),
    and emptied at once by this process's own index writes."""

    LIMIT = 100_000  # entries held; beyond, start again

    def __init__(self):
        self.rows, self.stamp, self.checked_at = {}, None, 0.0
        self._lock = threading.Lock()

    def clear(self):
        with self._lock:
            self.rows, self.stamp, self.checked_at = {}, None, 0.0

    def get(self, ids):
        """{entry id: EntryFields} for the ids that still exist."""
        if time.monotonic() - self.checked_at >= MATRIX_CHECK_SECONDS:
            stamp = change_stamp(SearchEntry.objects.all())
            with self._lock:
                if stamp != self.stamp or len(self.rows) > self.LIMIT:
                    self.rows, self.stamp = {}, stamp
                self.checked_at = time.monotonic()
        rows = self.rows
        found = {pk: rows[pk] for pk in ids if pk in rows}
        missing = [pk for pk in ids if pk not in found]
        if missing:
            read = {row[0]: EntryFields(*row[1:]) for row in SearchEntry.objects
                    .filter(pk__in=missing).values_list("pk", *HIT_FIELDS)}
            with self._lock:
                if self.rows is rows:  # not emptied meanwhile
                    rows.update(read)
            found.update(read)
        return found


ENTRIES = EntryMemo()


def matrix_of(language):
    """This language's matrix, checked against the database at most every 2 s: another
    process's reindex is searched within 2 s, without a scan on every query."""
    matrix = _MATRICES.get(language)
    if matrix is not None and time.monotonic() - matrix.checked_at < MATRIX_CHECK_SECONDS:
        return matrix
    stamp = change_stamp(SearchVector.objects.filter(language=language))
    if matrix is None or matrix.stamp != stamp:
        matrix = _MATRICES[language] = VectorMatrix(language, stamp)
    matrix.checked_at = time.monotonic()
    return matrix


_seen = {"generation": None}


def notice_generation(generation):
    """The search content generation this search was asked under (None: unknown). When it
    moved (another process wrote to the index and bumped it), the entries, matrices and
    vocabularies are checked against the database now rather than seconds later: a
    result computed under the new generation is stored for everyone, so it must not be
    built from rows held from before."""
    if generation is None or generation == _seen["generation"]:
        return
    _seen["generation"] = generation
    ENTRIES.checked_at = 0.0
    for matrix in list(_MATRICES.values()):
        matrix.checked_at = 0.0
    for vocabulary in list(_VOCABULARIES.values()):
        vocabulary.recheck = True


def forget_held():
    """What this process holds of the index, after it changed the index itself."""
    autocomplete.forget()
    _VOCABULARIES.clear()
    _MATRICES.clear()
    ENTRIES.clear()
