from django import template
from django.conf import settings
from django.urls import translate_url

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
    if page is not None and hasattr(page, "get_translations"):
        translations = {p.locale.language_code: p.url for p in
                        page.get_translations(inclusive=True).live().select_related("locale")}
    for code, name in settings.LANGUAGES:
        url = translations.get(code) or (translate_url(request.get_full_path(), code)
                                         if request else "/")
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"links": links}
