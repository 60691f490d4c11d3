"""Writes of publishing outside the workflow: heartbeats, image renditions, editor images."""

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import models
from django.utils import timezone

from .images import (
    image_normalize,
    image_open,
    image_safe_name,
    rendition_name,
    renditions_encode,
)
from .models import SchedulerHeartbeat


def scheduler_heartbeat_record(*, source: str = SchedulerHeartbeat.Source.BEAT) -> None:
    """Record that `source` is alive now; one row per source, updated in place."""
    SchedulerHeartbeat.objects.update_or_create(
        source=source, defaults={"beat_at": timezone.now()}
    )


def image_renditions_generate(
    *, instance: models.Model, field_name: str
) -> dict | None:
    """Write the renditions of `instance.<field_name>` and record them in its companion.

    Does nothing when the field is empty or its renditions already exist for the
    current file. Updates only the renditions column, with `.update()` (no signals),
    and only if the row still holds the same file; if the image changed or the row
    went away meanwhile, the files just written are deleted and None is returned.
    """
    field = instance._meta.get_field(field_name)
    file = getattr(instance, field.attname)
    renditions_name = field.renditions_field_name
    current = getattr(instance, renditions_name) or {}
    if not file:
        return None
    source = file.name
    if current.get("source") == source and current.get("webp"):
        return current
    with file.storage.open(source, "rb") as stored:
        image = image_open(stored)
    entry = {"source": source, "width": image.width, "height": image.height}
    written = []
    for rendition in renditions_encode(image):
        name = rendition_name(
            source, width=rendition.width, extension=rendition.extension
        )
        file.storage.delete(name)  # a rerun replaces its own files instead of adding
        name = file.storage.save(name, ContentFile(rendition.content))
        written.append(name)
        entry.setdefault(rendition.format.lower(), []).append(
            {"name": name, "width": rendition.width, "height": rendition.height}
        )
    updated = (
        type(instance)
        ._default_manager.filter(pk=instance.pk, **{field.attname: source})
        .update(**{renditions_name: entry})
    )
    if not updated:
        for name in written:
            file.storage.delete(name)
        return None
    setattr(instance, renditions_name, entry)
    return entry


EDITOR_IMAGE_DIR = "editor"


def editor_image_upload(
    *, upload: File, folder: str, storage: Storage | None = None
) -> str:
    """Store an image uploaded through CKEditor under `folder` and return its URL.

    Judged by content and re-encoded exactly like an ImageField upload (random name,
    no EXIF); raises ValidationError with a Vietnamese message instead of storing.
    """
    storage = storage or default_storage
    normalized = image_normalize(upload)
    directory = f"{EDITOR_IMAGE_DIR}/{folder}/{timezone.localdate():%Y/%m}"
    name = storage.save(
        f"{directory}/{image_safe_name(normalized.extension)}",
        ContentFile(normalized.content),
    )
    return storage.url(name)
