"""Danger words: a search that may be a life-threatening emergency gets "Call 911 now" first.

Why this exists: a resident who types "co alarm beeping" or "huele a gas" into a city site
is, often enough, standing in the danger while typing. Whatever the ranking finds, and
however sure it is, the first thing they must read is to get out and call 911; the "not
sure, call 311" notice would send them to a line that cannot send a fire engine. So the
check runs on every search, before and apart from the ranking, and it is deliberately
simple: word patterns a reviewer can read, not a model whose misses nobody can explain.

What counts (issue 22 point 5, issue 24 point 5): carbon monoxide / CO alarm, gas smell or
leak, fire or smoke, someone not breathing or unconscious, downed power lines. Patterns are
written for everyday spellings, as residents type on a phone: no accents in Spanish
("monoxido"), Arabic in any spelling of alef/hamza, ة/ه and ى/ي and in dialect ("ريحة
غاز", "ما بيتنفس", "سلك كهربا واقع"). Every language's patterns are tried on every
search, whatever the page's language: a Spanish speaker on the English page is still in
danger. A false alarm costs a box the reader scrolls past ("if this is happening now"); a
miss can cost a life, so when in doubt a pattern is kept broad, and only phrases that are
plainly not an emergency (fire station, fire hydrant, gas station, fireworks...) are let off.

The texts are here too, beside the words, in the three languages: they must read right
even if a translation catalogue was not compiled.
"""

import re
import unicodedata
from dataclasses import dataclass

from .arabic import normalize as normalize_arabic_word

# Carbon monoxide's signs (dizzy, headache, sick, sleepy) within a few words of what burns
# fuel indoors (heater, stove, generator, furnace, charcoal), in either order. Arabic words
# are written as residents type them and matched as search.arabic.normalize spells them
# (it turns dialect into standard words: دايخ -> دوار, الدفايه -> المدفاه).
_SYMPTOM_WORDS = ("dizzy|dizziness|headaches?|nause\\w*|light ?headed|sleepy|drowsy|"
                  "mare\\w*|dolor de cabeza|me duele la cabeza|somnolient\\w*")
_SYMPTOM_ARABIC = ("دايخ", "دايخه", "دايخين", "داخ", "دوخه", "دوخني", "دوار", "صداع",
                   "وجع راس", "وجع الراس", "راسي بيوجعني", "بيوجعني راسي", "راسي يوجعني",
                   "غثيان", "عيان", "عيانين", "تعبانين", "نعسانين")
_HEATER_WORDS = ("heaters?|heating|furnace|stove|generator|grill|charcoal|fireplace|boiler|"
                 "calentador\\w*|calefaccion|calefactor\\w*|estufa\\w*|generador\\w*|"
                 "planta de luz|anafre|brasero|carbon")
_HEATER_ARABIC = ("دفايه", "الدفايه", "دفايات", "صوبه", "الصوبه", "صوبيا", "مدفاه", "المدفاه",
                  "سخان", "السخان", "مولد", "المولد", "موتور", "الموتور", "كانون", "فحم",
                  "الفحم", "منقل", "شوفاج", "الشوفاج")


def _either(latin, arabic):
    """Latin words between word boundaries, or Arabic words (as typed and as normalised)
    standing alone or behind و/ف/ب/ل ("والصوبه", "بالمولد")."""
    spelled = sorted({" ".join(normalize_arabic_word(w) for w in word.split()) for word in arabic}
                     | set(arabic), key=len, reverse=True)
    return (rf"(\b({latin})\b|(?<!\S)[وفبل]?({'|'.join(re.escape(w) for w in spelled)})(?!\S))")


_SYMPTOM = _either(_SYMPTOM_WORDS, _SYMPTOM_ARABIC)
_HEATER = _either(_HEATER_WORDS, _HEATER_ARABIC)
SYMPTOMS_NEAR_HEATER = rf"{_SYMPTOM}.{{0,40}}{_HEATER}|{_HEATER}.{{0,40}}{_SYMPTOM}"

