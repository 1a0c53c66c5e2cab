"""Shared fixtures: the repository's seed issues and the `tema` binary."""

import os
import pathlib
import shutil

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def seed_2022() -> pathlib.Path:
    return ROOT / "seeds" / "kita-2022-autumn.txt"


@pytest.fixture(scope="session")
def seed_2024() -> pathlib.Path:
    return ROOT / "seeds" / "kita-2024-autumn.txt"


@pytest.fixture(scope="session")
def tema_bin() -> str:
    """The command line to compare with: $TEMA_BIN, the release build of this tree, or PATH's."""
    candidates = [os.environ.get("TEMA_BIN"), str(ROOT / "target" / "release" / "tema")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("tema")
    if found is None:
        pytest.fail("no tema binary: build it with `cargo build --release` or set TEMA_BIN")
    return found
