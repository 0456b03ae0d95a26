"""A view as a PDF, printed by headless Chromium with the page's own print stylesheet.

The page draws its graph with JavaScript on a canvas, so it must run before printing: Chromium
loads it with a virtual-time budget, then prints with the page's ``@page`` rules (landscape
A4). Chromium is found as ``GRAPHMAP_CHROMIUM``, else ``chromium`` or ``chromium-browser`` on
the PATH; without it the error says what to install.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from graphmap.errors import InvalidInput
from graphmap.settings import Settings

QUIET = [  # Chromium with no network to call home to: the PDFs, the tests and the benchmarks
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
FLAGS = [*QUIET, "--headless", "--no-pdf-header-footer", "--virtual-time-budget=15000"]


def chromium() -> str:
    """The Chromium binary to print with."""
    named = Settings().chromium
    for candidate in ([named] if named else []) + ["chromium", "chromium-browser"]:
        found = shutil.which(candidate)
        if found:
            return found
    raise InvalidInput(
        "--pdf needs Chromium: install it (Debian/Ubuntu: apt-get install chromium) or set "
        "GRAPHMAP_CHROMIUM to its path; the HTML view needs nothing (use -o FILE.html)"
    )


def write_pdf(html: str, out: Path, timeout: float = 120) -> None:
    """Print ``html`` to ``out`` with headless Chromium."""
    binary = chromium()
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "view.html"
        page.write_text(html, encoding="utf-8")
        profile = Path(folder) / "profile"
        result = subprocess.run(
            [
                binary,
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--print-to-pdf={out.resolve()}",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    if result.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        raise InvalidInput(f"Chromium could not print {out}: {result.stderr.strip()[-400:]}")
