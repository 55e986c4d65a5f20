"""Relevance of resident search on the demo content: recall@1, recall@5 and MRR.

    python bench/relevance.py [--backend database|elasticsearch|both] [--reindex]
                              [--language en|es] [--mode hybrid|lexical|semantic]

Needs the demo (`manage.py seed_demo`). The labelled sets are bench/relevance_queries.tsv
(English) and bench/relevance_queries_es.tsv (Spanish, the demo's four Spanish FAQs: a
regression guard that Spanish does not get worse).
"""

import argparse
import csv
import time
from pathlib import Path


import _django  # noqa: F401  (sets Django up before anything imports models)

from content.models import FAQ
from search import service
from search.backends import get_backend
from search.documents import all_documents

QUERIES = {"en": Path(__file__).with_name("relevance_queries.tsv"),
           "es": Path(__file__).with_name("relevance_queries_es.tsv")}


def evaluate(backend_name, language="en", mode="hybrid"):
    backend = get_backend(backend_name)
    ids = dict(FAQ.objects.filter(live=True).values_list("question", "pk"))
    rows = list(csv.DictReader(QUERIES[language].open(encoding="utf-8"), delimiter="\t"))
    hits1 = hits5 = 0
    reciprocal = 0.0
    misses = []
    for row in rows:
        expected = ids[row["expected FAQ question"]]
        response = service.search(row["query"], language=language, backend=backend,
                                  source="bench", mode=mode)
        ranked = [h.object_id for h in response.results if h.doc_type == "faq"]
        rank = ranked.index(expected) + 1 if expected in ranked else None
        hits1 += rank == 1
        hits5 += bool(rank and rank <= 5)
        reciprocal += 1 / rank if rank else 0
        if not rank or rank > 5:
            misses.append(f"  {row['query']!r}: expected {row['expected FAQ question']!r}, got "
                          f"{[h.title for h in response.results[:3]]}")
    n = len(rows)
    return {"backend": backend_name, "queries": n, "recall@1": hits1 / n,
            "recall@5": hits5 / n, "mrr": reciprocal / n, "misses": misses}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", default="both", choices=["database", "elasticsearch", "both"])
    parser.add_argument("--reindex", action="store_true")
    parser.add_argument("--language", default="en", choices=sorted(QUERIES))
    parser.add_argument("--mode", default="hybrid", choices=["hybrid", "lexical", "semantic"])
    args = parser.parse_args()
    names = ["database", "elasticsearch"] if args.backend == "both" else [args.backend]
    for name in names:
        if args.reindex:
            started = time.monotonic()
            target = get_backend(name)
            (getattr(target, "primary", target)).rebuild(all_documents())
            print(f"{name}: reindexed in {time.monotonic() - started:.1f} s")
        result = evaluate(name, args.language, args.mode)
        print(f"{name} {args.language} {args.mode}: {result['queries']} queries  "
              f"recall@1={result['recall@1']:.3f}  recall@5={result['recall@5']:.3f}  "
              f"MRR={result['mrr']:.3f}")
        for miss in result["misses"]:
            print(miss)


if __name__ == "__main__":
    main()
