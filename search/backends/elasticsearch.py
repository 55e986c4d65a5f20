"""Elasticsearch through elasticsearch-dsl: one versioned index per language behind an
alias, hunspell stemming, fuzzy matching, query-time synonyms, completion suggestions.

Only core analysis components are used (standard tokenizer, lowercase, hunspell), so the
same mappings run on the integration-test distribution and on any full cluster. Any
transport failure raises SearchUnavailable, which the FallbackBackend answers from the
database.
"""

import logging
from datetime import UTC, datetime
from functools import lru_cache

from django.conf import settings

from elasticsearch import ApiError, Elasticsearch, TransportError, helpers
from elasticsearch_dsl import Completion as CompletionField
from elasticsearch_dsl import (
    DenseVector,
    Document,
    Float,
    Index,
    Keyword,
    Long,
    Nested,
    Q,
    Text,
    analyzer,
    token_filter,
)

from search import arabic
from search import text as text_rules
from search.embedders import Embedder
from search.embedding import (
    get_embedder,
    get_question_embedder,
    model_name,
    question_model_name,
)
from search.ranking import CANDIDATES, Candidate, fallback_languages, fuse

from .base import SearchBackend, SearchHit, SearchResults, SearchUnavailable, attach_vectors

logger = logging.getLogger(__name__)

HUNSPELL_LOCALES = {"en": "en_US", "es": "es_ES"}
# Residents ask questions: question words carry no meaning for matching. One list for both
# backends (search/text.py).
# The node has no Arabic normalising or stemming filter (they live in the analysis-common
# module, which the Maven Central distribution lacks). So Arabic stopwords are listed in
# each common spelling (search/arabic.py), and Beacon stems Arabic itself as the database
# backend does (search/text.py `terms`: spelling normalised, stopwords dropped, Snowball)
# and sends the stems beside the text.
STOPWORDS = {"en": sorted(text_rules.STOPWORDS["en"]), "es": sorted(text_rules.STOPWORDS["es"]),
             "ar": sorted(arabic.written_stopwords())}
STEMMED_IN_BEACON = {"ar"}
REQUEST_TIMEOUT = 2.0
REBUILD_TIMEOUT = 120.0
KNN_CANDIDATES = 20  # per view; BM25 gives CANDIDATES
BULK_CHUNK = 500


def client(url=None):
    return _client(url or settings.ELASTICSEARCH_URL)


@lru_cache(maxsize=8)
def _client(url):
    return Elasticsearch(url, request_timeout=REQUEST_TIMEOUT, max_retries=0,
                         retry_on_timeout=False)


def alias_name(language):
    """The one place index names come from: prefix (environment) + language."""
    return f"{settings.SEARCH_INDEX_PREFIX}-{language}"


def new_index_name(language):
    return f"{alias_name(language)}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"


def language_analyzer(language):
    filters = ["lowercase", token_filter(f"{language}_stop", type="stop",
                                          stopwords=STOPWORDS[language])]
    if language in HUNSPELL_LOCALES:
        filters.append(token_filter(f"{language}_hunspell", type="hunspell",
                                    locale=HUNSPELL_LOCALES[language], dedup=True))
    return analyzer(f"beacon_{language}", tokenizer="standard", filter=filters)


def plain_analyzer(language):
    """Unstemmed but stopword-free: exact words still count for more than their stems."""
    return analyzer(f"beacon_{language}_plain", tokenizer="standard", filter=[
        "lowercase", token_filter(f"{language}_plain_stop", type="stop",
                                  stopwords=STOPWORDS[language])])


def vector_dimensions(language):
    """The dimensions of the model that embeds `language` (search/embedders.py); a
    language without one still gets the field, unused."""
    embedder = get_embedder(language)
    return (embedder or Embedder).dimensions


def question_dimensions(language):
    embedder = get_question_embedder() or get_embedder(language)
    return (embedder or Embedder).dimensions


