"""Document uploads judged by their content: detection, validation, storage, serving."""

from __future__ import annotations

import io
import logging
import re
import secrets
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import IO, Any, Literal, NoReturn
from urllib.parse import quote
from xml.parsers import expat

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

logger = logging.getLogger(__name__)

# Defaults; each can be overridden in settings under the same name.
DOCUMENT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024
DOCUMENT_ZIP_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
DOCUMENT_ZIP_MAX_ENTRIES = 5_000
DOCUMENT_ZIP_MAX_RATIO = 100
DOCUMENT_ZIP_RATIO_MIN_ENTRY_BYTES = 1024 * 1024
DOCUMENT_MAX_IMAGE_PIXELS = 60_000_000
DOCUMENT_PDF_MAX_OBJECTS_SCANNED = 500_000

# Caps on what detection and text extraction read out of a ZIP member.
CONTENT_TYPES_MAX_BYTES = 1024 * 1024
TEXT_XML_MAX_BYTES = 64 * 1024 * 1024
CHUNK_BYTES = 64 * 1024

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


_OOXML = "application/vnd.openxmlformats-officedocument"
_ODF = "application/vnd.oasis.opendocument"

KINDS: dict[str, DocumentKind] = {
    kind.key: kind
    for kind in (
        DocumentKind("pdf", _("PDF"), "pdf", "application/pdf", True, "pdf"),
        DocumentKind(
            "docx",
            _("Word (DOCX)"),
            "docx",
            f"{_OOXML}.wordprocessingml.document",
            False,
            "ooxml",
        ),
        DocumentKind(
            "xlsx",
            _("Excel (XLSX)"),
            "xlsx",
            f"{_OOXML}.spreadsheetml.sheet",
            False,
            "ooxml",
        ),
        DocumentKind(
            "pptx",
            _("PowerPoint (PPTX)"),
            "pptx",
            f"{_OOXML}.presentationml.presentation",
            False,
            "ooxml",
        ),
        DocumentKind(
            "odt", _("OpenDocument văn bản (ODT)"), "odt", f"{_ODF}.text", False, "odf"
        ),
        DocumentKind(
            "ods",
            _("OpenDocument bảng tính (ODS)"),
            "ods",
            f"{_ODF}.spreadsheet",
            False,
            "odf",
        ),
        DocumentKind(
            "odp",
            _("OpenDocument trình chiếu (ODP)"),
            "odp",
            f"{_ODF}.presentation",
            False,
            "odf",
        ),
        DocumentKind("jpeg", _("Ảnh JPEG"), "jpg", "image/jpeg", True, "image"),
        DocumentKind("png", _("Ảnh PNG"), "png", "image/png", True, "image"),
        DocumentKind("webp", _("Ảnh WebP"), "webp", "image/webp", True, "image"),
        DocumentKind("gif", _("Ảnh GIF"), "gif", "image/gif", True, "image"),
    )
}

# The main part's content type in [Content_Types].xml names the OOXML kind.
# Macro-enabled variants are detected too, so that validation can say why it
# refuses them (see _ooxml_has_macros) instead of "not an allowed type".
_OOXML_MAIN_TYPES: dict[str, str] = {  # content type, case-folded -> kind key
    f"{_OOXML}.wordprocessingml.document.main+xml": "docx",
    "application/vnd.ms-word.document.macroenabled.main+xml": "docx",
    f"{_OOXML}.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.main+xml": "xlsx",
    f"{_OOXML}.presentationml.presentation.main+xml": "pptx",
    "application/vnd.ms-powerpoint.presentation.macroenabled.main+xml": "pptx",
}
_ODF_MIMETYPES = {KINDS[key].mime_type: key for key in ("odt", "ods", "odp")}
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# What zipfile raises on a damaged archive (zlib.error is no BadZipFile).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)
_PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}
# Extensions a user's file name may end with; stripped before we add ours.
_KNOWN_EXTENSIONS = frozenset(
    {kind.extension for kind in KINDS.values()}
    | {"jpeg", "jpe", "doc", "xls", "ppt", "docm", "xlsm", "pptm", "rtf", "txt", "exe"}
)


def _setting(name: str) -> int:
    return int(getattr(settings, name, globals()[name]))


