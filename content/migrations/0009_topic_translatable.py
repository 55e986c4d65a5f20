import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("content", "0008_topic_bootstrap_locales"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterField(
            model_name="topic",
            name="locale",
            field=models.ForeignKey(editable=False,
                                    on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="wagtailcore.locale", verbose_name="locale"),
        ),
        migrations.AlterField(
            model_name="topic",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="topic",
            unique_together={("translation_key", "locale")},
        ),
        migrations.AddConstraint(
            model_name="topic",
            constraint=models.UniqueConstraint(fields=("slug", "locale"), name="topic_slug_per_language"),
        ),
        migrations.AddConstraint(
            model_name="topic",
            constraint=models.UniqueConstraint(fields=("name", "locale"), name="topic_name_per_language"),
        ),
    ]
