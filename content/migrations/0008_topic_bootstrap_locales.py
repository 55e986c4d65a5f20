from django.db import migrations

from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    """Existing topics become site-language originals with their own translation keys."""

    dependencies = [
        ("content", "0007_topic_translatable_bootstrap"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [BootstrapTranslatableModel("content.Topic")]
