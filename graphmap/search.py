"""Finding nodes by name: substring search, and "did you mean" for unknown ids.

Matching is case- and accent-insensitive: both sides are NFKD-normalised, stripped of combining
marks and case-folded in Python (SQL ``LIKE`` and Cypher ``CONTAINS`` fold neither accents nor
every script's case). The store returns only ids, labels, names and titles for this, which at
the sizes graphmap serves (tens of thousands of nodes) is a few milliseconds.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, Field

from graphmap.errors import NotFound
from graphmap.model import NODE_BY_LABEL, Node
from graphmap.store.base import GraphStore

SUGGESTIONS = 3
CUTOFF = 0.5  # difflib similarity below which a name is not worth suggesting
KIND = {"Organization": "organization", "Person": "person", "Staff": "staff", "Project": "bid"}


class Match(BaseModel):
    """A node whose name or title matched, with its id and label."""

    id: str = Field(description="The node's id.")
    kind: str = Field(description="organization, person, staff or bid.")
    name: str = Field(description="Its name.")
    title: str | None = Field(None, description="A person's title or a staff member's role.")


def fold(text: str) -> str:
    """Text as it is compared: no accents, no case, compatibility forms unified."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def find(
    store: GraphStore, text: str, labels: Iterable[str] | None = None, limit: int = 50
) -> list[Match]:
    """Nodes whose name or title contains ``text``: names starting with it first, then other
    name matches, then title matches; alphabetical within each."""
    wanted = fold(text.strip())
    ranked = []
    for node_id, label, name, title in store.names(labels or KIND):
        folded = fold(name or "")
        if wanted in folded:
            rank = 0 if folded.startswith(wanted) else 1
        elif title and wanted in fold(title):
            rank = 2
        else:
            continue
        ranked.append(
            (rank, folded, node_id, Match(id=node_id, kind=KIND[label], name=name, title=title))
        )
    ranked.sort(key=lambda r: r[:3])
    return [m for *_, m in ranked[:limit]]


def unknown_id(store: GraphStore, label: str | None, node_id: str) -> NotFound:
    """The NotFound for an id the store lacks, naming the closest names and ids it holds
    (difflib similarity of either to the id given, cheap bounds first as in
    ``difflib.get_close_matches``, so a large store answers quickly)."""
    noun = NODE_BY_LABEL[label].noun if label else "node"
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(fold(node_id))

    def similarity(text: str) -> float:
        matcher.set_seq1(fold(text))
        if matcher.real_quick_ratio() < CUTOFF or matcher.quick_ratio() < CUTOFF:
            return 0.0
        return matcher.ratio()

    scored = []
    for known_id, _, name, _ in store.names([label] if label else KIND):
        score = max(similarity(known_id), similarity(name or ""))
        if score >= CUTOFF:
            scored.append((-score, known_id, name))
    closest = sorted(scored)[:SUGGESTIONS]
    hint = "; did you mean: " + ", ".join(f"{n} ({i})" for _, i, n in closest) if closest else ""
    return NotFound(f"no {noun} with id {node_id!r}{hint}")


def list_named(
    store: GraphStore, label: str, name: str, filters: dict[str, str], offset: int, limit: int
) -> list[Node]:
    """A page of ``label`` nodes whose name or title contains ``name``, the other list filters
    applied as the store applies them (equal values), ordered by id."""
    model = NODE_BY_LABEL[label].model
    ids = sorted(m.id for m in find(store, name, [label], limit=10**9))
    fields: list[dict[str, Any]] = [f for _, f in store.nodes(ids)]
    kept = [f for f in fields if all(str(f.get(k)) == v for k, v in filters.items())]
    kept.sort(key=lambda f: f["id"])
    return [model.model_validate(f) for f in kept[offset : offset + limit]]
