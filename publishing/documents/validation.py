"""Judging an upload by its content: size, allowed kind, and checks per container.

ZIP containers (bombs, traversal, encryption, macros), PDFs (encryption, scripts
and launch actions) and images (pixel limit, decodability); every refusal is a
ValidationError with a Vietnamese message and a code.
"""

from __future__ import annotations

import io
import logging
import re
import struct
import zipfile
from collections.abc import Callable, Collection, Iterator
from typing import Any, NoReturn
from xml.parsers import expat

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from publishing.documents.detection import (
    CHUNK_BYTES,
    OLE2_MAGIC,
    ZIP_ERRORS,
    ZIP_MAGIC,
    MemberTooLargeError,
    detect_document_kind,
    file_head,
    ooxml_content_types,
    zip_main_member,
)
from publishing.documents.kinds import KINDS, Container, DocumentKind
from publishing.documents.safe_xml import UnsafeXMLError

logger = logging.getLogger(__name__)

# Defaults; each can be overridden in settings under the same name.
DOCUMENT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024
DOCUMENT_ZIP_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
DOCUMENT_ZIP_MAX_ENTRIES = 5_000
DOCUMENT_ZIP_MAX_RATIO = 100
DOCUMENT_ZIP_RATIO_MIN_ENTRY_BYTES = 1024 * 1024
DOCUMENT_MAX_IMAGE_PIXELS = 60_000_000
DOCUMENT_PDF_MAX_OBJECTS_SCANNED = 500_000


_PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}


def _setting(name: str) -> int:
    return int(getattr(settings, name, globals()[name]))


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


def kinds_allowed(allowed: Collection[str] | None) -> list[DocumentKind]:
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
    kinds = kinds_allowed(allowed)
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
    head = file_head(fileobj)
    if head.startswith(OLE2_MAGIC):
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
    if head.startswith(ZIP_MAGIC) and not _zip_opens(fileobj):
        raise _corrupt_zip()
    raise _invalid_type(kinds)


def _zip_opens(fileobj: Any) -> bool:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            archive.infolist()
    except ZIP_ERRORS:
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
            for name in zip_main_member(archive, kind):
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
    except ZIP_ERRORS as exc:
        logger.info("Refused a corrupt ZIP upload: %s", exc)
        raise _corrupt_zip() from exc


def _ooxml_has_macros(archive: zipfile.ZipFile) -> bool:
    for name in archive.namelist():
        if name.rpartition("/")[2].casefold() == "vbaproject.bin":
            return True
    try:
        types = ooxml_content_types(archive)
    except (UnsafeXMLError, expat.ExpatError, MemberTooLargeError):
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
