"""CSV rows with the physical line each starts on, for ``File.csv:LINE`` locations.

Line 1 is the header. A quoted value may hold newlines, so a row can span several lines; the
next row's number counts them all (the ``csv`` reader's ``line_num`` is physical lines read).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TextIO


def read_rows(stream: TextIO) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and an iterator of (line, {column: value}); ``stream`` opened with
    ``newline=""`` and encoding ``utf-8-sig`` (so a byte-order mark is dropped)."""
    reader = csv.reader(stream)
    header = [h.strip() for h in next(reader, [])]

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        start = reader.line_num + 1
        for values in reader:
            if any(v.strip() for v in values):
                yield start, dict(zip(header, values, strict=False))
            start = reader.line_num + 1

    return header, rows()
