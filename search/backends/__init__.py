"""Backend selection. With Elasticsearch configured, failures fall back to the database.

The database index is always kept, so the fallback has real results to give.
"""

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .base import SearchBackend, SearchDocument, SearchQuery, SearchResults, SearchUnavailable
from .database import DatabaseBackend

logger = logging.getLogger(__name__)

__all__ = ["SearchBackend", "SearchDocument", "SearchQuery", "SearchResults", "SearchUnavailable",
           "get_backend", "index_backends"]


class FallbackBackend(SearchBackend):
    """Elasticsearch first; the database when Elasticsearch cannot answer."""

    def __init__(self, primary, fallback):
        self.primary, self.fallback = primary, fallback
        self.name = primary.name

    def index(self, documents):
        return self.primary.index(documents)

    def delete(self, keys):
        return self.primary.delete(keys)

    def search(self, query):
        try:
            return self.primary.search(query)
        except SearchUnavailable as exc:
            logger.error("search falling back to the database: %s", exc)
            results = self.fallback.search(query)
            results.backend = f"{self.fallback.name} (fallback)"
            return results

    def suggest(self, prefix, language="en", limit=6):
        try:
            return self.primary.suggest(prefix, language, limit)
        except SearchUnavailable as exc:
            logger.error("suggest falling back to the database: %s", exc)
            return self.fallback.suggest(prefix, language, limit)

    def health(self):
        return self.primary.health()


def backend_class(name):
    """The class named `name` in settings.SEARCH_BACKENDS (dotted paths)."""
    try:
        return import_string(settings.SEARCH_BACKENDS[name])
    except KeyError as exc:
        raise ValueError(f"Unknown SEARCH_BACKEND {name!r}: use one of "
                         f"{sorted(settings.SEARCH_BACKENDS)}") from exc
    except ImportError as exc:
        raise ImproperlyConfigured(f"SEARCH_BACKENDS[{name!r}]: {exc}") from exc


def get_backend(name=None):
    name = name or settings.SEARCH_BACKEND
    if name == "database":
        return DatabaseBackend()
    return FallbackBackend(backend_class(name)(), DatabaseBackend())


def index_backends():
    """Every backend that must hold the documents: the database always, the configured
    one too."""
    backends = [DatabaseBackend()]
    if settings.SEARCH_BACKEND != "database":
        backends.append(backend_class(settings.SEARCH_BACKEND)())
    return backends
