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


# Everyday (Levantine, Egyptian, Gulf) question words and particles, normalised: residents
# type them, FAQs are written in Modern Standard Arabic; they say how, not what.
DIALECT_STOPWORDS = set("""
شو ايش وش شنو ليش ليه وين فين امتي امتى قديش قداش ازاي كيفاش اشلون شلون بدي بدو بدها
بدنا عايز عايزه عاوز ابي ابغي ابغا اقدر بقدر يقدر نقدر ينفع ممكن لازم مش مو مب ماني
هيك كده كدا هاد هاذا هذي هاي دي ده اللي الي عشان علشان لان لانه عالم عال بس كمان
احنا نحنا انتو هو هي عم رح راح حا ح يعني طيب في فيه فيها عندي عندنا عنا
""".split())
STOPWORDS |= {_MARKS.sub("", w).translate(_LETTERS) for w in DIALECT_STOPWORDS}

# Everyday words for things FAQs name in Modern Standard Arabic (normalised forms): the
# resident's word is searched as the FAQ's. Kept to unambiguous, widespread forms.
DIALECT_WORDS = {
    "كهربا": "كهرباء", "الكهربا": "الكهرباء", "مي": "مياه", "المي": "المياه", "ميه": "مياه",
    "الميه": "المياه", "مويه": "مياه", "المويه": "المياه", "مايه": "مياه", "تلاجه": "ثلاجه",
    "التلاجه": "الثلاجه", "تلج": "ثلج", "التلج": "الثلج", "حنفيه": "صنبور",
    "الحنفيه": "الصنبور", "عربيه": "سياره", "العربيه": "السياره", "جوال": "هاتف",
    "الجوال": "الهاتف", "موبايل": "هاتف", "الموبايل": "الهاتف", "تليفون": "هاتف",
    "التليفون": "الهاتف", "فيما": "fema", "دوا": "دواء", "الدوا": "الدواء",
    "الدكتور": "الطبيب", "دكتور": "طبيب", "زباله": "نفايات", "الزباله": "النفايات",
}


def normalize(word):
    plain = _MARKS.sub("", word).translate(_LETTERS)
    return DIALECT_WORDS.get(plain, plain)


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
