"""Keeping the indexes in step with published content."""

import logging

from django.apps import apps

from .backends import index_backends
from .documents import documents_for

logger = logging.getLogger(__name__)


def reindex_instance(instance):
    documents, stale_keys = documents_for(instance)
    for backend in index_backends():
        if stale_keys:
            backend.delete(stale_keys)
        if documents:
            backend.index(documents)
    return bool(documents)


def reindex_by_label(model_label, pk):
    model = apps.get_model(model_label)
    instance = model.objects.filter(pk=pk).first()
    if instance is None:
        remove_key(f"{_prefix(model_label)}:{pk}")
        return False
    if hasattr(instance, "specific") and callable(getattr(type(instance), "get_url", None)):
        instance = instance.specific
    return reindex_instance(instance)


def remove_key(key):
    for backend in index_backends():
        backend.delete([key])


def _prefix(model_label):
    return {"content.faq": "faq", "content.message": "message", "alerts.alert": "alert"}.get(
        model_label.lower(), "page")
