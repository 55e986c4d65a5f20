"""Showing a Message or FAQ in the reader's language, and saying so when we cannot.

Crisis content must never be hidden because a translation is late: the English original
is shown with a notice, in the reader's language, that it is not translated yet.
"""

import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import dateformat, timezone, translation

from wagtail.models import Locale

UNTRANSLATED_NOTICE = {
    "es": "Esta información aún no está traducida al español. Se muestra en inglés.",
    "ar": "لم تُترجم هذه المعلومات إلى العربية بعد، لذا تظهر باللغة الإنجليزية.",
}
OUTDATED_NOTICE = {
    "es": "La traducción de esta información se está actualizando. Se muestra el texto vigente "
          "en inglés.",
    "ar": "يجري تحديث ترجمة هذه المعلومات، لذا يظهر النص الحالي باللغة الإنجليزية.",
}


@dataclass(frozen=True)
class Localized:
    item: object
    translated: bool
    language: str
    outdated: bool = False  # a translation exists but the original changed after it

    @property
    def notice(self):
        if self.translated:
            return ""
        notices = OUTDATED_NOTICE if self.outdated else UNTRANSLATED_NOTICE
        return notices.get(self.language, "")


def localize(item, locale=None):
    """The live translation of `item` in `locale` (default: the active one), else `item`."""
    locale = locale or Locale.get_active()
    if item is None:
        return None
    if item.locale_id == locale.pk:
        return Localized(item, True, locale.language_code)
    translation = item.get_translation_or_none(locale)
    if translation is not None and getattr(translation, "live", True):
        if _outdated(item, translation):
            # Crisis text must be current: the original, with a notice, beats a stale copy.
            return Localized(item, False, locale.language_code, outdated=True)
        return Localized(translation, True, locale.language_code)
    return Localized(item, False, locale.language_code)


def _outdated(source, translation):
    source_time = getattr(source, "last_published_at", None)
    translated_time = getattr(translation, "last_published_at", None)
    return bool(source_time and translated_time and source_time > translated_time)


def translation_status(item):
    """{language: "missing" | "outdated" | "current"} for every other content language.
    Outdated: the source was published after the translation."""
    from django.conf import settings

    status = {}
    translations = {t.locale.language_code: t for t in
                    item.get_translations().select_related("locale")}
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code == item.locale.language_code:
            continue
        other = translations.get(code)
        if other is None or not getattr(other, "live", True):
            status[code] = "missing"
        elif _outdated(item, other):
            status[code] = "outdated"
        else:
            status[code] = "current"
    return status


LIST_SEPARATOR = {"ar": "، "}  # the Arabic comma


def site_name(language=None):
    """The city's name in `language` (default: the active one): settings.SITE_NAMES, else
    WAGTAIL_SITE_NAME ("Ciudad de Port Alder" on /es/, "City of Port Alder" in English)."""
    language = (language or translation.get_language() or "en").split("-")[0]
    names = getattr(settings, "SITE_NAMES", {})
    return names.get(language) or settings.WAGTAIL_SITE_NAME


def join_names(names, language=None):
    """Names joined the way the reader's language lists them ("East Hill, Harbor";
    Arabic uses "،")."""
    language = (language or translation.get_language() or "en").split("-")[0]
    return LIST_SEPARATOR.get(language, ", ").join(names)


STAFF_TIME_FORMAT = "M j, g:i A T"  # "Dec 4, 8:01 AM CST"


def city_time(value):
    """`value` (an aware datetime) in the city's time zone (settings.TIME_ZONE)."""
    return timezone.localtime(value, ZoneInfo(settings.TIME_ZONE))


def staff_time(value, empty="—"):
    """One time zone, labelled, everywhere staff look (crisis control, the gap queue,
    reports): "Dec 4, 8:01 AM CST" in the city's time, whatever time zone a staff
    member's admin profile or the server is set to."""
    if not value:
        return empty
    return dateformat.format(city_time(value), STAFF_TIME_FORMAT)


def name_order(name):
    """A sort key for names shown to readers: letters as a reader looks them up, accents and
    case aside ("Árboles" among the A's, not after "Zonas")."""
    decomposed = unicodedata.normalize("NFD", name or "").casefold()
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def readers_url(url, language=None):
    """A default-language page's address inside the reader's pages ("/faq/x/" ->
    "/es/faq/x/"): an answer that exists only in English, shown to a Spanish or Arabic
    reader, keeps their banner, menus and numbers around it (content.views.faq_detail)."""
    language = language or translation.get_language()
    try:
        with translation.override(settings.LANGUAGE_CODE):
            match = resolve(urlsplit(url).path)
        with translation.override(language):
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except (Resolver404, NoReverseMatch):
        return url
