"""Checking a bundle as it streams: every problem listed, holding only what the checks need.

A bundle is read twice (three times on Neo4j, which writes only after the whole file is
known to be clean):

1. ``survey``: the sections there are, how many records, and every node id with the sections
   that define it (no validation). References are then checked as they are met, whatever
   order the sections come in.
2. ``Checker``: each section a chunk of records at a time, completed from the store
   (``partial.complete``), validated in one pydantic call per chunk, its references, ids and
   relationship keys checked; what a later check needs is kept small (ids and labels, the
   reporting lines, one hash per relationship key). The store writes each clean chunk as it
   comes (SQLite: inside its one transaction; see store/staging.py).

Problems carry a sort key, so the list comes out in the order the whole-bundle checks gave:
unknown sections, then each section's records, then ids, references, relationships, cycles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from operator import attrgetter
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from graphmap.errors import InvalidInput, Problem
from graphmap.jsonstream import Listed, NotAnObject, Unreadable, open_document, read_document
from graphmap.model import (
    EDGE_BY_SECTION,
    EDGE_SPECS,
    ID_PROPS,
    NODE_BY_LABEL,
    NODE_SPECS,
    REF_SPECS,
    Bundle,
    section_adapter,
)
from graphmap.partial import Held, complete

SECTIONS = tuple(Bundle.model_fields)
CHUNK = 5_000  # records completed, validated and checked together
NODE_RANK = {spec.section: rank for rank, spec in enumerate(NODE_SPECS)}
EDGE_RANK = {spec.section: rank for rank, spec in enumerate(EDGE_SPECS)}
# reference fields of node records, in the order their problems are listed
NODE_REFS = [
    (rank, ref.section, ref.field, ref.target_label) for rank, ref in enumerate(REF_SPECS)
] + [(len(REF_SPECS) + rank, p.section, p.field, p.target_label) for rank, p in enumerate(ID_PROPS)]
EDGE_REF_RANK = len(NODE_REFS)
NODE_LABEL_OF_BITS = {
    1 << rank: spec.label for rank, spec in enumerate(NODE_SPECS)
}  # relationships' ends are listed after the node references

Key = tuple[int, ...]  # where a problem goes in the list
# a reference to check further: (key, section, index, field, target id, label it must have)
Ref = tuple[Key, str, int, str, str, str]


class Source(Protocol):
    """A bundle that can be read more than once, member by member."""

    validated: bool  # its records are models already (a PUT body, the demo)

    def members(self) -> Iterator[tuple[str, Any]]:
        """(key, value) per top-level member, a list as ``Listed``; raise ``NotAnObject``."""


class DataSource:
    """A decoded bundle (a dict of lists, as CSV and CRM readers and tests build it)."""

    validated = False

    def __init__(self, raw: Any):
        self.raw = raw

    def members(self) -> Iterator[tuple[str, Any]]:
        if not isinstance(self.raw, dict):
            raise NotAnObject
        for key, value in self.raw.items():
            yield key, Listed(iter(value)) if isinstance(value, list) else value


class ModelSource:
    """A bundle of models: whole records, so nothing to complete or validate."""

    validated = True

    def __init__(self, bundle: Bundle):
        self.bundle = bundle

    def members(self) -> Iterator[tuple[str, Any]]:
        for section in SECTIONS:
            yield section, Listed(iter(getattr(self.bundle, section)))


def file_problem(path: str | Path, exc: Unreadable) -> InvalidInput:
    """What the CLI says about a file that is not UTF-8 JSON."""
    if exc.too_deep:
        return InvalidInput(f"{path}: nested too deeply to be a bundle")
    return InvalidInput(f"{path}: not valid JSON ({exc.detail})")


class FileSource:
    """A bundle file (or a request body spooled to one), read as it streams."""

    validated = False

    def __init__(
        self, path: str | Path, unreadable: Callable[[Unreadable], InvalidInput] | None = None
    ):
        self.path = Path(path)
        self.unreadable = unreadable or (lambda exc: file_problem(path, exc))

    def members(self) -> Iterator[tuple[str, Any]]:
        try:
            with open_document(self.path) as stream:
                yield from read_document(stream)
        except FileNotFoundError:
            raise InvalidInput(f"{self.path}: no such file") from None
        except Unreadable as exc:
            raise self.unreadable(exc) from None


def as_source(data: Any) -> Source:
    """Any bundle a store is given as a ``Source``."""
    if isinstance(data, FileSource | DataSource | ModelSource):
        return data
    if isinstance(data, Bundle):
        return ModelSource(data)
    return DataSource(data)


@dataclass
class Survey:
    """What the first reading finds: where each section is, and every node id."""

    unknown: list[str] = field(default_factory=list)
    read: dict[str, int] = field(default_factory=dict)  # section -> the member that counts
    not_lists: list[str] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)  # id -> bit per node section naming it
    repeated: set[str] = field(default_factory=set)  # ids named more than once
    records: int = 0
    refs: int = 0  # reference fields set: each is written as one relationship

    def only(self, sections: Iterable[str]) -> Survey:
        """The same survey, reading only these sections."""
        keep = set(sections)
        return Survey(read={k: m for k, m in self.read.items() if k in keep}, ids=self.ids)

    def label(self, node_id: str) -> str | None:
        """The bundle's label for an id named in one node section only (else None)."""
        bits = self.ids.get(node_id, 0)
        if bits and bits & (bits - 1) == 0:
            return NODE_SPECS[bits.bit_length() - 1].label
        return None


