"""Foods that would close a gap: everyday portions of common foods, amounts computed from the table.

data/suggestions.csv is a hand-kept list of *which* foods and portions are everyday ones (each row
tested in tests/test_suggest.py); every amount shown is computed here from data/foods.csv and
data/portions.csv, never typed by hand. Foods that help several of the day's shortfalls at once rank
first; ``vegetarian=True`` leaves out meat, poultry and fish by their USDA food group.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from nutricheck import nutrients
from nutricheck.errors import DataFileError
from nutricheck.foods import Food, FoodTable, Portion

NOT_VEGETARIAN_GROUPS = frozenset(
    {
        "Beef Products",
        "Pork Products",
        "Poultry Products",
        "Finfish and Shellfish Products",
        "Lamb, Veal, and Game Products",
        "Sausages and Luncheon Meats",
    }
)
"""SR28 food groups a vegetarian (lacto-ovo) does not eat."""


@dataclass(frozen=True)
class Candidate:
    """An everyday portion of a common food (a row of data/suggestions.csv, resolved)."""

    food: Food
    name: str
    portion: str
    grams: float
    line: str = ""
    """The portion as a line of a food log ("1/4 cup sunflower seeds"): logged as written, it
    gives this food and these grams (tests/test_suggest.py checks every row)."""

    @property
    def vegetarian(self) -> bool:
        return self.food.category not in NOT_VEGETARIAN_GROUPS

    def adds(self, key: str) -> float | None:
        per_100g = self.food.per_100g.get(key)
        return None if per_100g is None else per_100g * self.grams / 100.0


@dataclass(frozen=True)
class Suggestion:
    """A food that would close (part of) a gap.

    Attributes:
        nutrient: the shortfall this suggestion is listed under.
        food_key / description / name: the food (``name`` is the everyday name).
        portion: the everyday portion, e.g. ``"1 cup"`` or ``"1/2 × 1 cup"``.
        grams: the portion's weight.
        adds: what the portion adds of each of the day's shortfall nutrients (registry units).
        helps: the shortfall nutrients this portion closes at least a tenth of.
    """

    nutrient: str
    food_key: str
    description: str
    name: str
    portion: str
    grams: float
    adds: Mapping[str, float]
    helps: tuple[str, ...]
    line: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "nutrient": self.nutrient,
            "food": {"key": self.food_key, "description": self.description, "name": self.name},
            "portion": self.portion,
            "line": self.line,
            "grams": round(self.grams, 1),
            "adds": {
                k: {"value": round(v, 3), "unit": nutrients.get(k).unit}
                for k, v in self.adds.items()
            },
            "helps": list(self.helps),
        }


_FRACTIONS = {0.25: "1/4", 0.5: "1/2", 0.75: "3/4", 1.5: "1 1/2", 1 / 3: "1/3"}
# Measure words that only say "one of it" ("1 fruit orange" is "1 orange").
_ITEM_WORDS = frozenset({"fruit", "whole", "each", "item", "nut", "potato"})


def loggable(portion: Portion, times: float, name: str) -> str:
    """A portion as a person would log it: "1/4 cup sunflower seeds", "1 oz almonds", "1 large
    hard-boiled egg", "1 orange" (the measure's notes in brackets and after a comma left out)."""
    amount = (portion.amount or 1.0) * times
    number = _FRACTIONS.get(round(amount, 4), f"{amount:g}")
    unit = re.sub(r"\(.*?\)", " ", portion.unit).split(",")[0]
    words = [w for w in unit.split() if w.lower() not in _ITEM_WORDS]
    return " ".join([number, *words, name])


def _mass_portion(text: str) -> Portion | None:
    """A weight written as a portion ("1 oz", "3 oz", "100 g"), as a Portion of its grams."""
    from nutricheck.units import FOOD_UNITS, grams_per

    amount, _, unit = text.strip().partition(" ")
    try:
        value = float(amount)
    except ValueError:
        return None
    if unit not in FOOD_UNITS:
        return None
    try:
        grams = value * grams_per(unit)
    except Exception:  # a volume unit: not a weight
        return None
    return Portion(value, unit, text.strip(), grams)


