"""Reading, checking and writing the interchange bundle.

Checking collects every problem in one pass, each with its location
(``people[12].organization_id: unknown organization 'org-9'``), so a user fixes a file once,
not once per error. Nothing is written anywhere until the whole bundle is clean.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from operator import attrgetter
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from graphmap.errors import InvalidInput, Problem
from graphmap.model import (
    EDGE_BY_SECTION,
    EDGE_SPECS,
    ID_PROPS,
    NODE_BY_LABEL,
    NODE_BY_SECTION,
    NODE_SPECS,
    REF_SPECS,
    Bundle,
    Record,
    section_adapter,
)
from graphmap.partial import Held, complete

SECTIONS = tuple(Bundle.model_fields)

# Given ids the bundle does not define, say which the store holds and under which label.
Lookup = Callable[[set[str]], dict[str, str]]

Indexed = dict[str, list[tuple[int, Any]]]


def _field_problem(prefix: str, error: ErrorDetails) -> Problem:
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


def _validate_section(
    section: str, items: list[Any], raw_ids: dict[str, tuple[str, str]]
) -> tuple[list[tuple[int, Any]], list[Problem]]:
    """The section's valid records with their original index, and every problem, in record
    order. One validator call when the section is clean; a second over the records that
    passed when it is not."""
    positions = [i for i, item in enumerate(items) if isinstance(item, dict)]
    found: dict[int, list[Problem]] = {
        i: [Problem(f"{section}[{i}]", "must be an object")]
        for i, item in enumerate(items)
        if not isinstance(item, dict)
    }
    adapter = section_adapter(section)
    try:
        models = adapter.validate_python([items[i] for i in positions])
    except ValidationError as exc:
        for error in exc.errors():
            at = positions[int(error["loc"][0])]
            where = f"{section}[{at}]"
            found.setdefault(at, []).append(
                _field_problem(where, {**error, "loc": error["loc"][1:]})
            )
            raw_id = items[at].get("id")
            if section in NODE_BY_SECTION and isinstance(raw_id, str):
                raw_ids.setdefault(raw_id, (section, where))
        positions = [i for i in positions if i not in found]
        models = adapter.validate_python([items[i] for i in positions])
    return list(zip(positions, models, strict=True)), [p for i in sorted(found) for p in found[i]]


def _parse_sections(raw: Any) -> tuple[Indexed, list[Problem], dict[str, tuple[str, str]]]:
    """Validate every section; return the good records with their original index."""
    problems: list[Problem] = []
    indexed: Indexed = {s: [] for s in SECTIONS}
    raw_ids: dict[str, tuple[str, str]] = {}  # ids of records that failed, so refs still resolve
    if not isinstance(raw, dict):
        return indexed, [Problem("", "a bundle is a JSON object with lists per section")], raw_ids
    for key in raw:
        if key not in SECTIONS:
            problems.append(
                Problem(str(key), f"unknown section; expected one of {', '.join(SECTIONS)}")
            )
    for section in SECTIONS:
        items = raw.get(section) or []
        if not isinstance(items, list):
            problems.append(Problem(section, "must be a list"))
            continue
        indexed[section], found = _validate_section(section, items, raw_ids)
        problems += found
    return indexed, problems, raw_ids


def _check_node_ids(
    indexed: Indexed, lookup: Lookup | None, raw_ids: dict[str, tuple[str, str]]
) -> tuple[dict[str, str], list[Problem]]:
    """Ids are unique across every node kind; return id -> label for the bundle and the store."""
    problems: list[Problem] = []
    first: dict[str, str] = {}
    labels: dict[str, str] = {rid: NODE_BY_SECTION[sec].label for rid, (sec, _) in raw_ids.items()}
    for spec in NODE_SPECS:
        for i, node in indexed[spec.section]:
            where = f"{spec.section}[{i}]"
            if node.id in first:
                problems.append(
                    Problem(f"{where}.id", f"duplicate id {node.id!r} (also {first[node.id]})")
                )
                continue
            first[node.id] = where
            labels[node.id] = spec.label
    if lookup is not None and first:
        stored = lookup(set(first))
        for spec in NODE_SPECS:
            for i, node in indexed[spec.section]:
                old = stored.get(node.id)
                if old is not None and old != spec.label:
                    noun = NODE_BY_LABEL[old].noun
                    problems.append(
                        Problem(
                            f"{spec.section}[{i}].id",
                            f"{node.id!r} is already a {noun} in the store",
                        )
                    )
    return labels, problems


# (section, index, field, target id, expected label); the location is spelled only when wrong
Ref = tuple[str, int, str, str, str]


def _collect_refs(indexed: Indexed) -> list[Ref]:
    """Every reference that the bundle's records make, in record order."""
    refs: list[Ref] = []
    for ref in (*REF_SPECS, *ID_PROPS):
        for i, node in indexed[ref.section]:
            target = getattr(node, ref.field)
            if target is not None:
                refs.append((ref.section, i, ref.field, target, ref.target_label))
    for spec in EDGE_SPECS:
        ends = attrgetter(spec.src_field, spec.dst_field)
        for i, edge in indexed[spec.section]:
            src, dst = ends(edge)
            refs.append((spec.section, i, spec.src_field, src, spec.src_label))
            refs.append((spec.section, i, spec.dst_field, dst, spec.dst_label))
    return refs