REF_FIELDS_OF = {  # the reference fields stored as relationships
    spec.section: [r.field for r in REF_SPECS if r.section == spec.section] for spec in NODE_SPECS
}


def survey(source: Source) -> Survey:
    """The first reading. A section given twice counts once, as ``json.loads`` reads it: its
    last value (the rare file that does this is read once more to count only that)."""
    found, last = _survey(source, None)
    return found if last is None else _survey(source, last)[0]


def _survey(source: Source, only: dict[str, int] | None) -> tuple[Survey, dict[str, int] | None]:
    out = Survey()
    seen: dict[str, int] = {}
    twice = False
    for member, (key, value) in enumerate(source.members()):
        if key not in SECTIONS:
            if key not in out.unknown:
                out.unknown.append(key)
            continue
        twice = twice or key in seen
        seen[key] = member
        if (twice and only is None) or (only is not None and only[key] != member):
            continue
        if isinstance(value, Listed):
            _count(out, key, value, source.validated)
        elif value:  # null, {}, 0, "" and false read as an empty section
            out.not_lists.append(key)
    out.read = seen
    return out, seen if twice and only is None else None


def _count(out: Survey, section: str, items: Listed, validated: bool) -> None:
    """Count a section's records; note a node section's ids."""
    if section not in NODE_RANK:
        out.records += sum(1 for _ in items)
        return
    bit = 1 << NODE_RANK[section]
    ids, repeated = out.ids, out.repeated
    refs = REF_FIELDS_OF[section]
    for item in items:
        out.records += 1
        record = item.__dict__ if validated else item
        if not isinstance(record, dict):
            continue
        node_id = record.get("id")
        if isinstance(node_id, str):
            had = ids.get(node_id, 0)
            if had:
                repeated.add(node_id)
            ids[node_id] = had | bit
        out.refs += sum(1 for name in refs if record.get(name) is not None)


def field_problem(prefix: str, error: ErrorDetails) -> Problem:
    """One pydantic error as a problem at its location, in the documented words."""
    loc = ".".join(str(part) for part in error["loc"])
    where = f"{prefix}.{loc}" if loc else prefix
    kind = error["type"]
    if kind == "enum":
        allowed = error["ctx"]["expected"].replace("'", "").replace(" or ", ", ")
        return Problem(where, f"{error['input']!r} is not one of {allowed}")
    if kind == "extra_forbidden":
        return Problem(where, "unknown field")
    if kind == "missing":
        return Problem(where, "required field is missing")
    if error.get("input", "") is None:
        return Problem(where, "required: it cannot be cleared with null")
    message = error["msg"].removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        message = "must not be blank or start or end with white space"
    return Problem(where, message)


