"""Migration operations shared by content apps. Imported by migrations: keep stable.

On PostgreSQL a content table gets `search_vector`, a stored generated column holding
to_tsvector('simple', search_text), with a GIN index. Storing the vector (rather than
indexing the expression) gives the planner statistics on how common each syllable is,
and spares it recomputing the vector for every row it filters; publishing.search
matches against this column. Django's models do not declare the column: PostgreSQL
fills it, and SQLite, which has no text-search vectors, has neither column nor index.
"""

from django.db import migrations

VECTOR_COLUMN = "search_vector"


def search_index(table: str) -> migrations.RunPython:
    index = f"{table}_search_fts"

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {VECTOR_COLUMN} tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, "
            "coalesce(search_text, ''))) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({VECTOR_COLUMN})"
        )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(
            f"ALTER TABLE {table} DROP COLUMN IF EXISTS {VECTOR_COLUMN}"
        )

    return migrations.RunPython(create, drop)