# --------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------


def _head(fileobj: IO[bytes], size: int = 16) -> bytes:
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
        head = _head(fileobj)
        if head.startswith(_ZIP_MAGIC):
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
            main = _ooxml_main_part(archive)
            return KINDS[main[0]] if main else None
    except (*_ZIP_ERRORS, _UnsafeXMLError, expat.ExpatError, _MemberTooLargeError):
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
    mimetype = _read_member(archive, first, 256).decode("ascii", "replace").strip()
    key = _ODF_MIMETYPES.get(mimetype)
    return KINDS[key] if key else None


def _ooxml_main_part(archive: zipfile.ZipFile) -> tuple[str, str] | None:
    """(kind key, main part's name in the ZIP), as [Content_Types].xml declares."""
    types = _ooxml_content_types(archive)
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


def _ooxml_content_types(archive: zipfile.ZipFile) -> _ContentTypes | None:
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

    parser = _safe_expat_parser()
    parser.StartElementHandler = start
    parser.Parse(_read_member(archive, info, CONTENT_TYPES_MAX_BYTES), True)
    return types


class _MemberTooLargeError(Exception):
    pass


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    with archive.open(info) as member:
        data = member.read(cap + 1)
    if len(data) > cap:
        raise _MemberTooLargeError(info.filename)
    return data


# --------------------------------------------------------------------------
# Safe XML: expat with DOCTYPE (and so every entity declaration) refused
# --------------------------------------------------------------------------


class _UnsafeXMLError(Exception):
    pass


def _refuse_doctype(*args: object) -> None:
    raise _UnsafeXMLError("DOCTYPE or entity declarations are not allowed")


def _safe_expat_parser() -> Any:
    # No DOCTYPE means no entity can be declared, so nothing expands (billion
    # laughs) and nothing external is fetched; OOXML and ODF never need one.
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    if value >= 100 or value == int(value):
        return number_format(round(value), decimal_pos=0)
    return number_format(value, decimal_pos=1)


def _file_size(fileobj: Any) -> int:
    reported = getattr(fileobj, "size", None)
    try:
        fileobj.seek(0, io.SEEK_END)
        measured = fileobj.tell()
        fileobj.seek(0)
    except (AttributeError, OSError, ValueError):
        return int(reported or 0)
    # A file object may report a size of its own (an upload handler's count):
    # the larger of the two is the one that must respect the limit.
    return max(int(reported or 0), measured)


def _allowed_kinds(allowed: Collection[str] | None) -> list[DocumentKind]:
    if allowed is None:
        return list(KINDS.values())
    unknown = set(allowed) - KINDS.keys()
    if unknown:
        raise ValueError(f"Unknown document kinds: {sorted(unknown)}")
    return [kind for key, kind in KINDS.items() if key in allowed]


def _labels(kinds: list[DocumentKind]) -> str:
    return ", ".join(str(kind.label) for kind in kinds)


def validate_document_upload(
    uploaded_file: Any,
    *,
    max_bytes: int | None = None,
    allowed: Collection[str] | None = None,
) -> DocumentKind:
    """Check an upload by its content and return its kind, or raise ValidationError.

    Refuses: empty or oversized files, anything that is not an allowed kind by its
    magic bytes, legacy OLE2 Office files, unsafe ZIP containers (bombs, path
    traversal, encryption), OOXML with VBA macros, PDFs with JavaScript or launch
    actions, and images over the pixel limit or that Pillow cannot read. Leaves the
    file positioned at its start.
    """
    max_bytes = (
        max_bytes if max_bytes is not None else _setting("DOCUMENT_MAX_UPLOAD_BYTES")
    )
    kinds = _allowed_kinds(allowed)
    size = _file_size(uploaded_file)
    if size == 0:
        raise ValidationError(
            _("Tệp tải lên đang trống (0 byte). Vui lòng chọn lại tệp."), code="empty"
        )
    if size > max_bytes:
        raise ValidationError(
            _(
                "Tệp quá lớn (khoảng %(size_mb)s MB). Dung lượng tối đa là %(limit_mb)s MB."
            ),
            code="too_large",
            params={"size_mb": _megabytes(size), "limit_mb": _megabytes(max_bytes)},
        )
    kind = detect_document_kind(uploaded_file)
    if kind is None:
        _raise_unrecognised(uploaded_file, kinds)
    if kind.key not in {allowed_kind.key for allowed_kind in kinds}:
        raise _invalid_type(kinds)
    checks: dict[Container, Callable[[Any, DocumentKind, int], None]] = {
        "pdf": _check_pdf,
        "ooxml": _check_zip,
        "odf": _check_zip,
        "image": _check_image,
    }
    try:
        checks[kind.container](uploaded_file, kind, max_bytes)
    finally:
        uploaded_file.seek(0)
    return kind


