"""The document kinds we accept (PDF, OOXML, ODF, images) and lookups by stored name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext_lazy as _

Container = Literal["pdf", "ooxml", "odf", "image"]


@dataclass(frozen=True)
class DocumentKind:
    """One file type we accept, as recognised from its bytes."""

    key: str
    label: str  # Vietnamese, lazily translated
    extension: str  # canonical, without the dot
    mime_type: str
    inline: bool  # shown in the browser (PDF, images) rather than downloaded
    container: Container

    def __str__(self) -> str:
        return str(self.label)


OOXML_MIME = "application/vnd.openxmlformats-officedocument"
ODF_MIME = "application/vnd.oasis.opendocument"

KINDS: dict[str, DocumentKind] = {
    kind.key: kind
    for kind in (
        DocumentKind("pdf", _("PDF"), "pdf", "application/pdf", True, "pdf"),
        DocumentKind(
            "docx",
            _("Word (DOCX)"),
            "docx",
            f"{OOXML_MIME}.wordprocessingml.document",
            False,
            "ooxml",
        ),
        DocumentKind(
            "xlsx",
            _("Excel (XLSX)"),
            "xlsx",
            f"{OOXML_MIME}.spreadsheetml.sheet",
            False,
            "ooxml",
        ),
        DocumentKind(
            "pptx",
            _("PowerPoint (PPTX)"),
            "pptx",
            f"{OOXML_MIME}.presentationml.presentation",
            False,
            "ooxml",
        ),
        DocumentKind(
            "odt",
            _("OpenDocument văn bản (ODT)"),
            "odt",
            f"{ODF_MIME}.text",
            False,
            "odf",
        ),
        DocumentKind(
            "ods",
            _("OpenDocument bảng tính (ODS)"),
            "ods",
            f"{ODF_MIME}.spreadsheet",
            False,
            "odf",
        ),
        DocumentKind(
            "odp",
            _("OpenDocument trình chiếu (ODP)"),
            "odp",
            f"{ODF_MIME}.presentation",
            False,
            "odf",
        ),
        DocumentKind("jpeg", _("Ảnh JPEG"), "jpg", "image/jpeg", True, "image"),
        DocumentKind("png", _("Ảnh PNG"), "png", "image/png", True, "image"),
        DocumentKind("webp", _("Ảnh WebP"), "webp", "image/webp", True, "image"),
        DocumentKind("gif", _("Ảnh GIF"), "gif", "image/gif", True, "image"),
    )
}


def kind_for_stored_name(name: str) -> DocumentKind | None:
    """The kind of a file we stored, from the canonical extension we gave it."""
    extension = name.rpartition(".")[2].casefold()
    return next((kind for kind in KINDS.values() if kind.extension == extension), None)
