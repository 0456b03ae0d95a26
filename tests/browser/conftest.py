"""The app served over real HTTP on loopback for the real headless Chromium (the ``browser``
fixture, in tests/conftest.py so every test folder shares one)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class Served:
    def __init__(self, app, port: int):
        import uvicorn

        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.base = f"http://127.0.0.1:{port}"

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "the app did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=10)


def watched_page(browser, bypass_csp: bool = True):
    """A page that blocks and records every non-local request, console error and failure.
    The views' own CSP is bypassed by default so tests can evaluate script in them."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=bypass_csp)
    page = context.new_page()
    page.log = {"blocked": [], "failed": [], "errors": [], "dialogs": []}

    def route(r):
        host = r.request.url.split("/")[2] if "://" in r.request.url else ""
        if r.request.url.startswith(("data:", "blob:")) or host.split(":")[0] in (
            "127.0.0.1",
            "localhost",
        ):
            r.continue_()
        else:
            page.log["blocked"].append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("requestfailed", lambda req: page.log["failed"].append((req.url, req.failure)))
    page.on("console", lambda m: m.type == "error" and page.log["errors"].append(m.text))
    page.on("pageerror", lambda e: page.log["errors"].append(str(e)))

    def on_dialog(dialog):
        page.log["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return page
