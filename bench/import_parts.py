"""Where a SQLite import's time goes: CPU seconds per part of one import into a fresh store.

``python -m bench.import_parts --scale 1m`` builds the scale's firm as ``python -m bench`` does,
imports its decoded JSON once into a fresh embedded store, and reports the process CPU time
spent in each part: the first reading (survey), validation, the checks across records,
serializing each chunk to JSON, SQLite's statements writing the rows, and the end of the
import (a first import builds the relationships' indexes there). CPU time, not wall time, so
other work on a shared machine moves it less; the parts are timed per chunk, so the timing
itself costs little. What no part names (the loop around them, freeing each chunk's models)
is the remainder.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import graphmap.checker as checker
import graphmap.store.sqlite as sqlite
import graphmap.store.staging as staging
from bench.__main__ import bundle_for, parse_scale
from graphmap.bundle import bundle_to_json
from graphmap.model import section_adapter

Spent = defaultdict[str, float]  # part -> CPU seconds

PARTS = (  # (module or class, attribute, part)
    (sqlite, "plan_of", "first reading (survey)"),
    (checker, "complete", "completing partial records"),
    (checker, "validate_chunk", "validation (pydantic)"),
    (checker.Checker, "chunk", "checks across records"),
    (checker.Checker, "finish", "checks at the end (cycles, duplicates)"),
    (staging, "_write", "SQLite writing rows"),
    (staging, "_touch", "change log ids"),
    (staging.Import, "finish", "end of the import (index build or staged move)"),
)


@contextmanager
def timed(spent: Spent) -> Iterator[None]:
    """Time every part (and each chunk's JSON serialization) while the block runs."""
    originals: list[tuple[Any, str, Any]] = []

    def wrap(owner: Any, name: str, part: str) -> None:
        inner = getattr(owner, name)
        originals.append((owner, name, inner))

        def timing(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                spent[part] += time.process_time() - start

        setattr(owner, name, timing)

    for owner, name, part in PARTS:
        wrap(owner, name, part)
    adapter_of: Callable[[str], Any] = section_adapter

    class Serializing:
        def __init__(self, section: str):
            self.adapter = adapter_of(section)

        def dump_json(self, *args: Any, **kwargs: Any) -> bytes:
            start = time.process_time()
            try:
                return self.adapter.dump_json(*args, **kwargs)  # type: ignore[no-any-return]
            finally:
                spent["serializing chunks to JSON"] += time.process_time() - start

    originals.append((staging, "section_adapter", adapter_of))
    staging.section_adapter = Serializing  # type: ignore[attr-defined,assignment]
    try:
        yield
    finally:
        for owner, name, inner in reversed(originals):
            setattr(owner, name, inner)


def import_parts(scale: int | None) -> tuple[float, Spent, dict[str, int]]:
    """CPU seconds of one whole import of the scale's decoded bundle, and per part."""
    raw = bundle_to_json(bundle_for(scale))
    spent: Spent = defaultdict(float)
    with tempfile.TemporaryDirectory() as folder, timed(spent):
        store = sqlite.SQLiteStore(Path(folder) / "parts.db")
        try:
            start = time.process_time()
            written = store.import_bundle(raw)
            total = time.process_time() - start
        finally:
            store.close()
    return total, spent, written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.import_parts", description=__doc__)
    parser.add_argument("--scale", default="1m", help="as python -m bench takes it")
    args = parser.parse_args(argv)
    total, spent, written = import_parts(parse_scale(args.scale.strip().lower()))
    print("| part | CPU s | share |\n|---|---|---|")
    for part, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"| {part} | {seconds:.2f} | {seconds / total:.0%} |")
    rest = total - sum(spent.values())
    print(f"| the rest | {rest:.2f} | {rest / total:.0%} |")
    print(f"| whole import | {total:.2f} | 100% |")
    rate = written["relationships"] / total
    print(f"\n{written['relationships']:,} relationships: {rate:,.0f} per CPU second")


if __name__ == "__main__":
    main()
