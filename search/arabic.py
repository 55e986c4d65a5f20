"""Arabic spelling and function words, for both backends' lexical search.

The same word is written several ways (أ/إ/آ/ا, final ى/ي, ة/ه, optional short-vowel
marks and the tatweel stretch): `normalize` joins them before stopwords are dropped and
words are stemmed (Snowball, in the database backend; Elasticsearch drops the
stopwords in every common spelling, `written_stopwords`). Measured on the tuning half of
XQuAD Arabic in bench/RESULTS.md.
"""

import re

# Short vowels, shadda, sukun, tanween, superscript alef, and the tatweel stretch.
_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})

# Question words, pronouns, prepositions, conjunctions and particles, in normalised
# spelling: words that say how something is asked, not what about.
STOPWORDS = set("""
في من الي علي عن مع هل ما ماذا لماذا كيف متي اين كم اي ايه هو هي هم هن انا نحن انت
انتم انتن هذا هذه ذلك تلك هؤلاء هولاء الذي التي الذين اللذين اللتين و او ام ثم لا لم
لن قد ان اذا لو كل بعض غير بين عند عندما حتي منذ خلال بعد قبل حول فوق تحت ايضا فقط
لكن بل يا به بها له لها لهم فيه فيها منه منها عليه عليها اليه اليها عنه عنها معه
هناك هنا كان كانت يكون تكون ليس ليست سوف كي لكي مثل اما الا انه انها
""".split())


def normalize(word):
    return _MARKS.sub("", word).translate(_LETTERS)


def written_stopwords():
    """The stopwords as they may be written: with or without the hamza on an initial alef,
    final ى for ي, final ة for ه (for matching text that was not normalised)."""
    forms = set()
    for word in STOPWORDS:
        variants = {word}
        if word.startswith("ا"):
            variants |= {"أ" + word[1:], "إ" + word[1:]}
        for ending, written in (("ي", "ى"), ("ه", "ة")):
            variants |= {v[:-1] + written for v in variants if v.endswith(ending)}
        forms |= variants
    return forms
