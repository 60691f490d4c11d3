"""On PostgreSQL, a full-text GIN index serves the diacritics-free search (SQLite: none)."""

from django.db import migrations

from publishing.migration_ops import search_index


class Migration(migrations.Migration):
    dependencies = [("consultation", "0002_seed_topics")]
    operations = [search_index("consultation_faq")]
