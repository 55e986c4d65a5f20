"""The tab title and list punctuation in the reader's language, for base.html."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from content.localization import LIST_SEPARATOR

register = template.Library()


@register.filter
def with_site_name(title, site_name):
    """"Page · City of Port Alder"; just the site's name when the page is the site itself
    (the home page) or has no title, never "City of Port Alder · City of Port Alder".
    `title` is the rendered (already escaped) title block."""
    title = mark_safe(str(title).strip())  # noqa: S308 - rendered template output
    site = conditional_escape(site_name or "")
    if not title or title == site:
        return site
    return format_html("{} · {}", title, site) if site else title


@register.simple_tag(takes_context=True)
def list_separator(context):
    """", " or the Arabic "، " for the page's language."""
    return LIST_SEPARATOR.get((context.get("LANGUAGE_CODE") or "en").split("-")[0], ", ")


