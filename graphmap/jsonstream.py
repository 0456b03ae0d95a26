"""Reading a bundle file one record at a time, with the error messages of ``json.loads``.

A million-relationship bundle is 114 MB of JSON; decoded whole it is about 500 MB of Python
objects before anything is checked. This reader walks the document's two outer levels itself
(the object of sections, each section's list) and decodes each record with the standard
library's C decoder (``JSONDecoder.raw_decode``), so only one block of text and one record are
held at a time. A syntax or encoding error anywhere says exactly what ``json.loads`` of the
whole text would say, positions included (line, column and character counted over the whole
document).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

BLOCK = 1 << 20  # characters decoded from the file at a time
# A value that still fails to decode with this much text after its start is an error, not a
# value cut at the end of the block (a single record is a few kilobytes).
LARGEST_VALUE = 64 << 20
WHITESPACE = re.compile(r"[ \t\n\r]*")
NEXT_ITEM = re.compile(r"[ \t\n\r]*,[ \t\n\r]*")  # between two items of a list
BOM = codecs.BOM_UTF8


class Unreadable(Exception):
    """The document is not UTF-8 JSON: ``detail`` says what ``json.loads`` would say."""

    def __init__(self, detail: str, too_deep: bool = False):
        super().__init__(detail)
        self.detail = detail
        self.too_deep = too_deep


class NotAnObject(Exception):
    """The document is well-formed JSON, but not an object of sections."""


class Listed:
    """A section's list, read item by item: each item is decoded when it is asked for."""

    def __init__(self, items: Iterator[Any]):
        self._items = items

    def __iter__(self) -> Iterator[Any]:
        return self._items


class _Text:
    """The file's text through a sliding buffer; positions are counted over the whole text."""

    def __init__(self, stream: IO[bytes]):
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.buf = ""
        self.pos = 0  # the reading position in ``buf``
        self.base = 0  # characters dropped before ``buf``
        self.bytes_fed = 0  # bytes given to the decoder (after the BOM)
        self.lines_before = 0  # newlines dropped before ``buf``
        self.last_newline = -1  # position of the last dropped newline in the whole text
        self.eof = False
        head = stream.read(len(BOM))
        self._decode(head[len(BOM) :] if head == BOM else head)

    def _decode(self, data: bytes, final: bool = False) -> None:
        pending = len(self.decoder.getstate()[0])
        try:
            text = self.decoder.decode(data, final)
        except UnicodeDecodeError as exc:
            at = self.bytes_fed - pending + exc.start
            if exc.end - exc.start == 1:
                what = f"byte 0x{exc.object[exc.start]:02x} in position {at}"
            else:
                what = f"bytes in position {at}-{at + exc.end - exc.start - 1}"
            raise Unreadable(f"'utf-8' codec can't decode {what}: {exc.reason}") from None
        self.bytes_fed += len(data)
        self.buf += text

    def more(self) -> bool:
        """Drop what has been read and decode the next block; False at the end of the file."""
        if self.eof:
            return False
        dropped = self.buf[: self.pos]
        newlines = dropped.count("\n")
        if newlines:
            self.lines_before += newlines
            self.last_newline = self.base + dropped.rfind("\n")
        self.base += self.pos
        self.buf, self.pos = self.buf[self.pos :], 0
        data = self.stream.read(BLOCK)
        if not data:
            self.eof = True
            self._decode(b"", final=True)
            return True
        self._decode(data)
        return True

    def peek(self) -> str:
        """The next character that is not white space ('' at the end), without taking it."""
        while True:
            self.pos = WHITESPACE.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf) or not self.more():
                return self.buf[self.pos] if self.pos < len(self.buf) else ""

    def _rest_decodes(self) -> None:
        """Decode the rest of the file, keeping none of it: ``json.loads`` of the whole text
        would fail on an encoding error anywhere before any syntax error."""
        kept = self.buf  # what an error message still needs
        while data := self.stream.read(BLOCK):
            self.buf = kept
            self._decode(data)
        self._decode(b"", final=True)
        self.buf = kept
        self.eof = True

    def error(self, message: str, pos: int | None = None) -> Unreadable:
        """``message`` at ``pos`` in the buffer, worded as ``json.JSONDecodeError`` words it
        (an encoding error later in the file comes first, as it would for ``json.loads``)."""
        pos = self.pos if pos is None else pos
        if not self.eof:
            self.buf = self.buf[: max(pos, self.pos) + 1]
            self._rest_decodes()
        line = self.lines_before + self.buf.count("\n", 0, pos) + 1
        newline = self.buf.rfind("\n", 0, pos)
        start = self.base + newline if newline >= 0 else self.last_newline
        at = self.base + pos
        return Unreadable(f"{message}: line {line} column {at - start} (char {at})")

    def value(self, decoder: json.JSONDecoder) -> Any:
        """Decode the value at the reading position (white space already skipped)."""
        while True:
            try:
                found, end = decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if self.eof or len(self.buf) - self.pos > LARGEST_VALUE:
                    raise self.error(exc.msg, exc.pos) from None
                self.more()
                continue
            except RecursionError:
                if not self.eof:
                    self._rest_decodes()
                raise Unreadable("nested too deeply", too_deep=True) from None
            if end < len(self.buf) or self.eof:  # a number at the very end may go on
                self.pos = end
                return found
            self.more()

    def take(self, char: str) -> None:
        self.peek()
        self.pos += 1


