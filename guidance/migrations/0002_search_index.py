"""On PostgreSQL, a full-text GIN index serves the diacritics-free search (SQLite: none)."""

from django.db import migrations

from publishing.migration_ops import search_index


class Migration(migrations.Migration):
    dependencies = [("guidance", "0001_documents")]
    operations = [search_index("guidance_document")]
