"""Relevance on real FAQ text Beacon was not written or tuned against.

    python bench/independent_eval.py [--set stackfaq|xquad] [--language en|es|ar|all]
                                     [--backend database|elasticsearch|both] [--split test]
                                     [--sweep] [--limit N]

The sets (bench/data/README.md): `stackfaq`, 125 real FAQs and 1,249 questions people wrote
in their own words (English); `xquad`, 240 encyclopedia paragraphs as FAQs in English,
Spanish and Arabic with 950 questions each (the same questions in the three languages).
Each is imported through `import_faqs` like a city's export, indexed by the product, and
every question goes through the same `search.service.search` residents use, in three
modes: lexical only, semantic only and hybrid. Fusion weights and the confidence threshold
were chosen with --sweep on the stackfaq `tune` half; the `test` halves are reported.

Runs on a throwaway SQLite database (and, with ELASTICSEARCH_URL set, throwaway indexes),
so it never touches a real site.
"""

import argparse
import csv
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

WORK = tempfile.mkdtemp(prefix="beacon-eval-")
os.environ["DATABASE_URL"] = f"sqlite:///{WORK}/eval.sqlite3"
os.environ["SEARCH_INDEX_PREFIX"] = f"beaconeval-{uuid.uuid4().hex[:8]}"
os.environ.pop("REDIS_URL", None)
os.environ.pop("CELERY_BROKER_URL", None)

import _django  # noqa: E402,F401  (sets Django up before anything imports models)

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

DATA = Path(__file__).with_name("data")
MODES = ("lexical", "semantic", "hybrid")
SETS = {"stackfaq": ("faqs.jsonl",), "xquad": ("faqs.en.jsonl", "faqs.es.jsonl",
                                               "faqs.ar.jsonl")}


def prepare(name):
    from wagtail.models import Locale

    call_command("migrate", verbosity=0)
    for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    user = get_user_model().objects.create_superuser("eval", "eval@example.org", None)
    for filename in SETS[name]:
        started = time.monotonic()
        call_command("import_faqs", str(DATA / name / filename), publish=True,
                     user=user.username, no_progress=True,
                     stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"imported {name}/{filename} in {time.monotonic() - started:.1f} s")


def reindex(name):
    from search.backends import get_backend
    from search.documents import all_documents

    started = time.monotonic()
    target = get_backend(name)
    getattr(target, "primary", target).rebuild(list(all_documents()))
    print(f"{name}: reindexed in {time.monotonic() - started:.1f} s")


def queries(name, split, language="all"):
    with (DATA / name / "queries.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [row for row in rows if (split == "all" or row["split"] == split)
            and language in ("all", row.get("language", "en"))]


def evaluate(backend_name, mode, rows):
    from content.importing import import_key
    from content.models import FAQ
    from search import service
    from search.backends import get_backend

    backend = get_backend(backend_name)
    ids = dict(FAQ.objects.filter(live=True).values_list("import_key", "pk"))
    hits1 = hits5 = 0
    reciprocal = 0.0
    confident_right = confident_wrong = 0
    for row in rows:
        language = row.get("language", "en")
        expected = ids[import_key({"external_id": row["external_id"], "language": language})]
        response = service.search(row["query"], language=language, backend=backend,
                                  record=False, mode=mode)
        ranked = [h.object_id for h in response.results if h.doc_type == "faq"]
        rank = ranked.index(expected) + 1 if expected in ranked else None
        hits1 += rank == 1
        hits5 += bool(rank and rank <= 5)
        reciprocal += 1 / rank if rank else 0
        if response.confident:
            confident_right += rank == 1
            confident_wrong += rank != 1
    n = len(rows) or 1
    return {"recall@1": hits1 / n, "recall@5": hits5 / n, "mrr": reciprocal / n,
            "confident": (confident_right + confident_wrong) / n,
            "confident_precision": confident_right / max(1, confident_right + confident_wrong)}


def line(name, mode, n, result, language=""):
    return (f"{name:13} {language:2} {mode:8} {n:4d} queries  recall@1={result['recall@1']:.3f}  "
            f"recall@5={result['recall@5']:.3f}  MRR={result['mrr']:.3f}  "
            f"confident={result['confident']:.2f} (top hit right when confident: "
            f"{result['confident_precision']:.2f})")


def sweep(name, rows):
    """Each weight for the models of the swept queries' languages (the others keep theirs)."""
    from search.embedding import model_name

    models = sorted({model_name(row.get("language", "en")) for row in rows} - {""})
    print(f"{name}: sweeping the semantic weight of {', '.join(models)} on {len(rows)} "
          "tune queries")
    for weight in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        for model in models:
            settings.SEARCH_SEMANTIC_TUNING[model]["weight"] = weight
        print(f"  weight {weight:.1f}: " + line(name, "hybrid", len(rows),
                                                  evaluate(name, "hybrid", rows)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="stackfaq", choices=sorted(SETS))
    parser.add_argument("--language", default="all", choices=["all", "en", "es", "ar"])
    parser.add_argument("--backend", default="both", choices=["database", "elasticsearch", "both"])
    parser.add_argument("--split", default="test", choices=["test", "tune", "all"])
    parser.add_argument("--sweep", action="store_true", help="try weights on the tune half")
    parser.add_argument("--limit", type=int, default=0, help="first N queries only (smoke)")
    args = parser.parse_args()
    names = ["database", "elasticsearch"] if args.backend == "both" else [args.backend]
    if "elasticsearch" in names and not settings.ELASTICSEARCH_URL:
        print("ELASTICSEARCH_URL is not set: database backend only")
        names = ["database"]
    prepare(args.set)
    languages = sorted({row.get("language", "en") for row in queries(args.set, "all")})
    if args.language != "all":
        languages = [args.language]
    try:
        for name in names:
            reindex(name)
            if args.sweep:
                sweep(name, queries(args.set, "tune", args.language)[: args.limit or None])
                continue
            for language in languages:
                rows = queries(args.set, args.split, language)[: args.limit or None]
                for mode in MODES:
                    started = time.monotonic()
                    result = evaluate(name, mode, rows)
                    elapsed = (time.monotonic() - started) * 1000 / max(1, len(rows))
                    print(line(name, mode, len(rows), result, language)
                          + f"  {elapsed:.1f} ms/query")
    finally:
        if settings.ELASTICSEARCH_URL:
            from search.backends.elasticsearch import client

            client().indices.delete(index=f"{settings.SEARCH_INDEX_PREFIX}-*",
                                    ignore_unavailable=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
