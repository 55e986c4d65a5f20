"""Postings carry their entry's language and are read from one covering index
(language, term, entry, weight): a search never joins the entries or reads the table."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_languages(apps, schema_editor):
    SearchEntry = apps.get_model("beacon_search", "SearchEntry")
    SearchTerm = apps.get_model("beacon_search", "SearchTerm")
    SearchTerm.objects.update(language=Subquery(
        SearchEntry.objects.filter(pk=OuterRef("entry_id")).values("language")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("beacon_search", "0011_vector_model"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchterm",
            name="language",
            field=models.CharField(default="", max_length=8),
        ),
        migrations.RunPython(copy_languages, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="searchterm",
            index=models.Index(fields=["language", "term", "entry", "weight"],
                               name="search_term_postings"),
        ),
        migrations.RemoveIndex(
            model_name="searchterm",
            name="search_term_lookup",
        ),
    ]
