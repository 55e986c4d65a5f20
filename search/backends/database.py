"""Database search: an inverted index in two tables, scored in SQL + Python.

Works the same on SQLite and PostgreSQL. Stemming with Snowball, typo tolerance by
correcting unknown query words to the nearest indexed term, synonyms expanded at
query time, crisis boost from the document's boost.
"""

import difflib
import math
from collections import Counter

from django.db import connection, transaction

import numpy

from search.embedding import model_name, question_model_name
from search.models import SearchEntry, SearchTerm, SearchVector
from search.ranking import CANDIDATES, Candidate, fallback_languages, fuse
from search.text import terms, words

from .base import SearchBackend, SearchHit, SearchResults, attach_vectors
from .database_held import (
    ENTRIES,
    forget_held,
    matrix_of,
    notice_generation,
    vocabulary_of,
)

FIELD_WEIGHTS = {"title": 3.0, "short_answer": 2.0, "keywords": 2.0, "body": 1.0}
TITLE_WEIGHT_FLOOR = 3.0
SYNONYM_WEIGHT = 0.5


def _ranked_postings(language, factor, own_terms, topic, limit):
    """[(entry id, rank, words matched, documents matched)] best first, in one aggregate:
    a BM25-like sum of the matched terms' weights times how many of the query's own words
    matched (coverage); how many documents matched at all comes from a window over the
    groups, not a second scan. A document has one row per term, so counting rows counts
    distinct words. Written as SQL (the same on SQLite and PostgreSQL): it runs on every
    search, and building it through the ORM cost as much as running it."""
    terms_sql = ", ".join(["%s"] * len(factor))
    own_sql = ", ".join(["%s"] * len(own_terms)) or "NULL"
    cases = " ".join(["WHEN %s THEN %s"] * len(factor))
    postings = connection.ops.quote_name(SearchTerm._meta.db_table)
    entries = connection.ops.quote_name(SearchEntry._meta.db_table)
    join = (f"JOIN {entries} e ON e.id = p.entry_id AND e.topics LIKE %s ESCAPE '!'"
            if topic else "")
    sql = (f"SELECT p.entry_id, SUM(p.weight * CASE p.term {cases} END)"  # noqa: S608 (only placeholders and table names)
           f" * SUM(CASE WHEN p.term IN ({own_sql}) THEN 1 ELSE 0 END),"
           f" SUM(CASE WHEN p.term IN ({own_sql}) THEN 1 ELSE 0 END), COUNT(*) OVER ()"
           f" FROM {postings} p {join}"
           f" WHERE p.language = %s AND p.term IN ({terms_sql})"
           f" GROUP BY p.entry_id ORDER BY 2 DESC, p.entry_id LIMIT %s")
    params = [value for pair in factor.items() for value in pair]
    params += list(own_terms) * 2
    if topic:
        escaped = topic.replace("!", "!!").replace("%", "!%").replace("_", "!_")
        params.append(f"%{escaped}%")
    params += [language, *factor, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _vector_fields(document):
    vectors = numpy.asarray(document.passage_vectors, dtype=numpy.float32)
    asked = (numpy.asarray(document.question_vectors, dtype=numpy.float32).tobytes()
             if document.question_vectors is not None else b"")
    return {"language": document.language, "passages": vectors.tobytes(), "questions": asked,
            "model": model_name(document.language),
            "question_model": question_model_name() or model_name(document.language)}


def document_terms(document):
    weights = Counter()
    for field_name, weight in FIELD_WEIGHTS.items():
        value = getattr(document, field_name)
        text = " ".join(value) if isinstance(value, list) else value
        counts = Counter(terms(text, document.language))
        for term, tf in counts.items():
            weights[term] += weight * (1 + math.log(tf))
    return weights


def readable_correction(query, corrected_terms, hits):
    """"Showing results for ..." in real words of the reader's language, or "".

    Typo correction works on stems ("safeti", "refugi"), which must never reach a resident.
    Each word of the query whose stem was corrected is replaced by a word with the corrected
    stem as written in the top answer's title or snippet; when the top answer has no such
    word, the correction did not find it, and nothing is claimed."""
    if not corrected_terms or not hits:
        return ""
    wanted = set(corrected_terms.split())
    shown = " ".join([hits[0].title, hits[0].snippet])
    surface = {}
    for word in words(shown):
        for term in terms(word, query.language):
            surface.setdefault(term, word.casefold())
    out, changed = [], False
    for word in query.text.split():
        stems = terms(word, query.language)
        if not stems or all(stem in wanted for stem in stems):
            out.append(word)
            continue
        replacement = next((surface[t] for t in wanted if t in surface
                            and _close(t, stems[0])), None)
        if replacement is None:
            return ""
        out.append(replacement)
        changed = True
    return " ".join(out) if changed else ""


def _close(a, b):
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.75


class DatabaseBackend(SearchBackend):
    name = "database"

    def index(self, documents):
        documents = attach_vectors(list(documents))
        forget_held()
        with transaction.atomic():
            transaction.on_commit(forget_held)  # and again once other searches can read the change
            for document in documents:
                entry, _ = SearchEntry.objects.update_or_create(
                    key=document.key,
                    defaults={
                        "doc_type": document.doc_type, "object_id": document.object_id,
                        "language": document.language, "title": document.title[:300],
                        "url": document.url, "snippet": document.snippet,
                        "short_answer": document.short_answer,
                        "topics": " ".join(document.topics), "boost": document.boost,
                        "status": document.status, "group": document.group,
                    },
                )
                SearchVector.objects.filter(entry=entry).delete()
                if document.passage_vectors is not None:
                    SearchVector.objects.create(entry=entry, **_vector_fields(document))
                SearchTerm.objects.filter(entry=entry).delete()
                SearchTerm.objects.bulk_create(
                    [SearchTerm(entry=entry, language=document.language, term=term,
                                weight=weight)
                     for term, weight in document_terms(document).items()],
                    batch_size=500,
                )
        return len(documents)

    def rebuild(self, documents, progress=None):
        """Full rebuild in large batches (used by search_reindex and benchmarks)."""
        self.clear()
        batch = []
        for document in documents:
            batch.append(document)
            if len(batch) >= 500:
                self._bulk_insert(batch)
                batch = []
            if progress:
                progress(1)
        if batch:
            self._bulk_insert(batch)
        self._analyze()

    @staticmethod
    def _analyze():
        """Fresh statistics after a bulk load, so the planner has them at once rather than
        when autovacuum gets there (it ran during the benchmark's searches)."""
        # PostgreSQL: VACUUM too (outside a transaction only), which marks the new rows
        # visible to index-only scans and leaves autovacuum nothing to do during searches.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        command = "VACUUM ANALYZE" if vacuum else "ANALYZE"
        with connection.cursor() as cursor:
            for model in (SearchEntry, SearchTerm, SearchVector):
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"{command} {table}")  # a model's own table name

    @transaction.atomic
    def _bulk_insert(self, documents):
        attach_vectors(documents)
        forget_held()
        entries = SearchEntry.objects.bulk_create([
            SearchEntry(key=d.key, doc_type=d.doc_type, object_id=d.object_id,
                        language=d.language, title=d.title[:300], url=d.url, snippet=d.snippet,
                        short_answer=d.short_answer, topics=" ".join(d.topics), boost=d.boost,
                        status=d.status, group=d.group)
            for d in documents])
        if entries and entries[0].pk is None:  # backends that do not return primary keys
            by_key = dict(SearchEntry.objects.filter(key__in=[d.key for d in documents])
                          .values_list("key", "pk"))
            for entry in entries:
                entry.pk = by_key[entry.key]
        SearchTerm.objects.bulk_create(
            [SearchTerm(entry_id=entry.pk, language=document.language, term=term, weight=weight)
             for entry, document in zip(entries, documents, strict=True)
             for term, weight in document_terms(document).items()], batch_size=2000)
        SearchVector.objects.bulk_create(
            [SearchVector(entry_id=entry.pk, **_vector_fields(document))
             for entry, document in zip(entries, documents, strict=True)
             if document.passage_vectors is not None], batch_size=500)

    def delete(self, keys):
        SearchEntry.objects.filter(key__in=list(keys)).delete()
        forget_held()
        transaction.on_commit(forget_held)  # inside a transaction: again once it is visible

    def clear(self):
        forget_held()
        SearchEntry.objects.all().delete()

    def _correct(self, query_terms, language):
        """Replace terms nobody indexed with the closest indexed term, if one is close."""
        vocabulary = vocabulary_of(language)
        corrected = []
        for term in query_terms:
            if term in vocabulary or len(term) < 4 or term.isdigit():
                corrected.append(term)
                continue
            candidates = [w for w in vocabulary.get_bucket(term)]
            match = difflib.get_close_matches(term, candidates, n=1, cutoff=0.75)
            corrected.append(match[0] if match else term)
        return corrected

    def search(self, query):
        """Lexical and semantic candidates, fused in search/ranking.py."""
        candidates, total, corrected = {}, 0, ""
        notice_generation(query.generation)
        if query.lexical_on:
            lexical, total, corrected = self._lexical(query)
            candidates = {entry_id: Candidate(key=str(entry_id), lexical=score, covered=covered)
                          for entry_id, score, covered in lexical}
        if query.semantic_on:
            self._semantic(query, candidates)
        entries = ENTRIES.get(list(candidates))
        for entry_id, candidate in list(candidates.items()):
            entry = entries.get(entry_id)
            if entry is None:
                del candidates[entry_id]
                continue
            candidate.boost, candidate.fields = entry.boost, entry
        ranked, confident = fuse(list(candidates.values()), query.semantic_on, query.language,
                                  lexical_on=query.lexical_on, gloss=query.gloss)
        hits = [self._hit(candidate.fields, score, candidate.foreign)
                for candidate, score in ranked[:query.limit]]
        # Claimed only when the corrected search found a clear answer.
        corrected = readable_correction(query, corrected, hits) if confident else ""
        if query.semantic_on:
            total = max(total, len(ranked))
        return SearchResults(hits=hits, total=total if hits else 0, backend=self.name,
                             corrected=corrected, confident=confident)

    def _semantic(self, query, candidates):
        matrix = matrix_of(query.language)
        passages, questions, best = self._closest(matrix, query, max(CANDIDATES, query.limit))
        for i in best:
            candidates.setdefault(matrix.ids[i], Candidate(key=str(matrix.ids[i])))
        for other in fallback_languages(query.language):
            foreign = matrix_of(other)
            if foreign.question_model != matrix.question_model or not foreign.ids:
                continue  # another model's vectors do not compare with this query's
            self._cross_language(query, matrix, foreign, candidates)
        for entry_id, candidate in candidates.items():
            position = matrix.position.get(entry_id)
            if position is not None:
                if not numpy.isnan(passages[position]):
                    candidate.semantic = float(passages[position])
                if not numpy.isnan(questions[position]):
                    candidate.question = float(questions[position])

    @staticmethod
    def _closest(matrix, query, wanted, foreign=False):
        """Passage and question similarities, and the positions of the `wanted` closest.
        Another language's passages are compared only when one model embeds both."""
        same_model = not foreign or matrix.model == model_name(query.language)
        passages, questions = matrix.similarities(query.vector if same_model else None,
                                                  query.question_vector)
        # The closest by each view (two models' cosines are not on one scale).
        best = set()
        for view in (passages, questions):
            closest = numpy.nan_to_num(view, nan=-1.0)
            if query.topic and len(closest):
                allowed = numpy.array([query.topic in topics for topics in matrix.topics],
                                      dtype=bool)
                closest = numpy.where(allowed, closest, -1.0)
            top = (numpy.argpartition(-closest, wanted)[:wanted] if len(closest) > wanted
                   else numpy.arange(len(closest)))
            best.update(int(i) for i in top if closest[i] > -1.0)
        return passages, questions, sorted(best)

    def _cross_language(self, query, own, foreign, candidates):
        """Translations lag in a crisis: a Spanish or Arabic question is compared with the
        English documents too. Evidence found on a translation is credited to the version in
        the query's language when there is one; otherwise the English document itself is a
        candidate, marked foreign (the page says it is only in English)."""
        passages, questions, best = self._closest(foreign, query, 20, foreign=True)
        for i in best:
            question = None if numpy.isnan(questions[i]) else float(questions[i])
            passage = None if numpy.isnan(passages[i]) else float(passages[i])
            own_position = own.by_group.get(foreign.groups[i])
            if own_position is not None:
                entry_id = own.ids[own_position]
                candidate = candidates.setdefault(entry_id, Candidate(key=str(entry_id)))
                if question is not None:
                    candidate.translated = max(candidate.translated or -1.0, question)
                continue
            entry_id = foreign.ids[i]
            candidates[entry_id] = Candidate(key=str(entry_id), semantic=passage,
                                             question=question, foreign=foreign.language)

    def _lexical(self, query):
        """[(entry id, score, all words matched)] best first, how many documents matched,
        the corrected text."""
        base_terms = terms(query.text, query.language)
        if not base_terms:
            return [], 0, ""
        main_terms = self._correct(base_terms, query.language)
        corrected = self._corrected_text(base_terms, main_terms, query)
        wanted = {term: 1.0 for term in main_terms}
        for phrase in query.synonyms:
            for term in terms(phrase, query.language):
                wanted.setdefault(term, SYNONYM_WEIGHT)

        vocabulary = vocabulary_of(query.language)
        document_count = max(vocabulary.documents, 1)
        frequencies = {term: vocabulary[term] for term in wanted if term in vocabulary}
        if not frequencies:
            return [], 0, corrected
        factor = {term: math.log(1 + document_count / frequencies[term]) * wanted[term]
                  for term in frequencies}
        ranked = _ranked_postings(query.language, factor, set(main_terms) & set(factor),
                                  query.topic, max(CANDIDATES, query.limit))
        needed = len(set(main_terms))
        rows = [(entry_id, rank / needed, matched >= needed)
                for entry_id, rank, matched, _ in ranked]
        total = ranked[0][3] if ranked else 0
        return rows, total, corrected

    @staticmethod
    def _corrected_text(before, after, query):
        """The corrected terms (stems, internal): readable_correction turns them into the
        resident's own words, or nothing."""
        return " ".join(after) if before != after else ""

    @staticmethod
    def _hit(entry, score, foreign=""):
        return SearchHit(doc_type=entry.doc_type, object_id=entry.object_id, title=entry.title,
                         url=entry.url, snippet=entry.snippet, score=score,
                         short_answer=entry.short_answer, key=entry.key, status=entry.status,
                         language=foreign, group=entry.group)

    def suggest(self, prefix, language="en", limit=6):
        tokens = words(prefix)
        if not tokens:
            return []
        last = tokens[-1]
        stemmed = terms(last, language)  # indexed terms are stemmed: "route" is "rout"
        start = min([last[:5]] + [t[:5] for t in stemmed], key=len)
        entry_ids = (SearchTerm.objects.filter(language=language, term__startswith=start,
                                               weight__gte=TITLE_WEIGHT_FLOOR)
                     .values_list("entry_id", flat=True)[:200])
        entries = sorted(SearchEntry.objects.filter(pk__in=list(entry_ids)),
                         key=lambda e: (-e.boost, e.title))
        lowered = prefix.lower().strip()
        picked = [e for e in entries if lowered in e.title.lower()] or [
            e for e in entries if any(w.startswith(last) for w in words(e.title))]
        return [{"text": e.title, "url": e.url, "type": e.doc_type} for e in picked[:limit]]

    def health(self):
        return {"backend": self.name, "documents": SearchEntry.objects.count()}
