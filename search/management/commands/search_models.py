"""Load every configured semantic model once, so the first resident's search does not pay
for it: on a new machine (or in the image build) that makes the English model's integer
copy (search/quantized.py). Prints the file each model runs from.

    python manage.py search_models
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.embedding import load_model, model_name, question_model_name


class Command(BaseCommand):
    help = "Prepare the semantic search models (the English model's integer copy) and list them."

    def handle(self, *args, **options):
        names = sorted({model_name(language) for language in settings.SEARCH_SEMANTIC_LANGUAGES}
                       | ({question_model_name()} - {""}))
        missing = []
        for name in names:
            embedder = load_model(name)
            if embedder is None:
                missing.append(name)
                continue
            embedder.embed(["ready"])
            source = getattr(embedder, "running_from", None) or "its package"
            self.stdout.write(f"{name}: {embedder.dimensions} dimensions, from {source}")
        if missing:
            raise CommandError(f"not installed: {', '.join(missing)} (semantic search is off "
                               "for their languages)")