def _invalid_type(kinds: list[DocumentKind]) -> ValidationError:
    return ValidationError(
        _(
            "Tệp không đúng định dạng cho phép. Hệ thống kiểm tra nội dung tệp, "
            "không dựa vào phần đuôi tên tệp. Các định dạng được nhận: %(allowed)s."
        ),
        code="invalid_type",
        params={"allowed": _labels(kinds)},
    )


def _raise_unrecognised(fileobj: Any, kinds: list[DocumentKind]) -> NoReturn:
    head = _head(fileobj)
    if head.startswith(_OLE2_MAGIC):
        # Legacy .doc/.xls/.ppt: macros hide inside an OLE2 compound file that we
        # would need another parser to inspect, and every current Office and
        # LibreOffice saves DOCX/XLSX/PPTX, so we ask for those instead.
        raise ValidationError(
            _(
                "Tệp Word, Excel hoặc PowerPoint định dạng cũ (.doc, .xls, .ppt) không "
                "được nhận vì không kiểm tra được macro. Hãy mở tệp, lưu lại dưới dạng "
                "DOCX, XLSX, PPTX hoặc PDF rồi tải lên."
            ),
            code="legacy_office",
        )
    if head.startswith(_ZIP_MAGIC) and not _zip_opens(fileobj):
        raise _corrupt_zip()
    raise _invalid_type(kinds)


def _zip_opens(fileobj: Any) -> bool:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            archive.infolist()
    except _ZIP_ERRORS:
        return False
    finally:
        fileobj.seek(0)
    return True


def _corrupt_zip() -> ValidationError:
    return ValidationError(
        _(
            "Tệp bị hỏng hoặc không đọc được. Hãy mở tệp bằng phần mềm văn phòng, "
            "lưu lại rồi tải lên lần nữa."
        ),
        code="corrupt",
    )


def _unsafe_zip(reason: str) -> ValidationError:
    return ValidationError(
        _("Tệp có cấu trúc bất thường (%(reason)s) nên không được nhận."),
        code="zip_unsafe",
        params={"reason": reason},
    )


def _unsafe_member_name(name: str) -> bool:
    if not name or "\x00" in name or name.startswith(("/", "\\")):
        return True
    if re.match(r"^[A-Za-z]:", name):
        return True
    return ".." in re.split(r"[/\\]", name)


def _check_zip(fileobj: Any, kind: DocumentKind, max_bytes: int) -> None:
    """Judge a ZIP container from its central directory; nothing is extracted."""
    max_total = _setting("DOCUMENT_ZIP_MAX_UNCOMPRESSED_BYTES")
    max_entries = _setting("DOCUMENT_ZIP_MAX_ENTRIES")
    max_ratio = _setting("DOCUMENT_ZIP_MAX_RATIO")
    ratio_min_bytes = _setting("DOCUMENT_ZIP_RATIO_MIN_ENTRY_BYTES")
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            if len(infos) > max_entries:
                raise _unsafe_zip(_("quá nhiều thành phần bên trong"))
            seen: set[str] = set()
            total = 0
            for info in infos:
                if _unsafe_member_name(info.filename):
                    raise _unsafe_zip(_("đường dẫn không hợp lệ bên trong tệp"))
                folded = info.filename.casefold()
                if folded in seen:
                    raise _unsafe_zip(_("thành phần bị trùng tên"))
                seen.add(folded)
                if info.flag_bits & 0x1:
                    raise _unsafe_zip(_("thành phần bị mã hoá"))
                total += info.file_size
                if total > max_total:
                    raise _unsafe_zip(_("dung lượng sau khi giải nén quá lớn"))
                compressed = max(info.compress_size, 1)
                if (
                    info.file_size > ratio_min_bytes
                    and info.file_size > max_ratio * compressed
                ):
                    raise _unsafe_zip(_("tỉ lệ nén bất thường"))
            # Read the main part through (and throw it away) so a damaged deflate
            # stream or CRC is refused now, not found by the reader later.
            for name in _zip_main_member(archive, kind):
                with archive.open(name) as member:
                    while member.read(CHUNK_BYTES):
                        pass
            if kind.container == "ooxml" and _ooxml_has_macros(archive):
                raise ValidationError(
                    _(
                        "Tệp có chứa macro (VBA) nên không được nhận. Hãy lưu lại dưới "
                        "dạng tệp không có macro (DOCX, XLSX, PPTX) hoặc PDF rồi tải lên."
                    ),
                    code="macros",
                )
    except _ZIP_ERRORS as exc:
        logger.info("Refused a corrupt ZIP upload: %s", exc)
        raise _corrupt_zip() from exc


