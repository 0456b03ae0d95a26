"""The hostile views run in the same real Chromium as tests/browser."""

from tests.browser.conftest import browser  # noqa: F401  (the session's Chromium)
