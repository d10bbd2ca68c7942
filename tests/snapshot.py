"""Every row of the test database, taken once and put back in a fraction of a second.

Seeding the whole demo goes through the services (validation, audit, transitions) and takes
tens of seconds; a suite that needs it in several modules, and a browser run that needs it in
every module, seeded it again each time. A process now seeds it once, keeps its rows, and puts
them back for the next module: the same rows, ids and all, as a fresh seed would give.

PostgreSQL copies each table out and back in its text format (``COPY``), which gives every type
back exactly; SQLite reads and writes the stored values. Django makes foreign keys deferrable
on both, so the tables are filled in any order inside one transaction.
"""

from __future__ import annotations

from django.core.management.color import no_style
from django.db import connection, transaction


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


class Snapshot:
    """The rows of every table of the project's models (the cache table is left out)."""

    def __init__(self) -> None:
        self.tables: dict[str, object] = {}

    @classmethod
    def take(cls) -> Snapshot:
        snapshot = cls()
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table in _tables():
                if connection.vendor == "postgresql":
                    data = bytearray()
                    with cursor.copy(f"COPY {quote(table)} TO STDOUT") as copy:
                        for block in copy:
                            data += block
                    snapshot.tables[table] = bytes(data)
                else:
                    cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (our tables)
                    columns = [column[0] for column in cursor.description]
                    snapshot.tables[table] = (columns, cursor.fetchall())
        return snapshot

    def restore(self) -> None:
        """Empty every table and put the rows back; sequences continue after the largest id."""
        from django.apps import apps

        quote = connection.ops.quote_name
        tables = _tables()
        postgresql = connection.vendor == "postgresql"
        with transaction.atomic(), connection.cursor() as cursor:
            if postgresql:
                # Deferred checks of earlier writes in this transaction run first (PostgreSQL
                # refuses to empty a table with checks pending); the rows put back are checked
                # at the end.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for statement in connection.ops.sql_flush(no_style(), tables):
                cursor.execute(statement)
            if postgresql:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in tables:
                stored = self.tables.get(table)
                if not stored:
                    continue
                if postgresql:
                    with cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                        copy.write(stored)
                    continue
                columns, rows = stored
                if rows:
                    names = ", ".join(quote(column) for column in columns)
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(
                        f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})",  # noqa: S608
                        rows,
                    )
            models = apps.get_models(include_auto_created=True)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)


# What this process seeded, kept to be put back: the core demo after the test database is
# made, and the whole demo after its first seeding (tests/conftest.py ``full_demo``).
SNAPSHOTS: dict[str, Snapshot] = {}


def seed_core() -> None:
    """The core demo (regions, 196 members, sessions 90–92): seeded the first time in this
    process, put back as then every later time."""
    import io

    if "core" in SNAPSHOTS:
        SNAPSHOTS["core"].restore()
        return
    from assembly import demo

    demo.seed(stdout=io.StringIO())
    SNAPSHOTS["core"] = Snapshot.take()
