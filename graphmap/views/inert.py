"""Text that reaches a terminal stays text: control characters show as their code.

The model refuses control characters in every id, name and note (docs/security.md), so none
comes in through graphmap. A store can still hold one written some other way (Cypher by hand,
another tool), and a terminal would obey it: ``\\x1b[1A\\x1b[2K`` erases the line above. The
CLI prints everything through ``inert`` or an ``InertConsole``, which show such a character as
``\\u001b``: readable, and the same escape JSON uses, so JSON output stays valid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.console import Console
from rich.segment import Segment

# C0 controls but tab and line feed, DEL, C1 controls, bidirectional controls
HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def inert(text: str) -> str:
    """``text`` with every control character written as its ``\\uXXXX`` code."""
    return HIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class InertConsole(Console):
    """A rich console that prints user text inert; its own styling and cursor control (a
    progress bar) still work, since those are added after the text is made inert."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment if segment.control else Segment(inert(segment.text), segment.style)
            for segment in buffer
        )
