"""Print and PDF: one landscape page for a bid, the handover checklist as a document."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from graphmap.cli import app
from graphmap.errors import InvalidInput
from graphmap.views import pdf
from tests.conftest import DEMO_TODAY

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, demo):
    from graphmap.store.sqlite import SQLiteStore

    path = tmp_path_factory.mktemp("print") / "demo.db"
    store = SQLiteStore(path)
    store.import_bundle(demo)
    store.close()
    return f"sqlite:///{path}"


def pages_in(file) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", file.read_bytes()))


def test_bid_prints_on_one_page_and_handover_adds_its_checklist(browser, demo_db, tmp_path):
    bid, handover = tmp_path / "bid.pdf", tmp_path / "handover.pdf"
    for kind, node, out in (("bid", "prj-001", bid), ("staff", "stf-001", handover)):
        result = CliRunner().invoke(
            app,
            ["--store", demo_db, "view", kind, node, "--pdf", str(out), "--as-of", str(DEMO_TODAY)],
        )
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(b"%PDF")
    assert pages_in(bid) == 1
    assert pages_in(handover) > 1  # the map, then the checklist


def test_a_chinese_pdf_embeds_a_cjk_font(browser, demo_db, tmp_path):
    out = tmp_path / "zh.pdf"
    args = ["--store", demo_db, "view", "bid", "prj-001", "--pdf", str(out), "--lang", "zh"]
    assert CliRunner().invoke(app, [*args, "--as-of", str(DEMO_TODAY)]).exit_code == 0
    assert b"CJK" in out.read_bytes()  # the Chinese words are set in a CJK font, not boxes


def test_without_chromium_the_error_says_what_to_install(monkeypatch):
    monkeypatch.delenv("GRAPHMAP_CHROMIUM", raising=False)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(InvalidInput, match="apt-get install chromium"):
        pdf.chromium()
