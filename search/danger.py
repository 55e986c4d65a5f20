"""Danger words: a search that may be a life-threatening emergency gets "Call 911 now" first.

Why this exists: a resident who types "co alarm beeping" or "huele a gas" into a city site
is, often enough, standing in the danger while typing. Whatever the ranking finds, and
however sure it is, the first thing they must read is to get out and call 911; the "not
sure, call 311" notice would send them to a line that cannot send a fire engine. So the
check runs on every search, before and apart from the ranking, and it is deliberately
simple: word patterns a reviewer can read, not a model whose misses nobody can explain.

What counts (issue 22 point 5, issue 24 point 5): carbon monoxide / CO alarm, gas smell or
leak, fire or smoke, someone not breathing or unconscious, downed power lines; and, since a
resident's probe found them answered "not sure, call 311", chest pain, a stroke or heavy
bleeding, and someone speaking of ending their life (988, the Suicide and Crisis Lifeline,
with the emergency number). Patterns are
written for everyday spellings, as residents type on a phone: no accents in Spanish
("monoxido"), Arabic in any spelling of alef/hamza, ة/ه and ى/ي and in dialect ("ريحة
غاز", "ما بيتنفس", "سلك كهربا واقع"). Every language's patterns are tried on every
search, whatever the page's language: a Spanish speaker on the English page is still in
danger. A false alarm costs a box the reader scrolls past ("if this is happening now"); a
miss can cost a life, so when in doubt a pattern is kept broad, and only phrases that are
plainly not an emergency (fire station, fire hydrant, gas station, fireworks...) are let off.

The words are in search/danger_words.py; the texts are here, in the three languages:
they must read right even if a translation catalogue was not compiled.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .arabic import normalize as normalize_arabic_word
from .arabic import plain as plain_arabic_word
from .danger_words import NOT_DANGER, PATTERNS

_COMPILED = {kind: [re.compile(p) for p in patterns] for kind, patterns in PATTERNS.items()}
_SAFE = [re.compile(p) for p in NOT_DANGER]
# When several are found, the advice that gets people out of the danger comes first: CPR-style
# advice for someone who collapsed next to a running generator could keep a rescuer in the
# gas ("car running in the garage, my brother passed out").
ORDER = ["carbon_monoxide", "gas", "fire", "power_line", "not_breathing", "medical", "self_harm"]
_PUNCTUATION = re.compile(r"[^\w\s']+", re.UNICODE)
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def normalise(text, dialect=True):
    """Lower case, Latin accents dropped, Arabic spellings joined (and, with `dialect`,
    everyday Arabic words in their standard form), punctuation as spaces."""
    return _word_forms(_cleaned(text), dialect)


def _cleaned(text):
    text = unicodedata.normalize("NFKC", text or "").casefold().replace("’", "'")
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in decomposed
                   if not (unicodedata.combining(ch) and not _ARABIC.match(ch)))
    return _PUNCTUATION.sub(" ", unicodedata.normalize("NFC", text)).split()


def _word_forms(words, dialect):
    word_form = normalize_arabic_word if dialect else plain_arabic_word
    return " ".join(word_form(word) for word in words)


def renderings(query):
    """The query as the patterns read it: in standard words, and as typed (the standard
    form of a dialect word can hide it: بيولع becomes يشتعل, خربان becomes معطل)."""
    words = _cleaned(query)
    return [text for text in dict.fromkeys((_word_forms(words, True), _word_forms(words, False)))
            if text]


LIFELINE = "988"  # the Suicide and Crisis Lifeline: calls and texts, in the United States


@dataclass(frozen=True)
class Danger:
    kind: str
    language: str
    number: str
    title: str
    text: str
    # (href, label) of each button, first what the text says to do first: the emergency
    # number; for someone speaking of ending their life, 988 by call or text, then it.
    actions: tuple = ()

    @property
    def lifeline(self):
        """988 for someone speaking of ending their life, else nothing."""
        return LIFELINE if self.kind == "self_harm" else ""

    def as_api(self):
        return {"kind": self.kind, "call": self.number, "title": self.title, "text": self.text,
                "actions": [{"href": href, "label": label} for href, label in self.actions]}


READS = 1000  # characters: a resident's message (Ask Beacon keeps 1,000; search reads 200)


def danger_kind(query):
    """The most urgent kind of danger the query speaks of, or "". Only the first READS
    characters are read: a 60,000-character query cost 200-300 ms of patterns."""
    return _kind((query or "")[:READS])


@lru_cache(maxsize=1024)  # a search asks twice (the box, and whether to box an answer)
def _kind(query):
    found = set()
    for text in renderings(query):
        seen = {kind for kind, patterns in _COMPILED.items()
                if any(pattern.search(text) for pattern in patterns)}
        if not seen:
            continue
        remaining = text
        for safe in _SAFE:
            remaining = safe.sub(" ", remaining)
        found |= {kind for kind in seen
                  if any(pattern.search(remaining) for pattern in _COMPILED[kind])}
    return next((kind for kind in ORDER if kind in found), "")


def detect(query, language="en", number="911"):
    """A Danger to show first, in the reader's language, or None."""
    kind = danger_kind(query)
    if not kind:
        return None
    texts = TEXTS.get(language, TEXTS["en"])
    language = language if language in TEXTS else "en"
    emergency = (f"tel:{number}", texts["title"].format(number=number))
    if kind == "self_harm":  # a third probe: the box said 988 but its one button dialled 911
        return Danger(kind=kind, language=language, number=number,
                      title=texts["lifeline_title"].format(number=LIFELINE),
                      text=texts[kind].format(number=number),
                      actions=((f"tel:{LIFELINE}", texts["call"].format(number=LIFELINE)),
                               (f"sms:{LIFELINE}", texts["text"].format(number=LIFELINE)),
                               emergency))
    return Danger(kind=kind, language=language, number=number, title=emergency[1],
                  text=texts[kind].format(number=number), actions=(emergency,))