def _ooxml_has_macros(archive: zipfile.ZipFile) -> bool:
    for name in archive.namelist():
        if name.rpartition("/")[2].casefold() == "vbaproject.bin":
            return True
    try:
        types = _ooxml_content_types(archive)
    except (_UnsafeXMLError, expat.ExpatError, _MemberTooLargeError):
        return True  # we cannot read the declarations, so we cannot vouch for them
    if types is None:
        return False
    declared = [*types.overrides.values(), *types.defaults.values()]
    return any(
        "macroenabled" in value.casefold() or "vbaproject" in value.casefold()
        for value in declared
    )


# PDF -----------------------------------------------------------------------
# Decision: a PDF with JavaScript, launch or rich-media actions is refused at
# upload. We cannot mark one file "download only" in a shared kind, and the
# union's documents (exported from Word, scanned) never need scripts. Inline
# PDFs cannot carry `CSP: sandbox` (Chrome and Safari then refuse to render
# them), so refusing is the layer that counts; see document_file_response.

_PDF_ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/RichMediaExecute"})
_PDF_ACTIVE_KEYS = frozenset({"/JS", "/JavaScript"})
_PDF_RAW_ACTIVE = re.compile(
    rb"/(?:JavaScript|Launch|RichMediaExecute)(?![A-Za-z0-9#])"
)
_PDF_ESCAPED_NAME = re.compile(rb"/[A-Za-z0-9#]*#[0-9A-Fa-f]{2}[A-Za-z0-9#]*")


def _pdf_raw_has_active(data: bytes) -> bool:
    # Catches actions in objects the parser does not reach, including names
    # written with #xx escapes (/J#61vaScript).
    if _PDF_RAW_ACTIVE.search(data):
        return True
    for match in _PDF_ESCAPED_NAME.finditer(data):
        name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), match[0])
        if _PDF_RAW_ACTIVE.fullmatch(name):
            return True
    return False


def _pdf_objects(reader: PdfReader, limit: int) -> Iterator[Any]:
    """Every object reachable from the trailer, each once, at most `limit`."""
    stack: list[Any] = [reader.trailer]
    seen: set[tuple[int, int]] = set()
    count = 0
    while stack and count < limit:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            ref = (obj.idnum, obj.generation)
            if ref in seen:
                continue
            seen.add(ref)
            obj = obj.get_object()
        count += 1
        yield obj
        if isinstance(obj, DictionaryObject):
            stack.extend(dict.values(obj))
        elif isinstance(obj, ArrayObject):
            stack.extend(list.__iter__(obj))


def _pdf_tree_has_active(reader: PdfReader) -> bool:
    # Also sees objects packed in compressed object streams, which the raw scan misses.
    for obj in _pdf_objects(reader, _setting("DOCUMENT_PDF_MAX_OBJECTS_SCANNED")):
        if not isinstance(obj, DictionaryObject):
            continue
        if _PDF_ACTIVE_KEYS & dict.keys(obj):
            return True
        action = dict.get(obj, "/S")
        if isinstance(action, str) and action in _PDF_ACTIVE_ACTIONS:
            return True
    return False


