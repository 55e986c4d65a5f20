import re
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext as _

from content import localization
from content.localization import localize

register = template.Library()


@register.filter
def localized(item):
    """A Message or FAQ in the reader's language (with .notice when it fell back)."""
    return localize(item)


@register.inclusion_tag("portal/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in every language: the page's own translation for Wagtail pages,
    the same address under the language prefix for everything else."""
    request = context.get("request")
    page = context.get("page")
    current = context.get("LANGUAGE_CODE", settings.LANGUAGE_CODE)
    links = []
    translations = {}
    fallbacks = {}
    if page is not None and hasattr(page, "get_translations"):
        translations = {p.locale.language_code: p.url for p in
                        page.get_translations(inclusive=True).live().select_related("locale")}
        fallbacks = _nearest_translated_ancestors(page)
    faq = context.get("faq")
    if faq is not None and getattr(faq, "pk", None):
        # FAQ addresses differ per language: the translation, else that language's index.
        translations = {f.locale.language_code: f.get_absolute_url() for f in
                        faq.get_translations(inclusive=True).filter(live=True)
                        .select_related("locale")}
        fallbacks = {code: translate_url("/faq/", code) for code, _ in settings.LANGUAGES}
    for code, name in settings.LANGUAGES:
        url = translations.get(code) or fallbacks.get(code) or _same_path_in(request, code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"links": links}


def _same_path_in(request, code):
    """This address under `code`'s prefix, always a path on this site: a request for
    `//evil.example/` (a 404) must not become a link to `//evil.example/es/`."""
    if request is None:
        return "/"
    path = request.get_full_path()
    # A path that a browser would read as another host (`//host`, `/\\host`) is made
    # plainly local before it is translated, and the result is checked again.
    path = "/" + path.lstrip("/\\")
    url = translate_url(path, code)
    return url if _is_local_path(url) else translate_url("/", code)


def _is_local_path(url):
    parts = urlsplit(url)
    return (url.startswith("/") and url[1:2] not in ("/", "\\") and not parts.scheme
            and not parts.netloc and not any(c in url for c in "\\\t\r\n"))


def _nearest_translated_ancestors(page):
    """For languages the page is not translated into: its closest translated ancestor (a
    topic page, else that language's home), never an address that does not exist."""
    found = {}
    for ancestor in reversed(list(page.get_ancestors().filter(depth__gt=1).specific())):
        for other in ancestor.get_translations().live().select_related("locale"):
            found.setdefault(other.locale.language_code, other.url)
    return found


@register.filter
def readers_url(url):
    """An English-only answer's address in the reader's pages (content.localization)."""
    return localization.readers_url(url)


@register.filter
def phone(number):
    """A tappable phone number, always read left to right: in an Arabic page an isolated
    "(555) 010-3110" would otherwise be reordered into "3110-010 (555)"."""
    number = str(number or "")
    if not number:
        return ""
    dialable = re.sub(r"[^0-9+*#]", "", number)
    return format_html('<a class="tel" dir="ltr" href="tel:{}">{}</a>', dialable, number)


@register.filter
def ltr(text):
    """Codes, URLs and identifiers isolated left to right inside right-to-left text."""
    return format_html('<bdi dir="ltr">{}</bdi>', text) if text else ""


NUMBER = re.compile(r"\+?\(?\d[\d ().-]{4,}\d")


@register.filter
def numbers_ltr(text):
    """Plain text with its phone numbers kept whole and left to right: in an Arabic
    snippet "555-0190" otherwise breaks at the hyphen, or reads "0190-555". HTML already
    made safe (rich text) keeps its tags; only the text between them is touched."""
    if isinstance(text, SafeData):
        pieces = TAG.split(str(text))
        return mark_safe("".join(  # noqa: S308 (tags kept as they were; text pieces below)
            piece if piece.startswith("<") else _wrap_numbers(piece, escape=False)
            for piece in pieces))
    return _wrap_numbers(str(text or ""), escape=True)


TAG = re.compile(r"(<[^>]*>)")


def _wrap_numbers(text, escape):
    keep = conditional_escape if escape else (lambda piece: piece)
    out, last = [], 0
    for match in NUMBER.finditer(text):
        out.append(keep(text[last:match.start()]))
        number = match.group() if escape else mark_safe(match.group())  # noqa: S308
        out.append(format_html('<bdi dir="ltr" class="num">{}</bdi>', number))
        last = match.end()
    out.append(keep(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece escaped, or safe HTML text)


@register.filter
def result_label(hit):
    """What a search result is, in the reader's language; ended alerts say so."""
    labels = {"faq": _("Answer"), "page": _("Page"), "message": _("Update"), "alert": _("Alert")}
    label = labels.get(hit.doc_type, hit.doc_type)
    status = getattr(hit, "status", "")
    if hit.doc_type == "alert" and status == "cancelled":
        return _("Alert · Cancelled")
    if hit.doc_type == "alert" and status == "expired":
        return _("Alert · Expired")
    return label


@register.filter
def localized_name(item):
    """The name of a translatable snippet (a topic) in the reader's language."""
    if getattr(item, "locale_id", None):
        return getattr(localize(item).item, "name", str(item))
    return getattr(item, "name", str(item))
