"""Database search: an inverted index in two tables, scored in SQL + Python.

Works the same on SQLite and PostgreSQL. Stemming with Snowball, typo tolerance by
correcting unknown query words to the nearest indexed term, synonyms expanded at
query time, crisis boost from the document's boost.
"""

import difflib
import math
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Count

from search.models import SearchEntry, SearchTerm
from search.text import terms, words

from .base import SearchBackend, SearchHit, SearchResults

FIELD_WEIGHTS = {"title": 3.0, "short_answer": 2.0, "keywords": 2.0, "body": 1.0}
TITLE_WEIGHT_FLOOR = 3.0
SYNONYM_WEIGHT = 0.8


def document_terms(document):
    weights = Counter()
    for field_name, weight in FIELD_WEIGHTS.items():
        value = getattr(document, field_name)
        text = " ".join(value) if isinstance(value, list) else value
        counts = Counter(terms(text, document.language))
        for term, tf in counts.items():
            weights[term] += weight * (1 + math.log(tf))
    return weights


class DatabaseBackend(SearchBackend):
    name = "database"

    def index(self, documents):
        documents = list(documents)
        with transaction.atomic():
            for document in documents:
                entry, _ = SearchEntry.objects.update_or_create(
                    key=document.key,
                    defaults={
                        "doc_type": document.doc_type, "object_id": document.object_id,
                        "language": document.language, "title": document.title[:300],
                        "url": document.url, "snippet": document.snippet,
                        "short_answer": document.short_answer,
                        "topics": " ".join(document.topics), "boost": document.boost,
                    },
                )
                SearchTerm.objects.filter(entry=entry).delete()
                SearchTerm.objects.bulk_create(
                    [SearchTerm(entry=entry, term=term, weight=weight)
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

    @transaction.atomic
    def _bulk_insert(self, documents):
        entries = SearchEntry.objects.bulk_create([
            SearchEntry(key=d.key, doc_type=d.doc_type, object_id=d.object_id,
                        language=d.language, title=d.title[:300], url=d.url, snippet=d.snippet,
                        short_answer=d.short_answer, topics=" ".join(d.topics), boost=d.boost)
            for d in documents])
        if entries and entries[0].pk is None:  # backends that do not return primary keys
            by_key = dict(SearchEntry.objects.filter(key__in=[d.key for d in documents])
                          .values_list("key", "pk"))
            for entry in entries:
                entry.pk = by_key[entry.key]
        SearchTerm.objects.bulk_create(
            [SearchTerm(entry_id=entry.pk, term=term, weight=weight)
             for entry, document in zip(entries, documents, strict=True)
             for term, weight in document_terms(document).items()], batch_size=2000)

    def delete(self, keys):
        SearchEntry.objects.filter(key__in=list(keys)).delete()

    def clear(self):
        SearchEntry.objects.all().delete()

    def _correct(self, query_terms, language):
        """Replace terms nobody indexed with the closest indexed term, if one is close."""
        known = set(SearchTerm.objects.filter(term__in=query_terms, entry__language=language)
                    .values_list("term", flat=True).distinct())
        corrected = []
        for term in query_terms:
            if term in known or len(term) < 4 or term.isdigit():
                corrected.append(term)
                continue
            candidates = list(
                SearchTerm.objects.filter(term__startswith=term[0], entry__language=language)
                .values_list("term", flat=True).distinct()[:5000]
            )
            match = difflib.get_close_matches(term, candidates, n=1, cutoff=0.75)
            corrected.append(match[0] if match else term)
        return corrected

    def search(self, query):
        base_terms = terms(query.text, query.language)
        if not base_terms:
            return SearchResults(hits=[], total=0, backend=self.name)
        main_terms = self._correct(base_terms, query.language)
        wanted = {term: 1.0 for term in main_terms}
        for phrase in query.synonyms:
            for term in terms(phrase, query.language):
                wanted.setdefault(term, SYNONYM_WEIGHT)

        postings = SearchTerm.objects.filter(term__in=list(wanted),
                                             entry__language=query.language)
        if query.topic:
            postings = postings.filter(entry__topics__contains=query.topic)
        document_count = max(SearchEntry.objects.filter(language=query.language).count(), 1)
        frequencies = dict(postings.values("term").annotate(df=Count("entry_id"))
                           .values_list("term", "df"))
        scores, matched = defaultdict(float), defaultdict(set)
        for entry_id, term, weight in postings.values_list("entry_id", "term", "weight"):
            idf = math.log(1 + document_count / frequencies.get(term, 1))
            scores[entry_id] += weight * idf * wanted[term]
            matched[entry_id].add(term if wanted[term] == 1.0 else "~syn")
        if not scores:
            return SearchResults(hits=[], total=0, backend=self.name,
                                 corrected=self._corrected_text(base_terms, main_terms, query))
        entries = SearchEntry.objects.in_bulk(list(scores))
        needed = len(set(main_terms))

        def rank(entry_id):
            coverage = len(matched[entry_id]) / needed
            return coverage * scores[entry_id] * entries[entry_id].boost

        ordered = sorted(scores, key=rank, reverse=True)
        hits = [self._hit(entries[entry_id], rank(entry_id)) for entry_id in ordered[: query.limit]]
        return SearchResults(hits=hits, total=len(ordered), backend=self.name,
                             corrected=self._corrected_text(base_terms, main_terms, query))

    @staticmethod
    def _corrected_text(before, after, query):
        return " ".join(after) if before != after else ""

    @staticmethod
    def _hit(entry, score):
        return SearchHit(doc_type=entry.doc_type, object_id=entry.object_id, title=entry.title,
                         url=entry.url, snippet=entry.snippet, score=score,
                         short_answer=entry.short_answer, key=entry.key)

    def suggest(self, prefix, language="en", limit=6):
        tokens = words(prefix)
        if not tokens:
            return []
        last = tokens[-1]
        entries = (SearchEntry.objects.filter(language=language, terms__term__startswith=last[:5],
                                              terms__weight__gte=TITLE_WEIGHT_FLOOR)
                   .distinct().order_by("-boost", "title")[:200])
        lowered = prefix.lower().strip()
        picked = [e for e in entries if lowered in e.title.lower()] or [
            e for e in entries if any(w.startswith(last) for w in words(e.title))]
        return [{"text": e.title, "url": e.url, "type": e.doc_type} for e in picked[:limit]]

    def health(self):
        return {"backend": self.name, "documents": SearchEntry.objects.count()}
