"""Reading, checking and writing the interchange bundle.

Checking (``checker.py``, as the bundle streams) collects every problem, each with its
location (``people[12].organization_id: unknown organization 'org-9'``), so a user fixes a file
once, not once per error. Nothing is kept anywhere unless the whole bundle is clean.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graphmap.checker import (
    SECTIONS,
    DataSource,
    FileSource,
    ModelSource,
    Source,
    as_source,
    check,
)
from graphmap.errors import InvalidInput
from graphmap.model import EDGE_BY_SECTION, Bundle, Record
from graphmap.partial import Held


def _collected(source: Source, held: Held | None) -> Bundle:
    sections: dict[str, list[Record]] = {s: [] for s in SECTIONS}
    for section, models in check(source, held):
        sections[section] += models
    return Bundle(**sections)


def check_bundle(raw: Any, held: Held | None = None) -> Bundle:
    """Parse and check a raw bundle (decoded JSON); raise InvalidInput listing every problem.

    ``held`` is the store as seen by the import's transaction: records that update what it
    holds are completed from it first (``partial.complete``: omitted keeps, null clears), and
    ids the bundle refers to but does not define resolve against it. Without it every record
    is new and every reference must be defined inside the bundle.
    """
    return _collected(DataSource(raw), held)


def check_models(bundle: Bundle, held: Held | None = None) -> Bundle:
    """Check a bundle of models (API PUT bodies, the demo) against the cross-record rules.
    A model is a whole record, so it replaces what the store holds."""
    return _collected(ModelSource(bundle), held)


def check_any(data: Bundle | Any, held: Held | None = None) -> Bundle:
    """Check a decoded JSON bundle, one already made of models, or a bundle file."""
    return _collected(as_source(data), held)


def check_file(path: str | Path) -> dict[str, int]:
    """Check a bundle file on its own (``graphmap check``), as it streams; records per
    section."""
    counts = dict.fromkeys(SECTIONS, 0)
    for section, models in check(FileSource(path), None):
        counts[section] += len(models)
    return counts


def bundle_to_json(bundle: Bundle) -> dict[str, list[dict[str, Any]]]:
    """The bundle as JSON-ready data, unset fields left out."""
    return bundle.model_dump(mode="json")


def read_json(path: str | Path) -> Any:
    """Decode a bundle file without checking it (a store checks it against what it holds)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8-sig"))  # a BOM is fine
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{path}: not valid JSON ({exc})") from None
    except RecursionError:
        raise InvalidInput(f"{path}: nested too deeply to be a bundle") from None


def read_bundle(path: str | Path) -> Bundle:
    """A bundle file checked on its own, as models (``check_file`` counts without keeping)."""
    return _collected(FileSource(path), None)


def write_bundle(bundle: Bundle, path: str | Path) -> None:
    """Write a bundle as pretty JSON, canonical order."""
    text = json.dumps(bundle_to_json(bundle), indent=1, ensure_ascii=False)
    Path(path).write_text(text + "\n", encoding="utf-8")


def sort_bundle(bundle: Bundle) -> Bundle:
    """A canonical order (by id, or by relationship key), so exports diff cleanly."""
    out = {}
    for section in SECTIONS:
        spec = EDGE_BY_SECTION.get(section)
        fields = spec.key if spec else ("id",)

        def key(record: Record, fields: tuple[str, ...] = fields) -> tuple[str, ...]:
            return tuple(str(getattr(record, name)) for name in fields)

        out[section] = sorted(getattr(bundle, section), key=key)
    return Bundle(**out)


def json_chunks(bundle: Bundle, batch: int = 1000) -> Iterator[str]:
    """The bundle as JSON text, ``batch`` records at a time: the same document as
    ``bundle_to_json``, without ever holding all of it as one string."""
    for s, section in enumerate(SECTIONS):
        items = getattr(bundle, section)
        yield ("{" if s == 0 else "],") + json.dumps(section) + ":["
        for start in range(0, len(items), batch):
            records = items[start : start + batch]
            dumped = (json.dumps(r.model_dump(mode="json"), ensure_ascii=False) for r in records)
            yield ("," if start else "") + ",".join(dumped)
    yield "]}"


def count_records(bundle: Bundle) -> dict[str, int]:
    """Records per section, for summaries."""
    return {section: len(getattr(bundle, section)) for section in SECTIONS}
