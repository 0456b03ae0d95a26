"""docs/security.md backs every promise with a test: each test it names exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)?(?:::(\w+))?`")


def named_tests() -> list[tuple[str, str | None]]:
    """(file, test) for every reference; ``::name`` alone continues the last file named."""
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    found, last = [], None
    for file, test in REFERENCE.findall(text):
        last = file or last
        if last and (file or test):
            found.append((last, test or None))
    return found


def test_every_test_the_security_page_names_exists():
    references = named_tests()
    assert len(references) >= 30
    for file, test in references:
        path = ROOT / file
        assert path.exists(), file
        if test:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
            assert test in names, f"{file}::{test}"
