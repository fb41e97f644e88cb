"""How often nutricheck reads a diary line right: the food and the grams, on a labelled set.

Usage::

    python scripts/accuracy.py [--file tests/data/labelled_lines.csv] [--misses] [--json]

Each row of the labelled file is one food of one line: ``id`` (the line's number in the set),
``line`` (the text as a person typed it), ``index`` (which food of the line, 0-based, in the order
:func:`nutricheck.logparse.parse_line` returns them: "toast with butter" has 0 = toast, 1 = butter),
``food_keys`` (the acceptable foods, ``|``-separated; empty when the line holds no food the table
knows, such as "felt tired" or "energy gel"), ``grams`` (what a careful person would weigh from the
food's USDA household measures; empty with an empty ``food_keys``) and ``note`` (how the grams were
worked out).

A row counts as

* **food right** when the entry at ``index`` exists and :meth:`Matcher.get` chose one of
  ``food_keys``; for an empty ``food_keys``, when the parser found no food or the matcher matched
  none (a random food for "went for a run" is wrong);
* **grams right** when :func:`nutricheck.amounts.to_grams` is within 15 % of ``grams`` (for an
  empty ``grams``, when no grams were produced);
* **both** when both hold.

Lines whose ``id`` is a multiple of 5 are the held-out part: they were written with the rest but
are never looked at while tuning the matcher. Their figure is printed apart, and ``--misses`` lists
the misses of the tuning part only (``--misses-all`` lists every miss, for after the tuning).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from nutricheck.amounts import to_grams
from nutricheck.foods import default_table
from nutricheck.logparse import parse_line
from nutricheck.matching import Matcher, default_matcher

DEFAULT_FILE = Path("tests/data/labelled_lines.csv")
TOLERANCE = 0.15
HELD_OUT_EVERY = 5


@dataclass(frozen=True)
class Row:
    """One labelled food of one line."""

    id: int
    line: str
    index: int
    food_keys: tuple[str, ...]
    grams: float | None
    note: str

    @property
    def held_out(self) -> bool:
        return self.id % HELD_OUT_EVERY == 0


@dataclass(frozen=True)
class Outcome:
    """What nutricheck made of one row."""

    row: Row
    food_key: str | None
    description: str | None
    grams: float | None
    portion: str | None
    food_ok: bool
    grams_ok: bool

    @property
    def ok(self) -> bool:
        return self.food_ok and self.grams_ok


@dataclass
class Score:
    """Counts for one part of the set."""

    rows: int = 0
    food: int = 0
    grams: int = 0
    both: int = 0
    misses: list[Outcome] = field(default_factory=list)

    def add(self, o: Outcome) -> None:
        self.rows += 1
        self.food += o.food_ok
        self.grams += o.grams_ok
        self.both += o.ok
        if not o.ok:
            self.misses.append(o)

    def shares(self) -> dict[str, float]:
        n = self.rows or 1
        return {
            "rows": self.rows,
            "food": self.food / n,
            "grams": self.grams / n,
            "both": self.both / n,
        }


def read_rows(path: Path) -> list[Row]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [
            Row(
                id=int(r["id"]),
                line=r["line"],
                index=int(r["index"]),
                food_keys=tuple(k for k in r["food_keys"].split("|") if k),
                grams=float(r["grams"]) if r["grams"].strip() else None,
                note=r["note"],
            )
            for r in csv.DictReader(fh)
        ]


def evaluate(rows: Iterable[Row], matcher: Matcher | None = None) -> list[Outcome]:
    """Parse, match and weigh every row's line (each distinct line once)."""
    matcher = matcher or default_matcher()
    table = matcher.table
    parsed: dict[str, tuple] = {}
    out = []
    for row in rows:
        if row.line not in parsed:
            parsed[row.line] = parse_line(row.line, 1, is_dish=matcher.is_dish).entries
        entries = parsed[row.line]
        entry = entries[row.index] if row.index < len(entries) else None
        match = matcher.get(entry.food) if entry is not None else None
        grams = portion = None
        if entry is not None and match is not None:
            g = to_grams(entry, table[match.food_key])
            grams, portion = g.grams, g.portion
        if row.food_keys:
            food_ok = match is not None and match.food_key in row.food_keys
        else:
            food_ok = match is None
        if row.grams is None:
            grams_ok = grams is None
        else:
            grams_ok = grams is not None and abs(grams - row.grams) <= TOLERANCE * row.grams
        out.append(
            Outcome(
                row,
                match and match.food_key,
                match and match.description,
                grams,
                portion,
                food_ok,
                grams_ok,
            )
        )
    return out


def score(outcomes: Iterable[Outcome]) -> dict[str, Score]:
    parts = {"all": Score(), "tuning": Score(), "held_out": Score()}
    for o in outcomes:
        parts["all"].add(o)
        parts["held_out" if o.row.held_out else "tuning"].add(o)
    return parts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--file", type=Path, default=DEFAULT_FILE, help="labelled CSV (default: %(default)s)"
    )
    ap.add_argument("--misses", action="store_true", help="list the misses of the tuning part")
    ap.add_argument(
        "--misses-all", action="store_true", help="list every miss, held-out part included"
    )
    ap.add_argument("--json", action="store_true", help="print the shares as JSON")
    args = ap.parse_args(argv)

    default_table()  # load before timing anything else
    parts = score(evaluate(read_rows(args.file)))
    if args.json:
        print(json.dumps({k: v.shares() for k, v in parts.items()}))
        return 0
    for name, s in parts.items():
        sh = s.shares()
        print(
            f"{name:9} rows {s.rows:4}   food {sh['food']:6.1%}   grams ±15% {sh['grams']:6.1%}   "
            f"both {sh['both']:6.1%}"
        )
    if args.misses or args.misses_all:
        shown = parts["all" if args.misses_all else "tuning"].misses
        print(f"\n{len(shown)} misses:")
        for o in shown:
            r = o.row
            flag = ("F" if not o.food_ok else "-") + ("G" if not o.grams_ok else "-")
            grams = "-" if o.grams is None else f"{o.grams:.1f}"
            print(
                f"  {flag} #{r.id}.{r.index} {r.line!r}: got {o.food_key} {o.description!r} "
                f"{grams} g [{o.portion}]; want {'|'.join(r.food_keys) or 'no food'} {r.grams} g "
                f"({r.note})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
