"""Text handling shared by both backends and analytics: tokens, stems, PII scrubbing."""

import functools
import re
import threading
import unicodedata

from django.conf import settings

import snowballstemmer

from . import arabic

MAX_QUERY_LENGTH = 200


def language_codes():
    """The site's languages, from the one list in settings (LANGUAGES)."""
    return [code for code, _name in settings.LANGUAGES]


STEMMER_LANGUAGES = {"en": "english", "es": "spanish"}
# Languages stemmed by a function of Beacon's own instead of Snowball: Arabic is
# light-stemmed (Snowball's Arabic gave الفئران and فئران different terms; bench/RESULTS.md).
STEMMERS = {"ar": arabic.light_stem}
STOPWORDS = {
    "en": set("a an and are as at be but by can could do does for from get how i if in into is it "
              "me my near no not of on or should that the their there these they this to was what "
              "when where which who why will with would you your".split()),
    # With and without accents: residents often type "donde", "como", "cuanto".
    "es": set("a al como cómo de del el en es la las lo los le les me mi mis para pa por que "
              "qué se si sí su sus un una unos unas y o u con sin donde dónde cuando cuándo "
              "cuanto cuánto cuanta cuánta cual cuál quien quién hay puedo puede podemos "
              "tengo tiene tenemos hago hace hacer debo debe esta está estan están este esto "
              "esa ese eso ya no ni muy mas más algo alguien".split()),
    "ar": arabic.STOPWORDS,
}
# Spelling variants joined before stopwords are dropped and words stemmed.
NORMALIZERS = {"ar": arabic.normalize}
_TOKEN = re.compile(r"\w+", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_stemmers = threading.local()  # a Snowball stemmer keeps its word in itself: one per thread
STEM_CACHE_SIZE = 200_000

PII_PATTERNS = [
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "[email]"),
    # international and national-format numbers: +44 20 7946 0958, 0044 ..., 020 7946 0958
    (re.compile(r"(?<![\w+])(?:\+|00)\d{1,3}(?:[\s.()-]{0,2}\d{1,4}){2,6}(?!\w)"), "[phone]"),
    (re.compile(r"\b0\d{2,4}[\s.-]?\d{3,4}[\s.-]?\d{3,4}\b"), "[phone]"),
    (re.compile(r"\b\d{3}[- ]?\d{2}[- ]?\d{4}\b"), "[ssn]"),
    (re.compile(r"\b(?:\d[ -]?){13,19}\b"), "[card]"),
    (re.compile(r"(?:\+?\d{1,2}[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}\b"), "[phone]"),
]


def clean_query(raw):
    """What a resident typed, made safe: no control characters, collapsed spaces, capped."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def scrub_pii(text):
    for pattern, replacement in PII_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


# Free-text comments ("Was this helpful?") also name where people live.
STREET_ADDRESS = re.compile(
    r"\b\d{1,6}\s+(?:[\w'.-]+\s+){1,4}(?:st|street|ave|avenue|rd|road|blvd|boulevard|dr|"
    r"drive|ln|lane|way|ct|court|pl|place|ter|terrace|hwy|highway|pkwy|parkway|calle|"
    r"avenida)\b\.?", re.IGNORECASE)


def scrub_comment(raw, limit=500):
    """A resident's comment as staff may read it: cleaned like a query, then personal
    data (email, phone numbers in any format, SSN, card, street address) replaced."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = " ".join(_CONTROL.sub(" ", text).split())[:limit * 2]
    return STREET_ADDRESS.sub("[address]", scrub_pii(text))[:limit]


def normalize_for_analytics(raw):
    return scrub_pii(clean_query(raw)).lower()


def stemmer(language):
    """This thread's Snowball stemmer for `language` (web threads must not share one)."""
    name = STEMMER_LANGUAGES.get(language, "english")
    found = getattr(_stemmers, name, None)
    if found is None:
        found = snowballstemmer.stemmer(name)
        setattr(_stemmers, name, found)
    return found


@functools.lru_cache(maxsize=STEM_CACHE_SIZE)
def stem(language, word):
    """A word's index term. Cached: text repeats its words, and the pure-Python stemmer
    was two thirds of a full reindex's writing time."""
    own = STEMMERS.get(language)
    return (own(word) if own else stemmer(language).stemWord(word))[:64]


def words(text):
    return [token.lower() for token in _TOKEN.findall(text or "")]


def terms(text, language="en", keep_stopwords=False):
    """Stemmed index/query terms; stopwords dropped unless nothing else remains."""
    tokens = words(text)
    normalize = NORMALIZERS.get(language)
    if normalize:
        tokens = [normalize(token) for token in tokens]
    stop = STOPWORDS.get(language, set())
    kept = tokens if keep_stopwords else [t for t in tokens if t not in stop] or tokens
    return [stem(language, token) for token in kept]
