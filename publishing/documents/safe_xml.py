"""Safe XML parsing: an expat parser that refuses DOCTYPE and so every entity."""

from __future__ import annotations

from typing import Any
from xml.parsers import expat


class UnsafeXMLError(Exception):
    pass


def _refuse_doctype(*args: object) -> None:
    raise UnsafeXMLError("DOCTYPE or entity declarations are not allowed")


def safe_expat_parser() -> Any:
    # No DOCTYPE means no entity can be declared, so nothing expands (billion
    # laughs) and nothing external is fetched; OOXML and ODF never need one.
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser
