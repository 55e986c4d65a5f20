"""The agent console's word diff on the probe's two 6,000-word versions (issue 23 point 12).

    python bench/console_diff.py [--words 6000] [--before]

Prints seconds per shape of change for alerts.console.word_diff (sentences matched by
patience diff, words compared only inside changed regions, at most MAX_WORD_PAIRS pairs);
--before also times the old single word-level difflib.SequenceMatcher (quadratic: slow).
"""

import argparse
import difflib
import random
import time

import _django  # noqa: F401  (sets Django up)

from alerts.console import word_diff

VOCAB = ["the", "water", "boil", "call", "311", "do", "not", "drink", "until", "notice"]


def words(n, seed, stop_every=15):
    rng = random.Random(seed)
    chosen = [rng.choice(VOCAB) for _ in range(n)]
    for i in range(0, n, stop_every or n + 1):
        chosen[i] += "."
    return " ".join(chosen)


def old_word_diff(old, new):
    return difflib.SequenceMatcher(a=old.split(), b=new.split(), autojunk=False).get_opcodes()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=6000)
    parser.add_argument("--before", action="store_true")
    args = parser.parse_args()
    n = args.words
    base = words(n, 3)
    changed = base.split()
    changed[n // 2] = "CHANGED"
    shapes = {
        "two unrelated versions": (words(n, 1), words(n, 2)),
        "one word changed": (base, " ".join(changed)),
        "every other sentence edited": ("Call 311. Do not drink. " * (n // 8),
                                        "Call 311. Do not drink now. " * (n // 8)),
    }
    for name, (old, new) in shapes.items():
        start = time.perf_counter()
        word_diff(old, new)
        line = f"{name:30} now {time.perf_counter() - start:8.3f} s"
        if args.before:
            start = time.perf_counter()
            old_word_diff(old, new)
            line += f"   before {time.perf_counter() - start:8.3f} s"
        print(line)


if __name__ == "__main__":
    main()
