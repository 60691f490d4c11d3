"""On PostgreSQL, a full-text GIN index serves the diacritics-free search (SQLite: none)."""

from django.db import migrations

from publishing.migration_ops import search_index


class Migration(migrations.Migration):
    dependencies = [("news", "0001_articles")]
    operations = [search_index("news_article")]