# Each kind: patterns in normalised text (lower case, Latin accents dropped, Arabic
# spellings joined by search.arabic.normalize, punctuation as spaces).
PATTERNS = {
    "carbon_monoxide": [
        # English
        r"\bcarbon monoxide\b", r"\bmonoxide\b",
        r"\bco2? (alarm|detector|alert|poisoning|sensor|monitor)s?\b",
        r"\bcarbon (alarm|detector)s?\b",
        # Spanish: "alarma de monoxido", "detector de co", "intoxicacion por monoxido"
        r"\bmonoxido\b", r"\b(alarma|detector|sensor)\w* (de|del) (co|carbono)\b",
        # Arabic: "اول اكسيد الكربون", "مونوكسيد", "انذار الكربون"
        r"اكسيد (ال)?كربون", r"مونوكسيد", r"(انذار|جهاز|كاشف|حساس)\w*\s+(\w+\s+)?(ال)?كربون",
        # Its signs beside what makes it, as a resident says it without naming the gas:
        # "dizzy with the heater on", "mareado con el calentador", "دايخ من الدفايه".
        SYMPTOMS_NEAR_HEATER,
    ],
    "gas": [
        r"\bgas (smell|leak|leaking|odou?r)s?\b", r"\bsmell\w* (of |like )?(natural )?gas\b",
        r"\bleak\w* gas\b", r"\brotten eggs? smell", r"\bsmell\w* (of |like )?rotten eggs?\b",
        r"\bgas\b.{0,20}\bsmell\w*",
        # Spanish: "huele a gas", "olor a gas", "fuga de gas", "se sale el gas"
        r"\b(huele|huelo|guele|guelo|oler|olor|olores|huel\w+)( a| de| como a)? ga[sz]\b",
        r"\b(fuga|fugas|escape|salida) de ga[sz]\b",
        r"\b(sale|salir|escapa|esta saliendo|se sale|se escapa) (el )?gas\b",
        # Arabic: "ريحة غاز", "رائحة الغاز", "تسرب غاز", "الغاز بيسرب"
        r"(ريحه|رائحه|رايحه|ريحت|ريح|ريحة)\s+(ال)?غاز", r"(تسرب|تسريب|يسرب|بيسرب|مسرب)\w*\s+(ال)?غاز",
        r"(ال)?غاز\s+(بيسرب|يسرب|تسرب|مسرب|طالع|بيطلع|عم يسرب)", r"(شام|شايم|بشم|اشم)\w*\s+(\w+\s+)?(ال)?غاز",
    ],
    "fire": [
        r"\bfires?\b", r"\bon fire\b", r"\bflames?\b", r"\b(is|are|'s|something) burning\b",
        r"\bburning (smell|house|home|building|car|apartment|wire|wires)\b", r"\bsmell\w* burning\b",
        r"\bsmell\w* (of )?smoke\b", r"\bsmoke (in|coming|from|filling|everywhere|inside)\b",
        r"\b(smoke|fire) alarm\w* (going off|sounding|beeping|won'?t stop)",
        r"\bsmoky\b",
        # Spanish: "incendio", "fuego", "se quema la casa", "hay humo"
        r"\bincendio\w*\b", r"\bfuego\b", r"\ben llamas\b", r"\bse (esta )?quemando\b", r"\bse quema\b",
        r"\bhumo\b",
        # Arabic: "حريق", "حرايق", "نار", "دخان", "بيحترق", "ولعت"
        r"حريق", r"حرايق", r"حرائق", r"(^|\s)(ال)?نار(\s|$)", r"دخان", r"دخنه",
        r"حترق", r"احتراق", r"ولعت", r"مولعه", r"شب\s+(ال)?حريق",
        r"(^|\s)(ولع|والع|والعه|ولعان|ولعانه|مولع|بتولع|بيولع|عم تولع|عم يولع)(\s|$)",
    ],
    "not_breathing": [
        r"\bnot breathing\b", r"\b(isn'?t|is not|stopped|can'?t|cannot|can not|won'?t) breath(e|ing)\b",
        r"\b(trouble|difficulty|hard time) breathing\b",
        r"\bunconscious\b", r"\bunresponsive\b", r"\bpassed out\b", r"\bno pulse\b",
        r"\b(won'?t|will not|can'?t|isn'?t) wak(e|ing) up\b", r"\bcollapsed\b", r"\bchoking\b",
        # Spanish: "no respira", "no puede respirar", "inconsciente", "se desmayo"
        r"\bno (esta |puede )?respira(r|ndo)?\b", r"\b(deja|dejo) de respirar\b",
        r"\binconsciente\b", r"\bdesmayad[oa]s?\b", r"\bse desmayo\b", r"\bno reacciona\b",
        r"\bno (se )?despierta\b", r"\bsin pulso\b",
        r"\bse (esta |estan )?ahog(a|an|o|ando)\b", r"\bahogandose\b", r"\basfixi\w*\b",
        r"\bno (puedo|puede|podemos|pueden) respirar\b", r"\bsuffocat\w*\b",
        # Arabic: "ما بيتنفس", "مش عم يتنفس", "لا يتنفس", "فاقد الوعي", "مغمى عليه"
        r"(^|\s)(ما|مش|لا|مو|مب|ما عم|مش عم|ماعم)\s*\w{0,2}تنفس", r"مابيتنفس", r"مابتتنفس",
        # "مش قادر اتنفس", "ما بقدر يتنفس", "مو عارف اتنفس": a negation, a word or two, to breathe
        r"(^|\s)(ما|مش|لا|مو|مب|ماني|مانيش)\s+(\w+\s+){1,2}\w{0,3}تنفس",
        r"(ضيق|صعوبه|ضيقه)\s+(في\s+|ب)?(ال)?(تنفس|نفس)", r"مخنوق", r"اختناق",
        r"(^|\s)(بي|ي|عم ي|بت|ت|عم ت|ا|بن)ختنق",
        r"(توقف|وقف|بطل|انقطع)\w*\s+(عن\s+)?(ال)?تنفس", r"(فاقد|فقد|فاقده|فقدت)\s+(ال)?وعي",
        r"(مغمي|مغما|اغمي|اغما|انغمي)\s+علي", r"(ما|مش|مو)\s+(عم\s+)?(بي|ي|بت|ت)صحي",
    ],
    "power_line": [
        r"\b(power|electric|electrical|utility|live|hydro) (line|wire|cable|pole)s?\b.{0,25}"
        r"\b(down|fell|fallen|falling|ground|sparking|sparks|road|street|yard|car)\b",
        r"\b(down|downed|fallen|broken) (power |electric |electrical |live )?(line|wire|pole)s?\b",
        r"\b(line|wire)s? (is |are )?down\b", r"\bsparking (wire|line|pole)s?\b",
        # Spanish: "cable de luz caido", "poste caido", "cables en el suelo"
        r"\b(cable|cables|linea|lineas|alambre|alambres|poste|postes)\b.{0,30}"
        r"\b(caido|caidos|caida|caidas|en el suelo|en el piso|en la calle|tirado|tirados|chispas)\b",
        r"\bse cayo (un |el |una |la )?(cable|poste|linea|alambre)\b",
        # Arabic: "سلك كهربا واقع", "عمود الكهرباء وقع", "اسلاك كهربائيه على الارض"
        r"(سلك|اسلاك|كابل|كيبل|خط|خطوط|عمود|اعمده|شريط)\s+(ال)?كهرب\w*.{0,30}(واقع|وقع|ساقط|سقط|مقطوع|طايح|طاح|الارض|نازل|شرار)",
        r"(وقع|سقط|واقع|طاح|طايح)\w*\s+(ال)?(سلك|عمود|خط|كابل)\w*\s+(ال)?كهرب",
    ],
}

