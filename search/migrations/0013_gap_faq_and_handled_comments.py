import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("content", "0011_faq_wordings"),
        ("beacon_search", "0012_term_postings_by_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="gapstatus",
            name="faq",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to="content.faq"),
        ),
        migrations.AddField(
            model_name="helpfulvote",
            name="handled_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="helpfulvote",
            name="handled_by",
            field=models.CharField(blank=True, max_length=150),
        ),
    ]
