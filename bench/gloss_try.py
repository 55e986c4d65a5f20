"""The weight of a Spanish or Arabic question's English reading (search.gloss), on the tune
half.

    python bench/gloss_try.py [ar|es] [--backend database|elasticsearch] [--split tune]
                              [--weights 0,0.4] [--confident 0.5,0.6] [--margin 0.08,0.1]

Runs the tune half through search.service.search (hybrid) with SEARCH_RANKING[language]
["gloss"] at each weight, printing recall@1 / @5 / MRR and the confident share and its
precision, so the weight is chosen where the test half is never read. With --confident
and --margin, each weight is run at each confidence threshold and margin too (a gloss
moves the fused scores, so what keeps confident answers right may move with it). The
first questions' glosses are printed, to read what the English views are given.
Findings: bench/RESULTS.md, "Questions read in English" and "Larger word tables".
"""

import argparse
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import independent_eval as ie  # noqa: E402  (sets Django up on a throwaway SQLite DB)

from django.conf import settings  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("language", nargs="?", default="ar")
    parser.add_argument("--backend", default="database")
    parser.add_argument("--split", default="tune")
    parser.add_argument("--weights", default="0,0.2,0.3,0.4,0.5,0.6,0.8,1.0")
    parser.add_argument("--confident", default="", help="thresholds to try at each weight")
    parser.add_argument("--margin", default="", help="margins to try at each weight")
    args = parser.parse_args()
    from search.gloss import english_gloss

    ie.prepare("agencyfaq")
    ie.reindex(args.backend)
    rows = ie.queries("agencyfaq", args.split, args.language)
    for row in rows[:10]:
        print(row["query"], "->", english_gloss(row["query"], args.language))
    print(f"{len(rows)} questions, {sum(bool(english_gloss(r['query'], args.language)) for r in rows)} "
          "with a gloss")
    ranking = settings.SEARCH_RANKING.setdefault(args.language, {})
    thresholds = [float(c) for c in args.confident.split(",") if c] or [ranking["confident"]]
    margins = [float(m) for m in args.margin.split(",") if m] or [ranking["margin"]]
    for weight, threshold, margin in itertools.product(
            [float(w) for w in args.weights.split(",")], thresholds, margins):
        ranking.update(gloss=weight, confident=threshold, margin=margin)
        result = ie.evaluate(args.backend, "hybrid", rows)
        print(f"gloss {weight} confident {threshold} margin {margin}: " + ie.line(
            args.backend, "hybrid", len(rows), result, args.language), flush=True)


if __name__ == "__main__":
    main()
