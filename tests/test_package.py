"""The installed package: one top-level name in site-packages, its data files, its version."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import graphmap

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_installs_only_graphmap(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "--quiet", "--wheel-dir", str(tmp_path)],
        check=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("graphmap-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {
        name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")
    }
    assert top_level == {"graphmap"}
    for packaged in (
        "graphmap/py.typed",
        "graphmap/demo_words.json",
        "graphmap/queries/read.cypher",
        "graphmap/api/main.py",
        "graphmap/views/catalogues/zh.json",
    ):
        assert packaged in names


def test_version_comes_from_the_package_metadata() -> None:
    from importlib.metadata import version

    assert graphmap.__version__ == version("graphmap")
    assert graphmap.__version__ != "0+unknown"


def test_public_names_resolve() -> None:
    for name in graphmap.__all__:
        assert getattr(graphmap, name) is not None
