"""A Spanish or Arabic question read word by word in English, and searched among the English
FAQs.

The misses of Arabic search were paraphrases its one multilingual model (e5-small) could
not carry across: "كلنا عنا وجع راس ودوخه والدفايه شغاله" for carbon monoxide. English is
where Beacon's strongest views are (MiniLM's passages, English stems and synonyms), and
every FAQ is written there first. So the question is also glossed, each word by a table
(search/arabic_gloss.py, search/spanish_gloss.py: "we have pain ache head dizzy dizziness
heater heating working" for the one above), the gloss is searched as an English question,
and each FAQ's score there is added, through its translation group, to its own-language
one with the language's `gloss` weight (search.ranking.fuse; 0 turns it off). Classic
dictionary query translation: a bag of words, not a sentence, which is all the English
views need. Measured in bench/RESULTS.md, "Questions read in English".
"""

import unicodedata
from functools import lru_cache

from .arabic import normalize, plain
from .arabic_gloss import GLOSS as _ARABIC_GLOSS
from .arabic_gloss_more import MORE_GLOSS as _MORE_ARABIC_GLOSS
from .spanish_gloss import GLOSS as _SPANISH_GLOSS
from .spanish_gloss_more import MORE_GLOSS as _MORE_SPANISH_GLOSS

# The first tables, then the everyday words and verb forms added to them (the first ones'
# entries win where both have a word).
GLOSS = {**_MORE_ARABIC_GLOSS, **_ARABIC_GLOSS}
SPANISH_GLOSS = {**_MORE_SPANISH_GLOSS, **_SPANISH_GLOSS}

# The article and the particles written onto a word, then present-tense verb prefixes
# (بيشتغل, تنقط), then endings (possessives, plurals): the whole word first, so "المي" is
# مي (water) and not الم (pain) with an ending.
_STARTS = ("", "وبال", "وال", "بال", "فال", "كال", "لل", "عال", "ال", "و", "ب", "ف", "ل", "ك",
           "بي", "بت", "بن", "ي", "ت", "ن", "ا")
_ENDINGS = ("", "ها", "هم", "كم", "نا", "ات", "ين", "ون", "ه", "ي", "ك")
_PUNCTUATION = "؟?!.,،؛:\"'()"


@lru_cache(maxsize=50_000)
def arabic_word(word):
    """English words for one Arabic word, or ""."""
    for form in dict.fromkeys((plain(word), plain(normalize(word)))):
        for ending in _ENDINGS:
            if ending and not form.endswith(ending):
                continue
            for start in _STARTS:
                if not form.startswith(start):
                    continue
                core = form[len(start):len(form) - len(ending)]
                if len(core) < (3 if ending or len(start) == 1 else 2):
                    continue
                if ending and core.endswith("ت") and core[:-1] + "ه" in GLOSS:
                    core = core[:-1] + "ه"  # سيارتي: the ة written ت before an ending
                if core in GLOSS:
                    return GLOSS[core]
    return ""


_SPANISH_ENDINGS = ("", "s", "es")


@lru_cache(maxsize=50_000)
def spanish_word(word):
    """English words for one Spanish word (accents dropped, a plural ending tried), or ""."""
    plain_word = "".join(ch for ch in unicodedata.normalize("NFD", word.lower())
                         if not unicodedata.combining(ch) or ch == "\u0303")
    plain_word = unicodedata.normalize("NFC", plain_word)  # ñ stays ñ
    for ending in _SPANISH_ENDINGS:
        if ending and (not plain_word.endswith(ending) or len(plain_word) - len(ending) < 3):
            continue
        core = plain_word[:len(plain_word) - len(ending)]
        if core in SPANISH_GLOSS:
            return SPANISH_GLOSS[core]
    return ""


READERS = {"ar": arabic_word, "es": spanish_word}


def english_gloss(text, language):
    """The question's words in English, in order ("" when none is known, or the language
    has no table); Arabic words already in Latin letters (FEMA, SNAP) are kept."""
    read = READERS.get(language)
    if read is None:
        return ""
    words = []
    for token in text.split():
        core = token.strip(_PUNCTUATION + "¿¡")
        if not core:
            continue
        words.append(core if language == "ar" and core.isascii() else read(core))
    return " ".join(word for word in words if word)
