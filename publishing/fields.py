"""An image field that judges uploads by content, re-encodes them and keeps renditions.

A content model declares one field::

    cover = ImageField(_("ảnh bìa"), upload_to="news/covers/%Y/", blank=True)

and `contribute_to_class` adds its companion `cover_renditions`, a JSONField that
`makemigrations` writes like any other column (the way django-money adds a currency
column). The companion holds everything a page needs to render `<picture>`: names,
widths and heights of the original and of every rendition, so rendering costs no
storage I/O and no query. Chosen over a Rendition table (a query or prefetch per
list) and over computing names from the original (the template cannot know which
exist, nor their sizes, without asking the storage)::

    {"source": "news/covers/2025/ab12.jpg", "width": 2400, "height": 1600,
     "webp": [{"name": "news/covers/2025/ab12-480w.webp", "width": 480,
               "height": 320}, ...],
     "jpeg": [...]}  # or "png" for transparent images

`source` says which upload the entry describes: a template ignores an entry made
for an earlier upload. Saving a new upload stores the normalised file under a random
name, resets the entry to the original's size, and records
`publishing.tasks.image_renditions_generate` in the save's transaction (sent after commit), which fills in the lists off the request
path. Proxy models do not enqueue (post_save is connected to the concrete class).
"""

from django import forms
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import signals

from .images import image_normalize, image_safe_name, image_validate
from .outbox import task_enqueue_on_commit
from .tasks import image_renditions_generate

RENDITIONS_SUFFIX = "_renditions"
_VALIDATED = "_publishing_image_validated"
_PENDING = "_publishing_renditions_pending"
ACCEPTED_CONTENT_TYPES = "image/jpeg,image/png,image/webp,image/gif"


def validate_uploaded_image(value) -> None:
    """Model-level check of a new upload (a stored file was checked when uploaded)."""
    if not value or getattr(value, "_committed", True):
        return
    upload = getattr(value, "file", value)
    if getattr(upload, _VALIDATED, False):
        return  # the form field already decoded it
    image_validate(upload)


class ImageFormField(forms.ImageField):
    """Accepts a file only if Pillow decodes it within our limits; the name is ignored."""

    default_validators = []  # Django's checks the extension; the content decides here

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        image_validate(upload)
        setattr(upload, _VALIDATED, True)
        return upload

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if attrs.get("accept") == "image/*":  # Django's default for image fields
            attrs["accept"] = ACCEPTED_CONTENT_TYPES
        return attrs


class RenditionsField(models.JSONField):
    """The companion of an ImageField; added by it, never declared by hand."""

    def contribute_to_class(self, cls, name, **kwargs):
        # In migrations the image field has already added its companion.
        if any(field.name == name for field in cls._meta.local_fields):
            return
        super().contribute_to_class(cls, name, **kwargs)


class ImageField(models.ImageField):
    """An ImageField whose uploads are validated, normalised and given renditions."""

    default_validators = [validate_uploaded_image]

    @property
    def renditions_field_name(self) -> str:
        return f"{self.name}{RENDITIONS_SUFFIX}"

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if cls._meta.abstract:
            return  # each concrete child gets its own copy of this field
        if not any(
            f.name == self.renditions_field_name for f in cls._meta.local_fields
        ):
            companion = RenditionsField(default=dict, editable=False, blank=True)
            companion.creation_counter = self.creation_counter  # saved after the image
            cls.add_to_class(self.renditions_field_name, companion)
        signals.post_save.connect(self._renditions_enqueue, sender=cls)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageFormField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            normalized = image_normalize(file)
            file.save(
                image_safe_name(normalized.extension),
                ContentFile(normalized.content),
                save=False,
            )
            entry = {
                "source": file.name,
                "width": normalized.width,
                "height": normalized.height,
            }
            setattr(model_instance, self.renditions_field_name, entry)
            pending = model_instance.__dict__.setdefault(_PENDING, set())
            pending.add(self.name)
        elif not file:
            setattr(model_instance, self.renditions_field_name, {})
        return file

    def _renditions_enqueue(self, sender, instance, raw=False, using=None, **kwargs):
        pending = instance.__dict__.get(_PENDING, set())
        if raw or self.name not in pending:
            return
        pending.discard(self.name)
        opts = instance._meta.concrete_model._meta
        renditions_enqueue(
            app_label=opts.app_label,
            model_name=opts.model_name,
            pk=instance.pk,
            field_name=self.name,
        )


def renditions_enqueue(*, app_label: str, model_name: str, pk, field_name: str) -> None:
    """Record the renditions task with the save (publishing.outbox): sent after the
    commit, or by the sweep when the broker was down; until then pages show the
    original file."""
    task_enqueue_on_commit(
        image_renditions_generate, app_label, model_name, pk, field_name
    )
