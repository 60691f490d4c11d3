"""On PostgreSQL, a trigram GIN index serves the LIKE '%word%' of diacritics-free search.

SQLite has no such index and needs none at the sizes it is used for; the migration
does nothing there.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS guidance_document_search_trgm "
    "ON guidance_document USING gin (search_text gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS guidance_document_search_trgm"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("guidance", "0001_documents")]
    operations = [migrations.RunPython(run(CREATE), run(DROP))]
