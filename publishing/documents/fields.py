"""The form and model fields that judge uploads by content and store them safely."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms
from django.core.files.base import File
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from publishing.documents.kinds import DocumentKind, kind_for_stored_name
from publishing.documents.names import safe_storage_name
from publishing.documents.validation import kinds_allowed, validate_document_upload


class DocumentFileField(forms.FileField):
    """A form file field that runs validate_document_upload.

    The cleaned file carries the detected kind as `file.document_kind`.
    """

    def __init__(
        self,
        *,
        max_bytes: int | None = None,
        allowed_kinds: Collection[str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.max_bytes = max_bytes
        self.allowed_kinds = frozenset(allowed_kinds) if allowed_kinds else None
        kinds_allowed(self.allowed_kinds)  # fail early on a typo
        super().__init__(**kwargs)

    def to_python(self, data: Any) -> Any:
        uploaded = super().to_python(data)
        if uploaded is None:
            return None
        uploaded.document_kind = validate_document_upload(
            uploaded, max_bytes=self.max_bytes, allowed=self.allowed_kinds
        )
        return uploaded

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            # A hint for the browser's file picker only; the content decides.
            kinds = kinds_allowed(self.allowed_kinds)
            attrs["accept"] = ",".join(
                f".{kind.extension},{kind.mime_type}" for kind in kinds
            )
        return attrs


class DocumentFieldFile(FieldFile):
    """A FieldFile whose stored name is made by safe_storage_name."""

    def save(self, name: str, content: File, save: bool = True) -> None:
        kind = getattr(content, "document_kind", None)
        if kind is None:  # not from DocumentFileField: judge it here
            kind = validate_document_upload(
                content,
                max_bytes=self.field.max_bytes,
                allowed=self.field.allowed_kinds,
            )
        super().save(safe_storage_name(name, kind), content, save)

    @property
    def document_kind(self) -> DocumentKind | None:
        """The detected kind: from the pending upload, else from the stored name."""
        if not self._committed:
            return getattr(self.file, "document_kind", None)
        return kind_for_stored_name(self.name) if self.name else None


DEFAULT_UPLOAD_TO = "documents/%Y/%m/"
DEFAULT_MAX_LENGTH = 255


class DocumentField(models.FileField):
    """A FileField for documents judged by content, stored under safe names.

    `upload_to` is the folder (strftime allowed); the file name is always
    safe_storage_name's. Keep the user's original name in a field of your own.
    """

    attr_class = DocumentFieldFile
    description = _("Tệp tài liệu (kiểm tra theo nội dung)")

    def __init__(
        self,
        verbose_name: Any = None,
        name: str | None = None,
        upload_to: Any = DEFAULT_UPLOAD_TO,
        storage: Any = None,
        *,
        max_bytes: int | None = None,
        allowed_kinds: Collection[str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.max_bytes = max_bytes
        self.allowed_kinds = tuple(sorted(allowed_kinds)) if allowed_kinds else None
        kinds_allowed(self.allowed_kinds)
        kwargs.setdefault("max_length", DEFAULT_MAX_LENGTH)
        super().__init__(
            verbose_name, name, upload_to=upload_to, storage=storage, **kwargs
        )

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, _path, args, kwargs = super().deconstruct()
        # Migrations already written name the field by the package, not this module.
        path = "publishing.documents.DocumentField"
        if self.max_length == DEFAULT_MAX_LENGTH:
            kwargs.pop("max_length", None)
        else:
            kwargs["max_length"] = self.max_length
        if kwargs.get("upload_to") == DEFAULT_UPLOAD_TO:
            del kwargs["upload_to"]
        if self.max_bytes is not None:
            kwargs["max_bytes"] = self.max_bytes
        if self.allowed_kinds:
            kwargs["allowed_kinds"] = list(self.allowed_kinds)
        return name, path, args, kwargs

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        super().validate(value, model_instance)
        if not value or value._committed:
            return  # already stored: judged when it was uploaded
        upload = value.file
        if getattr(upload, "document_kind", None) is None:
            upload.document_kind = validate_document_upload(
                upload, max_bytes=self.max_bytes, allowed=self.allowed_kinds
            )

    def formfield(self, **kwargs: Any) -> forms.Field:
        return super().formfield(
            **{
                "form_class": DocumentFileField,
                "max_bytes": self.max_bytes,
                "allowed_kinds": self.allowed_kinds,
                # The user's name is not what we store, so its length is no limit.
                "max_length": None,
                **kwargs,
            }
        )
