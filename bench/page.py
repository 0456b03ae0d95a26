"""The benchmarks page is written by several commands; each replaces only its own section."""

from __future__ import annotations

from pathlib import Path


def replace_section(path: Path, heading: str, text: str) -> None:
    """Put ``text`` (which starts with ``heading``) where that section stands on the page, or
    at its end, leaving every other section as it is."""
    page = path.read_text(encoding="utf-8") if path.exists() else ""
    head, found, tail = page.partition(heading)
    rest = tail[tail.find("\n## ") + 1 :] if found and "\n## " in tail else ""
    body = text.rstrip("\n") + "\n"
    path.write_text(
        (head.rstrip() + "\n\n" if head.strip() else "") + body + ("\n" + rest if rest else ""),
        encoding="utf-8",
    )
