"""Key dates: saving one (its slug, and a rule that gives a real date)."""

from __future__ import annotations

from django.db import transaction

from publishing.text import unique_slug

from ..models import KeyDate


@transaction.atomic
def key_date_save(*, key_date: KeyDate) -> KeyDate:
    """Validate (the rule must give a real date this year and next) and save."""
    if not key_date.slug:
        key_date.slug = unique_slug(
            queryset=KeyDate.objects.all(), value=key_date.name, instance_pk=key_date.pk
        )
    key_date.full_clean()
    key_date.save()
    return key_date
