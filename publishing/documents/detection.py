"""The kind of a file from its bytes alone: magic numbers, ODF mimetype, OOXML parts."""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from typing import IO
from xml.parsers import expat

from publishing.documents.kinds import KINDS, OOXML_MIME, DocumentKind
from publishing.documents.safe_xml import UnsafeXMLError, safe_expat_parser

# Caps on what detection reads out of a ZIP member, and the read chunk size.
CONTENT_TYPES_MAX_BYTES = 1024 * 1024
CHUNK_BYTES = 64 * 1024


# The main part's content type in [Content_Types].xml names the OOXML kind.
# Macro-enabled variants are detected too, so that validation can say why it
# refuses them (see _ooxml_has_macros) instead of "not an allowed type".
_OOXML_MAIN_TYPES: dict[str, str] = {  # content type, case-folded -> kind key
    f"{OOXML_MIME}.wordprocessingml.document.main+xml": "docx",
    "application/vnd.ms-word.document.macroenabled.main+xml": "docx",
    f"{OOXML_MIME}.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.main+xml": "xlsx",
    f"{OOXML_MIME}.presentationml.presentation.main+xml": "pptx",
    "application/vnd.ms-powerpoint.presentation.macroenabled.main+xml": "pptx",
}
_ODF_MIMETYPES = {KINDS[key].mime_type: key for key in ("odt", "ods", "odp")}
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# What zipfile raises on a damaged archive (zlib.error is no BadZipFile).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


def file_head(fileobj: IO[bytes], size: int = 16) -> bytes:
    fileobj.seek(0)
    head = fileobj.read(size) or b""
    fileobj.seek(0)
    return head


def _kind_from_signature(head: bytes) -> DocumentKind | None:
    if head.startswith(b"%PDF-"):
        return KINDS["pdf"]
    if head.startswith(b"\xff\xd8\xff"):
        return KINDS["jpeg"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return KINDS["png"]
    if head.startswith((b"GIF87a", b"GIF89a")):
        return KINDS["gif"]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return KINDS["webp"]
    return None


def detect_document_kind(fileobj: IO[bytes]) -> DocumentKind | None:
    """The kind of a file from its bytes alone (never its name or Content-Type).

    Returns None for anything we do not recognise, including legacy OLE2 Office
    files and broken ZIPs. Leaves the file positioned at its start.
    """
    try:
        head = file_head(fileobj)
        if head.startswith(ZIP_MAGIC):
            return _detect_zip_kind(fileobj)
        return _kind_from_signature(head)
    finally:
        fileobj.seek(0)


def _detect_zip_kind(fileobj: IO[bytes]) -> DocumentKind | None:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            odf = _odf_kind(archive)
            if odf is not None:
                return odf
            main = ooxml_main_part(archive)
            return KINDS[main[0]] if main else None
    except (*ZIP_ERRORS, UnsafeXMLError, expat.ExpatError, MemberTooLargeError):
        return None


def _odf_kind(archive: zipfile.ZipFile) -> DocumentKind | None:
    # ODF: the first entry is an uncompressed "mimetype" naming the document type.
    infos = archive.infolist()
    if not infos:
        return None
    first = infos[0]
    if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED:
        return None
    if first.header_offset != 0:
        return None
    mimetype = read_member(archive, first, 256).decode("ascii", "replace").strip()
    key = _ODF_MIMETYPES.get(mimetype)
    return KINDS[key] if key else None


def ooxml_main_part(archive: zipfile.ZipFile) -> tuple[str, str] | None:
    """(kind key, main part's name in the ZIP), as [Content_Types].xml declares."""
    types = ooxml_content_types(archive)
    if types is None:
        return None
    members = {name.casefold(): name for name in archive.namelist()}
    for part_name, content_type in types.overrides.items():
        key = _OOXML_MAIN_TYPES.get(content_type.casefold())
        member = members.get(part_name.lstrip("/").casefold())
        if key and member:
            return key, member
    return None


@dataclass
class _ContentTypes:
    overrides: dict[str, str]  # part name -> content type
    defaults: dict[str, str]  # extension -> content type


def ooxml_content_types(archive: zipfile.ZipFile) -> _ContentTypes | None:
    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError:
        return None
    types = _ContentTypes(overrides={}, defaults={})

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition("}")[2]
        if local == "Override" and "PartName" in attrs:
            types.overrides[attrs["PartName"]] = attrs.get("ContentType", "")
        elif local == "Default" and "Extension" in attrs:
            types.defaults[attrs["Extension"].casefold()] = attrs.get("ContentType", "")

    parser = safe_expat_parser()
    parser.StartElementHandler = start
    parser.Parse(read_member(archive, info, CONTENT_TYPES_MAX_BYTES), True)
    return types


class MemberTooLargeError(Exception):
    pass


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    with archive.open(info) as member:
        data = member.read(cap + 1)
    if len(data) > cap:
        raise MemberTooLargeError(info.filename)
    return data


def zip_main_member(archive: zipfile.ZipFile, kind: DocumentKind) -> list[str]:
    if kind.container == "odf":
        return ["content.xml"] if "content.xml" in archive.namelist() else []
    main = ooxml_main_part(archive)
    return [main[1]] if main else []
