from django.db import migrations, models


def keep_what_was_sent(apps, schema_editor):
    """The shared field meant 'some reminder went out'. A break-glass alert past its
    confirmation time had that reminder; keep it from being sent twice."""
    Alert = apps.get_model("alerts", "Alert")
    for alert in Alert.objects.filter(break_glass=True, update_overdue_notified_at__isnull=False):
        if alert.confirm_by and alert.confirm_by <= alert.update_overdue_notified_at:
            alert.break_glass_notified_at = alert.update_overdue_notified_at
            alert.save(update_fields=["break_glass_notified_at"])


class Migration(migrations.Migration):

    dependencies = [
        ("alerts", "0006_cap_document_as_sent"),
    ]

    operations = [
        migrations.RenameField("alert", "stale_notified_at", "update_overdue_notified_at"),
        migrations.AlterField(
            model_name="alert",
            name="update_overdue_notified_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="alert",
            name="break_glass_notified_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(keep_what_was_sent, migrations.RunPython.noop),
    ]
