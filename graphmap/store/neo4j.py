"""The Neo4j store: the same contract as the embedded store, over the official driver.

- Every Cypher statement comes from ``graphmap/queries/`` by name; values travel as parameters.
- Writes run in managed transactions (``execute_write``) as batched ``UNWIND ... MERGE``. An
  import is one transaction: its checks and all its batches commit together or not at all, so a
  rejected, failed or interrupted import leaves nothing visible.
- Reads run in ``execute_read``. The driver retries transient errors; our transaction functions
  only read, or upsert by id, so running one twice is harmless.
- Property names are camelCase in Neo4j and snake_case everywhere else: ``to_neo4j`` and
  ``from_neo4j`` below are the one place that converts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j import exceptions as neo4j_errors

from graphmap import queries
from graphmap.checker import Chunk, Source, Survey, as_source, check, chunks, plan_of, valid
from graphmap.config import AnalysisConfig
from graphmap.errors import (
    Conflict,
    GraphmapError,
    NotFound,
    StoreLimit,
    StoreRefused,
    StoreUnavailable,
    no_relationship,
)
from graphmap.model import ALL_REL_TYPES, NODE_BY_LABEL, NODE_SPECS, OPEN_STAGES, Bundle, Node
from graphmap.search import unknown_id
from graphmap.settings import Settings
from graphmap.store.base import LIST_FILTERS, Progress, check_hops
from graphmap.store.changes import (
    EVERYTHING,
    LOG_KEPT,
    Changes,
    LogRow,
    Touched,
    changes_after,
    split_version,
)
from graphmap.store.records import (
    Accounts,
    Around,
    Direction,
    EdgeRecord,
    Neighbourhood,
    NodeRecord,
    Reach,
    node_model,
    qualifier,
    records_to_bundle,
    section_records,
    with_refs,
)

T = TypeVar("T")
DATE_FIELDS = frozenset({"leaves_on", "due_on", "last_contact", "on", "left_on"})
NODE_SECTIONS = [spec.section for spec in NODE_SPECS]
UPSERT_NODE = {spec.label: f"upsert_{spec.label.lower()}" for spec in NODE_SPECS}
UPSERT_EDGE = {t: f"upsert_{t.lower()}" for t in ALL_REL_TYPES}
CREATE_NODE = {spec.label: f"create_{spec.label.lower()}" for spec in NODE_SPECS}
CREATE_EDGE = {t: f"create_{t.lower()}" for t in ALL_REL_TYPES}
UPSERT_OF = dict(zip(CREATE_NODE.values(), UPSERT_NODE.values(), strict=True)) | dict(
    zip(CREATE_EDGE.values(), UPSERT_EDGE.values(), strict=True)
)
DROP_REFS = {"Person": "drop_refs_person", "Project": "drop_refs_project"}
LIST_QUERY = {spec.label: f"list_{spec.label.lower()}" for spec in NODE_SPECS}
# Neo4j codes that a retry cannot fix, and what to change instead
LIMIT_HINTS = {
    "MemoryPoolOutOfMemoryError": "raise the server's transaction memory "
    "(db.memory.transaction.total.max / dbms.memory.transaction.total.max) or lower "
    "GRAPHMAP_NEO4J_TX_RECORDS, the records an import commits per transaction",
    "TransactionMemoryLimit": "raise db.memory.transaction.max on the server or lower "
    "GRAPHMAP_NEO4J_TX_RECORDS, the records an import commits per transaction",
    "OutOfMemoryError": "give the Neo4j server more heap, or lower GRAPHMAP_NEO4J_TX_RECORDS",
}
REFUSAL_HINTS = {
    "DatabaseNotFound": "set NEO4J_DATABASE to a database the server has",
    "Forbidden": "grant the Neo4j user write access, or use a user that has it",
    "AccessMode": "connect to a writable member of the cluster (a neo4j:// URL routes writes)",
}


@dataclass(frozen=True)
class _Step:
    """One batched statement of an import: a named query over one batch of rows."""

    query: str
    param: str  # "rows", or "ids" for dropping old references
    rows: list[Any]
    records: int  # records it writes, for progress (0 when it only drops old references)

    def upserting(self) -> _Step:
        """The same rows MERGEd: safe to run again after a commit of unknown outcome."""
        return _Step(UPSERT_OF.get(self.query, self.query), self.param, self.rows, self.records)

    def log(self, touched: Touched) -> None:
        """Tell the change log what this step writes: nodes (their ids, or the ids whose old
        references it drops), or both ends of each relationship."""
        if self.param == "ids":
            touched.add_nodes(self.rows)
        elif self.rows and "id" in self.rows[0]:
            touched.add_nodes(row["id"] for row in self.rows)
        else:
            touched.add_ends(end for row in self.rows for end in (row["src"], row["dst"]))


@cache  # a handful of property names, converted on every row read
def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


@cache
def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def to_neo4j(props: dict[str, Any]) -> dict[str, Any]:
    """snake_case JSON-ready properties -> camelCase Neo4j properties with native dates."""
    return {
        _camel(k): dt.date.fromisoformat(v) if k in DATE_FIELDS else v for k, v in props.items()
    }


def from_neo4j(props: dict[str, Any]) -> dict[str, Any]:
    """camelCase Neo4j properties -> snake_case JSON-ready properties (dates as ISO text)."""
    out = {}
    for key, value in props.items():
        if isinstance(value, neo4j.time.Date):
            value = value.iso_format()
        out[_snake(key)] = value
    return out


class Neo4jStore:
    """A graph in any Neo4j 5 (dev server, Desktop, server, Aura) reached over Bolt."""

    kind = "neo4j"

    def __init__(
        self,
        url: str,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        batch_size: int | None = None,
        retry_seconds: float = 5.0,
        tx_records: int | None = None,
    ):
        settings = Settings()
        parts = urlsplit(url)
        user = user or parts.username or settings.neo4j_user
        password = password or parts.password or settings.neo4j_password
        host = parts.hostname or "127.0.0.1"
        netloc = f"{host}:{parts.port}" if parts.port else host
        self.url = urlunsplit((parts.scheme, netloc, "", "", ""))
        self.database = database or settings.neo4j_database or None
        self.batch_size = batch_size or settings.neo4j_batch_size
        self.tx_records = tx_records or settings.neo4j_tx_records
        self._schema_ready = False
        self._driver = GraphDatabase.driver(
            self.url,
            auth=(user, password) if password else None,
            connection_timeout=5.0,
            max_transaction_retry_time=retry_seconds,
            connection_acquisition_timeout=10.0,
        )

    # -- plumbing -----------------------------------------------------------------------------

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Driver failures become graphmap errors: unreachable or busy -> StoreUnavailable (try
        again), a resource limit -> StoreLimit and a refusal -> StoreRefused (change a setting;
        the message says which)."""
        try:
            yield
        except GraphmapError:
            raise
        except neo4j_errors.ConstraintError as exc:
            raise Conflict(f"uniqueness violated in Neo4j: {exc.message}") from None
        except neo4j_errors.AuthError as exc:
            raise StoreUnavailable(
                f"Neo4j at {self.url} refused the credentials: {exc.message}"
            ) from None
        except neo4j_errors.Neo4jError as exc:
            raise self._classified(exc) from None
        except (
            neo4j_errors.ServiceUnavailable,
            neo4j_errors.SessionExpired,
            neo4j_errors.IncompleteCommit,
            OSError,
        ) as exc:
            raise StoreUnavailable(
                f"Neo4j at {self.url} is unavailable, nothing written: {exc}"
            ) from None

    def _classified(self, exc: neo4j_errors.Neo4jError) -> GraphmapError:
        """A server error by its code: what a retry fixes, and what only a setting fixes."""
        code = exc.code or ""
        name = code.rsplit(".", 1)[-1]
        said = f"Neo4j at {self.url} refused the work ({code}: {exc.message})"
        if name in LIMIT_HINTS:
            return StoreLimit(f"{said}; {LIMIT_HINTS[name]}")
        if isinstance(exc, neo4j_errors.TransientError):
            return StoreUnavailable(f"Neo4j at {self.url} is busy, nothing written: {exc.message}")
        if isinstance(exc, neo4j_errors.ClientError):
            hint = REFUSAL_HINTS.get(name, "the message above says what it needs")
            return StoreRefused(f"{said}; {hint}")
        return StoreUnavailable(f"Neo4j at {self.url} failed: {exc.message}")

    def _read(self, work: Callable[[ManagedTransaction], T]) -> T:
        with self._errors(), self._driver.session(database=self.database) as session:
            return session.execute_read(work)

    def _write(
        self,
        work: Callable[[ManagedTransaction, Touched], T],
        again: Callable[[ManagedTransaction, Touched], T] | None = None,
    ) -> T:
        """Run a write; if its commit's outcome is unknown (IncompleteCommit, which the driver
        does not retry), run it once more (or ``again``, its upserting twin): every write here
        then is an upsert (running it again changes nothing; a whole import re-checks and finds
        what it created stored) or a delete that first re-reads what exists (finding it gone
        means the first commit went through)."""
        with self._errors():
            self.ensure_schema()
            counted = _counted(work)
            with self._driver.session(database=self.database) as session:
                try:
                    return session.execute_write(counted)
                except neo4j_errors.IncompleteCommit:
                    try:
                        return session.execute_write(_counted(again) if again else counted)
                    except NotFound:
                        return None  # type: ignore[return-value]  # the delete had committed

    def _rows(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return self._read(lambda tx: [r.data() for r in tx.run(queries.load(name), params)])

    def ensure_schema(self) -> None:
        """Create constraints and indexes if missing (idempotent)."""
        if self._schema_ready:
            return
        with self._errors(), self._driver.session(database=self.database) as session:
            for name in queries.all_queries():
                if name.startswith(("constraint_", "index_")):
                    session.run(queries.load(name)).consume()
        self._schema_ready = True

    # -- writes -------------------------------------------------------------------------------

    def import_bundle(self, data: Bundle | Any, progress: Progress | None = None) -> dict[str, int]:
        """Up to ``tx_records`` records: checks and writes in one transaction (all or
        nothing). A larger import is checked as a whole first (one streaming reading, nothing
        written), then read again and committed in chunks of ``tx_records``: a failure leaves
        a prefix, and the same import run again completes it (every record is written by id
        or key, so nothing is duplicated)."""
        source = as_source(data)
        plan = plan_of(source)
        heard = _Progress(progress, plan.records + plan.refs)
        # The collector stays on (no ``bulk()``): the driver keeps each statement's rows in
        # objects that refer to each other, which only the collector frees.
        if plan.records <= self.tx_records:

            def work(tx: ManagedTransaction, touched: Touched) -> dict[str, int]:
                held = _Held(tx)
                for _ in check(source, held, plan):
                    pass
                before = _Before(held, set(held.stored), source.validated)
                steps = _in_order(source, plan)
                return self._write_chunks(tx, steps, before, heard.copy(), touched)

            return self._write(work)

        def checking(tx: ManagedTransaction, touched: Touched) -> set[str]:
            held = _Held(tx)
            for _ in check(source, held, plan):
                pass
            return held.stored

        stored = self._write(checking)
        return self._commit_in_chunks(source, plan, stored, heard)

    def _write_chunks(
        self,
        tx: ManagedTransaction,
        pieces: Iterable[Part],
        held: _Before,
        heard: _Progress,
        touched: Touched,
        upsert: bool = False,
    ) -> dict[str, int]:
        """Complete, validate and write chunks of a checked bundle in one transaction: ids
        the store held before the import are MERGEd, the rest CREATEd (all MERGEd when
        ``upsert``: a chunk run again after a commit of unknown outcome)."""
        written = {"nodes": 0, "relationships": 0}
        for piece, part in pieces:
            models = valid(piece, held, held.validated)
            nodes, edges = section_records(piece.section, models)
            if part == "nodes":
                steps = list(self._node_steps(nodes, held.stored))
                written["nodes"] += len(nodes)
            else:
                steps = list(self._edge_steps(nodes, edges, held.stored))
                written["relationships"] += len(edges)
            steps = [s.upserting() for s in steps] if upsert else steps
            self._run_steps(tx, steps, heard, touched)
        return written

    def _commit_in_chunks(
        self, source: Source, plan: Survey, stored: set[str], heard: _Progress
    ) -> dict[str, int]:
        """Read the checked bundle again and commit it ``tx_records`` records at a time."""
        written = {"nodes": 0, "relationships": 0}
        pieces: list[Part] = []
        for piece in chain(_in_order(source, plan), [None]):  # None: the end
            if piece is not None:
                pieces.append(piece)
                if sum(len(p.items) for p, _ in pieces) < self.tx_records:
                    continue
            if not pieces:
                break

            def write(
                tx: ManagedTransaction, touched: Touched, pieces: list[Part] = pieces
            ) -> dict[str, int]:
                held = _Before(_Held(tx), stored, source.validated)
                return self._write_chunks(tx, pieces, held, heard.copy(), touched)

            def merge(
                tx: ManagedTransaction, touched: Touched, pieces: list[Part] = pieces
            ) -> dict[str, int]:
                held = _Before(_Held(tx), stored, source.validated)
                return self._write_chunks(tx, pieces, held, heard.copy(), touched, upsert=True)

            try:
                done = self._write(write, again=merge)
            except GraphmapError as exc:
                raise type(exc)(
                    f"{exc.message}. The import had committed {heard.done:,} of {heard.total:,} "
                    "records: run the same import again to complete it (nothing is duplicated)",
                    exc.problems,
                ) from None
            heard.advance(sum(done.values()))
            for key, n in done.items():
                written[key] += n
            pieces = []
        return written

    def _node_steps(self, nodes: list[NodeRecord], stored: set[str]) -> Iterator[_Step]:
        """Nodes by label, in batches: ids the store did not hold are CREATEd, the rest
        MERGEd."""
        for label in UPSERT_NODE:
            rows = [{"id": n.id, "props": to_neo4j(n.props)} for n in nodes if n.label == label]
            yield from self._batched(
                CREATE_NODE[label], "rows", [r for r in rows if r["id"] not in stored]
            )
            yield from self._batched(
                UPSERT_NODE[label], "rows", [r for r in rows if r["id"] in stored]
            )

    def _edge_steps(
        self, nodes: list[NodeRecord], edges: list[EdgeRecord], stored: set[str]
    ) -> Iterator[_Step]:
        """Relationships by type, in batches, after the nodes they join are written: a stored
        node written again first loses its old reference fields; relationships leaving an id
        the store did not hold are CREATEd (a new node has none yet), the rest MERGEd."""
        for label, query in DROP_REFS.items():
            again = [n.id for n in nodes if n.label == label and n.id in stored]
            yield from self._batched(query, "ids", again, 0)
        for rel_type in UPSERT_EDGE:
            mine = [e for e in edges if e.type == rel_type]
            new = [_edge_row(e) for e in mine if e.src not in stored]
            old = [_edge_row(e) for e in mine if e.src in stored]
            yield from self._batched(CREATE_EDGE[rel_type], "rows", new)
            yield from self._batched(UPSERT_EDGE[rel_type], "rows", old)

    def _batched(self, query: str, param: str, rows: list[Any], weight: int = 1) -> Iterator[_Step]:
        for start in range(0, len(rows), self.batch_size):
            batch = rows[start : start + self.batch_size]
            yield _Step(query, param, batch, weight * len(batch))

    @staticmethod
    def _run_steps(
        tx: ManagedTransaction, steps: list[_Step], heard: _Progress, touched: Touched
    ) -> None:
        for step in steps:
            tx.run(queries.load(step.query), {step.param: step.rows}).consume()
            step.log(touched)
            heard.advance(step.records)

    def delete_node(self, label: str, node_id: str, cascade: bool = False) -> None:
        def work(tx: ManagedTransaction, touched: Touched) -> None:
            if _labels_in(tx, {node_id}).get(node_id) != label:
                raise unknown_id(self, label, node_id)
            dependants = [r["id"] for r in tx.run(queries.load("dependants"), id=node_id)]
            if dependants and not cascade:
                raise Conflict(
                    f"{NODE_BY_LABEL[label].noun} {node_id!r} still has {len(dependants)} "
                    f"people or projects (e.g. {dependants[0]!r}); delete them first or cascade"
                )
            tx.run(queries.load("delete_nodes"), ids=[*dependants, node_id]).consume()
            touched.add_nodes([*dependants, node_id])

        self._write(work)

    def delete_edge(self, rel_type: str, src: str, dst: str, qual: str = "") -> None:
        on, kind = qual.split("|") if qual else (None, None)

        def work(tx: ManagedTransaction, touched: Touched) -> int:
            touched.add_ends([src, dst])
            result = tx.run(
                queries.load("delete_edge"),
                src=src,
                dst=dst,
                type=rel_type,
                on=dt.date.fromisoformat(on) if on else None,
                kind=kind,
            )
            return int(result.single(strict=True)["deleted"])

        if self._write(work) == 0:
            raise no_relationship(rel_type, src, dst)

    def checkpoint(self) -> None:
        """Neo4j makes committed transactions durable on its own."""

    def wipe_everything(self) -> None:
        """Delete every node and relationship, in batches (one transaction would not fit)."""
        with self._errors(), self._driver.session(database=self.database) as session:
            while session.run(queries.load("wipe_batch"), limit=10000).single(strict=True)[
                "deleted"
            ]:
                pass
            everything = Touched()
            everything.everything()
            session.execute_write(lambda tx: _log(tx, everything))

    # -- reads --------------------------------------------------------------------------------

    def labels_of(self, ids: set[str]) -> dict[str, str]:
        return self._read(lambda tx: _labels_in(tx, ids))

    def _records(self, ids: list[str]) -> list[tuple[NodeRecord, list[EdgeRecord]]]:
        return _node_records(_node_row(r) for r in self._rows("nodes", ids=ids))

    def nodes(self, ids: Iterable[str]) -> list[tuple[str, dict[str, Any]]]:
        return [(n.label, with_refs(n, refs)) for n, refs in self._records(sorted(set(ids)))]

    def edges(
        self, ids: Iterable[str], types: Iterable[str], direction: Direction
    ) -> list[EdgeRecord]:
        ids, types = sorted(set(ids)), [t for t in types if t in ALL_REL_TYPES]
        name = {"out": "edges_out", "in": "edges_in", "both": "edges_both"}[direction]
        out: dict[tuple[str, str, str, str], EdgeRecord] = {}
        for row in self._rows(name, ids=ids, types=types):
            edge = _edge(*_edge_row_of(row))
            out[(edge.src, edge.type, edge.dst, edge.qual)] = edge
        return list(out.values())

    def decision_reach(self, project_ids: Sequence[str], max_hops: int) -> Reach:
        bound = check_hops(max_hops)
        row = self._read(
            lambda tx: tx.run(queries.decision_reach(bound), project_ids=list(project_ids)).single(
                strict=True
            )
        )
        hops = {b["id"]: dict(b["reach"]) for b in row["bids"]}
        return Reach(hops, [_edge(*e) for e in row["edges"]], _reached(row["nodes"]))

    def handover_reach(
        self, staff_ids: Sequence[str], max_hops: int, teammate_limit: int
    ) -> Neighbourhood:
        bound = check_hops(max_hops)
        params = {
            "staff_ids": sorted(set(staff_ids)),
            "teammate_limit": teammate_limit,
            "open_stages": sorted(str(s) for s in OPEN_STAGES),
        }
        row = self._read(
            lambda tx: tx.run(queries.handover_reach(bound), params).single(strict=True)
        )
        edges = [_edge(*e) for e in row["edges"]]
        return Neighbourhood(
            edges, _reached(row["nodes"]), sorted(row["candidates"]), sorted(row["bids"])
        )

    def person_reach(self, person_id: str, hops: int) -> Around:
        bound = check_hops(hops)
        return _around(
            self._read(
                lambda tx: tx.run(queries.person_reach(bound), person_id=person_id).single(
                    strict=True
                )
            )
        )

    def ego_reach(self, node_id: str, hops: int) -> Around:
        bound = check_hops(hops)
        return _around(
            self._read(
                lambda tx: tx.run(queries.ego_reach(bound), node_id=node_id).single(strict=True)
            )
        )

    def organization_reach(self, org_ids: Sequence[str]) -> Accounts:
        rows = self._read(
            lambda tx: tx.run(
                queries.load("organization_reach"), org_ids=sorted(set(org_ids))
            ).single(strict=True)
        )
        edges = {o: [_edge(*e) for e in found] for o, found in rows["accounts"]}
        return Accounts(edges, _reached(rows["nodes"]))

    def sole_strong_ties(
        self,
        staff_ids: Sequence[str],
        removed: Sequence[str],
        as_of: dt.date,
        config: AnalysisConfig,
    ) -> dict[str, int]:
        rows = self._rows(
            "sole_strong_ties",
            staff_ids=sorted(staff_ids),
            removed=sorted(removed),
            as_of=as_of,
            half_life=float(config.half_life_days),
            weights={str(kind): w for kind, w in config.interaction_weights.items()},
            strong=config.strong_tie,
        )
        return {r["staff"]: r["load"] for r in rows}

    def data_version(self) -> str:
        row = self._rows("data_version")[0]
        return f"{row['epoch']}:{row['version']}"

    def changed_since(self, version: str) -> Changes | None:
        row = self._rows("changes_since", since=split_version(version)[1])[0]
        now = None if row["version"] is None else f"{row['epoch']}:{row['version']}"
        return changes_after(version, now, lambda _: _log_rows(row["changes"]))

    def get(self, label: str, node_id: str) -> Node:
        found = self._records([node_id])
        if not found or found[0][0].label != label:
            raise unknown_id(self, label, node_id)
        return node_model(*found[0])

    def names(self, labels: Iterable[str]) -> list[tuple[str, str, str, str | None]]:
        rows = self._rows("names", labels=list(labels))
        return [(r["id"], r["label"], r["name"], r["title"]) for r in rows]

    def list(self, label: str, filters: dict[str, str], offset: int, limit: int) -> list[Node]:
        params = {name: filters.get(name) for name in LIST_FILTERS[label]}
        ids = [r["id"] for r in self._rows(LIST_QUERY[label], offset=offset, limit=limit, **params)]
        found = sorted(self._records(ids), key=lambda pair: pair[0].id)
        return [node_model(n, refs) for n, refs in found]

    def export_bundle(self) -> Bundle:
        def work(tx: ManagedTransaction) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
            nodes = [r.data() for r in tx.run(queries.load("all_nodes"))]
            edges = [r.data() for r in tx.run(queries.load("all_edges"))]
            return nodes, edges

        node_rows, edge_rows = self._read(work)
        nodes = []
        for row in node_rows:
            props = from_neo4j(row["props"])
            props.pop("id", None)
            nodes.append(NodeRecord(row["id"], row["label"], props))
        return records_to_bundle(nodes, [_edge(*_edge_row_of(r)) for r in edge_rows])

    def stats(self) -> dict[str, int]:
        counts = {spec.label: 0 for spec in NODE_SPECS} | dict.fromkeys(ALL_REL_TYPES, 0)
        for name in ("count_labels", "count_types"):
            counts.update({r["name"]: r["n"] for r in self._rows(name)})
        return counts

    def server_version(self) -> str:
        with self._errors():
            return self._driver.get_server_info().agent

    def ping(self) -> None:
        self._rows("ping")

    def close(self) -> None:
        self._driver.close()


class _Held:
    """The store as an import's write transaction sees it (``partial.Held``).

    Nodes and relationships read to complete partial records are read *for update*: the
    statement first takes the write lock of each node (and of each relationship's start node),
    so a concurrent import touching them waits until this one commits, and two partial
    updates of different fields of one node both land instead of one overwriting the other.
    """

    def __init__(self, tx: ManagedTransaction):
        self.tx = tx
        self.stored: set[str] = set()  # every id it found stored: the rest are new

    def labels_of(self, ids: set[str]) -> dict[str, str]:
        found = _labels_in(self.tx, ids)
        self.stored |= found.keys()
        return found

    def nodes(self, ids: Iterable[str]) -> list[tuple[str, dict[str, Any]]]:
        rows = [r.data() for r in self.tx.run(queries.load("nodes_for_update"), ids=sorted(ids))]
        return [(n.label, with_refs(n, refs)) for n, refs in _node_records(map(_node_row, rows))]

    def edges(self, ids: Iterable[str], types: Iterable[str], direction: str) -> list[EdgeRecord]:
        if direction != "out":
            raise ValueError("partial records read relationships by their start node only")
        result = self.tx.run(
            queries.load("edges_out_for_update"), ids=sorted(ids), types=list(types)
        )
        return [_edge(*_edge_row_of(r.data())) for r in result]


Part = tuple[Chunk, str]  # a chunk, and which of its records a step writes: nodes or edges


def _in_order(source: Source, plan: Survey) -> Iterator[Part]:
    """A checked bundle's chunks in the order Neo4j can write them, whatever the order of its
    sections: every node first, then the relationships (a node section's references too, read
    again and completed while its old references are still stored), each between nodes that
    exist by then."""
    for piece in chunks(source, plan.only(NODE_SECTIONS)):
        yield piece, "nodes"
    for piece in chunks(source, plan):
        yield piece, "edges"


class _Before:
    """What the store held before this import, as the chunks that write it read it: ids the
    check found stored (``stored``) complete from the store; every other id is new, even
    once an earlier chunk of this import has written it."""

    def __init__(self, held: _Held, stored: set[str], validated: bool):
        self.held, self.stored, self.validated = held, stored, validated

    def labels_of(self, ids: set[str]) -> dict[str, str]:
        known = ids & self.stored
        return self.held.labels_of(known) if known else {}

    def nodes(self, ids: Iterable[str]) -> list[tuple[str, dict[str, Any]]]:
        return self.held.nodes(ids)

    def edges(self, ids: Iterable[str], types: Iterable[str], direction: str) -> list[EdgeRecord]:
        return self.held.edges(ids, types, direction)


def _counted(
    work: Callable[[ManagedTransaction, Touched], T],
) -> Callable[[ManagedTransaction], T]:
    """The write, then the data version's bump and its change log entry in the same
    transaction (each attempt counts its own touched ids)."""

    def run(tx: ManagedTransaction) -> T:
        touched = Touched()
        result = work(tx, touched)
        _log(tx, touched)
        return result

    return run


def _log_rows(changes: list[dict[str, Any]]) -> Iterator[LogRow]:
    """The change log's nodes as rows: an empty row says its version has one."""
    for c in changes:
        if c["everything"]:
            yield c["version"], EVERYTHING, False
            continue
        yield c["version"], "", False
        yield from ((c["version"], i, False) for i in c["ids"])
        yield from ((c["version"], i, True) for i in c["ends"])


def _log(tx: ManagedTransaction, touched: Touched) -> None:
    tx.run(
        queries.load("bump_data_version"),
        everything=touched.all,
        ids=sorted(touched.nodes),
        ends=sorted(touched.ends),
        kept=LOG_KEPT,
    ).consume()


NodeRow = tuple[str, str, dict[str, Any], list[list[str | None]]]  # id, label, props, refs


def _node_row(row: dict[str, Any]) -> NodeRow:
    """A node read by a named query, in the compact order the bulk extractions return."""
    return row["id"], row["label"], row["props"], row["refs"]


def _node_records(rows: Iterable[NodeRow]) -> list[tuple[NodeRecord, list[EdgeRecord]]]:
    out = []
    for node_id, label, stored, ref_rows in rows:
        props = from_neo4j(stored)
        props.pop("id", None)
        refs = [EdgeRecord(t, node_id, m) for t, m in ref_rows if t is not None and m is not None]
        out.append((NodeRecord(node_id, label, props), refs))
    return out


def _reached(rows: Iterable[NodeRow]) -> dict[str, tuple[str, dict[str, Any]]]:
    """The nodes a bulk read returned, as (label, field dict) by id."""
    return {n.id: (n.label, with_refs(n, refs)) for n, refs in _node_records(rows)}


def _around(row: neo4j.Record) -> Around:
    """A ``person_reach`` or ``ego_reach`` row as ``Around``."""
    return Around([_edge(*e) for e in row["edges"]], _reached(row["nodes"]))


def _labels_in(tx: ManagedTransaction, ids: set[str]) -> dict[str, str]:
    return {r["id"]: r["label"] for r in tx.run(queries.load("labels_of"), ids=sorted(ids))}


def _edge_row_of(row: dict[str, Any]) -> tuple[str, str, str, dict[str, Any]]:
    """A relationship read by a named query, in the compact order of the bulk extractions."""
    return row["type"], row["src"], row["dst"], row["props"]


def _edge(rel_type: str, src: str, dst: str, stored: dict[str, Any]) -> EdgeRecord:
    props = from_neo4j(stored)
    return EdgeRecord(rel_type, src, dst, props, qualifier(rel_type, props))


def _edge_row(edge: EdgeRecord) -> dict[str, Any]:
    return {"src": edge.src, "dst": edge.dst, "props": to_neo4j(edge.props)}


class _Progress:
    """Counts records written and tells ``progress``; a transaction that may be run again
    counts on a copy, so a retried attempt is not counted twice."""

    def __init__(self, progress: Progress | None, total: int, done: int = 0):
        self.progress, self.total, self.done = progress, total, done

    def copy(self) -> _Progress:
        return _Progress(self.progress, self.total, self.done)

    def advance(self, records: int) -> None:
        if records:
            self.done += records
            if self.progress:
                self.progress(self.done, self.total)
