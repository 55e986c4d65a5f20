"""Questions written blind for the demo city, with and without the English reading.

    python bench/blind_demo.py [--language ar|es] [--backend database|elasticsearch]
                               [--weights 0,0.5]

bench/data/demo_blind/ar.tsv: 90 questions a helper wrote in everyday Arabic (five dialects
and MSA, phone spelling) for the demo's 45 FAQs; es.tsv: 90 in everyday Spanish (Mexican,
Caribbean, South American and Spain's, Spanglish, no accents, typos). Each helper saw only
the FAQs' English questions, and neither the code nor its word tables. The demo has 4 FAQs
in each of Spanish and Arabic; the rest answer in English (cross-language fallback), as
when translations lag. A question is answered right when its FAQ, in either language,
comes first. Runs on a throwaway SQLite database (and, for Elasticsearch, throwaway
indexes) with the demo seeded; prints recall@1 / @5 / MRR and the confident share and
precision at each `gloss` weight (search/gloss.py).
"""

import argparse
import csv
import os
import tempfile
import uuid
from pathlib import Path

WORK = tempfile.mkdtemp(prefix="beacon-blind-")
os.environ["DATABASE_URL"] = f"sqlite:///{WORK}/blind.sqlite3"
os.environ["SEARCH_INDEX_PREFIX"] = f"beaconblind-{uuid.uuid4().hex[:8]}"
os.environ.pop("REDIS_URL", None)
os.environ.pop("CELERY_BROKER_URL", None)

import _django  # noqa: E402,F401  (sets Django up before anything imports models)

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

SETS = Path(__file__).with_name("data") / "demo_blind"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--language", default="ar", choices=["ar", "es"])
    parser.add_argument("--backend", default="database")
    parser.add_argument("--weights", default="0,0.5")
    args = parser.parse_args()
    from content.models import FAQ
    from search import service
    from search.backends import get_backend
    from search.documents import all_documents

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    backend = get_backend(args.backend)
    getattr(backend, "primary", backend).rebuild(list(all_documents()))
    group = dict(FAQ.objects.values_list("pk", "translation_key"))
    english = dict(FAQ.objects.filter(locale__language_code="en")
                   .values_list("question", "translation_key"))
    with (SETS / f"{args.language}.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    ranking = settings.SEARCH_RANKING.setdefault(args.language, {})
    try:
        for weight in (float(w) for w in args.weights.split(",")):
            ranking["gloss"] = weight
            first = five = reciprocal = sure = sure_right = 0
            for row in rows:
                response = service.search(row["query"], language=args.language,
                                          backend=backend, record=False)
                order = [group[hit.object_id] for hit in response.results
                         if hit.doc_type == "faq"]
                expected = english[row["expected"]]
                rank = order.index(expected) + 1 if expected in order else None
                first += rank == 1
                five += bool(rank and rank <= 5)
                reciprocal += 1 / rank if rank else 0
                sure += response.confident
                sure_right += response.confident and rank == 1
            n = len(rows)
            print(f"{args.backend} {args.language} gloss {weight}: {n} questions  "
                  f"recall@1={first / n:.3f}  "
                  f"recall@5={five / n:.3f}  MRR={reciprocal / n:.3f}  confident={sure / n:.2f} "
                  f"(right when confident: {sure_right / max(1, sure):.2f})", flush=True)
    finally:
        if args.backend == "elasticsearch":
            from search.backends.elasticsearch import client

            client().indices.delete(index=f"{settings.SEARCH_INDEX_PREFIX}-*",
                                    ignore_unavailable=True)


if __name__ == "__main__":
    main()
