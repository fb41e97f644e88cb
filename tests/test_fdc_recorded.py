"""The recorded FoodData Central answers are the real ones, byte for byte (sha256: their README)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

RECORDED = Path(__file__).resolve().parent / "data" / "fdc" / "recorded"
README = (RECORDED / "README.md").read_text(encoding="utf-8")
ROWS = re.findall(r"^\| `([^`]+\.json)` .*\| `([0-9a-f]{64})` \|$", README, re.M)


def test_the_readme_lists_all_five():
    assert len(ROWS) == 5


@pytest.mark.parametrize(("name", "sha256"), ROWS, ids=[r[0] for r in ROWS])
def test_recorded_answer_is_unchanged(name, sha256):
    assert hashlib.sha256((RECORDED / name).read_bytes()).hexdigest() == sha256
