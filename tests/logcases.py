"""The day logs under tests/data/logs and their hand-worked expectations (shared by report tests).

Each ``NAME.txt`` has a ``NAME.expected.yaml`` beside it: the foods.csv row and the grams of every
line, with the arithmetic written out in comments, the totals, the coverage and the status per
nutrient. Nothing in an expected file comes from running nutricheck.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from conftest import ROOT

LOGS = ROOT / "tests" / "data" / "logs"
NAMES = ("runner_day", "vegetarian_day", "messy_day", "missing_vitamin_d_day", "meets_all_day")


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    expected: dict[str, Any]

    @property
    def profile(self) -> dict[str, Any]:
        return self.expected["profile"]

    @property
    def cli_profile(self) -> list[str]:
        """The profile as report options, e.g. ``--sex female --age 34 --vegetarian``."""
        p = self.profile
        args = ["--sex", p["sex"], "--age", str(p["age"])]
        return args + (["--vegetarian"] if p.get("vegetarian") else [])

    def person(self) -> Any:
        from nutricheck import Profile

        p = self.profile
        return Profile.create(p["sex"], p["age"], vegetarian=bool(p.get("vegetarian")))

    @property
    def lines(self) -> list[str]:
        return self.path.read_text(encoding="utf-8").splitlines()


@cache
def case(name: str) -> Case:
    expected = yaml.safe_load((LOGS / f"{name}.expected.yaml").read_text(encoding="utf-8"))
    return Case(name, LOGS / expected["log"], expected)


@cache
def foods_rows() -> dict[str, dict[str, str]]:
    with (ROOT / "data" / "foods.csv").open(encoding="utf-8", newline="") as f:
        return {r["food_key"]: r for r in csv.DictReader(f)}


@cache
def portion_rows() -> dict[tuple[str, str], float]:
    with (ROOT / "data" / "portions.csv").open(encoding="utf-8", newline="") as f:
        return {(r["food_key"], r["description"]): float(r["grams"]) for r in csv.DictReader(f)}