# Phrases that contain a danger word but are plainly not an emergency. Checked on the same
# normalised text; a query that also has another danger phrase still counts.
NOT_DANGER = [
    r"\bfire (stations?|hydrants?|department|dept|fighters?|works|pits?|permits?|bans?|place|"
    r"extinguishers?|code|drill|safety|truck|chief|marshal|season|insurance)\b",
    r"\bgas (station|stations|price|prices|bill|bills|card|cards|company)\b",
    r"\bfuegos artificiales\b", r"\bestacion de bomberos\b", r"\bhidrante\b",
    r"(محطه|محطات)\s+(ال)?(بنزين|غاز|وقود)", r"(فاتوره|فواتير)\s+(ال)?غاز", r"العاب\s+ناريه",
]

_COMPILED = {kind: [re.compile(p) for p in patterns] for kind, patterns in PATTERNS.items()}
_SAFE = [re.compile(p) for p in NOT_DANGER]
ORDER = ["not_breathing", "fire", "gas", "carbon_monoxide", "power_line"]  # most urgent first
_PUNCTUATION = re.compile(r"[^\w\s']+", re.UNICODE)
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def normalise(text):
    """Lower case, Latin accents dropped, Arabic spellings joined, punctuation as spaces."""
    text = unicodedata.normalize("NFKC", text or "").casefold().replace("’", "'")
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in decomposed
                   if not (unicodedata.combining(ch) and not _ARABIC.match(ch)))
    text = unicodedata.normalize("NFC", text)
    text = _PUNCTUATION.sub(" ", text)
    return " ".join(normalize_arabic_word(word) for word in text.split())


@dataclass(frozen=True)
class Danger:
    kind: str
    language: str
    number: str
    title: str
    text: str

    def as_api(self):
        return {"kind": self.kind, "call": self.number, "title": self.title, "text": self.text}


