"""Arabic spelling and function words, for both backends' lexical search.

The same word is written several ways (أ/إ/آ/ا, final ى/ي, ة/ه, hamza seats, optional
short-vowel marks and the tatweel stretch): `normalize` joins them, and puts everyday words
in their standard form, before stopwords are dropped and words are light-stemmed
(`light_stem`, for both backends: Beacon hands Elasticsearch its own terms; Elasticsearch
also drops the stopwords in every common spelling, `written_stopwords`). Measured on the
agencyfaq set in bench/RESULTS.md.
"""

import functools
import re

from .arabic_words import MORE_DIALECT_WORDS

# Short vowels, shadda, sukun, tanween, superscript alef, and the tatweel stretch.
_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")
# Hamza seats too (ئ ؤ): residents type "فيران", "مسوول".
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                          "ئ": "ي", "ؤ": "و"})


def _plain(word):
    """Without marks, one spelling per letter (hamza forms, ى, ة)."""
    return _MARKS.sub("", word).translate(_LETTERS)


def plain(word):
    """The word in one spelling per letter, as typed otherwise (no dialect table)."""
    return _plain(word)


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
STOPWORDS |= {_plain(w) for w in DIALECT_STOPWORDS}

# Everyday (Levantine, Egyptian, Gulf, Maghrebi) words for things FAQs name in Modern
# Standard Arabic: the resident's word is searched as the FAQ's, lexically (normalised,
# one word for one word, in documents too) and semantically (the query is embedded in
# standard spelling, `standard_text`). Kept to forms that mean the same thing wherever
# they are typed; a word that is also a different standard word (ضو "light", فار "boiled",
# حكيم "wise", عيش "rice" in the Gulf) is left out. A change here needs
# `manage.py search_reindex` (documents are indexed in this spelling).
DIALECT_WORDS = {_plain(k): v for k, v in {
    # water, power, home
    "مي": "مياه", "ميه": "مياه", "مية": "مياه", "مويه": "مياه", "موية": "مياه",
    "مايه": "مياه", "مايّه": "مياه", "كهربا": "كهرباء", "كهربه": "كهرباء",
    "تلاجه": "ثلاجة", "براد": "ثلاجة", "فريزر": "مجمدة", "تلج": "ثلج",
    "حنفيه": "صنبور", "بزبوز": "صنبور", "مواسير": "أنابيب", "ماسوره": "أنبوب",
    "بواري": "أنابيب", "بوري": "أنبوب", "مواتير": "مولدات", "موتور": "مولد",
    "ماتور": "مولد", "جنريتر": "مولد", "دفايه": "مدفأة", "صوبه": "مدفأة",
    "شوفاج": "تدفئة", "بنزين": "وقود",
    "بيت": "منزل", "بيوت": "منازل", "عفش": "أثاث", "كنبه": "أريكة", "كنباية": "أريكة",
    "تلفزيون": "تلفاز", "شباك": "نافذة", "شبابيك": "نوافذ", "حوش": "فناء",
    "فيش": "مقبس", "بريزه": "مقبس", "بايب": "أنبوب", "بايبات": "أنابيب",
    "شنطه": "حقيبة", "شنط": "حقائب", "كرفان": "منزل متنقل", "كرافان": "منزل متنقل",
    "ريسايكل": "إعادة التدوير", "ريسايكلنج": "إعادة التدوير", "ايميل": "البريد الإلكتروني",
    "اميل": "البريد الإلكتروني", "موبيل": "هاتف", "كرت": "بطاقة", "كارت": "بطاقة",
    "سواقه": "قيادة", "صوابع": "أصابع", "دقايق": "دقائق",
    "ببلاش": "مجانا", "بلاش": "مجانا", "سناب": "SNAP", "تورنيدو": "إعصار قمعي",
    "اغراض": "أغراض", "حاجات": "أشياء", "حوايج": "أشياء",
    # trash, pests, animals
    "زباله": "قمامة", "زبالة": "قمامة", "زبايل": "قمامة",
    "فيران": "فئران", "ناموس": "بعوض", "ناموسه": "بعوضة", "قراده": "قرادة",
    "بسه": "قطة", "بسة": "قطة",
    # people, health
    "ولاد": "أطفال", "اولاد": "أطفال", "عيال": "أطفال", "بزوره": "أطفال",
    "بيبي": "رضيع", "دكتور": "طبيب", "دكاتره": "أطباء",
    "دوا": "دواء", "ادويه": "أدوية", "ابره": "لقاح", "حقنه": "حقنة",
    "سخونيه": "حمى", "سخونه": "حمى", "عيان": "مريض", "عيانه": "مريضة",
    "ختيار": "مسن", "ختياريه": "مسنين", "شياب": "مسنين",
    # transport, streets
    "عربيه": "سيارة", "موتر": "سيارة", "باص": "حافلة",
    "باصات": "حافلات", "اوتوبيس": "حافلة", "اتوبيس": "حافلة", "اتوبيسات": "حافلات",
    "تاكسي": "سيارة أجرة", "جوره": "حفرة",
    "كراج": "مرآب", "جراج": "مرآب",
    # phone, money, papers, food
    "جوال": "هاتف", "موبايل": "هاتف", "تليفون": "هاتف", "تلفون": "هاتف",
    "فلوس": "مال", "مصاري": "مال", "مصريات": "مال", "بيزات": "مال",
    "ورق": "وثائق", "اوراق": "وثائق",
    "مواعين": "أطباق", "صحون": "أطباق", "دوش": "استحمام", "ريحه": "رائحة",
    "خربان": "معطل", "خربانه": "معطلة", "بايظ": "معطل", "بايظه": "معطلة",
    "عطلان": "معطل", "عطلانه": "معطلة", "شغل": "عمل", "بويه": "طلاء",
    # time
    "هلق": "الآن", "هلأ": "الآن", "دلوقتي": "الآن", "دلوقت": "الآن",
    "الحين": "الآن", "بكرا": "غدا", "بكره": "غدا", "امبارح": "أمس",
    "مبارح": "أمس",
    # names
    "فيما": "FEMA", "فيمه": "FEMA",
}.items()}