def document_class(language):
    text = language_analyzer(language)

    class BeaconDocument(Document):
        key = Keyword()
        doc_type = Keyword()
        object_id = Long()
        title = Text(analyzer=text, fields={"plain": Text(analyzer=plain_analyzer(language))})
        body = Text(analyzer=text)
        short_answer = Text(analyzer=text)
        keywords = Text(analyzer=text)
        topics = Keyword()
        boost = Float()
        status = Keyword()
        url = Keyword(index=False)
        snippet = Text(index=False)
        suggest = CompletionField(analyzer="simple")
        # Terms Beacon analysed itself (STEMMED_IN_BEACON), matched as they are.
        title_stems = Text(analyzer="whitespace")
        text_stems = Text(analyzer="whitespace")
        # Passage vectors (search/embedding.py), searched with nested kNN beside BM25: a
        # document scores as its closest passage.
        passages = Nested(properties={
            "vector": DenseVector(dims=vector_dimensions(language), index=True,
                                  similarity="cosine")})
        # An FAQ's question and approved wordings: the question view (search/ranking.py).
        questions = Nested(properties={
            "vector": DenseVector(dims=question_dimensions(language), index=True,
                                  similarity="cosine")})
        group = Keyword()  # the same content in other languages shares it

    BeaconDocument.__name__ = f"BeaconDocument_{language}"
    return BeaconDocument


def index_definition(name, language):
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0, refresh_interval="1s")
    index.document(document_class(language))
    return index


def as_source(document):
    source = {
        "key": document.key, "doc_type": document.doc_type, "object_id": document.object_id,
        "title": document.title, "body": document.body, "short_answer": document.short_answer,
        "keywords": " ".join(document.keywords), "topics": document.topics,
        "boost": document.boost, "url": document.url, "snippet": document.snippet,
        "status": document.status,
        "suggest": {"input": [document.title][:1], "weight": max(1, int(document.boost * 10))},
    }
    if document.language in STEMMED_IN_BEACON:
        source["title_stems"] = " ".join(text_rules.terms(document.title, document.language))
        source["text_stems"] = " ".join(text_rules.terms(document.text, document.language))
    if document.passage_vectors is not None:
        source["passages"] = [{"vector": [float(x) for x in vector]}
                              for vector in document.passage_vectors]
    if document.question_vectors is not None and len(document.question_vectors):
        source["questions"] = [{"vector": [float(x) for x in vector]}
                               for vector in document.question_vectors]
    source["group"] = document.group
    return source


HIT_FIELDS = ["key", "doc_type", "object_id", "title", "url", "snippet", "short_answer",
              "status", "boost", "group"]


