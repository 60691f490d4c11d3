"""Full-text search over handbook sections on PostgreSQL (publishing.search)."""

from django.db import migrations

from publishing.migration_ops import search_index


class Migration(migrations.Migration):
    dependencies = [("handbook", "0001_handbook_and_boards")]

    operations = [search_index("handbook_section")]
