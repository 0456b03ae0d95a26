"""The streaming reader against ``json.loads``: the same values, and for a broken document the
same message, positions included, whatever block size the text arrives in."""

from __future__ import annotations

import io
import json
import random

import pytest

from graphmap import jsonstream
from graphmap.jsonstream import Listed, NotAnObject, Unreadable, read_document

BASE = json.dumps(
    {
        "people": [{"id": "p1", "name": "Ann\nLee", "x": [1, 2.5, None]}, {"id": "p2"}],
        "other": {"q": 1},
        "nothing": None,
        "empty": [],
        "text": "s",
    },
    indent=1,
).encode()
PIECES = [b"{", b"}", b"[", b"]", b",", b":", b'"', b" ", b"\n", b"1", b"\xff", b"\xc3", b"x", b"."]


def streamed(data: bytes) -> tuple[str, object]:
    try:
        out = {}
        for key, value in read_document(io.BytesIO(data)):
            out[key] = list(value) if isinstance(value, Listed) else value
        return "object", out
    except NotAnObject:
        return "not an object", None
    except Unreadable as exc:
        return "unreadable", exc.detail


def loaded(data: bytes) -> tuple[str, object]:
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return "unreadable", str(exc)
    except RecursionError:
        return "unreadable", "nested too deeply"
    return ("object", value) if isinstance(value, dict) else ("not an object", None)


def broken(seed: int) -> bytes:
    """The base document with one to three bytes inserted, deleted or cut."""
    rng = random.Random(seed)
    data = bytearray(BASE)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(data) + 1)
        roll = rng.random()
        if roll < 0.4 and at < len(data):
            del data[at]
        elif roll < 0.8:
            data[at:at] = rng.choice(PIECES)
        else:
            del data[at:]
    return bytes(data)


FIXED = [
    BASE,
    b"\xef\xbb\xbf" + BASE,
    b"",
    b" ",
    b"[1, 2",
    b"[1, 2]",
    b"{}",
    b"{} x",
    b'{"a": 1',
    b'{"a": [1, 2',
    b'{"a": [1,]}',
    b'{"a": [1 2]}',
    b'{"a" 1}',
    b'{"a": 1,}',
    b'{"a": "\xc3"}',
    b'{"a": 12',
    b'{"a": [12',
    b'{"a": 1e400, "b": NaN}',
    b"[" * 5000 + b"]" * 5000,
    b'{"a": [' + b"[" * 5000 + b"]" * 5000 + b"]}",
]


@pytest.mark.parametrize("block", [1 << 20, 7])
def test_the_reader_says_what_json_loads_says(monkeypatch, block):
    monkeypatch.setattr(jsonstream, "BLOCK", block)
    for data in [*FIXED, *(broken(seed) for seed in range(3000))]:
        assert streamed(data) == loaded(data), data


def test_a_record_larger_than_a_block_is_read_whole(monkeypatch):
    monkeypatch.setattr(jsonstream, "BLOCK", 64)
    record = {"id": "p", "notes": "n" * 1000, "n": 12345678901234567890}
    data = json.dumps({"people": [record, record]}).encode()
    assert streamed(data) == ("object", {"people": [record, record]})
