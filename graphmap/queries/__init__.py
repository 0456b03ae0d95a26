"""Every Cypher statement graphmap runs, kept in .cypher files and loaded by name.

A file holds one query named by its stem, or several blocks each opened by a line
``// name: query_name``. Nothing else in the code base builds Cypher: values travel as
parameters, and labels and relationship types are written here, never taken from input.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

NAME_MARK = "// name:"


def _blocks(stem: str, text: str) -> dict[str, str]:
    if NAME_MARK not in text:
        return {stem: text.strip()}
    out: dict[str, str] = {}
    name = None
    for line in text.splitlines():
        if line.startswith(NAME_MARK):
            name = line.removeprefix(NAME_MARK).strip()
            out[name] = ""
        elif name is not None:
            out[name] += line + "\n"
    return {k: v.strip() for k, v in out.items()}


@cache
def all_queries() -> dict[str, str]:
    """Every named query in the package's .cypher files, read once."""
    found: dict[str, str] = {}
    for entry in files(__name__).iterdir():
        if entry.name.endswith(".cypher"):
            for name, text in _blocks(
                entry.name.removesuffix(".cypher"), entry.read_text()
            ).items():
                if name in found:
                    raise RuntimeError(f"query {name!r} is defined twice")
                found[name] = text
    return found


def load(name: str) -> str:
    """The text of one named query."""
    try:
        return all_queries()[name]
    except KeyError:
        raise KeyError(f"no query named {name!r} in queries/") from None


def _walk(name: str, max_hops: int) -> str:
    """A bulk extraction for ``max_hops`` (already checked to be 0..12 by the caller): its
    named blocks, the hop block once per hop."""
    blocks = [f"{name}_start", *[f"{name}_hop"] * max_hops, f"{name}_end"]
    return "\n".join(load(block) for block in blocks)


def decision_reach(max_hops: int) -> str:
    """``decision_reach`` for ``max_hops``: one of the queries assembled from blocks."""
    return _walk("decision_reach", max_hops)


def handover_reach(max_hops: int) -> str:
    """``handover_reach`` for ``max_hops``: another query assembled from blocks."""
    return _walk("handover_reach", max_hops)


def person_reach(hops: int) -> str:
    """``person_reach`` for ``hops``: another query assembled from blocks."""
    return _walk("person_reach", hops)


def ego_reach(hops: int) -> str:
    """``ego_reach`` for ``hops``: the last query assembled from blocks."""
    return _walk("ego_reach", hops)