DIALECT_WORDS.update({_plain(k): v for k, v in MORE_DIALECT_WORDS.items()})

# Everyday question words and verbs in standard form, for the semantic view only (the
# lexical view drops both as stopwords): "شو بعمل" is asked as "ماذا أفعل".
DIALECT_QUESTION_WORDS = {_plain(k): v for k, v in {
    "شو": "ما", "ايش": "ما", "إيش": "ما", "وش": "ما", "شنو": "ما", "ليش": "لماذا",
    "ليه": "لماذا", "وين": "أين", "فين": "أين", "امتى": "متى", "إمتى": "متى",
    "قديش": "كم", "قداش": "كم", "بكام": "بكم", "ازاي": "كيف", "إزاي": "كيف",
    "كيفاش": "كيف", "شلون": "كيف", "اشلون": "كيف", "بدي": "أريد", "بدنا": "نريد",
    "عايز": "أريد", "عايزه": "أريد", "عاوز": "أريد", "ابغى": "أريد", "ابغي": "أريد",
    "مش": "ليس", "مو": "ليس", "مب": "ليس", "هيك": "هكذا", "كده": "هكذا",
    "هاد": "هذا", "هاذا": "هذا", "هاي": "هذه", "هذي": "هذه", "دي": "هذه", "ده": "هذا",
    "اللي": "الذي", "ينفع": "هل يمكن", "مين": "من", "هون": "هنا", "هنيك": "هناك",
    "كتير": "كثير", "برا": "خارج", "قدام": "أمام", "جنب": "بجانب", "شوي": "قليلا",
    "شويه": "قليلا", "حدا": "أحد", "اسوي": "أفعل", "نسوي": "نفعل", "اشيك": "أتحقق",
    # open, closed, working: MSA words of another sense (فاتح "light-coloured", مسكر
    # "intoxicating", شغال "hard-working"), so read in their everyday sense here only
    # ("العيادات فاتحة؟" is "are the clinics open?"), not in the lexical view's index
    "فاتح": "مفتوح", "فاتحة": "مفتوحة", "فاتحين": "مفتوحة", "مسكر": "مغلق",
    "مسكرة": "مغلقة", "مسكرين": "مغلقة", "شغال": "يعمل", "شغالة": "تعمل", "شغالين": "تعمل",
}.items()}