def read_document(stream: IO[bytes]) -> Iterator[tuple[str, Any]]:
    """(key, value) for each member of the document's top object, in file order; a list
    value comes as ``Listed`` and must be read (or left) before the next member is asked for.
    Raise ``Unreadable`` for what is not UTF-8 JSON and ``NotAnObject`` (after reading the
    whole document) for JSON that is not an object."""
    text = _Text(stream)
    decoder = json.JSONDecoder()
    first = text.peek()
    if first != "{":
        if first == "[":
            text.take("[")
            for _ in _items(text, decoder):
                pass
        else:
            text.value(decoder)
        _end(text)
        raise NotAnObject
    text.take("{")
    if text.peek() == "}":
        text.take("}")
        _end(text)
        return
    while True:
        if text.peek() != '"':
            raise text.error("Expecting property name enclosed in double quotes")
        key = text.value(decoder)
        if text.peek() != ":":
            raise text.error("Expecting ':' delimiter")
        text.take(":")
        if text.peek() == "[":
            text.take("[")
            items = _items(text, decoder)
            yield key, Listed(items)
            for _ in items:  # whatever the reader left of the list
                pass
        else:
            if text.peek() == "":
                raise text.error("Expecting value")
            yield key, text.value(decoder)
        after = text.peek()
        if after == "}":
            text.take("}")
            break
        if after != ",":
            raise text.error("Expecting ',' delimiter")
        text.take(",")
    _end(text)


def _items(text: _Text, decoder: json.JSONDecoder) -> Iterator[Any]:
    """The items of a list whose ``[`` has been taken, up to and including its ``]``."""
    if text.peek() == "]":
        text.take("]")
        return
    ready = False  # the next item's first character is at the reading position
    while True:
        if not ready and text.peek() == "":
            raise text.error("Expecting value")
        yield text.value(decoder)
        between = NEXT_ITEM.match(text.buf, text.pos)
        ready = between is not None and between.end() < len(text.buf)
        if between is not None and ready:  # the common case, at once
            text.pos = between.end()
            continue
        after = text.peek()
        if after == "]":
            text.take("]")
            return
        if after != ",":
            raise text.error("Expecting ',' delimiter")
        text.take(",")


def _end(text: _Text) -> None:
    if text.peek() != "":
        raise text.error("Extra data")


def open_document(path: str | Path) -> IO[bytes]:
    """The file, opened for ``read_document``."""
    return Path(path).open("rb")
