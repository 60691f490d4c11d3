"""Migration operations shared by content apps. Imported by migrations: keep stable.

A content table's `search_text` gets, on PostgreSQL, a GIN index over its 'simple'
text-search vector, the very expression publishing.search matches with. SQLite needs
and gets nothing.
"""

from django.db import migrations


def search_index(table: str) -> migrations.RunPython:
    name = f"{table}_search_fts"

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                "USING gin (to_tsvector('simple'::regconfig, search_text))"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop)
