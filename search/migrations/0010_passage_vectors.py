"""Semantic views become passage vectors. Old title/body vectors cannot be converted (the
passages are new texts), so they are dropped: until `manage.py search_reindex` runs, the
database backend answers lexically, as for a document that was never embedded."""

from django.db import migrations, models


def drop_old_vectors(apps, schema_editor):
    apps.get_model("beacon_search", "SearchVector").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("beacon_search", "0009_vectors_in_their_own_table")]

    operations = [
        migrations.RunPython(drop_old_vectors, migrations.RunPython.noop),
        migrations.RemoveField(model_name="searchvector", name="title"),
        migrations.RemoveField(model_name="searchvector", name="body"),
        migrations.AddField(model_name="searchvector", name="passages",
                            field=models.BinaryField(default=b"")),
    ]
