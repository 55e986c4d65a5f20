"""Does a learned fusion of the search evidence beat the hand-weighted one? (tune half only)

    python bench/fusion_learned_try.py capture    # once: agencyfaq tune, ar + es, database
    python bench/fusion_learned_try.py evaluate   # 5-fold CV over tune queries

`capture` imports the agencyfaq set through bench/independent_eval.py (throwaway SQLite),
captures what the database backend hands search/ranking.fuse for every Arabic and Spanish
*tune* query, and writes plain per-candidate records (JSON) to /tmp/ltr/. The test half is never
read. `evaluate` re-scores the candidates the current fusion keeps with learned models and
compares them with the current fusion on the same folds.

Needs scikit-learn and lightgbm, which Beacon itself does not use:
`.venv/bin/pip install scikit-learn lightgbm`. Findings: bench/RESULTS.md, "Arabic: what
else was tried" (a learned fusion, 2026-12-06: no gain).
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import independent_eval as ie  # noqa: E402  (sets Django up on a throwaway SQLite DB)

OUT = Path("/tmp/ltr")
LANGUAGES = ("ar", "es")
SEED = 20240611
FOLDS = 5


# ---------------------------------------------------------------- capture

def plain(candidate):
    doc_type, object_id = ie._object_of(candidate)
    return {"key": candidate.key, "lexical": candidate.lexical, "semantic": candidate.semantic,
            "question": candidate.question, "translated": candidate.translated,
            "boost": candidate.boost, "covered": candidate.covered,
            "foreign": candidate.foreign, "doc_type": doc_type, "object_id": object_id}


def do_capture():
    OUT.mkdir(parents=True, exist_ok=True)
    ie.prepare("agencyfaq")
    ie.reindex("database")
    for language in LANGUAGES:
        rows = ie.queries("agencyfaq", "tune", language)
        assert all(row["split"] == "tune" for row in rows)
        captured = ie.capture("database", rows)
        baseline = ie.score_captured(captured)
        records = []
        for row, (_lang, expected, (candidates, semantic_on, lang)) in zip(rows, captured,
                                                                            strict=True):
            records.append({"query": row["query"], "external_id": row["external_id"],
                            "expected": expected, "semantic_on": semantic_on,
                            "language": lang, "candidates": [plain(c) for c in candidates]})
        (OUT / f"captured_{language}.json").write_text(
            json.dumps({"records": records, "baseline": baseline}))
        print(ie.line("captured", "hybrid", len(records), baseline, language))


# ---------------------------------------------------------------- evaluate

def load(language):
    return json.loads((OUT / f"captured_{language}.json").read_text())


def candidates_of(record):
    from search.ranking import Candidate

    return [Candidate(key=c["key"], lexical=c["lexical"], semantic=c["semantic"],
                      question=c["question"], translated=c["translated"], boost=c["boost"],
                      covered=c["covered"], foreign=c["foreign"],
                      fields={"doc_type": c["doc_type"], "object_id": c["object_id"]})
            for c in record["candidates"]]


def as_captured(records):
    return [(r["language"], r["expected"], (candidates_of(r), r["semantic_on"], r["language"]))
            for r in records]


VIEWS = ("question", "passage", "lexical_rel", "fused")
FEATURES = (
    "question", "passage", "lexical_rel", "covered", "fused", "foreign", "is_faq",
    "own_question", "translated", "has_translated", "boosted",
    "question_gap", "passage_gap", "lexical_gap", "fused_gap",
    "question_rank", "passage_rank", "lexical_rank", "fused_rank",
    "question_top", "passage_top", "lexical_top",
    "views_top3", "q_x_p", "n_covered",
)


def featurize(record):
    """[(features dict, doc_type, object_id, baseline fused score)] for the candidates the
    current fusion keeps, in its order (ties by key, as fuse sorts)."""
    from search.ranking import fuse, scaled, tuning, _question

    candidates = candidates_of(record)
    ranked, _confident = fuse(candidates, record["semantic_on"], record["language"])
    numbers = tuning(record["language"])
    best_lexical = max((c.lexical for c in candidates), default=0.0) or 1.0
    rows = []
    for candidate, fused in ranked:
        passage = scaled(candidate.semantic, numbers["origin"]) or 0.0
        question = _question(candidate, numbers)
        question = passage if question is None else question
        own = scaled(candidate.question, numbers["question_origin"])
        other = scaled(candidate.translated, numbers["question_origin"])
        rows.append({"question": question, "passage": passage,
                     "lexical_rel": candidate.lexical / best_lexical,
                     "covered": float(candidate.covered), "fused": fused,
                     "foreign": float(bool(candidate.foreign)),
                     "is_faq": float(candidate.fields["doc_type"] == "faq"),
                     "own_question": passage if own is None else own,
                     "translated": other or 0.0, "has_translated": float(other is not None),
                     "boosted": float(candidate.boost > 1),
                     "_doc": candidate.fields["doc_type"], "_id": candidate.fields["object_id"]})
    n_covered = sum(r["covered"] for r in rows)
    for view in VIEWS:
        values = [r[view] for r in rows]
        top = max(values, default=0.0)
        order = sorted(range(len(rows)), key=lambda i: -values[i])
        for rank, i in enumerate(order):
            name = {"lexical_rel": "lexical"}.get(view, view)
            rows[i][f"{name}_gap"] = values[i] - top
            rows[i][f"{name}_rank"] = min(rank, 20) / 20  # 0 = top, capped
            rows[i][f"{name}_top3"] = float(rank < 3)
            if view != "fused":
                rows[i][f"{name}_top"] = float(rank == 0)
    for r in rows:
        r["views_top3"] = r["question_top3"] + r["passage_top3"] + r["lexical_top3"]
        r["q_x_p"] = r["question"] * r["passage"]
        r["n_covered"] = min(n_covered, 5) / 5
    return rows


def build(records):
    """Per query: feature matrix, relevance vector, ids, doc types."""
    import numpy as np

    data = []
    for record in records:
        rows = featurize(record)
        X = np.array([[r[f] for f in FEATURES] for r in rows], dtype=float).reshape(
            len(rows), len(FEATURES))
        rel = np.array([r["_doc"] == "faq" and r["_id"] == record["expected"] for r in rows],
                       dtype=float)
        data.append({"X": X, "rel": rel, "doc": [r["_doc"] for r in rows],
                     "ids": [r["_id"] for r in rows], "expected": record["expected"],
                     "query": record["query"]})
    return data


def outcome(query, scores, top_k=None):
    """(FAQ ids in order, top 10; expected; None) after ordering by `scores` (higher first;
    ties keep the current fusion's order). top_k: only the current top k are re-ordered."""
    n = len(query["ids"])
    base = list(range(n))
    if top_k is None:
        order = sorted(base, key=lambda i: (-scores[i], i))
    else:
        head = sorted(base[:top_k], key=lambda i: (-scores[i], i))
        order = head + base[top_k:]
    ranked = [query["ids"][i] for i in order if query["doc"][i] == "faq"][:10]
    return ranked, query["expected"], None


def rank1(out):
    ranked, expected, _ = out
    return bool(ranked) and ranked[0] == expected


# ---- models: each fit(train queries, feature mask) -> score(X) function

def _standardize(train, mask):
    import numpy as np

    stacked = np.vstack([q["X"][:, mask] for q in train if len(q["X"])])
    mean, std = stacked.mean(axis=0), stacked.std(axis=0)
    std[std < 1e-9] = 1.0
    return mean, std


def fit_pairwise(train, mask, C=1.0, top_k=None):
    """Logistic regression on (relevant - irrelevant) differences, no intercept."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    mean, std = _standardize(train, mask)
    diffs = []
    for q in train:
        X, rel = q["X"][:, mask], q["rel"]
        if top_k is not None:
            X, rel = X[:top_k], rel[:top_k]
        if rel.sum() == 0 or rel.sum() == len(rel):
            continue
        Z = (X - mean) / std
        pos = Z[rel == 1][0]
        neg = Z[rel == 0]
        weight = 1.0 / len(neg)  # each query counts once
        for n in neg:
            diffs.append((pos - n, weight))
    D = np.array([d for d, _ in diffs])
    W = np.array([w for _, w in diffs])
    X = np.vstack([D, -D])
    y = np.r_[np.ones(len(D)), np.zeros(len(D))]
    model = LogisticRegression(C=C, fit_intercept=False, max_iter=2000)
    model.fit(X, y, sample_weight=np.r_[W, W])
    coef = model.coef_[0]
    return (lambda Xq: ((Xq[:, mask] - mean) / std) @ coef), coef / std, mean


def fit_listwise(train, mask, l2=1.0, top_k=None):
    """Conditional logit (softmax over each query's candidates, the relevant one the target),
    L2 on standardized weights: maximizes the probability the answer comes first."""
    import numpy as np
    from scipy.optimize import minimize

    mean, std = _standardize(train, mask)
    groups = []
    for q in train:
        X, rel = q["X"][:, mask], q["rel"]
        if top_k is not None:
            X, rel = X[:top_k], rel[:top_k]
        if rel.sum() == 0 or len(rel) < 2:
            continue
        groups.append(((X - mean) / std, int(np.argmax(rel))))
    n = len(groups)

    def loss(w):
        total, grad = 0.0, np.zeros_like(w)
        for Z, target in groups:
            s = Z @ w
            s = s - s.max()
            p = np.exp(s)
            p /= p.sum()
            total -= np.log(p[target] + 1e-300)
            grad -= Z[target] - p @ Z
        return total / n + l2 * (w @ w) / n, grad / n + 2 * l2 * w / n

    w0 = np.zeros(int(mask.sum()))
    result = minimize(loss, w0, jac=True, method="L-BFGS-B")
    w = result.x
    return (lambda Xq: ((Xq[:, mask] - mean) / std) @ w), w / std, mean


def fit_lambdarank(train, mask, top_k=None, rounds=100):
    import lightgbm as lgb
    import numpy as np

    Xs, ys, groups = [], [], []
    for q in train:
        X, rel = q["X"][:, mask], q["rel"]
        if top_k is not None:
            X, rel = X[:top_k], rel[:top_k]
        if rel.sum() == 0:
            continue
        Xs.append(X)
        ys.append(rel)
        groups.append(len(rel))
    model = lgb.LGBMRanker(objective="lambdarank", n_estimators=rounds, learning_rate=0.05,
                           num_leaves=4, min_child_samples=20, subsample=0.8,
                           subsample_freq=1, colsample_bytree=0.8, reg_lambda=1.0,
                           random_state=SEED, verbose=-1, n_jobs=1,
                           lambdarank_truncation_level=10)
    model.fit(np.vstack(Xs), np.concatenate(ys), group=groups)
    return (lambda Xq: model.predict(Xq[:, mask]) if len(Xq) else np.zeros(0)), None, None


GROUPS = None  # --group: each FAQ's tune queries kept in one fold


def folds_of(n):
    import numpy as np

    rng = np.random.default_rng(SEED)
    if GROUPS is None:
        order = rng.permutation(n)
        return [sorted(order[k::FOLDS]) for k in range(FOLDS)]
    names = sorted(set(GROUPS))
    order = [names[i] for i in rng.permutation(len(names))]
    fold_of = {name: k % FOLDS for k, name in enumerate(order)}
    return [[i for i in range(n) if fold_of[GROUPS[i]] == k] for k in range(FOLDS)]


def swept_outcomes(records, language):
    """{setting: per-query outcome} over the grid bench/independent_eval.py --sweep uses for
    the weights (question, passage, lexical = 1 - both; translations)."""
    import itertools

    from django.conf import settings

    chosen = settings.SEARCH_RANKING.setdefault(language, {})
    saved = dict(chosen)
    captured = as_captured(records)
    grid = {}
    try:
        for question, passage, translations in itertools.product(
                (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8),
                (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9), (0.0, 0.5, 1.0, 2.0)):
            lexical = round(1 - question - passage, 2)
            if lexical < 0:
                continue
            chosen.update(question=question, passage=passage, lexical=lexical,
                          translations=translations)
            from search.ranking import fuse

            outs = []
            for _l, expected, (candidates, semantic_on, lang) in captured:
                ranked, _ = fuse(candidates, semantic_on, lang)
                order = [ie._object_of(c)[1] for c, _ in ranked
                         if ie._object_of(c)[0] == "faq"][:10]
                outs.append((order, expected, None))
            grid[(question, passage, lexical, translations)] = outs
    finally:
        chosen.clear()
        chosen.update(saved)
    return grid


def run_swept_cv(data, grid):
    """The current hand-weighted fusion, its weights re-chosen (best MRR, then recall@1) on
    the training folds only, scored on the held-out fold."""
    import numpy as np

    per_fold, moves, picks = [], [], []
    for test_idx in folds_of(len(data)):
        test_set = set(test_idx)
        train_idx = [i for i in range(len(data)) if i not in test_set]
        best = max(grid, key=lambda key: (
            ie.metrics([grid[key][i] for i in train_idx])["mrr"],
            ie.metrics([grid[key][i] for i in train_idx])["recall@1"]))
        picks.append(best)
        base_out = [outcome(data[i], -np.arange(len(data[i]["ids"]), dtype=float))
                    for i in test_idx]
        model_out = [grid[best][i] for i in test_idx]
        per_fold.append((ie.metrics(base_out), ie.metrics(model_out)))
        moves += [(rank1(b), rank1(m)) for b, m in zip(base_out, model_out, strict=True)]
    return per_fold, moves, picks


def run_cv(data, name, fit, mask, top_k=None):
    """Per fold (baseline metrics, model metrics), per-query (base first?, model first?)."""
    import numpy as np

    per_fold, moves = [], []
    for test_idx in folds_of(len(data)):
        test_set = set(test_idx)
        train = [q for i, q in enumerate(data) if i not in test_set]
        score, _, _ = fit(train, mask, top_k=top_k)
        base_out, model_out = [], []
        for i in test_idx:
            q = data[i]
            n = len(q["ids"])
            base_out.append(outcome(q, -np.arange(n, dtype=float)))
            model_out.append(outcome(q, score(q["X"]) if n else np.zeros(0), top_k=top_k))
        per_fold.append((ie.metrics(base_out), ie.metrics(model_out)))
        moves += [(rank1(b), rank1(m)) for b, m in zip(base_out, model_out, strict=True)]
    return per_fold, moves


def summarize(language, name, per_fold, moves):
    import numpy as np

    keys = ("recall@1", "recall@5", "mrr")
    base = np.array([[b[k] for k in keys] for b, _ in per_fold])
    model = np.array([[m[k] for k in keys] for _, m in per_fold])
    diff = model - base
    gained = sum(1 for b, m in moves if m and not b)
    lost = sum(1 for b, m in moves if b and not m)
    text = (f"{language} {name:34} "
            + "  ".join(f"{k}={model[:, j].mean():.3f} (base {base[:, j].mean():.3f}, "
                        f"d {diff[:, j].mean():+.3f} sd {diff[:, j].std(ddof=1):.3f})"
                        for j, k in enumerate(keys))
            + f"  first place +{gained}/-{lost}")
    folds = " | ".join(f"f{k}: r1 {b['recall@1']:.3f}->{m['recall@1']:.3f} "
                       f"mrr {b['mrr']:.3f}->{m['mrr']:.3f}"
                       for k, (b, m) in enumerate(per_fold))
    return text + "\n    " + folds


def sign_test(moves):
    """Two-sided exact binomial (McNemar) p for gained vs lost first places."""
    from scipy.stats import binomtest

    gained = sum(1 for b, m in moves if m and not b)
    lost = sum(1 for b, m in moves if b and not m)
    if gained + lost == 0:
        return 1.0
    return binomtest(gained, gained + lost, 0.5).pvalue


def do_evaluate(languages, rounds, group=False):
    global GROUPS
    import numpy as np
    from functools import partial

    all_mask = np.ones(len(FEATURES), dtype=bool)
    raw = np.array([f in ("question", "passage", "lexical_rel", "covered") for f in FEATURES])
    models = [
        ("pairwise-LR raw views C=1", partial(fit_pairwise, C=1.0), raw, None),
        ("pairwise-LR all C=1", partial(fit_pairwise, C=1.0), all_mask, None),
        ("pairwise-LR all C=0.1", partial(fit_pairwise, C=0.1), all_mask, None),
        ("listwise all l2=1", partial(fit_listwise, l2=1.0), all_mask, None),
        ("listwise all l2=10", partial(fit_listwise, l2=10.0), all_mask, None),
        ("listwise raw views l2=1", partial(fit_listwise, l2=1.0), raw, None),
        ("top5 pairwise-LR all C=1", partial(fit_pairwise, C=1.0), all_mask, 5),
        ("top5 listwise all l2=1", partial(fit_listwise, l2=1.0), all_mask, 5),
        ("top5 listwise all l2=10", partial(fit_listwise, l2=10.0), all_mask, 5),
        ("lambdarank all", partial(fit_lambdarank, rounds=rounds), all_mask, None),
        ("top5 lambdarank all", partial(fit_lambdarank, rounds=rounds), all_mask, 5),
    ]
    for language in languages:
        stored = load(language)
        records = stored["records"]
        check = ie.score_captured(as_captured(records))
        print(ie.line("baseline", "hybrid", len(records), check, language)
              + f"  (at capture: r1 {stored['baseline']['recall@1']:.3f})")
        data = build(records)
        GROUPS = [r["external_id"] for r in records] if group else None
        base_out = [outcome(q, -np.arange(len(q["ids"]), dtype=float)) for q in data]
        again = ie.metrics(base_out)
        assert abs(again["recall@1"] - check["recall@1"]) < 1e-9, (again, check)
        assert abs(again["mrr"] - check["mrr"]) < 1e-9, (again, check)
        absent = sum(1 for q in data if q["rel"].sum() == 0)
        print(f"{language}: {len(data)} queries, {absent} without the answer among kept "
              f"candidates, {np.mean([len(q['ids']) for q in data]):.1f} candidates each")
        grid = swept_outcomes(records, language)
        per_fold, moves, picks = run_swept_cv(data, grid)
        print(summarize(language, "hand fusion re-swept in fold", per_fold, moves)
              + f"\n    McNemar p={sign_test(moves):.2f}  picks (q, p, lex, transl) {picks}",
              flush=True)
        for name, fit, mask, top_k in models:
            per_fold, moves = run_cv(data, name, fit, mask, top_k)
            print(summarize(language, name, per_fold, moves)
                  + f"\n    McNemar p={sign_test(moves):.2f}", flush=True)
        # The best linear model's weights on the whole tune half (for the report only).
        for name, fit, mask in (("pairwise-LR all C=1", partial(fit_pairwise, C=1.0), all_mask),
                                ("listwise all l2=1", partial(fit_listwise, l2=1.0), all_mask)):
            _, weights, _ = fit(data, mask)
            named = [f for f, on in zip(FEATURES, mask, strict=True) if on]
            print(f"{language} {name} weights (raw feature units, whole tune half): "
                  + ", ".join(f"{f}={w:+.2f}" for f, w in zip(named, weights, strict=True)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["capture", "evaluate"])
    parser.add_argument("--language", default="all", choices=["all", *LANGUAGES])
    parser.add_argument("--group", action="store_true",
                        help="folds by FAQ (both tune wordings of one FAQ in one fold)")
    parser.add_argument("--rounds", type=int, default=100, help="lambdarank trees")
    args = parser.parse_args()
    languages = LANGUAGES if args.language == "all" else (args.language,)
    if args.step == "capture":
        do_capture()
    else:
        do_evaluate(languages, args.rounds, args.group)
    return 0


if __name__ == "__main__":
    sys.exit(main())
