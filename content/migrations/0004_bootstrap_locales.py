from django.db import migrations

from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    """Existing messages and FAQs become English-locale originals with their own keys."""

    dependencies = [
        ("content", "0003_translatable_bootstrap"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        BootstrapTranslatableModel("content.Message"),
        BootstrapTranslatableModel("content.FAQ"),
    ]
