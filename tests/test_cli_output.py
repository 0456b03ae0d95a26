"""What the terminal shows: the plan first, 80 columns, words for codes, leaving staff marked."""

from __future__ import annotations

import copy

import pytest
from typer.testing import CliRunner

from graphmap.cli import app
from tests.fixtures import WORKED

AS_OF = "2026-11-22"


@pytest.fixture
def db(tmp_path):
    """The worked example with S2 leaving in 2027; S2 knows C (0.4)."""
    raw = copy.deepcopy(WORKED)
    raw["staff"][1].update(status="leaving", leaves_on="2027-03-01")
    bundle = tmp_path / "worked.json"
    import json

    bundle.write_text(json.dumps(raw), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'g.db'}"
    assert CliRunner().invoke(app, ["--store", url, "import", str(bundle)]).exit_code == 0
    return url


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return result.output


def cells(table_text: str, column: int) -> str:
    """One column of a rich table, its wrapped lines joined by spaces."""
    rows = [line.split("│") for line in table_text.splitlines() if line.startswith("│")]
    return " ".join(" ".join(r[column + 1].split()) for r in rows if len(r) > column + 1).strip()


def test_influence_shows_the_plan_first_within_80_columns(db):
    text = run("--store", db, "influence", "BID", "--as-of", AS_OF)
    assert text.index("Who to reach, through whom") < text.index("Decision network")
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "technical" in text and "evaluator" in text and "technical_evaluator" not in text
    assert "tender" in text and "40,000,000" in text
    # the plan's one action: Bea Tech, reached by Sam Lead through Cal Advisor at 0.50
    plan = text[text.index("Who to reach") : text.index("Decision network")]
    assert cells(plan, 2).startswith("Bea Tech")
    assert cells(plan, 4) == "Sam Lead → Cal Advisor → Bea Tech (0.50)"
    assert "Sky Estimator (leaving on 2027-03-01)" in " ".join(text.split())


def test_paths_mark_ties_held_by_leaving_staff(db):
    text = " ".join(run("--store", db, "paths", "C", "--as-of", AS_OF).split())
    assert "Sky Estimator (0.40, last contact unknown) — leaving 2027-03-01" in text
    assert "Sam Lead (0.50, last contact unknown)" in text
    assert "Sam Lead (0.50, last contact unknown) — leaving" not in text
