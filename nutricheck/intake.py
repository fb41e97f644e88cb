"""Totals of a set of entries: per-nutrient sums, coverage and where each nutrient came from.

A day holds a few dozen entries, so this is plain Python (no pandas import on the small path:
docs/benchmarks.md); the many-day path over large diaries is vectorised in :mod:`nutricheck.frame`.

Coverage is the share of the logged intake that had a known value for the nutrient: by grams when
the entries' weights are known, otherwise by entries (exports such as MyFitnessPal's carry no weights).
A total over foods with missing values is a lower bound, and the report says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nutricheck import nutrients
from nutricheck.entries import Entry

COVERAGE_WARNING = 0.8
"""Below this share of known values a total may be low because data is missing."""


@dataclass(frozen=True)
class Contribution:
    """One entry's share of a nutrient."""

    line: int
    text: str
    description: str
    amount: float
    share: float


@dataclass(frozen=True)
class Intake:
    """A nutrient's total over some entries.

    Attributes:
        key: nutrient key.
        value: sum of the known amounts, in the nutrient's unit; ``None`` when no entry had a value.
        coverage: share (0..1) of the logged intake with a known value; ``None`` with nothing logged.
        basis: ``"grams"`` or ``"entries"``: what coverage was measured over.
        missing: descriptions of the foods that had no value for it (unique, in log order).
        top: the entries that gave most of it, largest first (at most five).
        estimated: part of the total is an estimate (e.g. converted from % Daily Value).
    """

    key: str
    value: float | None
    coverage: float | None
    basis: str
    missing: tuple[str, ...]
    top: tuple[Contribution, ...]
    estimated: bool

    @property
    def unit(self) -> str:
        return nutrients.get(self.key).unit

    @property
    def complete(self) -> bool:
        return self.coverage is not None and self.coverage >= COVERAGE_WARNING


def total(entries: Sequence[Entry], key: str, *, top: int = 5) -> Intake:
    """Sum one nutrient over the ``ok`` entries, with coverage and the biggest contributors."""
    used = [e for e in entries if e.ok]
    by_grams = bool(used) and all(e.grams is not None for e in used)
    known_weight = all_weight = 0.0
    value = 0.0
    any_known = False
    estimated = False
    missing: dict[str, None] = {}
    contributions = []
    for e in used:
        weight = (e.grams or 0.0) if by_grams else 1.0
        all_weight += weight
        amount = e.nutrients.get(key)
        if amount is None:
            missing[e.description or e.text] = None
            continue
        any_known = True
        known_weight += weight
        value += amount
        estimated = estimated or key in e.estimated
        if amount > 0:
            contributions.append((amount, e))
    contributions.sort(key=lambda c: (-c[0], c[1].line))
    return Intake(
        key=key,
        value=value if any_known else None,
        coverage=(known_weight / all_weight) if all_weight > 0 else None,
        basis="grams" if by_grams else "entries",
        missing=tuple(missing),
        top=tuple(
            Contribution(
                e.line, e.text, e.description or e.text, amount, amount / value if value else 0.0
            )
            for amount, e in contributions[:top]
        ),
        estimated=estimated,
    )


def totals(entries: Sequence[Entry], keys: Sequence[str] = nutrients.KEYS) -> dict[str, Intake]:
    """:func:`total` for every nutrient key, in registry order."""
    return {k: total(entries, k) for k in keys}
