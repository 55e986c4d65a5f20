"""The site's own services a search may be asking for: signing up for alerts, and whether
an alert reaches the reader's street.

Why this exists: a resident's probe typed "sign up for text alerts" and got three unrelated
FAQs, because the sign-up form is a service of the site, not a page in its index, and few
cities write an FAQ about their own sign-up. So, beside the ranking and apart from it, a
search whose words ask for one of these services gets a link to it above the results.
Like the danger words (search.danger), these are word patterns a reviewer can read, tried
in every language on every search (a Spanish speaker may search the English page), on the
query as search.danger reads it: lower case, no accents, Arabic spellings joined.

A place does not make a search "sure" and does not keep it from the gap queue: the link is
a way on, and staff still see what residents asked.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .danger import READS, renderings

_SIGN_UP = r"(?:sign ?(?:me )?up|signup|subscribe|register|enrol+|join|get|receive|recieve)"
_MESSAGES = r"(?:text|texts|txt|sms|email|e mail|alerts?|notifications?)"

# Each: patterns read on the rendered query (search.danger.renderings).
PATTERNS = {
    "alerts": [
        # English: "sign up for text alerts", "how do i get alerts on my phone", "text me"
        rf"\b{_SIGN_UP}\b.*\b{_MESSAGES}\b",
        r"\b(?:text|txt|sms|email|phone|cell) (?:alerts?|notifications?|messages?|warnings?)\b",
        r"\b(?:alerts?|notifications?|warnings?) (?:on|to|by|via) (?:my )?(?:phone|cell|email|text)",
        r"\b(?:text|email|notify|alert) me\b",
        r"\bunsubscribe\b|\bstop (?:the )?(?:texts|alerts|messages|emails)\b",
        # Spanish: "como me inscribo para recibir avisos", "alertas por mensaje", "suscribirme"
        r"\b(?:suscrib|subscrib|inscrib|registr|apunt)\w*\b.*\b(?:aviso|alerta|mensaje|texto|"
        r"correo|notificacion)",
        r"\b(?:recibir|me lleguen|mandar|mandarme|enviar|enviarme)\b.*\b(?:avisos?|alertas?|"
        r"notificaciones)\b",
        r"\b(?:avisos?|alertas?|notificaciones) (?:por|al|en (?:el|mi)) (?:mensaje|texto|sms|"
        r"correo|email|celular|cel|telefono|whatsapp)",
        r"\bsuscri(?:bir|pcion)\w*\b|\b(?:darme|me doy|me das|me dan|me den) de (?:alta|baja)\b",
        r"\bde baja\b.*\b(?:avisos|alertas|mensajes)\b",
        # Arabic: "كيف اشترك بالتنبيهات", "بدي رسايل تنبيه على الموبايل"
        r"(?:^| )\w{0,3}(?:اشترك|اشتراك|سجل|تسجيل)\w*\b.*"
        r"(?:تنبيه|تنبيهات|رسائل|رسايل|اشعار|اشعارات|تحذير|مسج)",
        r"(?:تنبيه|تنبيهات|اشعار|اشعارات|رسائل|رسايل|مسج)\w* (?:علي |ع |عال|ب|بال)"
        r"(?:الموبايل|موبايل|الجوال|جوال|التلفون|تلفوني|موبايلي|جوالي|الهاتف|هاتفي|"
        r"الايميل|ايميل|البريد|رسال)",
        r"(?:^| )(?:الغاء|الغي|بلغي|لغي|وقف|اوقف|بوقف|بطل) (?:ال)?(?:اشتراك|تنبيهات|رسائل|رسايل)",
    ],
    "area": [
        # English: "is my street affected", "zip code 04612", "does the notice cover my area"
        r"\bzip(?: ?code)?\b|\bpostal code\b",
        r"\b(?:my|our) (?:street|neighborhood|neighbourhood|area|block|address|house|home)\b.*"
        r"\b(?:affected|included|covered|under|in the|inside|part of)\b",
        r"\b(?:affect|affects|affected|include|includes|cover|covers)\b.*\b(?:my|our) "
        r"(?:street|neighborhood|neighbourhood|area|block|address|house|home)\b",
        # Spanish: "mi colonia esta incluida", "codigo postal", "afecta a mi calle"
        r"\bcodigo postal\b",
        r"\b(?:mi|nuestra|nuestro) (?:calle|colonia|barrio|zona|cuadra|direccion|casa|vecindario|"
        r"sector)\b.*\b(?:afectad|incluid|dentro|entra|esta en)",
        r"\b(?:afecta|afectan|incluye|cubre)\b.*\b(?:mi|nuestra|nuestro) (?:calle|colonia|barrio|"
        r"zona|cuadra|direccion|casa|vecindario|sector)\b",
        # Arabic: "الرمز البريدي", "منطقتي مشمولة", "حارتنا ضمن"
        r"(?:الرمز|رمز|الكود) البريدي",
        r"(?:منطقتي|منطقتنا|حارتي|حارتنا|حيي|حينا|شارعي|شارعنا|بيتي|بيتنا|عنواني)\b.*"
        r"(?:مشمول|ضمن|داخل|متاثر|فيها|عليها)",
        r"(?:يشمل|تشمل|يغطي|مشمول|متاثر)\w*\b.*(?:منطقتي|منطقتنا|حارتي|حارتنا|حيي|حينا|شارعي|"
        r"شارعنا|بيتي|بيتنا|عنواني)",
    ],
}
_COMPILED = {name: [re.compile(pattern) for pattern in patterns]
             for name, patterns in PATTERNS.items()}
ORDER = ["alerts", "area"]  # when both match ("text alerts for my zip"), sign-up first
TITLES = {
    "alerts": _("Get alerts for your area by email or text message"),
    "area": _("Does this affect me?"),
}
URL_NAMES = {"alerts": "subscribe", "area": "areas"}


@dataclass(frozen=True)
class Place:
    name: str

    @property
    def title(self):
        return TITLES[self.name]  # in the language active when shown

    @property
    def url(self):
        return reverse(URL_NAMES[self.name])

    def as_api(self):
        return {"name": self.name, "title": str(self.title), "url": self.url}


def places(query):
    """The site's services the query asks for, most likely first: [Place, ...]."""
    return [Place(name) for name in _names((query or "")[:READS])]


@lru_cache(maxsize=1024)
def _names(query):
    texts = renderings(query)
    return tuple(name for name in ORDER
                 if any(pattern.search(text) for text in texts for pattern in _COMPILED[name]))
