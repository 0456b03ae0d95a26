"""The embedded store: one SQLite file, WAL mode, every write in one transaction.

Two tables hold the whole graph. ``nodes`` keys every node by its id (so ids are unique across
labels); ``edges`` keys every relationship by type, ends and qualifier (so writing it again is an
update, never a duplicate) and is indexed on both ends, so every read touches only the rows it
returns. Foreign keys with ON DELETE CASCADE remove a node's relationships with it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from graphmap.checker import as_source, check, plan_of
from graphmap.config import AnalysisConfig
from graphmap.errors import Conflict, StoreUnavailable, no_relationship
from graphmap.model import (
    ALL_REL_TYPES,
    NODE_BY_LABEL,
    NODE_SPECS,
    REF_BY_TYPE,
    Bundle,
    Node,
)
from graphmap.search import unknown_id
from graphmap.store.base import LIST_FILTERS, Progress, check_hops
from graphmap.store.changes import LOG_KEPT, Changes, Touched, changes_after
from graphmap.store.records import (
    REF_FIELDS,
    Accounts,
    Around,
    Direction,
    EdgeRecord,
    Neighbourhood,
    NodeRecord,
    Reach,
    bulk,
    node_model,
    records_to_bundle,
    with_refs,
)
from graphmap.store.staging import Import
from graphmap.store.walk import accounts_walk, ego_walk, handover_walk, person_walk

# the relationships' own indexes: a first import builds them once it has written every row
EDGE_INDEXES = {
    "edges_by_dst": "CREATE INDEX IF NOT EXISTS edges_by_dst ON edges(dst, type)",
    "edges_by_type": "CREATE INDEX IF NOT EXISTS edges_by_type ON edges(type)",
}
SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (
    id    TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    props TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nodes_by_label ON nodes(label, id);
CREATE TABLE IF NOT EXISTS edges (
    type  TEXT NOT NULL,
    src   TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    dst   TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    qual  TEXT NOT NULL DEFAULT '',
    props TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (src, type, dst, qual)
) WITHOUT ROWID;
{edge_indexes}
CREATE TABLE IF NOT EXISTS data_version (
    epoch   TEXT NOT NULL,
    version INTEGER NOT NULL
);
INSERT INTO data_version SELECT lower(hex(randomblob(8))), 0
WHERE NOT EXISTS (SELECT 1 FROM data_version);
CREATE TABLE IF NOT EXISTS changes (
    version INTEGER NOT NULL,
    node_id TEXT,
    is_end  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_by_version ON changes(version);
""".replace("{edge_indexes}", ";\n".join(EDGE_INDEXES.values()) + ";")

# Everyone upstream of each bid's seats within the bound (?2), with the shortest distance:
# INFLUENCES of weight above 0 into a reached person, REPORTS_TO either way. One statement
# for any number of bids (?1, a JSON array). The upstream step names both types in the join,
# so the index on (dst, type) skips the people's many KNOWS and INTERACTED relationships.
REACH = """
WITH RECURSIVE reach(bid, node, hops) AS (
    SELECT e.dst, e.src, 0 FROM edges e
    WHERE e.type = 'DECIDES_ON' AND e.dst IN (SELECT value FROM json_each(?1))
    UNION
    SELECT r.bid, e.src, r.hops + 1 FROM reach r
    JOIN edges e ON e.dst = r.node AND e.type IN ('REPORTS_TO', 'INFLUENCES')
    WHERE r.hops < ?2 AND (e.type = 'REPORTS_TO' OR json_extract(e.props, '$.weight') > 0)
    UNION
    SELECT r.bid, e.dst, r.hops + 1 FROM reach r JOIN edges e ON e.src = r.node
    WHERE r.hops < ?2 AND e.type = 'REPORTS_TO'
)
SELECT bid, node, min(hops) FROM reach GROUP BY bid, node
"""