Found = list[tuple[Key, Problem]]


def validate_chunk(
    section: str, items: list[Any], start: int, found: Found
) -> tuple[Sequence[int], list[Any], list[int]]:
    """The chunk's valid records and their indexes in the section, and the indexes of the
    records that failed (their problems go to ``found``). One validator call when the chunk is
    clean; when it is not, the problems are gathered and the records that passed validated
    again."""
    adapter = section_adapter(section)
    try:
        return range(start, start + len(items)), adapter.validate_python(items), []
    except ValidationError:
        pass
    rank = SECTIONS.index(section)
    failed: dict[int, list[Problem]] = {
        i: [Problem(f"{section}[{start + i}]", "must be an object")]
        for i, item in enumerate(items)
        if not isinstance(item, dict)
    }
    positions = [i for i in range(len(items)) if i not in failed]
    try:
        adapter.validate_python([items[i] for i in positions])
    except ValidationError as exc:
        for error in exc.errors():
            at = positions[int(error["loc"][0])]
            failed.setdefault(at, []).append(
                field_problem(f"{section}[{start + at}]", {**error, "loc": error["loc"][1:]})
            )
    positions = [i for i in positions if i not in failed]
    models = adapter.validate_python([items[i] for i in positions])
    for i in sorted(failed):
        found += [((1, rank, start + i), p) for p in failed[i]]
    good = [start + i for i in positions]
    return good, models, [start + i for i in failed if isinstance(items[i], dict)]


@dataclass
class Chunk:
    """Up to CHUNK records of one section as read, and where they start in it."""

    section: str
    start: int
    items: list[Any]


@dataclass
class Checked:
    """A chunk after completion and validation."""

    chunk: Chunk
    at: Sequence[int]  # the index in the section of each valid record
    models: list[Any]  # the valid records
    failed: list[int]  # indexes of objects that failed validation
    labels: dict[str, str]  # the store's labels of the ids the chunk's records name
    done: list[Any]  # the records as completed


def chunks(source: Source, plan: Survey) -> Iterator[Chunk]:
    """Every section that counts, CHUNK records at a time, as read."""
    for member, (key, value) in enumerate(source.members()):
        if plan.read.get(key) != member or not isinstance(value, Listed):
            continue
        iterator, start = iter(value), 0
        while items := list(islice(iterator, CHUNK)):
            yield Chunk(key, start, items)
            start += len(items)


def checked(chunk: Chunk, held: Held | None, validated: bool, found: Found) -> Checked:
    """Complete a chunk from the store and validate it; its problems go to ``found``."""
    if validated:
        at: Sequence[int] = range(chunk.start, chunk.start + len(chunk.items))
        labels = held.labels_of(_chunk_ids(chunk.section, chunk.items)) if held else {}
        return Checked(chunk, at, chunk.items, [], labels, chunk.items)
    done, labels = complete(chunk.section, chunk.items, held)
    at, models, failed = validate_chunk(chunk.section, done, chunk.start, found)
    return Checked(chunk, at, models, failed, labels, done)


def valid(chunk: Chunk, held: Held | None, validated: bool) -> list[Any]:
    """The chunk's records completed and validated, for writing after a clean check; a
    problem now means the store changed since the check."""
    found: Found = []
    models = checked(chunk, held, validated, found).models
    if found:
        problems = [p for _, p in found]
        raise InvalidInput(
            f"bundle rejected: {len(problems)} problem(s) against the store as it is now "
            "(it changed since the bundle was checked)",
            problems,
        )
    return models


