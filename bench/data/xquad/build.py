"""How faqs.<lang>.jsonl and queries.tsv were made from XQuAD (see ../README.md).

    python bench/data/xquad/build.py DIR   (DIR holds xquad.en.json, xquad.es.json,
                                            xquad.ar.json from github.com/google-deepmind/xquad)

Each of the 240 paragraphs becomes one FAQ per language: its first question is the FAQ's
question, the paragraph its answer. The paragraph's other questions are the queries
(the same question ids in every language, so the languages are directly comparable);
even positions are the `tune` half, odd positions the `test` half.
"""

import csv
import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
LANGUAGES = ("en", "es", "ar")


def main(source):
    rows = []
    for language in LANGUAGES:
        data = json.loads((Path(source) / f"xquad.{language}.json").read_text("utf-8-sig"))
        with (HERE / f"faqs.{language}.jsonl").open("w", encoding="utf-8") as faqs:
            for article in data["data"]:
                for number, paragraph in enumerate(article["paragraphs"]):
                    external_id = f"{article['title']}-{number}"
                    first, *others = paragraph["qas"]
                    faqs.write(json.dumps({
                        "external_id": external_id, "language": language,
                        "question": " ".join(first["question"].split()),
                        "answer": " ".join(paragraph["context"].replace("\ufeff", "").split()),
                    }, ensure_ascii=False) + "\n")
                    for position, qa in enumerate(others):
                        rows.append((" ".join(qa["question"].split()), external_id,
                                     "tune" if position % 2 == 0 else "test", language))
    with (HERE / "queries.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(("query", "external_id", "split", "language"))
        writer.writerows(rows)
    print(f"{len(rows)} queries")


if __name__ == "__main__":
    main(sys.argv[1])
