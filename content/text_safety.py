"""Text that every channel can carry, and rich text that cannot carry a page away.

CAP, Atom and the webhooks are XML or JSON read by machines that reject what XML 1.0
forbids (most C0 control characters, lone surrogates, U+FFFE/U+FFFF); one stray vertical
tab pasted from a word processor would make every feed answer 500. So text is cleaned
where it enters the database, once, for every path (admin, API, import, shell).

Rich text comes from the Wagtail editor (already a safe subset) but also from imports and
the API; it is reduced to the tags and attributes Wagtail's rich-text features produce,
with nh3 (Ammonia), so an imported `<meta http-equiv="refresh">` or `<script>` never
reaches a page, the static mirror or a partner.
"""

import html
import re

from django.db import models
from django.utils.html import strip_tags

from wagtail.fields import RichTextField

import nh3

# Vertical tab and form feed read as a break to people: keep a space.
_SPACING_CONTROLS = re.compile("[\x0b\x0c]")
XML_ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")

RICH_TEXT_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li", "h2", "h3", "h4",
                  "hr", "blockquote"}
RICH_TEXT_ATTRIBUTES = {"a": {"href", "linktype", "id"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_text(value):
    """The text with XML-illegal characters removed (vertical tab and form feed become a
    space). Non-strings pass through unchanged."""
    if not isinstance(value, str):
        return value
    return XML_ILLEGAL.sub("", _SPACING_CONTROLS.sub(" ", value))


_BLOCK_END = re.compile(r"</(?:p|li|h[2-4]|blockquote)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0]+")


def plain_text(rich_text):
    """Rich text as the characters a person reads, for plain-text channels (email text
    part, SMS, CAP, Atom, JSON): tags dropped, entities decoded once ("&amp;" becomes
    "&"), one line per paragraph or list item. Never put the result back into HTML
    without escaping it: templates and XML libraries do that."""
    if not rich_text:
        return ""
    text = strip_tags(_BLOCK_END.sub("\n", rich_text))
    lines = (_SPACES.sub(" ", html.unescape(line)).strip() for line in text.split("\n"))
    return clean_text("\n".join(line for line in lines if line))


def sanitise_rich_text(html):
    """Wagtail's rich-text subset of `html`: other tags are dropped with their content when
    they are scripts or styles, unwrapped otherwise; links keep only safe schemes."""
    if not html:
        return html
    return nh3.clean(clean_text(html), tags=RICH_TEXT_TAGS, attributes=RICH_TEXT_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True)


def clean_model_text(instance):
    """Clean every text field of a model instance in place (rich text is sanitised too)."""
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname)
        if isinstance(field, RichTextField):
            setattr(instance, field.attname, sanitise_rich_text(value))
        else:
            setattr(instance, field.attname, clean_text(value))
