"""Old slugs keep working: record them on rename, find the object they pointed to."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import SlugRedirect


def slug_redirect_record(
    *, instance: models.Model, old_slug: str, new_slug: str, scope: str = ""
) -> None:
    """Remember `old_slug` for `instance`; a slug that is live again stops redirecting."""
    content_type = ContentType.objects.get_for_model(instance)
    SlugRedirect.objects.filter(
        content_type=content_type, scope=scope, old_slug=new_slug
    ).delete()
    if old_slug and old_slug != new_slug:
        SlugRedirect.objects.update_or_create(
            content_type=content_type,
            scope=scope,
            old_slug=old_slug,
            defaults={"object_id": instance.pk},
        )


def slug_redirect_target(
    *, model: type[models.Model], old_slug: str, scope: str = ""
) -> int | None:
    """Id of the object that used to live at `old_slug`, if any."""
    return (
        SlugRedirect.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            scope=scope,
            old_slug=old_slug,
        )
        .values_list("object_id", flat=True)
        .first()
    )