def _unavailable(exc):
    return SearchUnavailable(f"{type(exc).__name__}: {exc}"[:300])


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url=None):
        self.es = client(url)

    # --- writing ---------------------------------------------------------------------
    def ensure_indexes(self):
        for language in text_rules.language_codes():
            if not self.es.indices.exists_alias(name=alias_name(language)):
                name = new_index_name(language)
                index_definition(name, language).create(using=self.es)
                self.es.indices.put_alias(index=name, name=alias_name(language))

    def _actions(self, documents, target=None):
        documents = attach_vectors(list(documents))
        for document in documents:
            yield {"_op_type": "index", "_index": target or alias_name(document.language),
                   "_id": document.key, "_source": as_source(document)}

    def index(self, documents):
        try:
            self.ensure_indexes()
            count, _ = helpers.bulk(self.es, self._actions(documents), chunk_size=BULK_CHUNK,
                                    refresh="wait_for")
            return count
        except (TransportError, ApiError) as exc:
            raise _unavailable(exc) from exc

    def delete(self, keys):
        keys = list(keys)
        try:
            # Documents are stored under their key as _id; delete-by-query is a module the
            # core distribution lacks, and ids are all we need.
            for language in text_rules.language_codes():
                if not self.es.indices.exists_alias(name=alias_name(language)):
                    continue
                for key in keys:
                    self.es.options(ignore_status=404).delete(index=alias_name(language), id=key,
                                                              refresh=True)
        except (TransportError, ApiError) as exc:
            raise _unavailable(exc) from exc

    def rebuild(self, documents, progress=None):
        """Zero-downtime reindex: fill fresh indexes, then swap every alias at once."""
        documents = list(documents)
        # Searches give up after REQUEST_TIMEOUT; bulk writes and the final refresh of
        # thousands of documents with vectors take longer, and nobody is waiting on them.
        es = self.es.options(request_timeout=REBUILD_TIMEOUT)
        created = {language: new_index_name(language) for language in text_rules.language_codes()}
        for language, name in created.items():
            index_definition(name, language).create(using=es)
            es.indices.put_settings(index=name, settings={"refresh_interval": "-1"})
        attach_vectors(documents)  # once for all; _actions finds them there
        for _ in helpers.streaming_bulk(
                es, (action for document in documents
                     for action in self._actions([document], created[document.language])),
                chunk_size=BULK_CHUNK):
            if progress:
                progress(1)
        actions = []
        for language, name in created.items():
            es.indices.put_settings(index=name, settings={"refresh_interval": "1s"})
            es.indices.refresh(index=name)
            alias = alias_name(language)
            old = (list(es.indices.get_alias(name=alias))
                   if es.indices.exists_alias(name=alias) else [])
            actions += [{"remove": {"index": index, "alias": alias}} for index in old]
            actions.append({"add": {"index": name, "alias": alias}})
        es.indices.update_aliases(actions=actions)
        for language in text_rules.language_codes():
            for index in es.indices.get(index=f"{alias_name(language)}-*"):
                if index not in created.values():
                    es.indices.delete(index=index)
        return created

    # --- reading ---------------------------------------------------------------------
    def _query(self, query):
        """BM25F over the FAQ's text fields as one document (combined_fields), plus a
        small typo-tolerant clause, all-words and title-phrase bonuses.

        Measured on the tune halves of both independent sets (bench/RESULTS.md): scoring
        each field alone and keeping the best (best_fields, title^3) let a title sharing
        the topic's words outrank the answer that holds the question's words (XQuAD en
        recall@1 0.706 lexical); one BM25 over title, short answer, keywords and body
        gives 0.925, Spanish 0.620 -> 0.896, Arabic 0.559 -> 0.820, StackFAQ unchanged
        lexically and 0.927 -> 0.941 hybrid. combined_fields has no fuzziness, hence the
        separate clause at 0.2 (at 0.5 it cost XQuAD es 0.06)."""
        fields = ["title^3", "title.plain^2", "short_answer^2", "keywords^2", "body"]
        should = [
            Q("combined_fields", query=query.text, operator="or",
              fields=["title^2", "short_answer", "keywords", "body"]),  # one analyzer
            Q("multi_match", query=query.text, fields=fields, fuzziness="AUTO", prefix_length=1,
              operator="or", type="best_fields", tie_breaker=0.3, boost=0.2,
              _name="typo_tolerant"),
            Q("multi_match", query=query.text, fields=fields, operator="and", boost=2,
              _name="all_words"),
            Q("match_phrase", title={"query": query.text, "boost": 3, "slop": 2}),
        ]
        should += [Q("multi_match", query=phrase, fields=fields, boost=0.5)
                   for phrase in query.synonyms]
        if query.language in STEMMED_IN_BEACON:
            stems = " ".join(text_rules.terms(query.text, query.language))
            stemmed = ["title_stems^2", "text_stems"]
            should += [Q("combined_fields", query=stems, fields=stemmed, operator="or"),
                       Q("combined_fields", query=stems, fields=stemmed, operator="and",
                         boost=2, _name="all_words")]
        bool_query = Q("bool", should=should, minimum_should_match=1)
        if query.topic:
            bool_query = Q("bool", must=[bool_query], filter=[Q("term", topics=query.topic)])
        return bool_query  # the crisis boost is applied after fusion (search/ranking.py)

    def _knn(self, query, field_name, vector):
        """One view's nearest neighbours (HNSW), inside the same language index."""
        wanted = max(KNN_CANDIDATES, query.limit)
        knn = {"field": field_name, "query_vector": [float(x) for x in vector],
               "k": wanted, "num_candidates": max(100, 2 * wanted)}
        if query.topic:
            knn["filter"] = {"term": {"topics": query.topic}}
        return {"knn": knn, "size": wanted, "_source": HIT_FIELDS}

    @staticmethod
    def _wanted(query):
        return max(CANDIDATES, query.limit)

    def search(self, query):
        """BM25 and the nested kNN over passages and questions in one msearch request (and
        the same kNN on the fallback languages' indexes), fused in Beacon."""
        index = {"index": alias_name(query.language)}
        searches, views = [], []
        if query.lexical_on:
            searches += [index, {"query": self._query(query).to_dict(), "size": self._wanted(query),
                                 "track_total_hits": True, "_source": HIT_FIELDS}]
            views.append(("lexical", query.language))
        if query.semantic_on:
            asked = query.question_vector
            if asked is None and question_model_name() in ("", model_name(query.language)):
                asked = query.vector  # one model embeds both views
            for language in [query.language] + fallback_languages(query.language):
                # Without the question view's vector (a language that does not weigh it),
                # no question kNN: another model's vector would compare with nothing.
                views_here = [("questions", asked)] if asked is not None else []
                if language == query.language or model_name(language) == model_name(
                        query.language):  # passages compare only within one model
                    views_here.insert(0, ("passages", query.vector))
                for view, vector in views_here:
                    searches += [{"index": alias_name(language), "ignore_unavailable": True},
                                 self._knn(query, f"{view}.vector", vector)]
                    views.append((view, language))
        try:
            responses = self.es.msearch(searches=searches)["responses"]
        except (TransportError, ApiError) as exc:
            raise _unavailable(exc) from exc
        answers = dict(zip(views, responses, strict=True))
        semantic_on = query.semantic_on
        if semantic_on and "error" in answers[("passages", query.language)]:
            # e.g. an index built before passage vectors: lexical until `search_reindex`.
            logger.warning("kNN failed, answering lexically: %s",
                           str(answers[("passages", query.language)]["error"])[:300])
            semantic_on = False
        if query.lexical_on and "error" in answers[("lexical", query.language)]:
            raise SearchUnavailable(str(answers[("lexical", query.language)]["error"])[:300])
        if not query.lexical_on and not semantic_on:
            raise SearchUnavailable("kNN failed and lexical search was not asked for")
        candidates, total = {}, 0
        if query.lexical_on:
            lexical = answers[("lexical", query.language)]
            total = lexical["hits"]["total"]["value"]
            for hit in lexical["hits"]["hits"]:
                candidates[hit["_id"]] = Candidate(
                    key=hit["_id"], lexical=hit["_score"], boost=hit["_source"].get("boost", 1),
                    covered="all_words" in hit.get("matched_queries", []), fields=hit["_source"])
        if semantic_on:
            self._add_semantic(candidates, answers[("passages", query.language)],
                               answers.get(("questions", query.language)))
            for (view, language), answer in answers.items():
                if language != query.language and view == "questions" and "error" not in answer:
                    self._cross_language(query, candidates, language,
                                         answers.get(("passages", language)), answer)
        ranked, confident = fuse(list(candidates.values()), semantic_on, query.language,
                                  lexical_on=query.lexical_on, gloss=query.gloss)
        if semantic_on:
            total = max(total, len(ranked))
        hits = [SearchHit(doc_type=c.fields["doc_type"], object_id=c.fields["object_id"],
                          title=c.fields["title"], url=c.fields["url"],
                          snippet=c.fields.get("snippet", ""), score=score,
                          short_answer=c.fields.get("short_answer", ""), key=c.key,
                          status=c.fields.get("status", ""), language=c.foreign,
                          group=c.fields.get("group", ""))
                for c, score in ranked[:query.limit]]
        return SearchResults(hits=hits, total=total if hits else 0, backend=self.name,
                             confident=confident)

    @staticmethod
    def _cosines(response):
        """{id: (cosine, source)} of one kNN answer (Elasticsearch scores (1 + cos) / 2)."""
        if not response or "error" in response:
            return {}
        return {hit["_id"]: (2 * hit["_score"] - 1, hit["_source"])
                for hit in response["hits"]["hits"]}

    def _add_semantic(self, candidates, passages, questions):
        """Each document's closest-passage and closest-question cosines, as the database
        backend computes them exactly. A candidate the passage kNN did not return counts at
        the lowest cosine it did return (it is at most that close); one the question kNN
        did not return has no question evidence."""
        found, asked = self._cosines(passages), self._cosines(questions)
        floor = min((cosine for cosine, _ in found.values()), default=0.0)
        for key, (_, source) in list(found.items()) + list(asked.items()):
            candidates.setdefault(key, Candidate(key=key, boost=source.get("boost", 1),
                                                 fields=source))
        for key, candidate in candidates.items():
            candidate.semantic = found[key][0] if key in found else floor
            if key in asked:
                candidate.question = asked[key][0]

    def _cross_language(self, query, candidates, language, passages, questions):
        """A question is compared with the fallback language's documents too: evidence on a
        translation goes to the version in the query's language when it exists (looked up
        by group), otherwise the other language's document is a candidate of its own."""
        found, asked = self._cosines(passages), self._cosines(questions)
        groups = {source.get("group") for _, source in list(found.values()) + list(asked.values())
                  if source.get("group")}
        own = {}
        if groups:
            try:
                response = self.es.search(index=alias_name(query.language), size=len(groups),
                                          query={"terms": {"group": sorted(groups)}},
                                          source=HIT_FIELDS)
                own = {hit["_source"]["group"]: hit for hit in response["hits"]["hits"]}
            except (TransportError, ApiError) as exc:
                logger.warning("cross-language lookup failed: %s", exc)
        floor = min((cosine for cosine, _ in found.values()), default=None)
        for key in set(found) | set(asked):
            source = (found.get(key) or asked.get(key))[1]
            passage = found[key][0] if key in found else floor
            question = asked[key][0] if key in asked else None
            sibling = own.get(source.get("group"))
            if sibling is not None:
                candidate = candidates.setdefault(sibling["_id"], Candidate(
                    key=sibling["_id"], boost=sibling["_source"].get("boost", 1),
                    fields=sibling["_source"]))
                if question is not None:
                    candidate.translated = max(candidate.translated or -1.0, question)
            elif key not in candidates:
                candidates[key] = Candidate(key=key, boost=source.get("boost", 1), fields=source,
                                            semantic=passage, question=question,
                                            foreign=language)

    def suggest(self, prefix, language="en", limit=6):
        body = {"suggest": {"titles": {"prefix": prefix, "completion": {
            "field": "suggest", "size": limit, "skip_duplicates": True,
            "fuzzy": {"fuzziness": 1} if len(prefix) > 3 else None}}}}
        if body["suggest"]["titles"]["completion"]["fuzzy"] is None:
            del body["suggest"]["titles"]["completion"]["fuzzy"]
        try:
            response = self.es.search(index=alias_name(language), suggest=body["suggest"],
                                      source=["title", "url", "doc_type"])
        except (TransportError, ApiError) as exc:
            raise _unavailable(exc) from exc
        return [{"text": option["_source"]["title"], "url": option["_source"]["url"],
                 "type": option["_source"]["doc_type"]}
                for option in response["suggest"]["titles"][0]["options"]]

    def health(self):
        try:
            health = self.es.cluster.health()
            counts = {language: self.es.count(index=alias_name(language))["count"]
                      for language in text_rules.language_codes()
                      if self.es.indices.exists_alias(name=alias_name(language))}
        except (TransportError, ApiError) as exc:
            raise _unavailable(exc) from exc
        return {"backend": self.name, "status": health["status"], "documents": counts}