def _check_pdf(fileobj: Any, kind: DocumentKind, max_bytes: int) -> None:
    data = fileobj.read(max_bytes + 1)
    if _pdf_raw_has_active(data):
        raise _pdf_active_content()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        # An owner password only restricts printing or editing and opens with "";
        # a user password means members could not open it and we cannot check it.
        locked = reader.is_encrypted and not reader.decrypt("")
        active = not locked and _pdf_tree_has_active(reader)
    except Exception as exc:  # pypdf raises many types on hostile input
        logger.info("Refused a PDF upload that pypdf cannot read", exc_info=True)
        raise ValidationError(
            _("Tệp PDF bị hỏng hoặc không đọc được. Hãy xuất lại tệp PDF rồi tải lên."),
            code="corrupt",
        ) from exc
    if locked:
        raise ValidationError(
            _(
                "Tệp PDF đang đặt mật khẩu để mở nên người xem không mở được và hệ thống "
                "không kiểm tra được nội dung. Hãy bỏ mật khẩu mở tệp rồi tải lên."
            ),
            code="pdf_encrypted",
        )
    if active:
        raise _pdf_active_content()


def _pdf_active_content() -> ValidationError:
    return ValidationError(
        _(
            "Tệp PDF có chứa mã JavaScript hoặc lệnh mở chương trình khác nên không "
            "được nhận. Hãy xuất lại tệp PDF từ Word hoặc dùng chức năng in ra PDF "
            "rồi tải lên."
        ),
        code="pdf_active_content",
    )


def _check_image(fileobj: Any, kind: DocumentKind, max_bytes: int) -> None:
    max_pixels = _setting("DOCUMENT_MAX_IMAGE_PIXELS")
    try:
        with Image.open(fileobj) as image:
            if image.format != _PIL_FORMATS[kind.key]:
                raise _corrupt_image()
            if image.width * image.height > max_pixels:
                raise ValidationError(
                    _("Ảnh quá lớn: tối đa %(megapixels)s triệu điểm ảnh."),
                    code="image_too_large",
                    params={"megapixels": number_format(max_pixels // 1_000_000)},
                )
            image.verify()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        struct.error,
    ) as exc:
        raise _corrupt_image() from exc


def _corrupt_image() -> ValidationError:
    return ValidationError(
        _("Tệp ảnh bị hỏng hoặc không đọc được. Hãy lưu lại ảnh rồi tải lên."),
        code="corrupt",
    )


# --------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------

_VIETNAMESE_D = str.maketrans({"đ": "d", "Đ": "D"})
_CONTROL_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_WINDOWS_RESERVED = re.compile(r'[<>:"/\\|?*]')
STEM_MAX_CHARS = 60
DOWNLOAD_STEM_MAX_CHARS = 150


def _split_known_extension(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    if dot and extension.casefold() in _KNOWN_EXTENSIONS:
        return stem
    return name


def _basename(name: str) -> str:
    return re.split(r"[/\\]", name)[-1]


def safe_storage_name(original_name: str, kind: DocumentKind) -> str:
    """A storage name: random token, ASCII slug of the stem, the kind's extension.

    The user's extension is ignored; the caller keeps the original name apart
    for downloads (see clean_download_name).
    """
    stem = _split_known_extension(_basename(original_name or ""))
    slug = slugify(stem.translate(_VIETNAMESE_D))[:STEM_MAX_CHARS].strip("-_")
    token = secrets.token_hex(8)
    return f"{token}-{slug or 'tai-lieu'}.{kind.extension}"


def clean_download_name(original_name: str, kind: DocumentKind) -> str:
    """The user's file name fit for Content-Disposition: Unicode kept, path and
    control characters removed, the detected kind's extension forced."""
    name = unicodedata.normalize("NFC", _basename(original_name or ""))
    name = "".join(
        " " if unicodedata.category(char) in _CONTROL_CATEGORIES else char
        for char in name
    )
    name = _WINDOWS_RESERVED.sub("_", name)
    stem = _split_known_extension(re.sub(r"\s+", " ", name).strip(" ."))
    stem = stem[:DOWNLOAD_STEM_MAX_CHARS].strip(" .") or str(_("tài liệu"))
    return f"{stem}.{kind.extension}"


def _ascii_fallback(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name.translate(_VIETNAMESE_D))
    ascii_name = ascii_name.encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r'[^\x20-\x7e]|["\\%]', "_", ascii_name).strip()
    stem = _split_known_extension(ascii_name).strip(" ._")
    extension = name.rpartition(".")[2]
    return f"{stem or 'tai-lieu'}.{extension}"


def content_disposition(download_name: str, *, inline: bool) -> str:
    """RFC 6266 header with an ASCII `filename` and, if needed, RFC 5987 `filename*`.

    Django's own helper sends only `filename*` for non-ASCII names; the ASCII
    fallback keeps very old clients from saving "download".
    """
    disposition = "inline" if inline else "attachment"
    fallback = _ascii_fallback(download_name)
    header = f'{disposition}; filename="{fallback}"'
    if fallback != download_name:
        header += f"; filename*=UTF-8''{quote(download_name, safe='')}"
    return header


# --------------------------------------------------------------------------
# Serving
# --------------------------------------------------------------------------

# Images (and anything a browser might still render) get a sandbox: a crafted
# file cannot run script in our origin. Inline PDFs get no `sandbox`: Chrome
# and Safari refuse to render a PDF in a sandboxed document, so we rely on
# application/pdf + nosniff and on refusing active PDFs at upload.
CSP_SANDBOXED = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
CSP_PDF = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: blob:; "
    "object-src 'self'; base-uri 'none'; form-action 'none'"
)
PUBLIC_MAX_AGE_SECONDS = 3600


