"""Shared fixtures. Tests that read ../shared (seeds, dev sets) use the `shared_dir` fixture and
are marked `shared`; CI has ../shared, so they run there."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from newsgraph.nlp.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "newsgraph" / "data" / "samples"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (CI and developer machines have it)")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    from newsgraph.nlp.pipeline import Pipeline

    return Pipeline()
