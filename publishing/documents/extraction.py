"""Plain text out of PDF, OOXML and ODF documents (pure; the app calls it from a task)."""

from __future__ import annotations

import logging
import re
import zipfile
from typing import IO

from pypdf import PdfReader

from publishing.documents.detection import CHUNK_BYTES, zip_main_member
from publishing.documents.kinds import DocumentKind
from publishing.documents.safe_xml import safe_expat_parser

logger = logging.getLogger(__name__)

TEXT_XML_MAX_BYTES = 64 * 1024 * 1024


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
        parser = safe_expat_parser()
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


def _zip_text_members(archive: zipfile.ZipFile, kind: DocumentKind) -> list[str]:
    names = archive.namelist()
    if kind.container == "odf" or kind.key == "docx":
        return zip_main_member(archive, kind)
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
