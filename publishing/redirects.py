"""Old slugs keep working: record them on rename, find the object they pointed to."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import SlugRedirect


def _slug_redirect_record(
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


_UNREAD = object()


@contextmanager
def slug_redirect_on_save(
    *, instance: models.Model, scope: str = "", stored_slug=_UNREAD
) -> Iterator[None]:
    """Wrap the save of `instance`: if its slug changed, the old one redirects.

    The stored slug is read before the block (pass `stored_slug` if the caller has
    already read it; None for a new row, which leaves nothing behind).
    """
    if stored_slug is _UNREAD:
        stored_slug = (
            type(instance)
            ._default_manager.filter(pk=instance.pk)
            .values_list("slug", flat=True)
            .first()
            if instance.pk
            else None
        )
    yield
    if stored_slug is not None:
        _slug_redirect_record(
            instance=instance, old_slug=stored_slug, new_slug=instance.slug, scope=scope
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
