"""On PostgreSQL, a trigram GIN index serves the LIKE '%word%' of the FAQ search.

SQLite has no such index and needs none at the sizes it is used for; the migration
does nothing there (as news/migrations/0002_search_trigram_index.py).
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS consultation_faq_search_trgm "
    "ON consultation_faq USING gin (search_text gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS consultation_faq_search_trgm"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("consultation", "0002_seed_topics")]
    operations = [migrations.RunPython(run(CREATE), run(DROP))]