def _chunk_ids(section: str, models: list[Any]) -> set[str]:
    spec = EDGE_BY_SECTION.get(section)
    name = spec.src_field if spec else "id"
    return {getattr(m, name) for m in models}


class Checker:
    """The checks across records, fed a chunk at a time; ``finish`` raises every problem."""

    def __init__(self, plan: Survey, held: Held | None):
        self.plan, self.held = plan, held
        self.found: Found = [((0, n), _unknown(k)) for n, k in enumerate(plan.unknown)]
        self.found += [
            ((1, SECTIONS.index(s), -1), Problem(s, "must be a list")) for s in plan.not_lists
        ]
        # the bundle's label of each id one node section defines: a reference to it needs no
        # further look
        self.known = {i: NODE_LABEL_OF_BITS.get(bits) for i, bits in plan.ids.items()}
        self.labelled: dict[str, set[str]] = {}  # the same, by label
        for node_id, known_label in self.known.items():
            if known_label is not None:
                self.labelled.setdefault(known_label, set()).add(node_id)
        self.store_labels: dict[str, str | None] = {}
        self.valid_bits: dict[str, int] = {}  # ids named in several node sections
        self.failed_bits: dict[str, int] = {}
        self.deferred: list[Ref] = []  # references to those ids
        self.places: dict[str, list[tuple[int, int]]] = {}  # repeated ids: (section, index)
        self.boss: dict[str, str] = {}
        self.where: dict[str, int] = {}
        self.keys: dict[str, set[int]] = {s.section: set() for s in EDGE_SPECS}
        self.suspects: dict[str, set[int]] = {}  # relationship key hashes seen twice

    # -- feeding ------------------------------------------------------------------------------

    def chunk(self, result: Checked) -> None:
        """Check one chunk's records across the bundle and the store."""
        refs: list[Ref] = []
        section = result.chunk.section
        if section in NODE_RANK:
            self._nodes(result, refs)
        else:
            self._edges(section, result.at, result.models, refs)
        self._check_refs(refs)

    def _nodes(self, result: Checked, refs: list[Ref]) -> None:
        section, start = result.chunk.section, result.chunk.start
        labels, done = result.labels, result.done
        rank = NODE_RANK[section]
        spec = NODE_SPECS[rank]
        bit = 1 << rank
        repeated = self.plan.repeated
        for i in result.failed:
            raw_id = done[i - start].get("id")
            if isinstance(raw_id, str) and raw_id in repeated:
                self.failed_bits[raw_id] = self.failed_bits.get(raw_id, 0) | bit
        mine = [(r, s, f, t) for r, s, f, t in NODE_REFS if s == section]
        known = self.known
        held = self.held is not None
        people = section == "people"
        for i, node in zip(result.at, result.models, strict=True):
            node_id = node.id
            if node_id in repeated:
                self.places.setdefault(node_id, []).append((rank, i))
                self.valid_bits[node_id] = self.valid_bits.get(node_id, 0) | bit
            if held:
                old = labels.get(node_id)
                if old is not None and old != spec.label:
                    self.found.append(
                        (
                            (3, rank, i),
                            Problem(
                                f"{section}[{i}].id",
                                f"{node_id!r} is already a {NODE_BY_LABEL[old].noun} in the store",
                            ),
                        )
                    )
            for ref_rank, _, name, want in mine:
                target = getattr(node, name)
                if target is not None and known.get(target) != want:
                    refs.append(((4, ref_rank, i), section, i, name, target, want))
            if people:
                if node.reports_to is not None:
                    if node.reports_to == node_id:
                        self.found.append(
                            (
                                (5, 0, i),
                                Problem(
                                    f"people[{i}].reports_to",
                                    "a person cannot report to themselves",
                                ),
                            )
                        )
                    self.boss[node_id] = node.reports_to
                self.where[node_id] = i

    def _edges(self, section: str, at: Sequence[int], edges: list[Any], refs: list[Ref]) -> None:
        """A chunk's ends and keys, a column at a time: set operations find the few records
        that need a look of their own (an end not defined in the bundle with the right
        label, a key hash seen before)."""
        spec = EDGE_BY_SECTION[section]
        rank = EDGE_REF_RANK + EDGE_RANK[section]
        srcs = list(map(attrgetter(spec.src_field), edges))
        dsts = list(map(attrgetter(spec.dst_field), edges))
        for end, (name, ids, want) in enumerate(
            ((spec.src_field, srcs, spec.src_label), (spec.dst_field, dsts, spec.dst_label))
        ):
            defined = self.labelled.get(want, set())  # else defined with the right label
            if not defined.issuperset(ids):
                refs += [
                    ((4, rank, i, end), section, i, name, target, want)
                    for i, target in zip(at, ids, strict=True)
                    if target not in defined
                ]
        if section == "influences":
            self.found += [
                ((5, 1, i), Problem(f"{section}[{i}]", "a person cannot influence themselves"))
                for i, src, dst in zip(at, srcs, dsts, strict=True)
                if src == dst
            ]
        hashes = list(map(hash, map(attrgetter(*spec.key), edges)))
        seen = self.keys[section]
        fresh = set(hashes)
        if len(fresh) == len(hashes) and seen.isdisjoint(fresh):
            seen |= fresh  # the common case: no key seen twice
            return
        for hashed in hashes:
            if hashed in seen:
                self.suspects.setdefault(section, set()).add(hashed)
            else:
                seen.add(hashed)

    def _check_refs(self, refs: list[Ref]) -> None:
        label = self.plan.label
        ids = self.plan.ids
        ask = {r[4] for r in refs if r[4] not in ids and r[4] not in self.store_labels}
        if ask:
            stored = self.held.labels_of(ask) if self.held is not None else {}
            for target in ask:
                self.store_labels[target] = stored.get(target)
        for ref in refs:
            target, want = ref[4], ref[5]
            if target in ids:
                have = label(target)
                if have is None:
                    self.deferred.append(ref)
                    continue
            else:
                have = self.store_labels[target]
            if have != want:
                self.found.append((ref[0], _wrong_ref(ref, have)))

    # -- the end ------------------------------------------------------------------------------

    def finish(self, source: Source) -> None:
        """The checks that need every record seen; raise InvalidInput listing every problem."""
        for ref in self.deferred:
            have = self._bundle_label(ref[4])
            if have != ref[5]:
                self.found.append((ref[0], _wrong_ref(ref, have)))
        for node_id, places in self.places.items():
            places.sort()
            (rank, first), *rest = places
            also = f"{NODE_SPECS[rank].section}[{first}]"
            for rank, i in rest:
                where = f"{NODE_SPECS[rank].section}[{i}]"
                self.found.append(
                    (
                        (2, rank, i),
                        Problem(f"{where}.id", f"duplicate id {node_id!r} (also {also})"),
                    )
                )
        if self.suspects:
            self._duplicate_edges(source)
        self._cycles()
        if self.found:
            self.found.sort(key=lambda pair: pair[0])
            problems = [p for _, p in self.found]
            raise InvalidInput(
                f"bundle rejected: {len(problems)} problem(s), nothing written", problems
            )

    def _bundle_label(self, node_id: str) -> str | None:
        """The label of an id several node sections name: the first valid record's, in
        section order, else the first that failed."""
        bits = self.valid_bits.get(node_id, 0) or self.failed_bits.get(node_id, 0)
        if not bits:
            return None
        return NODE_SPECS[(bits & -bits).bit_length() - 1].label

    def _duplicate_edges(self, source: Source) -> None:
        """Read the sections whose keys hashed alike again and name each duplicate exactly."""
        for member_section, good in _valid_records(source, self.held, self.plan, self.suspects):
            spec = EDGE_BY_SECTION[member_section]
            key_of = attrgetter(*spec.key)
            suspects = self.suspects[member_section]
            first: dict[Any, int] = {}
            rank = 2 + EDGE_RANK[member_section]
            for i, edge in good:
                key = key_of(edge)
                if hash(key) not in suspects:
                    continue
                if key in first:
                    self.found.append(
                        (
                            (5, rank, i),
                            Problem(
                                f"{member_section}[{i}]",
                                f"duplicate of {member_section}[{first[key]}] "
                                f"(same {', '.join(spec.key)})",
                            ),
                        )
                    )
                else:
                    first[key] = i

    def _bosses(self) -> dict[str, str]:
        """Whom each person reports to: the bundle's people, then up their managers' chains
        as the store holds them (a partial update can close a loop through people it does
        not name)."""
        boss = dict(self.boss)
        known = set(self.where)
        ask = set(boss.values()) - known
        while self.held is not None and ask:
            known |= ask
            found = {
                f["id"]: f["reports_to"]
                for label, f in self.held.nodes(ask)
                if label == "Person" and f.get("reports_to")
            }
            boss.update(found)
            ask = set(found.values()) - known
        return boss

    def _cycles(self) -> None:
        boss = self._bosses()
        where = self.where
        reported: set[str] = set()
        for n, start in enumerate(where):
            chain, node = [start], boss.get(start)
            while node is not None and node not in chain and node in boss:
                chain.append(node)
                node = boss[node]
            if node in chain and node not in reported:
                cycle = chain[chain.index(node) :]
                reported.update(cycle)
                path = " → ".join([*cycle, cycle[0]])
                at = node if node in where else next((x for x in cycle if x in where), start)
                self.found.append(
                    ((6, n), Problem(f"people[{where[at]}].reports_to", f"reporting cycle {path}"))
                )


