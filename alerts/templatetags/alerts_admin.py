"""Crisis control's small display helpers."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

RECEIPT_LABELS = {
    "summary": "Result", "url": "Address", "post_id": "Post", "tweet_id": "Post",
    "status": "HTTP status", "bytes": "Size (bytes)", "files": "Files written",
    "directory": "Folder", "cache_generation": "Page cache generation", "state": "State",
    "seconds_since_publish": "Seconds since publish", "replies": "Replies",
}


def _value(value):
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value) or "—"
    return str(value)


@register.simple_tag
def receipt_fields(receipt):
    """A channel's receipt as labelled fields, not a Python dict."""
    if not receipt:
        return ""
    if not isinstance(receipt, dict):
        return str(receipt)
    rows = []
    for key, value in receipt.items():
        label = RECEIPT_LABELS.get(key, key.replace("_", " ").capitalize())
        if key == "url" and isinstance(value, str) and value.startswith(("http://", "https://")):
            rows.append((label, format_html('<a href="{}">{}</a>', value, value)))
        else:
            rows.append((label, _value(value)))
    return format_html('<dl class="receipt">{}</dl>',
                       format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))
