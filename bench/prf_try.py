"""Does pseudo-relevance feedback in the question view help Arabic? (tune half only)

    python bench/prf_try.py [ar|es|en]

The resident's question vector (multilingual-e5-small) is moved toward the mean of the k
FAQ questions of the reader's language closest to it, q' = q + a * mean(top k), and
normalised; then the tune half runs through search.service.search (database backend,
hybrid) as residents' searches do. Prints each (a, k) against a = 0 (the kept ranking).
Findings: bench/RESULTS.md, "Arabic: what else was tried".
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import independent_eval as ie  # noqa: E402  (sets Django up on a throwaway SQLite DB)
import numpy as np  # noqa: E402


def main(language):
    from search import service
    from search.models import SearchVector

    ie.prepare("agencyfaq")
    ie.reindex("database")
    rows = ie.queries("agencyfaq", "tune", language)
    questions = np.vstack([
        np.frombuffer(bytes(v.questions), dtype=np.float32).reshape(-1, 384)[:1]
        for v in SearchVector.objects.filter(language=language, entry__doc_type="faq")
        if v.questions])
    print(f"{len(rows)} tune questions, {len(questions)} FAQ questions in {language}")
    original = service.embed_question
    setting = {"a": 0.0, "k": 1}

    def moved(text):
        q = original(text)
        if not setting["a"]:
            return q
        near = np.argsort(-(questions @ q))[:setting["k"]]
        q = q + setting["a"] * questions[near].mean(axis=0)
        return (q / np.linalg.norm(q)).astype(np.float32)

    service.embed_question = moved
    for a, k in [(0.0, 1), (0.1, 1), (0.2, 1), (0.1, 3), (0.2, 3), (0.3, 3), (0.5, 3),
                 (0.2, 5), (0.4, 5), (0.3, 10)]:
        setting.update(a=a, k=k)
        result = ie.evaluate("database", "hybrid", rows)
        print(f"a={a} k={k}: " + ie.line("database", "hybrid", len(rows), result, language),
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "ar")
