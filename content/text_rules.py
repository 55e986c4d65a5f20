"""Length rules per channel, so the admin can refuse text a channel would cut.

X counts "weighted" characters: most Latin, Greek and Cyrillic code points and some
punctuation weigh 1, everything else (CJK, emoji, Arabic presentation forms ...) 2,
and every URL counts as 23 whatever its length. The limit is 280.

SMS travels as GSM-7 when every character is in the GSM 03.38 alphabet (the extension
table's characters take two septets), otherwise as UCS-2 (UTF-16 code units).
One segment carries 160 septets / 70 units; a multi-part message loses room to the
concatenation header: 153 / 67 per segment.
"""

import re
from dataclasses import dataclass

X_MAX_WEIGHTED_LENGTH = 280
X_URL_LENGTH = 23
X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
SMS_MAX_SEGMENTS = 3

URL_PATTERN = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+|\b[a-z0-9.-]+\.(?:gov|org|com|net|us|info|io)(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€\f")


def x_weighted_length(text):
    """Length of `text` as X counts it (URLs as 23)."""
    total = 0
    position = 0
    for match in URL_PATTERN.finditer(text):
        total += _weigh(text[position : match.start()]) + X_URL_LENGTH
        position = match.end()
    return total + _weigh(text[position:])


def _weigh(fragment):
    weight = 0
    for char in fragment:
        code = ord(char)
        weight += 1 if any(low <= code <= high for low, high in X_LIGHT_RANGES) else 2
    return weight


@dataclass(frozen=True)
class SmsReport:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int
    per_segment: int

    def __str__(self):
        plural = "" if self.segments == 1 else "s"
        return f"{self.encoding}, {self.segments} segment{plural} ({self.units} {self._unit_name})"

    @property
    def _unit_name(self):
        return "characters" if self.encoding == "GSM-7" else "UCS-2 units"


def sms_report(text):
    if all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text):
        units = sum(2 if char in GSM7_EXTENSION else 1 for char in text)
        single, multi, encoding = 160, 153, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "UCS-2"
    if units <= single:
        return SmsReport(encoding, units, 1 if units else 0, single)
    return SmsReport(encoding, units, -(-units // multi), multi)


def _bare(url):
    url = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.strip().lower())
    return url.rstrip("/")


def x_post_text(text, link=""):
    """The post exactly as it goes out: the text, then the link once. A text that already
    carries that link (with or without scheme, www or trailing slash) or any other link
    is posted as written."""
    text = (text or "").strip()
    if not link or URL_PATTERN.search(text):
        return text
    return f"{text} {link}".strip()


def x_post_length(text, link_added=True):
    """Weighted length as posted: when the text has no link of its own, the alert's link
    is added (a space plus 23)."""
    length = x_weighted_length((text or "").strip())
    if link_added and not URL_PATTERN.search(text or ""):
        length += 1 + X_URL_LENGTH
    return length


def x_length_error(text):
    length = x_post_length(text)
    if length > X_MAX_WEIGHTED_LENGTH:
        return (
            f"Too long for X: {length} of {X_MAX_WEIGHTED_LENGTH} weighted characters as posted "
            f"(the alert's link is added and every link counts as {X_URL_LENGTH}). Shorten it "
            f"by {length - X_MAX_WEIGHTED_LENGTH}."
        )
    return None


def sms_length_error(text):
    report = sms_report(text)
    if report.segments > SMS_MAX_SEGMENTS:
        return (
            f"Too long for SMS: {report}. At most {SMS_MAX_SEGMENTS} segments are allowed "
            f"({SMS_MAX_SEGMENTS * report.per_segment} {report._unit_name} in {report.encoding})."
        )
    return None
