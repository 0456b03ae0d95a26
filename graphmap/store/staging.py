"""How a SQLite import turns clean chunks of records into rows, without a Python row per record.

Each clean chunk's records become one JSON text, serialized by pydantic-core in one call
(``dump_json``); a few ``INSERT ... SELECT`` statements unpack it with SQLite's own JSON
functions (``json_each``, ``json_extract``, ``json_remove``) straight into ``nodes`` and
``edges``. The stored rows are what the per-record conversion (``records.section_records``)
gives: a node's properties are its fields without its id and its reference fields, which become
relationships; a relationship's properties are its fields without its two ends, its qualifier
the qualifier fields joined by ``|``. Statements are built from the model's specs only (field
names from code, every value a parameter).

Where the chunks go first depends on the store (``Import``):

- **An empty store** (the first import of a deployment, a restore): each chunk is written into
  the graph as it is checked. The checks then read nothing from the store (there is nothing to
  complete a record from or to clash with), so writing early changes no answer; a relationship
  may come before the node it names (the import runs without SQLite's foreign key lookups: its
  checks prove every reference, see ``SQLiteStore._write``). The relationships' secondary
  indexes are dropped first and built once at the end, in the same transaction.
- **A store that holds data**: each chunk is staged as one row of a temporary table, so every
  read the checks make still sees the store as it was; once the whole bundle is clean, the
  staged text moves into the graph: nodes, the old reference relationships of the nodes
  written dropped (a node written again replaces its reference fields), the reference
  relationships, every other relationship.

Either way a problem anywhere rolls everything back with the import's transaction, the
dropped indexes included; SQLite's page cache is 64 MiB while the import writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from graphmap.model import (
    EDGE_BY_SECTION,
    EDGE_SPECS,
    NODE_BY_SECTION,
    NODE_SPECS,
    REF_SPECS,
    section_adapter,
)
from graphmap.store.changes import Touched

STAGE = (
    "CREATE TEMP TABLE IF NOT EXISTS staged (section TEXT NOT NULL, records TEXT NOT NULL)",
    "DELETE FROM temp.staged",
)
STAGE_CHUNK = "INSERT INTO temp.staged(section, records) VALUES (?, ?)"
UNSTAGED = "DELETE FROM temp.staged"
# the reference fields of every node section: a model forbids fields it does not have, so
# removing another section's reference fields removes nothing
REF_PATHS = tuple(sorted({f"$.{ref.field}" for ref in REF_SPECS}))
REFS_OF = {spec.section: [r for r in REF_SPECS if r.section == spec.section] for spec in NODE_SPECS}


@dataclass(frozen=True)
class Statements:
    """The statements writing records from one place, each record as ``r.value``; ?1 names
    the records (a staged section's name, or a chunk's JSON text)."""

    nodes: str  # ?2 label, then REF_PATHS
    drop_old_refs: str  # ?2 relationship type
    refs: str  # ?2 relationship type, ?3 the reference field's path
    edges: dict[str, tuple[str, tuple[str, ...]]]  # section -> statement, parameters after ?1


def _statements(records: str) -> Statements:
    upsert_edge = "ON CONFLICT(src, type, dst, qual) DO UPDATE SET props = excluded.props"
    edges = {}
    for spec in EDGE_SPECS:
        parts = [f"json_extract(r.value, ?{5 + n})" for n in range(len(spec.qualifiers))]
        qual = " || '|' || ".join(parts) if parts else "''"
        statement = (
            "INSERT INTO edges(type, src, dst, qual, props) "
            f"SELECT ?2, json_extract(r.value, ?3), json_extract(r.value, ?4), {qual}, "
            f"json_remove(r.value, ?3, ?4) {records} ORDER BY 2, 3 {upsert_edge}"
        )
        paths = (spec.src_field, spec.dst_field, *spec.qualifiers)
        edges[spec.section] = (statement, (spec.rel_type, *(f"$.{p}" for p in paths)))
    return Statements(
        nodes=(
            "INSERT INTO nodes(id, label, props) SELECT json_extract(r.value, '$.id'), ?2, "
            f"json_remove(r.value, '$.id', {', '.join('?' * len(REF_PATHS))}) "
            f"{records} ORDER BY 1 ON CONFLICT(id) DO UPDATE SET props = excluded.props"
        ),
        drop_old_refs=(
            "DELETE FROM edges WHERE type = ?2 "
            f"AND src IN (SELECT json_extract(r.value, '$.id') {records})"
        ),
        refs=(
            "INSERT INTO edges(type, src, dst, qual, props) "
            "SELECT ?2, json_extract(r.value, '$.id'), json_extract(r.value, ?3), '', '{}' "
            f"{records} AND json_extract(r.value, ?3) IS NOT NULL ORDER BY 2, 3 {upsert_edge}"
        ),
        edges=edges,
    )


STAGED = _statements("FROM temp.staged s, json_each(s.records) r WHERE s.section = ?1")
GIVEN = _statements("FROM json_each(?1) r WHERE true")


IMPORT_CACHE_KIB = 64 * 1024  # SQLite's page cache while an import writes (default 2 MiB)


class Import:
    """One import's writes, inside its transaction: straight into an empty store, else
    staged until ``finish`` (see the module doc). ``indexes``: the relationships' secondary
    indexes (name -> statement that creates them), which a first import builds at the end."""

    def __init__(self, db: sqlite3.Connection, touched: Touched, indexes: dict[str, str]):
        self.db, self.touched, self.indexes = db, touched, indexes
        self.direct = db.execute("SELECT 1 FROM nodes LIMIT 1").fetchone() is None
        self.cache_size = 0

    def __enter__(self) -> Import:
        (self.cache_size,) = self.db.execute("PRAGMA cache_size").fetchone()
        # the pages rows go into stay at hand: random inserts into a large table otherwise
        # read and write the same pages again and again (pragmas take no parameters)
        self.db.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
        if self.direct:  # one sorted build at the end beats a million random inserts
            for name in self.indexes:
                self.db.execute(f"DROP INDEX IF EXISTS {name}")
        else:
            for statement in STAGE:
                self.db.execute(statement)
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.execute(f"PRAGMA cache_size = {int(self.cache_size)}")

    def chunk(self, section: str, models: Sequence[Any]) -> tuple[int, int]:
        """Write or stage one clean chunk (valid models of one section); the nodes and the
        relationships it writes."""
        if not models:
            return 0, 0
        text = section_adapter(section).dump_json(list(models), exclude_none=True).decode()
        if self.direct:
            _write(self.db, GIVEN, section, text)
        else:
            self.db.execute(STAGE_CHUNK, (section, text))
        return _touch(self.touched, section, models)

    def finish(self) -> None:
        """Build the indexes a first import left out, or move what was staged into the
        graph."""
        db = self.db
        if self.direct:
            for statement in self.indexes.values():
                db.execute(statement)
            return
        db.executemany(STAGED.nodes, [(s.section, s.label, *REF_PATHS) for s in NODE_SPECS])
        db.executemany(STAGED.drop_old_refs, [(r.section, r.rel_type) for r in REF_SPECS])
        for spec in NODE_SPECS:
            _write_refs(db, STAGED, spec.section, spec.section)
        for section, (statement, params) in STAGED.edges.items():
            db.execute(statement, (section, *params))
        db.execute(UNSTAGED)


def _write(db: sqlite3.Connection, statements: Statements, section: str, records: str) -> None:
    spec = NODE_BY_SECTION.get(section)
    if spec is None:
        statement, params = statements.edges[section]
        db.execute(statement, (records, *params))
        return
    db.execute(statements.nodes, (records, spec.label, *REF_PATHS))
    _write_refs(db, statements, section, records)


def _write_refs(db: sqlite3.Connection, statements: Statements, section: str, records: str) -> None:
    for ref in REFS_OF[section]:
        db.execute(statements.refs, (records, ref.rel_type, f"$.{ref.field}"))


def _touch(touched: Touched, section: str, models: Sequence[Any]) -> tuple[int, int]:
    """Note the nodes and relationship ends a chunk writes; (nodes, relationships)."""
    espec = EDGE_BY_SECTION.get(section)
    if espec is not None:
        ends = attrgetter(espec.src_field, espec.dst_field)
        touched.add_ends(end for m in models for end in ends(m))
        return 0, len(models)
    touched.add_nodes(m.id for m in models)
    refs = 0
    for ref in REFS_OF[section]:
        pairs = [(m.id, t) for m in models if (t := getattr(m, ref.field)) is not None]
        touched.add_ends(end for pair in pairs for end in pair)
        refs += len(pairs)
    return len(models), refs