# Tie strength as analysis/strength.py defines it, per (staff, person), for everyone holding a
# tie to a person the candidates (?1) know; then the people with exactly one strong holder among
# active staff who are not removed (?2). ?3 as of, ?4 half-life, ?5 kind weights, ?6 strong.
# The small inputs are materialized once, not decoded again for every relationship joined.
SOLE_STRONG_TIES = """
WITH weights AS MATERIALIZED (SELECT key, value FROM json_each(?5)),
removed AS MATERIALIZED (SELECT value AS id FROM json_each(?2)),
persons AS MATERIALIZED (
    SELECT DISTINCT dst AS id FROM edges
    WHERE src IN (SELECT value FROM json_each(?1)) AND type IN ('KNOWS', 'INTERACTED')
), tie AS (
    SELECT e.src AS staff, e.dst AS person,
        max(CASE WHEN e.type = 'KNOWS' AND json_extract(e.props, '$.strength') IS NOT NULL
                  AND coalesce(json_extract(e.props, '$.last_contact'), '') <= ?3
             THEN json_extract(e.props, '$.strength') * coalesce(pow(2.0,
                  -(julianday(?3) - julianday(json_extract(e.props, '$.last_contact'))) / ?4), 1.0)
             END) AS base,
        total(CASE WHEN e.type = 'INTERACTED' AND json_extract(e.props, '$.on') <= ?3
             THEN coalesce(w.value, 0.0) * pow(2.0,
                  -(julianday(?3) - julianday(json_extract(e.props, '$.on'))) / ?4)
             END) AS mass
    FROM persons p JOIN edges e ON e.dst = p.id AND e.type IN ('KNOWS', 'INTERACTED')
    LEFT JOIN weights w ON w.key = json_extract(e.props, '$.kind')
    WHERE e.src NOT IN (SELECT id FROM removed)
    GROUP BY e.src, e.dst
), strong AS (
    SELECT t.person, t.staff FROM tie t JOIN nodes s ON s.id = t.staff
    WHERE (json_extract(s.props, '$.status') = 'active'
           OR (json_extract(s.props, '$.status') = 'leaving'
               AND coalesce(json_extract(s.props, '$.leaves_on') > ?3, 1)))
      AND 1.0 - (1.0 - coalesce(t.base, 0.0)) * exp(-t.mass) >= ?6
), sole AS (
    SELECT person, min(staff) AS staff FROM strong GROUP BY person HAVING count(*) = 1
)
SELECT staff, count(*) FROM sole
WHERE staff IN (SELECT value FROM json_each(?1)) GROUP BY staff
"""

# what a decision network holds between and around reached people, and around the bid itself
OPINION_TYPES = ("INFLUENCES", "REPORTS_TO")
PROJECT_TYPES = ("DECIDES_ON", "ASSIGNED_TO", "COMPETES_FOR", "FOR_CLIENT")
CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit
T = TypeVar("T")


def _chunks(items: list[T], size: int = CHUNK) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _marks(n: int) -> str:
    return ",".join("?" * n)


