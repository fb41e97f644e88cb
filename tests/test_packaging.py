"""The wheel carries the data, and the data is found from any working directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT

# Every data file the project has (so a new one cannot be left out of the wheel unnoticed).
DATA_FILES = sorted(
    p.name for p in (ROOT / "data").iterdir() if p.suffix in {".csv", ".yaml", ".md"}
)
assert {"foods.csv", "portions.csv", "targets.yaml", "aliases.csv", "unit_factors.csv"} <= set(
    DATA_FILES
)


@pytest.mark.slow
def test_wheel_contains_the_data(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("nutricheck-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in DATA_FILES:
        assert f"nutricheck/data/{name}" in names, name
    with zipfile.ZipFile(wheel) as zf:
        assert zf.read("nutricheck/data/foods.csv") == (ROOT / "data" / "foods.csv").read_bytes()


@pytest.mark.slow
def test_data_found_from_another_directory(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "nutricheck", "foods", "show", "sr28:09040"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Bananas, raw" in out.stdout
