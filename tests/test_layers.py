"""The import direction: model → store → analysis → views / API / CLI, never back up.

Read from the source (every ``import`` and ``from … import`` in graphmap/, including those inside
functions), so a lazy import cannot hide an upward dependency."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "graphmap"

# module prefix -> graphmap modules it must not import
FORBIDDEN = {
    "graphmap.model": ("graphmap.store", "graphmap.analysis", "graphmap.views", "graphmap.api",
                       "graphmap.cli", "graphmap.service"),
    "graphmap.graph": ("graphmap.store", "graphmap.analysis", "graphmap.views", "graphmap.api"),
    "graphmap.store": ("graphmap.analysis", "graphmap.views", "graphmap.api", "graphmap.cli",
                       "graphmap.service", "graphmap.portfolio_service"),
    "graphmap.analysis": ("graphmap.store", "graphmap.views", "graphmap.api", "graphmap.cli",
                          "graphmap.service", "graphmap.portfolio_service"),
    "graphmap.views": ("graphmap.api", "graphmap.cli"),
    "graphmap.api": ("graphmap.cli",),
    "graphmap.keys": ("graphmap.api", "graphmap.cli"),
}  # fmt: skip


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("graphmap")}


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) for p in MODULES])
def test_no_module_imports_a_layer_above_its_own(path: Path) -> None:
    name = module_name(path)
    rules = [bad for prefix, bad in FORBIDDEN.items() if f"{name}.".startswith(f"{prefix}.")]
    upward = {
        imported
        for imported in imports_of(path)
        for bad in rules
        for layer in bad
        if f"{imported}.".startswith(f"{layer}.")
    }
    assert not upward, f"{name} imports {sorted(upward)}"