class SQLiteStore:
    """The embedded default store. Safe to share between threads (one connection, a lock)."""

    kind = "sqlite"

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open SQLite store {self.path}: {exc}") from None
        self._lock = threading.RLock()
        self.ensure_schema()

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def _write(
        self, references_checked: bool = False
    ) -> Iterator[tuple[sqlite3.Connection, Touched]]:
        """One write transaction; the ids it touches go to the change log with its version.
        ``references_checked``: the caller proves every reference it writes inside this
        transaction and deletes no node (an import's checks), so SQLite's own foreign key
        lookups, two per relationship, are left out (the pragma only changes between
        transactions)."""
        with self._lock:
            if references_checked:
                self._db.execute("PRAGMA foreign_keys=OFF")
            try:
                with self._transaction() as touched:
                    yield self._db, touched
            finally:
                if references_checked:
                    self._db.execute("PRAGMA foreign_keys=ON")

    @contextmanager
    def _transaction(self) -> Iterator[Touched]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"SQLite store is busy or unwritable: {exc}") from None
        try:
            touched = Touched()
            yield touched
            self._log(touched)
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._db.execute("ROLLBACK")
            raise StoreUnavailable(f"SQLite commit failed, nothing written: {exc}") from None

    def _log(self, touched: Touched) -> None:
        (version,) = self._db.execute(
            "UPDATE data_version SET version = version + 1 RETURNING version"
        ).fetchone()
        self._db.executemany(
            "INSERT INTO changes(version, node_id, is_end) VALUES (?, ?, ?)",
            [(version, i, end) for i, end in touched.rows()],
        )
        self._db.execute("DELETE FROM changes WHERE version <= ?", (version - LOG_KEPT,))

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """Several reads that see one state of the store (one read transaction in WAL)."""
        with self._lock:
            self._query("BEGIN")
            try:
                yield
            finally:
                self._db.execute("COMMIT")

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._db.execute(sql, tuple(params)).fetchall()
            except sqlite3.OperationalError as exc:
                raise StoreUnavailable(f"SQLite read failed: {exc}") from None

    # -- writes -------------------------------------------------------------------------------

    def import_bundle(self, data: Bundle | Any, progress: Progress | None = None) -> dict[str, int]:
        """Check and write as the bundle streams, in one transaction: each clean chunk is
        staged (so every read the checks make still sees the store as it was; store/staging.py)
        and moves into the graph once the whole bundle is known to be clean."""
        source = as_source(data)
        plan = plan_of(source)
        total = plan.records + plan.refs
        written = {"nodes": 0, "relationships": 0}
        with (
            bulk(),
            self._write(references_checked=True) as (db, touched),
            Import(db, touched, EDGE_INDEXES) as writes,
        ):
            held = None if writes.direct else self  # an empty store holds nothing to read
            for section, models in check(source, held, plan):  # reads see the transaction
                nodes, edges = writes.chunk(section, models)
                written["nodes"] += nodes
                written["relationships"] += edges
                if progress:
                    progress(sum(written.values()), total)
            writes.finish()
        return written

    def delete_node(self, label: str, node_id: str, cascade: bool = False) -> None:
        with self._write() as (db, touched):
            self._require(label, node_id)
            dependants = [
                r[0]
                for r in db.execute(
                    "SELECT src FROM edges WHERE dst = ? AND type IN ('WORKS_AT', 'FOR_CLIENT')",
                    (node_id,),
                )
            ]
            if dependants and not cascade:
                raise Conflict(
                    f"{NODE_BY_LABEL[label].noun} {node_id!r} still has {len(dependants)} "
                    f"people or projects (e.g. {dependants[0]!r}); delete them first or cascade"
                )
            db.executemany("DELETE FROM nodes WHERE id = ?", [(d,) for d in dependants])
            db.execute("DELETE FROM nodes WHERE id = ?", (node_id,))
            touched.add_nodes([*dependants, node_id])

    def delete_edge(self, rel_type: str, src: str, dst: str, qual: str = "") -> None:
        with self._write() as (db, touched):
            cur = db.execute(
                "DELETE FROM edges WHERE src = ? AND type = ? AND dst = ? AND qual = ?",
                (src, rel_type, dst, qual),
            )
            touched.add_ends([src, dst])
            if cur.rowcount == 0:
                raise no_relationship(rel_type, src, dst)

    # -- reads --------------------------------------------------------------------------------

    def labels_of(self, ids: set[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in _chunks(sorted(ids)):
            out.update(
                self._query(
                    f"SELECT id, label FROM nodes WHERE id IN ({_marks(len(chunk))})", chunk
                )
            )
        return out

    def _records(self, ids: list[str]) -> tuple[list[NodeRecord], dict[str, list[EdgeRecord]]]:
        nodes: list[NodeRecord] = []
        refs: dict[str, list[EdgeRecord]] = {}
        ref_types = tuple(REF_BY_TYPE)
        for chunk in _chunks(ids):
            marks = _marks(len(chunk))
            for node_id, label, props in self._query(
                f"SELECT id, label, props FROM nodes WHERE id IN ({marks})", chunk
            ):
                nodes.append(NodeRecord(node_id, label, json.loads(props)))
            for src, rel_type, dst in self._query(
                f"SELECT src, type, dst FROM edges WHERE src IN ({marks}) "
                f"AND type IN ({_marks(len(ref_types))})",
                [*chunk, *ref_types],
            ):
                refs.setdefault(src, []).append(EdgeRecord(rel_type, src, dst))
        return nodes, refs

    def nodes(self, ids: Iterable[str]) -> list[tuple[str, dict[str, Any]]]:
        found, refs = self._records(sorted(set(ids)))
        return [(n.label, with_refs(n, refs.get(n.id, []))) for n in found]

    def edges(
        self, ids: Iterable[str], types: Iterable[str], direction: Direction
    ) -> list[EdgeRecord]:
        types = [t for t in types if t in ALL_REL_TYPES]
        ends = {"out": ("src",), "in": ("dst",), "both": ("src", "dst")}[direction]
        out: dict[tuple[str, str, str, str], EdgeRecord] = {}
        for chunk in _chunks(sorted(set(ids))):
            for end in ends:
                rows = self._query(
                    f"SELECT type, src, dst, qual, props FROM edges WHERE {end} IN "
                    f"({_marks(len(chunk))}) AND type IN ({_marks(len(types))})",
                    [*chunk, *types],
                )
                for rel_type, src, dst, qual, props in rows:
                    out[(src, rel_type, dst, qual)] = EdgeRecord(
                        rel_type, src, dst, json.loads(props), qual
                    )
        return list(out.values())

    def decision_reach(self, project_ids: Sequence[str], max_hops: int) -> Reach:
        max_hops = check_hops(max_hops)
        with self._snapshot():
            bids = [
                i for i, label in self.labels_of(set(project_ids)).items() if label == "Project"
            ]
            hops: dict[str, dict[str, int]] = {b: {} for b in bids}
            for bid, node, dist in self._query(REACH, (json.dumps(bids), max_hops)):
                hops[bid][node] = dist
            people = sorted({p for reached in hops.values() for p in reached})
            decoded: dict[str, dict[str, Any]] = {}  # equal property texts, decoded once
            found = [
                self._edges_at(people, OPINION_TYPES, ("src", "dst"), decoded),
                self._edges_at(people, ("KNOWS", "INTERACTED"), ("dst",), decoded),
                self._edges_at(people, ("WORKS_AT",), ("src",), decoded),
                self._edges_at(bids, PROJECT_TYPES, ("src",), decoded),
                self._edges_at(bids, PROJECT_TYPES, ("dst",), decoded),
            ]
            edges = list({(e.src, e.type, e.dst, e.qual): e for f in found for e in f}.values())
            ends = {e.src for e in edges} | {e.dst for e in edges} | set(bids)
            nodes = {fields["id"]: (label, fields) for label, fields in self.nodes(ends)}
        return Reach(hops, edges, nodes)

    def handover_reach(
        self, staff_ids: Sequence[str], max_hops: int, teammate_limit: int
    ) -> Neighbourhood:
        max_hops = check_hops(max_hops)
        with self._snapshot():
            return handover_walk(self, staff_ids, max_hops, teammate_limit)

    def person_reach(self, person_id: str, hops: int) -> Around:
        hops = check_hops(hops)
        with self._snapshot():
            return person_walk(self, person_id, hops)

    def ego_reach(self, node_id: str, hops: int) -> Around:
        hops = check_hops(hops)
        with self._snapshot():
            return ego_walk(self, node_id, hops)

    def organization_reach(self, org_ids: Sequence[str]) -> Accounts:
        with self._snapshot():
            return accounts_walk(self, org_ids)

    def _edges_at(
        self,
        ids: list[str],
        types: tuple[str, ...],
        ends: tuple[str, ...],
        decoded: dict[str, dict[str, Any]],
    ) -> list[EdgeRecord]:
        """Relationships of these types with every named end (src, dst) among these nodes.
        Equal property texts (an interaction's day and kind, an influence's weight) are
        decoded once into ``decoded`` and share one dict: what reads these records only
        reads them."""
        # the first end is looked up in an index, the others only checked ("+"): probing an
        # index for every pair of ids would be the product of the two lists
        if not set(ends) <= {"src", "dst"}:  # column names cannot be parameters: code's only
            raise ValueError(f"not a relationship end: {ends}")
        among = " AND ".join(
            f"{'+' if k else ''}{end} IN (SELECT value FROM ids)" for k, end in enumerate(ends)
        )
        rows = self._query(
            "WITH ids AS MATERIALIZED (SELECT value FROM json_each(?)) "
            f"SELECT type, src, dst, qual, props FROM edges WHERE {among} "
            f"AND type IN ({_marks(len(types))})",
            [json.dumps(ids), *types],
        )
        out = []
        for rel_type, src, dst, qual, text in rows:
            props = decoded.get(text)
            if props is None:
                props = decoded[text] = json.loads(text)
            out.append(EdgeRecord(rel_type, src, dst, props, qual))
        return out

    def sole_strong_ties(
        self, staff_ids: Sequence[str], removed: Sequence[str], as_of: date, config: AnalysisConfig
    ) -> dict[str, int]:
        weights = {str(kind): w for kind, w in config.interaction_weights.items()}
        params = (
            json.dumps(sorted(staff_ids)),
            json.dumps(sorted(removed)),
            as_of.isoformat(),
            config.half_life_days,
            json.dumps(weights),
            config.strong_tie,
        )
        return dict(self._query(SOLE_STRONG_TIES, params))

    def data_version(self) -> str:
        epoch, version = self._query("SELECT epoch, version FROM data_version")[0]
        return f"{epoch}:{version}"

    def changed_since(self, version: str) -> Changes | None:
        def read_log(since: int) -> list[tuple[Any, ...]]:
            return self._query(
                "SELECT version, node_id, is_end FROM changes WHERE version > ?", [since]
            )

        with self._snapshot():
            return changes_after(version, self.data_version(), read_log)

    def _require(self, label: str, node_id: str) -> None:
        if self.labels_of({node_id}).get(node_id) != label:
            raise unknown_id(self, label, node_id)

    def get(self, label: str, node_id: str) -> Node:
        found, refs = self._records([node_id])
        if not found or found[0].label != label:
            raise unknown_id(self, label, node_id)
        return node_model(found[0], refs.get(node_id, []))

    def names(self, labels: Iterable[str]) -> list[tuple[str, str, str, str | None]]:
        labels = list(labels)
        return self._query(
            "SELECT id, label, json_extract(props, '$.name'), "
            "coalesce(json_extract(props, '$.title'), json_extract(props, '$.role')) "
            f"FROM nodes WHERE label IN ({_marks(len(labels))})",
            labels,
        )

    def list(self, label: str, filters: dict[str, str], offset: int, limit: int) -> list[Node]:
        where, params = ["n.label = ?"], [label]
        refs = {r.field: r.rel_type for r in REF_FIELDS[label]}
        for name, value in filters.items():
            if name not in LIST_FILTERS[label]:
                continue
            if name in refs:
                where.append(
                    "EXISTS (SELECT 1 FROM edges e WHERE e.src = n.id AND e.type = ? AND e.dst = ?)"
                )
                params += [refs[name], value]
            else:
                where.append("json_extract(n.props, ?) = ?")
                params += [f"$.{name}", value]
        # the clauses are fixed strings from this method; every value is a ? parameter
        sql = "SELECT n.id FROM nodes n WHERE " + " AND ".join(where)
        rows = self._query(sql + " ORDER BY n.id LIMIT ? OFFSET ?", [*params, limit, offset])
        found, ref_map = self._records([r[0] for r in rows])
        return [node_model(n, ref_map.get(n.id, [])) for n in sorted(found, key=lambda n: n.id)]

    def export_bundle(self) -> Bundle:
        nodes = [
            NodeRecord(i, label, json.loads(p))
            for i, label, p in self._query("SELECT id, label, props FROM nodes ORDER BY id")
        ]
        edges = [
            EdgeRecord(t, s, d, json.loads(p), q)
            for t, s, d, q, p in self._query(
                "SELECT type, src, dst, qual, props FROM edges ORDER BY src, type, dst, qual"
            )
        ]
        return records_to_bundle(nodes, edges)

    def stats(self) -> dict[str, int]:
        counts = {spec.label: 0 for spec in NODE_SPECS} | dict.fromkeys(ALL_REL_TYPES, 0)
        counts.update(self._query("SELECT label, count(*) FROM nodes GROUP BY label"))
        counts.update(self._query("SELECT type, count(*) FROM edges GROUP BY type"))
        return counts

    def ensure_schema(self) -> None:
        try:
            self._db.executescript(SCHEMA)
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open SQLite store {self.path}: {exc}") from None

    def wipe_everything(self) -> None:
        with self._write() as (db, touched):
            db.execute("DELETE FROM edges")
            db.execute("DELETE FROM nodes")
            touched.everything()

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the main file (before a file copy or a size check)."""
        self._query("PRAGMA wal_checkpoint(TRUNCATE)")

    def ping(self) -> None:
        self._query("SELECT 1")

    def close(self) -> None:
        with self._lock:
            self._db.close()
