"""Settings and analysis parameters: what the environment and a config file change, and the
clear error a bad file gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphmap.config import AnalysisConfig, load_config
from graphmap.errors import InvalidInput
from graphmap.settings import Settings
from graphmap.store import resolve_store_url

DOCS = Path(__file__).resolve().parent.parent / "docs" / "operations.md"


def test_every_setting_is_documented_with_its_variable() -> None:
    documented = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", DOCS.read_text(), re.M))
    variables = set()
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        variables.add(alias if isinstance(alias, str) else f"GRAPHMAP_{name.upper()}")
    assert variables == documented


def test_the_environment_names_the_store_and_the_command_line_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GRAPHMAP_STORE", raising=False)
    assert resolve_store_url(None) == "sqlite:///graphmap.db"
    monkeypatch.setenv("GRAPHMAP_STORE", "neo4j://db.example:7687")
    assert resolve_store_url(None) == "neo4j://db.example:7687"
    assert resolve_store_url("sqlite:///other.db") == "sqlite:///other.db"


def test_neo4j_credentials_keep_the_neo4j_tools_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_USER", "reader")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret")
    monkeypatch.setenv("GRAPHMAP_NEO4J_BATCH_SIZE", "500")
    settings = Settings()
    assert (settings.neo4j_user, settings.neo4j_password) == ("reader", "s3cret")
    assert settings.neo4j_batch_size == 500


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("params.json", '{"alpha": 0.25, "strong_tie": 0.6, "currency": "EUR"}'),
        ("params.toml", 'alpha = 0.25\nstrong_tie = 0.6\ncurrency = "EUR"\n'),
    ],
)
def test_a_config_file_overrides_only_what_it_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    monkeypatch.setenv("GRAPHMAP_CONFIG", str(path))
    config = load_config()
    assert (config.alpha, config.strong_tie, config.currency) == (0.25, 0.6, "EUR")
    assert config.half_life_days == AnalysisConfig().half_life_days == 180.0


def test_an_explicit_path_wins_over_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "env.json").write_text('{"alpha": 0.1}')
    (tmp_path / "given.json").write_text('{"alpha": 0.9}')
    monkeypatch.setenv("GRAPHMAP_CONFIG", str(tmp_path / "env.json"))
    assert load_config(str(tmp_path / "given.json")).alpha == 0.9


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"alpha": 2}', "alpha"),
        ('{"half_life": 30}', "half_life"),  # a typo is an error, not silently ignored
        ("{not json", "config"),
    ],
)
def test_a_bad_config_file_names_the_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    path = tmp_path / "params.json"
    path.write_text(text)
    monkeypatch.setenv("GRAPHMAP_CONFIG", str(path))
    with pytest.raises(InvalidInput) as caught:
        load_config()
    assert message in str(caught.value) + " ".join(p.location for p in caught.value.problems)


def test_a_missing_config_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"params\.toml"):
        load_config(str(tmp_path / "params.toml"))