def _portion_label(description: str, times: float) -> str:
    if times == 1:
        return description
    fractions = {0.25: "1/4", 0.5: "1/2", 0.75: "3/4", 2.0: "2", 3.0: "3"}
    return f"{fractions.get(times, f'{times:g}')} × {description}"  # noqa: RUF001 - the multiplication sign is meant


def load_candidates(table: FoodTable) -> list[Candidate]:
    """Resolve data/suggestions.csv against a food table (DataFileError naming the row if stale)."""
    return list(_candidates(table))


def _candidates(table: FoodTable, *, strict: bool = True) -> tuple[Candidate, ...]:
    """The rows of data/suggestions.csv in ``table``; ``strict=False`` skips rows whose food or
    portion the table lacks (a user's own ``--foods`` table) instead of raising."""
    path = resources.files("nutricheck") / "data" / "suggestions.csv"
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            key = row["food_key"]
            if key not in table:
                if not strict:
                    continue
                raise DataFileError(
                    "unknown food_key",
                    source="suggestions.csv",
                    line=line,
                    column="food_key",
                    text=key,
                )
            food = table[key]
            portion = next((p for p in food.portions if p.description == row["portion"]), None)
            if portion is None:
                portion = _mass_portion(row["portion"])  # "1 oz", "3 oz": any food has those
            if portion is None:
                if not strict:
                    continue
                raise DataFileError(
                    f"{food.description} has no portion {row['portion']!r}",
                    source="suggestions.csv",
                    line=line,
                    column="portion",
                )
            times = float(row["times"])
            out.append(
                Candidate(
                    food,
                    row["name"],
                    _portion_label(portion.description, times),
                    portion.grams * times,
                    (row.get("line") or "").strip() or loggable(portion, times, row["name"]),
                )
            )
    return tuple(out)


@functools.lru_cache(maxsize=4)
def _cached_candidates(table: FoodTable) -> tuple[Candidate, ...]:
    """The suggestion foods: from ``table`` when it holds them (the bundled table, or one merged
    with it); otherwise, for a table of the user's own that replaces it (``--foods``), from the
    bundled table, so a report never fails for want of suggestion foods."""
    found = _candidates(table, strict=False)
    if found:
        return found
    from nutricheck.foods import default_table

    return _candidates(default_table())


def suggest(
    gaps: Mapping[str, float],
    table: FoodTable,
    *,
    vegetarian: bool = False,
    per_nutrient: int = 4,
) -> dict[str, list[Suggestion]]:
    """Three to five everyday foods for each gap (nutrient key -> amount missing, registry units).

    A food's score for a nutrient is the share of that gap its portion closes (capped at 1), plus
    half the shares it closes of the other gaps, so foods that help several shortfalls come first.
    A food is only listed under a nutrient when its portion closes at least a tenth of that gap.
    """
    per_nutrient = max(3, min(5, per_nutrient))
    candidates = [c for c in _cached_candidates(table) if c.vegetarian or not vegetarian]
    gaps = {k: g for k, g in gaps.items() if g > 0}
    out: dict[str, list[Suggestion]] = {}
    for key in gaps:
        ranked = []
        for c in candidates:
            shares = {k: min((c.adds(k) or 0.0) / g, 1.0) for k, g in gaps.items()}
            if shares[key] < 0.1:
                continue
            score = shares[key] + 0.5 * sum(s for k, s in shares.items() if k != key)
            ranked.append((-score, c.name, c, shares))
        ranked.sort(key=lambda r: (r[0], r[1]))
        out[key] = [
            Suggestion(
                nutrient=key,
                food_key=c.food.key,
                description=c.food.description,
                name=c.name,
                portion=c.portion,
                grams=c.grams,
                adds={k: c.adds(k) or 0.0 for k in gaps},
                helps=tuple(k for k, s in shares.items() if s >= 0.1),
                line=c.line,
            )
            for _, _, c, shares in ranked[:per_nutrient]
        ]
    return out


def gaps_from(
    totals: Mapping[str, float | None], targets: Mapping[str, float], shortfalls: Sequence[str]
) -> dict[str, float]:
    """Amount missing for each shortfall nutrient: target minus what was eaten (unknown counts as 0 here,
    because a suggestion can only add)."""
    return {k: targets[k] - (totals.get(k) or 0.0) for k in shortfalls}
