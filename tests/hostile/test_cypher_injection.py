"""Cypher injection: every statement graphmap runs is a named query from graphmap/queries,
values travel as parameters, and names written to break out of a string literal are stored
as the text they are."""

from __future__ import annotations

import ast
from pathlib import Path

import graphmap

SOURCE = Path(graphmap.__file__).parent
BREAKOUTS = [
    "x'}) DETACH DELETE n //",
    'x"}) MATCH (m) DETACH DELETE m //',
    "x` SET n:Admin //",
    "$id ${id} {id}",
]


def run_calls() -> list[tuple[Path, ast.Call]]:
    """Every ``<something>.run(...)`` call on a Neo4j session or transaction."""
    found = []
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "run"
                and isinstance(node.func.value, ast.Name | ast.Attribute)
                and (getattr(node.func.value, "id", None) or node.func.value.attr)
                in ("tx", "session")
            ):
                found.append((path, node))
    return found


def test_every_statement_run_is_a_named_query():
    calls = run_calls()
    assert len(calls) >= 10  # the scan does find the store's statements
    for path, call in calls:
        first = call.args[0]
        assert (
            isinstance(first, ast.Call)
            and isinstance(first.func, ast.Attribute)
            and first.func.attr
            in ("load", "decision_reach", "handover_reach", "person_reach", "ego_reach")
            and getattr(first.func.value, "id", None) == "queries"
        ), f"{path.name}:{call.lineno} runs Cypher that does not come from graphmap/queries"


def test_names_that_try_to_break_out_are_stored_as_text(store):
    people = [
        {"id": f"p{k}", "name": text, "title": text, "organization_id": "o"}
        for k, text in enumerate(BREAKOUTS)
    ]
    store.import_bundle({"organizations": [{"id": "o", "name": BREAKOUTS[0]}], "people": people})
    assert [store.get("Person", f"p{k}").name for k in range(len(BREAKOUTS))] == BREAKOUTS
    assert store.get("Organization", "o").name == BREAKOUTS[0]
    assert len(store.export_bundle().people) == len(BREAKOUTS)  # nothing deleted