# One-letter and article prefixes a word may carry ("والمي", "بالكهربا", "عالباص").
# A two-letter word is looked for only after the article ("المي", not "عالمي" or "كمي").
_PREFIXES = ("وبال", "وال", "بال", "فال", "لل", "عال", "ال", "و", "ب", "ف", "ل")
_ARTICLE = ("ال", "بال", "وال", "فال", "وبال", "عال", "لل")
_SHORT_WORD_PREFIXES = ("ال", "بال", "وال", "فال", "وبال", "لل")
_SUFFIXES = ("", "ي", "نا", "ها", "هم", "كم", "ه", "ك")


def _split(plain, table):
    """(prefix, word, suffix) of a normalised word whose middle is in `table`, or None:
    one prefix ("بال", "و", ...) and one possessive ending ("بيتي", "بسيارتنا") at most."""
    for prefix in ("",) + _PREFIXES:
        if not plain.startswith(prefix):
            continue
        for suffix in _SUFFIXES:
            rest = plain[len(prefix):len(plain) - len(suffix)]
            if suffix and (not plain.endswith(suffix) or len(rest) < 3):
                continue
            if suffix and rest.endswith("ت") and rest[:-1] + "ه" in table:
                rest = rest[:-1] + "ه"  # سيارتي: the ة of سياره written ت before the ending
            if rest not in table:
                continue
            if prefix and not (len(rest) >= 3 or prefix in _SHORT_WORD_PREFIXES):
                continue
            return prefix, rest, suffix
    return None


def _standard(plain, table):
    """(prefix, standard word) for a normalised word, or None: the word itself, or the
    word between a prefix and an ending (the article kept on the standard word)."""
    found = _split(plain, table)
    if found is None:
        return None
    prefix, rest, suffix = found
    value = table[rest]
    if suffix and (" " in value or value.isascii()):
        return None
    if suffix:
        value = (value[:-1] + "ت" if value.endswith("ة") else value) + suffix
    if prefix in _ARTICLE and (" " in value or value.isascii()):
        prefix = ""  # no article on "سيارة أجرة" or FEMA
    elif prefix in _ARTICLE and suffix:
        prefix = prefix[:-2]  # no article before a possessive: بالبيتي is not a word
    return prefix, value


@functools.lru_cache(maxsize=100_000)
def normalize(word):
    plain = _plain(word)
    found = _standard(plain, DIALECT_WORDS)
    if found is None or " " in found[1]:
        return plain
    prefix, value = found
    return prefix + _plain(value) if not value.isascii() else value.lower()


def standard_text(text):
    """The query with everyday words in standard spelling, for the embedding models:
    "شو بعمل بالاكل اللي بالتلاجه اذا الكهربا قاطعه" reads as the FAQ would say it."""
    out = []
    for token in text.split():
        core = token.strip("؟?!.,،؛:\"'()")
        plain = _plain(core)
        found = (_standard(plain, DIALECT_WORDS) or _standard(plain, DIALECT_QUESTION_WORDS)
                 if core else None)
        if found is None:
            out.append(token)
            continue
        prefix, value = found
        out.append(token.replace(core, prefix + value) if core else token)
    return " ".join(out)


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


_LIGHT_PREFIXES = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال")  # longest first
_LIGHT_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


def without_article(word):
    """A normalised word without the article and the particle written onto it
    (الكهرباء, بالماء, وبالماء -> كهرباء, ماء, ماء), when two letters or more stay."""
    for prefix in _LIGHT_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix):]
    return word


def light_stem(word):
    """A normalised word's index term by light stemming (Larkey's light10): the
    conjunction و, the article with its prepositions, and common endings come off; the
    root stays as written, so الفئران and فئران, المياه and مياه meet."""
    if len(word) > 3 and word.startswith("و"):
        word = word[1:]
    word = without_article(word)
    for suffix in _LIGHT_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[:-len(suffix)]
    return word
