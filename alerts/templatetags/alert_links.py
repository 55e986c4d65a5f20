"""Links in text messages and emails: absolute, in the active language."""

from django import template
from django.urls import reverse

from alerts.urls_helpers import absolute

register = template.Library()


@register.simple_tag
def absolute_url(name, *args):
    """`{% absolute_url "subscribe_code" %}` -> https://city.example/es/subscribe/code/
    (the language prefix follows translation.override)."""
    return absolute(reverse(name, args=args))