def document_file_response(
    *,
    file: Any,
    download_name: str,
    kind: DocumentKind,
    public: bool = False,
    max_age: int | None = None,
) -> FileResponse:
    """Serve a stored document with headers taken from its detected kind.

    Content-Type comes from `kind`, never the name; PDF and images are inline,
    the rest are attachments. `public=False` (internal files) keeps shared
    caches out; `public=True` lets a CDN keep it for `max_age` seconds.
    """
    if getattr(file, "closed", False) and hasattr(file, "open"):
        file.open("rb")
    response = FileResponse(file, content_type=kind.mime_type)
    name = clean_download_name(download_name, kind)
    response["Content-Disposition"] = content_disposition(name, inline=kind.inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        CSP_PDF if kind.key == "pdf" else CSP_SANDBOXED
    )
    if public:
        seconds = PUBLIC_MAX_AGE_SECONDS if max_age is None else max_age
        response["Cache-Control"] = f"public, max-age={seconds}"
    else:
        response["Cache-Control"] = f"private, max-age={max_age or 0}"
    return response


def kind_for_stored_name(name: str) -> DocumentKind | None:
    """The kind of a file we stored, from the canonical extension we gave it."""
    extension = name.rpartition(".")[2].casefold()
    return next((kind for kind in KINDS.values() if kind.extension == extension), None)


# --------------------------------------------------------------------------
# Text extraction (pure; the app calls it from a Celery task)
# --------------------------------------------------------------------------


class _EnoughTextError(Exception):
    pass


class _TextCollector:
    """Collects character data inside `text_tags`, a line break after `block_tags`."""

    def __init__(
        self, *, text_tags: frozenset[str], block_tags: frozenset[str], max_chars: int
    ) -> None:
        self.text_tags = text_tags
        self.block_tags = block_tags
        self.max_chars = max_chars
        self.parts: list[str] = []
        self.length = 0
        self.depth = 0

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)
        if self.length >= self.max_chars:
            raise _EnoughTextError

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition("}")[2]
        if local in self.text_tags:
            self.depth += 1
        elif self.depth and local in {"tab", "s"}:
            self.add(" ")
        elif local in {"br", "cr", "line-break"}:
            self.add("\n")

    def end(self, name: str) -> None:
        local = name.rpartition("}")[2]
        if local in self.text_tags:
            self.depth -= 1
        if local in self.block_tags:
            self.add("\n")

    def data(self, text: str) -> None:
        if self.depth:
            self.add(text)

    def feed(self, stream: IO[bytes]) -> None:
        parser = _safe_expat_parser()
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.data
        read = 0
        while chunk := stream.read(CHUNK_BYTES):
            read += len(chunk)
            if read > TEXT_XML_MAX_BYTES:
                raise _EnoughTextError
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


