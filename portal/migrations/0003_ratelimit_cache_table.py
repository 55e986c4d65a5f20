"""The table behind the 'ratelimit' cache alias when there is no Redis (issue 23 point 4):
created whatever the current settings, so switching Redis off later never leaves limits
without their store."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "beacon_ratelimit"  # settings.RATELIMIT_CACHE_TABLE


def create_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    if TABLE in schema_editor.connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0002_page_cache_generation"),
    ]

    operations = [
        migrations.RunPython(create_table, drop_table),
    ]