# What to do, per kind, from the standard public advice (get out first where the danger is
# in the building; never touch a downed line). "{number}" is the emergency number.
TEXTS = {
    "en": {
        "title": "Call {number} now",
        "lifeline_title": "Call or text {number} now",
        "call": "Call {number}",
        "text": "Text {number}",
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
        "medical": "If someone has chest pain or pressure, a drooping face, slurred speech or "
                   "sudden weakness on one side, or is bleeding heavily: call {number} now. Do "
                   "not drive them yourself.",
        "self_harm": "If you are thinking of ending your life or hurting yourself, you are not "
                     "alone: call or text 988 (Suicide and Crisis Lifeline, any hour, free). If "
                     "you are in danger now, call {number}.",
    },
    "es": {
        "title": "Llame al {number} ahora",
        "lifeline_title": "Llame o envíe un mensaje de texto al {number} ahora",
        "call": "Llamar al {number}",
        "text": "Enviar un mensaje al {number}",
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
        "medical": "Si alguien tiene dolor o presión en el pecho, la cara caída, dificultad para "
                   "hablar o debilidad repentina de un lado, o sangra mucho: llame al {number} "
                   "ahora. No lo lleve usted mismo en su carro.",
        "self_harm": "Si está pensando en quitarse la vida o en hacerse daño, no está solo: llame "
                     "o envíe un mensaje de texto al 988 (Línea de Prevención del Suicidio y "
                     "Crisis, a toda hora, gratis, en español). Si corre peligro ahora, llame al "
                     "{number}.",
    },
    "ar": {
        "title": "اتصل بالرقم {number} الآن",
        "lifeline_title": "اتصل أو أرسل رسالة نصية إلى {number} الآن",
        "call": "اتصل بالرقم {number}",
        "text": "أرسل رسالة إلى {number}",
        "carbon_monoxide": "إذا كان إنذار أول أكسيد الكربون يرن أو شعر أحد بدوخة أو غثيان أو "
                           "نعاس: أخرج الجميع إلى الهواء الطلق الآن، ثم اتصل بالرقم {number}. "
                           "لا يعُد أحد إلى الداخل حتى يقول رجال الإطفاء إن المكان آمن.",
        "gas": "إذا شممت رائحة غاز: اخرج من المبنى الآن. لا تشعل ولا تطفئ الأضواء أو أي جهاز "
               "كهربائي، لا تشعل نارًا، ولا تستخدم هاتفك في الداخل. اتصل بالرقم {number} من "
               "الخارج.",
        "fire": "إذا كان هناك حريق أو دخان: اخرج وابقَ في الخارج واتصل بالرقم {number}. أغلق "
                "الأبواب خلفك. إذا سدّ الدخان طريقك فابقَ منخفضًا.",
        "not_breathing": "إذا كان شخص لا يتنفس أو لا يستيقظ: اتصل بالرقم {number} الآن. "
                         "سيخبرك موظف الطوارئ بما تفعله حتى تصل المساعدة.",
        "power_line": "إذا سقط سلك كهرباء: ابقَ على بعد 10 أمتار على الأقل، لا تلمسه أبدًا ولا "
                      "تلمس أي شيء يلامسه، واتصل بالرقم {number}.",
        "medical": "إذا كان شخص يشعر بألم أو ضغط في الصدر، أو مال وجهه أو ثقل كلامه أو ضعف أحد "
                   "جانبيه فجأة، أو ينزف بشدة: اتصل بالرقم {number} الآن. لا تنقله بسيارتك "
                   "بنفسك.",
        "self_harm": "إذا كنت تفكر في إنهاء حياتك أو إيذاء نفسك فلست وحدك: اتصل أو أرسل رسالة "
                     "نصية إلى 988 (خط منع الانتحار والأزمات، في أي وقت ومجانًا، ويوفر مترجمًا). "
                     "إذا كنت في خطر الآن فاتصل بالرقم {number}.",
    },
}
