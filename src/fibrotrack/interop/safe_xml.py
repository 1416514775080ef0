"""Streaming a large XML file safely, whatever its prologue holds.

Used for Apple Health's ``export.xml``, which can be several gigabytes, and whose internal DTD
is malformed in iOS 16 exports (the ``VisionPrescription`` attribute list is never closed).
The file is never loaded whole: chunks go through :func:`without_doctype_and_control_characters`
and into defusedxml's expat reader with DTDs, entity declarations and external references all
forbidden.

- The DOCTYPE (and its internal subset, malformed or not) is cut out before parsing and
  replaced by as many line breaks as it held, so error messages still name the right line.
  Nothing in an export depends on it, and with it go entity declarations: "billion laughs"
  and external entities become an "undefined entity" error instead of an attack.
- Characters XML 1.0 forbids (C0 controls except tab, line feed and carriage return, such as
  the vertical tab some exports contain), raw or as character references, are dropped.
"""

import re
from collections.abc import Iterable, Iterator
from typing import IO
from xml.sax import SAXParseException
from xml.sax.expatreader import ExpatLocator
from xml.sax.handler import ContentHandler

from defusedxml import DefusedXmlException
from defusedxml.expatreader import create_parser

from fibrotrack.diary import InvalidEntry

CHUNK_SIZE = 1 << 20
MAX_PROLOGUE = 8 << 20
_FORBIDDEN_BYTES = bytes(code for code in range(32) if code not in (9, 10, 13))
_FORBIDDEN_REFERENCE = re.compile(
    rb"&#(?:[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F])|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]));"
)
_ROOT_START = re.compile(rb"<[A-Za-z_:]")
_LONGEST_REFERENCE = 16


def chunks_of(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(CHUNK_SIZE):
        yield chunk


def _doctype_end(head: bytes, start: int) -> int | None:
    """Where the DOCTYPE that begins at ``start`` ends (just after its ``>``), or None if
    ``head`` does not hold its end yet."""
    position = start + len(b"<!DOCTYPE")
    subset = False
    while position < len(head):
        if head.startswith(b"<!--", position):
            end = head.find(b"-->", position + 4)
            if end < 0:
                return None
            position = end + 3
            continue
        byte = head[position]
        if not subset and byte == ord(">"):
            return position + 1
        if not subset and byte == ord("["):
            subset = True
        elif subset and byte == ord("]"):
            after = position + 1
            while after < len(head) and head[after] in b" \t\r\n":
                after += 1
            if after >= len(head):
                return None
            if head[after] == ord(">"):
                return after + 1
        position += 1
    return None


def _clean(data: bytes) -> bytes:
    data = data.translate(None, _FORBIDDEN_BYTES)
    if b"&#" in data:
        data = _FORBIDDEN_REFERENCE.sub(b"", data)
    return data


def without_doctype_and_control_characters(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The XML in ``chunks`` without its DOCTYPE and without characters XML forbids."""
    source = iter(chunks)
    head = b""
    for chunk in source:
        head += chunk
        doctype = head.find(b"<!DOCTYPE")
        root = _ROOT_START.search(head)
        if root is not None and (doctype < 0 or root.start() < doctype):
            break
        if doctype >= 0:
            end = _doctype_end(head, doctype)
            if end is not None:
                removed = head[doctype:end]
                head = head[:doctype] + b"\n" * removed.count(b"\n") + head[end:]
                break
        if len(head) > MAX_PROLOGUE:
            line = head[:doctype].count(b"\n") + 1 if doctype >= 0 else 1
            raise InvalidEntry(
                f"line {line}",
                f"no root element within the first {MAX_PROLOGUE >> 20} MB: not an export",
            )
    carry = b""
    for chunk in _chain(head, source):
        data = carry + chunk
        cut = data.rfind(b"&", max(0, len(data) - _LONGEST_REFERENCE))
        if cut >= 0 and b";" not in data[cut:]:
            data, carry = data[:cut], data[cut:]
        else:
            carry = b""
        yield _clean(data)
    if carry:
        yield _clean(carry)


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from rest


_EXPLANATIONS = {
    "no element found": "the file ends before the document does: is it cut short?",
    "unclosed token": "the file ends inside an element: is it cut short?",
    "undefined entity": "refers to an entity that is not defined (entity declarations are "
    "never read)",
}


def parse(chunks: Iterable[bytes], handler: ContentHandler) -> None:
    """Feed ``chunks`` (already cleaned) to a defused expat reader calling ``handler``.

    Raises ``InvalidEntry`` naming the line and column of the first problem.
    """
    reader = create_parser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    reader.setContentHandler(handler)
    handler.setDocumentLocator(ExpatLocator(reader))
    try:
        for chunk in chunks:
            reader.feed(chunk)
        reader.close()
    except SAXParseException as error:
        message = error.getMessage()
        shown = _EXPLANATIONS.get(message, f"is not well-formed XML ({message})")
        where = f"line {error.getLineNumber()}, column {(error.getColumnNumber() or 0) + 1}"
        raise InvalidEntry(where, shown) from None
    except LookupError as error:
        raise InvalidEntry(
            "line 1", f"declares an encoding Python does not know ({error})"
        ) from None
    except DefusedXmlException as error:
        raise InvalidEntry("file", f"refused: {error}") from None
