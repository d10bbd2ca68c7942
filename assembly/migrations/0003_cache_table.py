"""The table of the database cache (settings.CACHES["default"] without REDIS_URL): rate-limit
counters and the programme version, shared by every worker and process. Made by `migrate`, so a
fresh machine, the tests and CI need no `createcachetable` step; made whatever the current
settings, so a site that drops Redis later finds it there."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "assembly_cache"


def create(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("assembly", "0002_operations")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
