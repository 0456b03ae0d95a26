"""A raw bundle read from files, with the origin of every record, and its import."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphmap.checker import SECTIONS, DataSource, FileSource, Source, check
from graphmap.errors import InvalidInput, Problem, relocated
from graphmap.model import NODE_BY_SECTION
from graphmap.store.base import GraphStore, Progress

POSITION = re.compile(r"^(\w+)\[(\d+)\](?:\.(.+))?$")


@dataclass
class Sourced:
    """What an importer read: records per bundle section, where each came from (``File.csv:7``
    or ``Sheet!7``), how many rows it left out and why, and warnings for the user."""

    source: str
    bundle: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    file: Path | None = None  # a bundle file, read as it streams instead of ``bundle``
    origins: dict[str, list[str]] = field(default_factory=dict)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)  # section: field -> column
    skipped: Counter[tuple[str, str]] = field(default_factory=Counter)  # (file, reason) -> rows
    warnings: list[str] = field(default_factory=list)

    def add(self, section: str, record: dict[str, Any], origin: str) -> None:
        self.bundle.setdefault(section, []).append(record)
        self.origins.setdefault(section, []).append(origin)

    def skip(self, file: str, reason: str) -> None:
        self.skipped[(file, reason)] += 1

    def left_out(self) -> dict[str, int]:
        """Rows left out, as ``{"File.csv: reason": rows}``, for the CLI and the API."""
        return {f"{file}: {reason}": n for (file, reason), n in sorted(self.skipped.items())}

    def where(self, location: str) -> str:
        """``people[3].organization_id`` → ``Contact.csv:5: AccountId``."""
        found = POSITION.match(location)
        if not found:
            return location
        section, index, rest = found.group(1), int(found.group(2)), found.group(3)
        origins = self.origins.get(section, [])
        if index >= len(origins):
            return location
        if rest is None:
            return origins[index]
        head, _, tail = rest.partition(".")
        column = self.columns.get(section, {}).get(head, head)
        return f"{origins[index]}: {column}{'.' + tail if tail else ''}"

    def records(self) -> Source:
        """What the import reads: the bundle file as it streams, or the records read."""
        return FileSource(self.file) if self.file is not None else DataSource(self.bundle)

    def relocate(self, exc: InvalidInput) -> InvalidInput:
        return relocated(exc, self.where)


def reject(source: str, problems: list[Problem]) -> InvalidInput:
    """Raise the import's problems, each named by its source file and line."""
    return InvalidInput(f"{source} rejected: {len(problems)} problem(s), nothing written", problems)


def import_sourced(
    store: GraphStore, sourced: Sourced, progress: Progress | None = None
) -> dict[str, int]:
    """Check and write what was read in one transaction; problems name the file lines."""
    try:
        return store.import_bundle(sourced.records(), progress=progress)
    except InvalidInput as exc:
        raise sourced.relocate(exc) from None


def plan(store: GraphStore, sourced: Sourced) -> dict[str, dict[str, int]]:
    """What an import would do, without writing: records created and updated per section (a
    relationship counts as one record), after the same checks the import runs."""
    out: dict[str, dict[str, int]] = {}
    counts: dict[str, int]
    try:
        for section, models in check(sourced.records(), store):
            if section in NODE_BY_SECTION:
                held = store.labels_of({m.id for m in models}) if models else {}
                counts = out.setdefault(section, {"create": 0, "update": 0})
                counts["update"] += sum(m.id in held for m in models)
                counts["create"] += sum(m.id not in held for m in models)
            else:
                out.setdefault(section, {"write": 0})["write"] += len(models)
    except InvalidInput as exc:
        raise sourced.relocate(exc) from None
    return {s: out[s] for s in SECTIONS if s in out and any(out[s].values())}
