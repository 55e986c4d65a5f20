"""Keeping the indexes in step with published content."""

import logging

from django.apps import apps

from . import generation
from .backends import index_backends
from .documents import documents_for

logger = logging.getLogger(__name__)


def reindex_by_label(model_label, pk):
    return reindex_many([(model_label, pk)]) > 0


def reindex_many(items):
    """Reindex [(model label, pk)] together: one batch of embeddings and one bulk write
    per backend, however many objects one transaction changed (an import, a publish)."""
    documents, stale = [], []
    for model_label, pk in dict.fromkeys(tuple(item) for item in items):
        instance = apps.get_model(model_label).objects.filter(pk=pk).first()
        if instance is None:
            stale.append(f"{_prefix(model_label)}:{pk}")
            continue
        if hasattr(instance, "specific") and callable(getattr(type(instance), "get_url", None)):
            instance = instance.specific
        found, stale_keys = documents_for(instance)
        documents += found
        stale += stale_keys
    for backend in index_backends():
        if stale:
            backend.delete(stale)
        if documents:
            backend.index(documents)
    if documents or stale:
        generation.bump("reindex")  # reused search results are stale from here on
    return len(documents)


def _prefix(model_label):
    return {"content.faq": "faq", "content.message": "message", "alerts.alert": "alert"}.get(
        model_label.lower(), "page")
