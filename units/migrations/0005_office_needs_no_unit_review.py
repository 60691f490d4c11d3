"""Existing units review their editors' items (#16), except the office itself.

The schema migration gave every row the new default (on); the office's own items are
written by office staff, who review everything, so it starts off. Safe to run again.
"""

from django.db import migrations


def office_off(apps, schema_editor):
    Unit = apps.get_model("units", "Unit")
    Unit.objects.filter(kind="office", requires_review=True).update(
        requires_review=False
    )


class Migration(migrations.Migration):
    dependencies = [("units", "0004_unit_requires_review")]

    operations = [migrations.RunPython(office_off, migrations.RunPython.noop)]
