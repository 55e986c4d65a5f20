"""Rebuild the search indexes. Elasticsearch: new versioned indexes, then one atomic alias
swap, so residents keep searching the old index until the new one is complete."""

import sys
import time

from django.conf import settings
from django.core.management.base import CommandError

from tqdm import tqdm

from content.management.background import BackgroundCommand
from search import generation
from search.backends.base import SearchUnavailable, attach_vectors
from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import ElasticsearchBackend
from search.documents import all_documents
from search.embedding import semantic_language


class Command(BackgroundCommand):
    help = "Rebuild the database search index and, when configured, Elasticsearch."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument("--backend", choices=["all", "database", "elasticsearch"],
                            default="all")

    def handle(self, no_progress=False, backend="all", **options):
        started = time.monotonic()
        documents = list(all_documents())
        total = len(documents)
        semantic = [d for d in documents if semantic_language(d.language)]
        with tqdm(total=len(semantic), desc="vectors", disable=no_progress or not semantic,
                  file=sys.stderr) as bar:
            for start in range(0, len(semantic), 100):  # once, for every backend
                attach_vectors(semantic[start:start + 100])
                bar.update(len(semantic[start:start + 100]))
        if backend in ("all", "database"):
            with tqdm(total=total, desc="database", disable=no_progress, file=sys.stderr) as bar:
                DatabaseBackend().rebuild(documents, progress=bar.update)
        if backend == "elasticsearch" or (backend == "all" and
                                          settings.SEARCH_BACKEND == "elasticsearch"):
            with tqdm(total=total, desc="elasticsearch", disable=no_progress,
                      file=sys.stderr) as bar:
                try:
                    created = ElasticsearchBackend().rebuild(documents, progress=bar.update)
                except SearchUnavailable as exc:
                    raise CommandError(f"Elasticsearch is unreachable: {exc}") from exc
            self.stdout.write("Aliases now point to: " + ", ".join(created.values()))
        generation.bump("search_reindex")
        self.stdout.write(self.style.SUCCESS(
            f"Reindexed {total} documents in {time.monotonic() - started:.1f} s."))