def _valid_records(
    source: Source, held: Held | None, plan: Survey, sections: dict[str, Any]
) -> Iterator[tuple[str, list[tuple[int, Any]]]]:
    """Every valid record of these sections, a section at a time (problems not kept)."""
    current: str | None = None
    gathered: list[tuple[int, Any]] = []
    for chunk in chunks(source, plan.only(sections)):
        if chunk.section != current and current is not None:
            yield current, gathered
            gathered = []
        current = chunk.section
        result = checked(chunk, held, source.validated, [])
        gathered += zip(result.at, result.models, strict=True)
    if current is not None:
        yield current, gathered


def _unknown(key: str) -> Problem:
    return Problem(str(key), f"unknown section; expected one of {', '.join(SECTIONS)}")


def _wrong_ref(ref: Ref, have: str | None) -> Problem:
    _, section, i, name, target, want = ref
    where = f"{section}[{i}].{name}"
    noun = NODE_BY_LABEL[want].noun
    if have is None:
        return Problem(where, f"unknown {noun} {target!r}")
    return Problem(where, f"{target!r} is a {NODE_BY_LABEL[have].noun}, not a {noun}")


def plan_of(source: Source) -> Survey:
    """The survey of a bundle, or the one problem of a document that is not an object."""
    try:
        return survey(source)
    except NotAnObject:
        raise InvalidInput(
            "bundle rejected: 1 problem(s), nothing written",
            [Problem("", "a bundle is a JSON object with lists per section")],
        ) from None


def check(
    source: Source, held: Held | None, plan: Survey | None = None
) -> Iterator[tuple[str, list[Any]]]:
    """Read and check a whole bundle, yielding each chunk's valid records (section, models)
    as it goes; raise InvalidInput listing every problem once it is all read. A caller that
    writes what it is given must undo it when this raises (SQLite: the transaction)."""
    plan = plan or plan_of(source)
    checker = Checker(plan, held)
    for chunk in chunks(source, plan):
        result = checked(chunk, held, source.validated, checker.found)
        checker.chunk(result)
        yield chunk.section, result.models
    checker.finish(source)