def _check_refs(indexed: Indexed, labels: dict[str, str], lookup: Lookup | None) -> list[Problem]:
    refs = _collect_refs(indexed)
    missing = {target for *_, target, _ in refs if target not in labels}
    if lookup is not None and missing:
        labels = {**labels, **lookup(missing)}
    problems = []
    for section, i, field, target, want in refs:
        have = labels.get(target)
        if have == want:
            continue
        where, noun = f"{section}[{i}].{field}", NODE_BY_LABEL[want].noun
        if have is None:
            problems.append(Problem(where, f"unknown {noun} {target!r}"))
        else:
            problems.append(
                Problem(where, f"{target!r} is a {NODE_BY_LABEL[have].noun}, not a {noun}")
            )
    return problems


def _check_edges(indexed: Indexed) -> list[Problem]:
    problems = []
    for i, person in indexed["people"]:
        if person.reports_to is not None and person.reports_to == person.id:
            problems.append(
                Problem(f"people[{i}].reports_to", "a person cannot report to themselves")
            )
    for i, edge in indexed["influences"]:
        if edge.from_id == edge.to_id:
            problems.append(Problem(f"influences[{i}]", "a person cannot influence themselves"))
    for spec in EDGE_SPECS:
        key_of = attrgetter(*spec.key)
        seen: dict[Any, int] = {}
        for i, edge in indexed[spec.section]:
            key = key_of(edge)
            if key in seen:
                problems.append(
                    Problem(
                        f"{spec.section}[{i}]",
                        f"duplicate of {spec.section}[{seen[key]}] (same {', '.join(spec.key)})",
                    )
                )
            else:
                seen[key] = i
    return problems


def _bosses(indexed: Indexed, held: Held | None) -> dict[str, str]:
    """Whom each person reports to: the bundle's people, then up their managers' chains as the
    store holds them (a partial update can close a loop through people it does not name)."""
    boss = {p.id: p.reports_to for _, p in indexed["people"] if p.reports_to}
    known = {p.id for _, p in indexed["people"]}
    ask = set(boss.values()) - known
    while held is not None and ask:
        known |= ask
        found = {
            f["id"]: f["reports_to"]
            for label, f in held.nodes(ask)
            if label == "Person" and f.get("reports_to")
        }
        boss.update(found)
        ask = set(found.values()) - known
    return boss


def _check_reporting_cycles(indexed: Indexed, held: Held | None) -> list[Problem]:
    boss = _bosses(indexed, held)
    where = {p.id: i for i, p in indexed["people"]}
    problems, reported = [], set()
    for start in where:
        chain, node = [start], boss.get(start)
        while node is not None and node not in chain and node in boss:
            chain.append(node)
            node = boss[node]
        if node in chain and node not in reported:
            cycle = chain[chain.index(node) :]
            reported.update(cycle)
            path = " → ".join([*cycle, cycle[0]])
            at = node if node in where else next((n for n in cycle if n in where), start)
            problems.append(Problem(f"people[{where[at]}].reports_to", f"reporting cycle {path}"))
    return problems


def _cross_check(
    indexed: Indexed,
    problems: list[Problem],
    held: Held | None,
    raw_ids: dict[str, tuple[str, str]],
) -> Bundle:
    lookup = held.labels_of if held else None
    labels, id_problems = _check_node_ids(indexed, lookup, raw_ids)
    problems = problems + id_problems
    problems += _check_refs(indexed, labels, lookup)
    problems += _check_edges(indexed)
    problems += _check_reporting_cycles(indexed, held)
    if problems:
        raise InvalidInput(
            f"bundle rejected: {len(problems)} problem(s), nothing written", problems
        )
    return Bundle(**{s: [m for _, m in indexed[s]] for s in SECTIONS})


def check_bundle(raw: Any, held: Held | None = None) -> Bundle:
    """Parse and check a raw bundle (decoded JSON); raise InvalidInput listing every problem.

    ``held`` is the store as seen by the import's transaction: records that update what it
    holds are completed from it first (``partial.complete``: omitted keeps, null clears), and
    ids the bundle refers to but does not define resolve against it. Without it every record
    is new and every reference must be defined inside the bundle.
    """
    indexed, problems, raw_ids = _parse_sections(complete(raw, held))
    return _cross_check(indexed, problems, held, raw_ids)


def check_models(bundle: Bundle, held: Held | None = None) -> Bundle:
    """Check a bundle of models (API PUT bodies, the demo) against the cross-record rules.
    A model is a whole record, so it replaces what the store holds."""
    indexed = {s: list(enumerate(getattr(bundle, s))) for s in SECTIONS}
    return _cross_check(indexed, [], held, {})


def check_any(data: Bundle | Any, held: Held | None = None) -> Bundle:
    """Check either a decoded JSON bundle or one already made of models."""
    if isinstance(data, Bundle):
        return check_models(data, held)
    return check_bundle(data, held)


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
    """A bundle file checked on its own (``graphmap check``)."""
    return check_bundle(read_json(path))


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
