"""Shared fixtures: where the shared gold sets are (skipped with a message when absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("JOBSIEVE_SHARED", ROOT.parent / "shared"))
CASES = Path(__file__).resolve().parent / "cases"


def shared_path(*parts: str) -> Path:
    """A path under the shared sets, or skip the test saying what is missing."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"shared gold set not found at {p} (set JOBSIEVE_SHARED to run this test)")
    return p


@pytest.fixture
def shared():
    return shared_path