# kind container/key -> (members to read, text tags, block tags)
_WORD_TAGS = (frozenset({"t"}), frozenset({"p"}))
_ODF_TAGS = (frozenset({"p", "h"}), frozenset({"p", "h"}))
_SLIDE_TAGS = (frozenset({"t"}), frozenset({"p"}))
_SHARED_STRING_TAGS = (frozenset({"t"}), frozenset({"si"}))


def _zip_main_member(archive: zipfile.ZipFile, kind: DocumentKind) -> list[str]:
    if kind.container == "odf":
        return ["content.xml"] if "content.xml" in archive.namelist() else []
    main = _ooxml_main_part(archive)
    return [main[1]] if main else []


def _zip_text_members(archive: zipfile.ZipFile, kind: DocumentKind) -> list[str]:
    names = archive.namelist()
    if kind.container == "odf" or kind.key == "docx":
        return _zip_main_member(archive, kind)
    if kind.key == "xlsx":
        return [name for name in names if name.casefold() == "xl/sharedstrings.xml"]
    slides = [
        (int(match[1]), name)
        for name in names
        if (match := re.fullmatch(r"ppt/slides/slide(\d+)\.xml", name))
    ]
    return [name for _number, name in sorted(slides)]


def _zip_text(fileobj: IO[bytes], kind: DocumentKind, max_chars: int) -> str:
    tags = {
        "docx": _WORD_TAGS,
        "pptx": _SLIDE_TAGS,
        "xlsx": _SHARED_STRING_TAGS,
    }.get(kind.key, _ODF_TAGS)
    collector = _TextCollector(
        text_tags=tags[0], block_tags=tags[1], max_chars=max_chars
    )
    with zipfile.ZipFile(fileobj) as archive:
        try:
            for name in _zip_text_members(archive, kind):
                with archive.open(name) as member:
                    collector.feed(member)
                collector.add("\n")
        except _EnoughTextError:
            pass
    return "".join(collector.parts)


def _pdf_text(fileobj: IO[bytes], max_chars: int) -> str:
    reader = PdfReader(fileobj, strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        logger.info("Skipped text extraction of a password-protected PDF")
        return ""
    parts: list[str] = []
    length = 0
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception:  # one broken page should not hide the others
            logger.info(
                "Could not extract text from PDF page %s", number, exc_info=True
            )
            continue
        parts.append(text)
        length += len(text)
        if length >= max_chars:
            break
    return "\n".join(parts)


def _tidy(text: str, max_chars: int) -> str:
    text = re.sub(r"[ \t\xa0]+", " ", text)
    text = re.sub(r" ?\n ?", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()[:max_chars]


def extract_text(
    fileobj: IO[bytes], kind: DocumentKind, *, max_chars: int = 200_000
) -> str:
    """Plain text of a PDF, DOCX, XLSX (shared strings), PPTX (slides) or ODF file.

    Never raises on a broken, hostile or encrypted file: logs and returns "".
    Images give "". Reads XML with DOCTYPEs refused and stops at `max_chars`.
    """
    try:
        fileobj.seek(0)
        if kind.container == "pdf":
            text = _pdf_text(fileobj, max_chars)
        elif kind.container in {"ooxml", "odf"}:
            text = _zip_text(fileobj, kind, max_chars)
        else:
            return ""
    except Exception:  # a task must not die on one bad file; see docstring
        logger.warning(
            "Could not extract text from a %s document", kind.key, exc_info=True
        )
        return ""
    finally:
        fileobj.seek(0)
    return _tidy(text, max_chars)


# --------------------------------------------------------------------------
# Form and model fields
# --------------------------------------------------------------------------


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
        _allowed_kinds(self.allowed_kinds)  # fail early on a typo
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
            kinds = _allowed_kinds(self.allowed_kinds)
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
        _allowed_kinds(self.allowed_kinds)
        kwargs.setdefault("max_length", DEFAULT_MAX_LENGTH)
        super().__init__(
            verbose_name, name, upload_to=upload_to, storage=storage, **kwargs
        )

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
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
