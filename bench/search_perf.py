"""Search latency and reindex time with 10,000 generated documents, both backends, hybrid.

    python bench/search_perf.py [--docs 10000] [--queries 400] [--language es]

Reindex time includes computing the passage vectors of every document (on every core, as
`search_reindex` does); search time includes embedding the query (one thread, as a web
process does, and never from the query cache).

Uses its own SQLite file (or DATABASE_URL if set) and its own Elasticsearch index prefix
(if ELASTICSEARCH_URL is set), so the demo data is untouched.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.gettempdir()) / 'beacon-bench.sqlite3'}"
os.environ.setdefault("SEARCH_INDEX_PREFIX", "beaconbench")

import _django  # noqa: F401  (sets Django up before anything imports models)

from django.core.management import call_command


from search.backends import SearchDocument, SearchQuery
from search.backends.base import attach_vectors
from search.backends.database import DatabaseBackend
from search.embedders import MODELS
from search.embedding import get_question_embedder, model_name

WORDS = ("water boil notice shelter warming center trash garbage recycling pickup snow plow "
         "parking ban towed car bus route fare paratransit power outage generator heat "
         "furnace pipes frozen burst leak main break street road closed bridge detour park "
         "trail tree fallen branch debris clinic hospital pharmacy food fridge freezer spoiled "
         "pet dog cat animal stray senior neighbor welfare check oxygen medical device library "
         "school closure permit tax bill payment meter reading sewer flood sandbag curfew "
         "volunteer donation blanket coat meal delivery ride transport shuttle").split()
QUERIES = [line.split("\t")[0] for line in
           (Path(__file__).with_name("relevance_queries.tsv")).read_text().splitlines()[1:]]


def generate(n, seed=7, language="en"):
    """`language` only picks the model and stemmer the documents go through (the words stay
    these): what an index of that language costs."""
    rng = random.Random(seed)
    for i in range(n):
        title_words = rng.sample(WORDS, 6)
        yield SearchDocument(
            key=f"faq:{900000 + i}", doc_type="faq", object_id=900000 + i,
            title=" ".join(title_words).capitalize() + "?", url=f"/faq/generated-{i}/",
            body=" ".join(rng.choices(WORDS, k=60)), snippet="Generated answer.",
            short_answer=" ".join(rng.choices(WORDS, k=15)),
            keywords=rng.sample(WORDS, 3), topics=[rng.choice(["water", "trash", "roads"])],
            language=language, questions=[" ".join(title_words).capitalize() + "?"],
            group=f"faq:generated-{i}")


def percentile(values, pct):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(pct / 100 * (len(values) - 1))))]


def measure(label, call, inputs):
    for item in inputs[:20]:  # warm up
        call(item)
    timings = []
    for item in inputs:
        started = time.perf_counter()
        call(item)
        timings.append((time.perf_counter() - started) * 1000)
    print(f"  {label:<13} n={len(timings)}  p50={statistics.median(timings):6.1f} ms  "
          f"p95={percentile(timings, 95):6.1f} ms  max={max(timings):6.1f} ms")
    return percentile(timings, 95)


def vectorised(docs, language):
    documents = list(generate(docs, language=language))
    started = time.monotonic()
    attach_vectors(documents)
    passages = sum(len(d.passage_vectors) for d in documents if d.passage_vectors is not None)
    print(f"vectors: {docs} documents, {passages} passages in {time.monotonic() - started:.1f} s "
          f"({os.cpu_count()} cores)")
    return documents, time.monotonic() - started


def run(backend, name, documents, embed_seconds, queries, language):
    started = time.monotonic()
    backend.rebuild(documents)
    written = time.monotonic() - started
    print(f"{name}: reindex {len(documents)} documents in {embed_seconds + written:.1f} s "
          f"(vectors {embed_seconds:.1f} s + writing {written:.1f} s)")
    rng = random.Random(3)
    texts = [rng.choice(QUERIES) for _ in range(queries)]
    query_embedder = MODELS[model_name(language)].installed(workers=1)
    question_embedder = get_question_embedder()

    def hybrid(text):  # both views' query vectors, uncached, as a new question costs
        vector = query_embedder.embed([text])[0]
        asked = question_embedder.embed([text], query=True)[0] if question_embedder else None
        return backend.search(SearchQuery(text=text, vector=vector, question_vector=asked,
                                          language=language))

    measure("lexical", lambda q: backend.search(
        SearchQuery(text=q, mode="lexical", language=language)), texts)
    measure("hybrid", hybrid, texts)
    prefixes = [rng.choice(WORDS)[: rng.randint(2, 5)] for _ in range(queries)]
    measure("autocomplete", lambda p: backend.suggest(p, language=language), prefixes)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--backend", default="both", choices=["both", "database", "elasticsearch"])
    parser.add_argument("--language", default="en", choices=["en", "es", "ar"])
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"database: {os.environ['DATABASE_URL'].split('@')[-1]}")
    documents, embed_seconds = vectorised(args.docs, args.language)
    if args.backend != "elasticsearch":
        run(DatabaseBackend(), "database", documents, embed_seconds, args.queries, args.language)
    if os.environ.get("ELASTICSEARCH_URL") and args.backend != "database":
        from search.backends.elasticsearch import ElasticsearchBackend, client

        run(ElasticsearchBackend(), "elasticsearch", documents, embed_seconds, args.queries,
            args.language)
        client().indices.delete(index="beaconbench-*", ignore_unavailable=True)
    else:
        print("elasticsearch: skipped (ELASTICSEARCH_URL not set)", file=sys.stderr)


if __name__ == "__main__":
    main()