def danger_kind(query):
    """The most urgent kind of danger the query speaks of, or ""."""
    text = normalise(query)
    if not text:
        return ""
    found = {kind for kind, patterns in _COMPILED.items()
             if any(pattern.search(text) for pattern in patterns)}
    if not found:
        return ""
    remaining = text
    for safe in _SAFE:
        remaining = safe.sub(" ", remaining)
    found = {kind for kind in found
             if any(pattern.search(remaining) for pattern in _COMPILED[kind])}
    return next((kind for kind in ORDER if kind in found), "")


def detect(query, language="en", number="911"):
    """A Danger to show first, in the reader's language, or None."""
    kind = danger_kind(query)
    if not kind:
        return None
    texts = TEXTS.get(language, TEXTS["en"])
    language = language if language in TEXTS else "en"
    return Danger(kind=kind, language=language, number=number,
                  title=texts["title"].format(number=number),
                  text=texts[kind].format(number=number))


# What to do, per kind, from the standard public advice (get out first where the danger is
# in the building; never touch a downed line). "{number}" is the emergency number.
TEXTS = {
    "en": {
        "title": "Call {number} now",
        "carbon_monoxide": "If a carbon monoxide (CO) alarm is sounding or anyone feels dizzy, "
                           "sick or sleepy: get everyone outside into fresh air now, then call "
                           "{number}. Do not go back in until firefighters say it is safe.",
        "gas": "If you smell gas: leave the building now. Do not switch lights or anything "
               "electric on or off, do not light a flame, do not use your phone inside. Call "
               "{number} from outside.",
        "fire": "If there is a fire or smoke: get out, stay out, and call {number}. Close doors "
                "behind you. If smoke blocks your way, stay low.",
        "not_breathing": "If someone is not breathing or will not wake up: call {number} now. "
                         "The dispatcher will tell you what to do until help arrives.",
        "power_line": "If a power line is down: stay at least 35 feet (10 meters) away, never "
                      "touch it or anything touching it, and call {number}.",
    },
    "es": {
        "title": "Llame al {number} ahora",
        "carbon_monoxide": "Si suena una alarma de monóxido de carbono (CO) o alguien se siente "
                           "mareado, enfermo o con sueño: salgan todos al aire libre ahora y "
                           "llame al {number}. No vuelvan a entrar hasta que los bomberos digan "
                           "que es seguro.",
        "gas": "Si huele a gas: salga del edificio ahora. No prenda ni apague luces ni aparatos "
               "eléctricos, no encienda fuego, no use el teléfono adentro. Llame al {number} "
               "desde afuera.",
        "fire": "Si hay fuego o humo: salga, no vuelva a entrar y llame al {number}. Cierre las "
                "puertas al salir. Si hay humo en el camino, agáchese.",
        "not_breathing": "Si alguien no respira o no despierta: llame al {number} ahora. La "
                         "persona que atiende le dirá qué hacer hasta que llegue la ayuda.",
        "power_line": "Si hay un cable eléctrico caído: manténgase a por lo menos 10 metros "
                      "(35 pies), nunca lo toque ni toque nada que lo esté tocando, y llame al "
                      "{number}.",
    },
    "ar": {
        "title": "اتصل بالرقم {number} الآن",
        "carbon_monoxide": "إذا كان إنذار أول أكسيد الكربون يرن أو شعر أحد بدوخة أو غثيان أو "
                           "نعاس: أخرجوا جميعًا إلى الهواء الطلق الآن، ثم اتصل بالرقم {number}. "
                           "لا تعودوا إلى الداخل حتى يقول رجال الإطفاء إن المكان آمن.",
        "gas": "إذا شممت رائحة غاز: اخرج من المبنى الآن. لا تشعل ولا تطفئ الأضواء أو أي جهاز "
               "كهربائي، لا تشعل نارًا، ولا تستخدم هاتفك في الداخل. اتصل بالرقم {number} من "
               "الخارج.",
        "fire": "إذا كان هناك حريق أو دخان: اخرج وابقَ في الخارج واتصل بالرقم {number}. أغلق "
                "الأبواب خلفك. إذا سدّ الدخان طريقك فابقَ منخفضًا.",
        "not_breathing": "إذا كان شخص لا يتنفس أو لا يستيقظ: اتصل بالرقم {number} الآن. "
                         "سيخبرك موظف الطوارئ بما تفعله حتى تصل المساعدة.",
        "power_line": "إذا سقط سلك كهرباء: ابقَ على بعد 10 أمتار على الأقل، لا تلمسه أبدًا ولا "
                      "تلمس أي شيء يلامسه، واتصل بالرقم {number}.",
    },
}
