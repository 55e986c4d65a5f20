"""The shell answers what lower layers ask through Wagtail hooks."""

from wagtail import hooks

from search.documents import CRISIS_HUB_URLS_HOOK

from .crisis import hub_urls

hooks.register(CRISIS_HUB_URLS_HOOK, hub_urls)
