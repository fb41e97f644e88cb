#!/usr/bin/env python3
"""Build data/foods.csv and data/portions.csv from the USDA extract in ../shared/data/usda/, and
data/unit_factors.csv from pint.

Usage::

    python scripts/build_data.py [--source ../shared/data/usda] [--out data]
    python scripts/build_data.py --units [--out data]     # only data/unit_factors.csv

The source is the compact USDA extract described in its own README (SR28, September 2015, and FNDDS
2021-2023 "At A Glance"). This script only selects, renames, validates and sorts; it never invents or
edits a value. Numbers are copied as the source text (SR28 ``0.040`` stays ``0.040``) and an empty
cell (no value in the source) stays empty: unknown is never zero. The output is byte-for-byte
reproducible: same input, same bytes (tests/test_build_data.py checks it).

data/unit_factors.csv is the size of each food-log mass and volume unit in grams or millilitres, as
pint computes it (:data:`nutricheck.units.FOOD_UNITS`), so that a report need not import pint; each
factor is written as Python's shortest exact repr, which reads back as the same float.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from pathlib import Path

# The nutrient columns come from the package's registry, the one place they are spelled.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from nutricheck import units
from nutricheck.nutrients import KEYS

FOOD_COLUMNS = (
    "food_key",
    "source",
    "source_id",
    "fdc_id",
    "description",
    "category",
    *KEYS,
    "vitamin_d_from_iu",
)
PORTION_COLUMNS = ("food_key", "seq", "amount", "unit", "description", "grams")
EXPECTED_FOODS = {"sr28": 8789, "fndds_2021_2023": 5431}


class BuildError(Exception):
    pass


def _number(text: str, where: str) -> str:
    """Validate a numeric cell and return it unchanged (empty = unknown)."""
    if text == "":
        return text
    try:
        value = float(text)
    except ValueError:
        raise BuildError(f"{where}: not a number: {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise BuildError(f"{where}: not a finite non-negative number: {text!r}")
    return text


def build_foods(src: Path) -> list[dict[str, str]]:
    rows = []
    seen: set[str] = set()
    with (src / "foods.csv").open(newline="", encoding="utf-8") as fh:
        for lineno, rec in enumerate(csv.DictReader(fh), start=2):
            key = rec["food_key"]
            if key in seen:
                raise BuildError(f"foods.csv line {lineno}: duplicate food_key {key!r}")
            seen.add(key)
            source = rec["source"]
            row = {
                "food_key": key,
                "source": source,
                "source_id": rec["ndb_number"] if source == "sr28" else rec["food_code"],
                "fdc_id": rec["fdc_id"],
                "description": rec["description"].strip(),
                "category": rec["food_category"].strip(),
                "vitamin_d_from_iu": rec["vitamin_d_from_iu"],
            }
            for col in KEYS:
                row[col] = _number(rec[col], f"foods.csv line {lineno} column {col}")
            if not row["source_id"] or not row["description"]:
                raise BuildError(f"foods.csv line {lineno}: missing id or description")
            rows.append(row)
    counts = {s: sum(r["source"] == s for r in rows) for s in EXPECTED_FOODS}
    if counts != EXPECTED_FOODS:
        raise BuildError(f"expected {EXPECTED_FOODS} foods per source, found {counts}")
    rows.sort(key=lambda r: r["food_key"])
    return rows


def build_portions(src: Path, food_keys: set[str]) -> list[dict[str, str]]:
    rows = []
    with (src / "portions.csv").open(newline="", encoding="utf-8") as fh:
        for lineno, rec in enumerate(csv.DictReader(fh), start=2):
            where = f"portions.csv line {lineno}"
            if rec["food_key"] not in food_keys:
                raise BuildError(f"{where}: food_key {rec['food_key']!r} not in foods.csv")
            grams = _number(rec["gram_weight"], f"{where} column gram_weight")
            if grams == "" or float(grams) <= 0:
                raise BuildError(f"{where}: a portion needs a positive gram weight")
            rows.append(
                {
                    "food_key": rec["food_key"],
                    "seq": rec["seq"],
                    "amount": _number(rec["amount"], f"{where} column amount"),
                    "unit": rec["unit_modifier"].strip(),
                    "description": rec["portion_description"].strip(),
                    "grams": grams,
                }
            )
    rows.sort(key=lambda r: (r["food_key"], int(r["seq"])))
    return rows


def build_unit_factors() -> list[dict[str, str]]:
    """One row per food-log unit: its size in its dimension's base unit, computed by pint."""
    reg = units.registry()
    dimensions = {
        reg.Quantity(1, base).dimensionality: dim for dim, base in units.BASE_UNITS.items()
    }
    rows = []
    for unit, pint_name in units.FOOD_UNITS.items():
        dimension = dimensions.get(reg.Quantity(1, pint_name).dimensionality)
        if dimension is None:
            raise BuildError(f"{unit!r} ({pint_name}) is neither a mass nor a volume unit")
        base = units.BASE_UNITS[dimension]
        rows.append(
            {
                "unit": unit,
                "pint_name": pint_name,
                "dimension": dimension,
                "factor": repr(units.pint_factor(pint_name, base)),
                "base_unit": base,
            }
        )
    return rows


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=root.parent / "shared" / "data" / "usda")
    parser.add_argument("--out", type=Path, default=root / "data")
    parser.add_argument(
        "--units", action="store_true", help="write only unit_factors.csv (from pint)"
    )
    args = parser.parse_args(argv)
    if args.units:
        args.out.mkdir(parents=True, exist_ok=True)
        factors = build_unit_factors()
        write_csv(args.out / "unit_factors.csv", units.UNIT_FACTOR_COLUMNS, factors)
        print(f"wrote {len(factors)} unit factors to {args.out}")
        return 0
    if not (args.source / "foods.csv").is_file():
        print(f"error: no USDA extract at {args.source} (pass --source DIR)", file=sys.stderr)
        return 2
    try:
        foods = build_foods(args.source)
        portions = build_portions(args.source, {r["food_key"] for r in foods})
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(args.out / "foods.csv", FOOD_COLUMNS, foods)
    write_csv(args.out / "portions.csv", PORTION_COLUMNS, portions)
    factors = build_unit_factors()
    write_csv(args.out / "unit_factors.csv", units.UNIT_FACTOR_COLUMNS, factors)
    print(
        f"wrote {len(foods)} foods, {len(portions)} portions and {len(factors)} unit factors to {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
