"""How often nutricheck reads a food right, measured on data the matcher was not tuned on.

Usage::

    python scripts/accuracy.py                 # every source, one line each (the README table)
    python scripts/accuracy.py --source everyday --misses      # the tuning part's misses
    python scripts/accuracy.py --json

Every figure goes through the library's own path (:class:`nutricheck.entries.EntryReader`, the
one ``nutricheck report`` uses), never a copy of it. The sources, held-out ones first:

``everyday`` (tests/data/everyday_lines.csv) and ``us`` (tests/data/us_day_lines.csv)
    Diary lines as people type them (brands, British names, shorthand, drinks, runner products,
    dishes) and careful US-style days, written and labelled from the USDA files by someone who
    never ran the matcher. Lines whose ``id`` is divisible by 3 are **held out**: never looked at
    while changing the matcher (``--misses`` lists the tuning part only). A labelled food is
    right when an entry of its line has one of its ``food_keys`` and grams within
    ``[grams_low, grams_high]``; a row with no ``food_keys`` (no food, or one USDA lacks) is
    right when the line gives no food that no other row accounts for. For ``us``, each day's
    totals of every nutrient are also compared with the labels' (first key, middle of the range):
    the share within 15%.
``labelled`` (tests/data/labelled_lines.csv)
    The project's older set, written by the team and tuned on; ``id`` divisible by 5 held out.
    Grams within 15% of the label.
``usda``
    Lines made from USDA itself: a food's household measure and its description or one of its
    USDA synonyms ("1 cup Cheerios", "2 large Egg, whole, raw, fresh"), the measure's gram weight
    as the answer (within 15%). A fixed third of the foods (by key) is held out.
``cronometer``
    Real Cronometer "servings" exports (../shared/data/diary-samples/cronometer): each row's food
    name and amount as a line, Cronometer's own per-row values as the answer: a food for how many
    rows, energy within 25% for how many, and the summed energy, iron, potassium and magnesium
    against Cronometer's. Skipped when ../shared is absent.
``recipes``
    Labelled recipe lines from ingredient-parser (../shared/data/ingredient-lines, MIT): the
    share that get a food (all, and the held-out third: every line whose number across the
    files is divisible by 3), the first quantity and unit against the labels, and how many lines
    labelled with one food were read as more (a food the cook did not write). ``--misses``
    lists the tuning part's lines with no food or too many. Skipped when ../shared is absent.
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import re
import sys
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_parser import LABEL_COLUMNS, expected_quantity, expected_unit  # noqa: E402

from nutricheck import nutrients  # noqa: E402
from nutricheck.entries import Entry, EntryReader  # noqa: E402
from nutricheck.foods import FoodTable, default_table  # noqa: E402
from nutricheck.matching import read_synonyms  # noqa: E402

SHARED = ROOT.parent / "shared"
DATA = ROOT / "tests" / "data"
EVERYDAY = DATA / "everyday_lines.csv"
US_DAYS = DATA / "us_day_lines.csv"
LABELLED = DATA / "labelled_lines.csv"
FRESH_EVERYDAY = DATA / "fresh_everyday_lines.csv"
FRESH_US = DATA / "fresh_us_lines.csv"
# the labelled line sets by source name: (file, read as the old format)
LINE_SETS = {
    "everyday": (EVERYDAY, False),
    "us": (US_DAYS, False),
    "fresh": (FRESH_EVERYDAY, False),
    "fresh-us": (FRESH_US, False),
    "labelled": (LABELLED, True),
}
CRONOMETER = SHARED / "data" / "diary-samples" / "cronometer"
RECIPES = SHARED / "data" / "ingredient-lines"
OLD_TOLERANCE = 0.15
DAY_TOLERANCE = 0.15
CRONOMETER_TOLERANCE = 0.25
CRONOMETER_COLUMNS = {
    "energy_kcal": "Energy (kcal)",
    "iron_mg": "Iron (mg)",
    "potassium_mg": "Potassium (mg)",
    "magnesium_mg": "Magnesium (mg)",
}


# --------------------------------------------------------------------------------------------
# Labelled lines
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Food:
    """One labelled food of a line: the acceptable foods and the plausible grams."""

    index: int
    keys: tuple[str, ...]
    low: float | None
    high: float | None
    note: str


@dataclass
class Line:
    """One labelled line and its foods."""

    id: int
    line: str
    category: str
    day: str
    held_out: bool
    foods: list[Food] = field(default_factory=list)


def read_new(path: Path) -> list[Line]:
    """tests/data/everyday_lines.csv and us_day_lines.csv: ``id,day,category,line,index,
    food_keys,grams_low,grams_high,note``; held out when ``id`` is divisible by 3."""
    lines: dict[int, Line] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            i = int(r["id"])
            line = lines.setdefault(
                i, Line(i, r["line"], r["category"], r["day"], held_out=i % 3 == 0)
            )
            keys = tuple(k for k in r["food_keys"].split("|") if k)
            low = float(r["grams_low"]) if r["grams_low"].strip() else None
            high = float(r["grams_high"]) if r["grams_high"].strip() else None
            line.foods.append(Food(int(r["index"]), keys, low, high, r["note"]))
    return list(lines.values())


def read_old(path: Path) -> list[Line]:
    """tests/data/labelled_lines.csv: ``id,line,index,food_keys,grams,note``; grams within 15%;
    held out when ``id`` is divisible by 5."""
    lines: dict[int, Line] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            i = int(r["id"])
            line = lines.setdefault(i, Line(i, r["line"], "labelled", "", held_out=i % 5 == 0))
            keys = tuple(k for k in r["food_keys"].split("|") if k)
            grams = float(r["grams"]) if r["grams"].strip() else None
            low = None if grams is None else grams * (1 - OLD_TOLERANCE)
            high = None if grams is None else grams * (1 + OLD_TOLERANCE)
            line.foods.append(Food(int(r["index"]), keys, low, high, r["note"]))
    return list(lines.values())


@dataclass(frozen=True)
class Verdict:
    """What became of one labelled food."""

    line: Line
    food: Food
    entry: Entry | None  # the entry that answered it, if any
    food_ok: bool
    grams_ok: bool

    @property
    def ok(self) -> bool:
        return self.food_ok and self.grams_ok


def judge(line: Line, entries: Sequence[Entry]) -> tuple[list[Verdict], list[Entry]]:
    """The verdict on each labelled food of a line, and the foods read that no label accounts
    for (a food the person did not eat, or one read twice)."""
    ok = [e for e in entries if e.ok]
    used: set[int] = set()
    verdicts: dict[int, Verdict] = {}
    # foods first with a right food and grams, then with a right food: one entry per label
    for want_grams in (True, False):
        for f in line.foods:
            if f.index in verdicts or not f.keys:
                continue
            for k, e in enumerate(ok):
                if k in used or e.food_key not in f.keys:
                    continue
                grams_ok = _in_range(e.grams, f)
                if want_grams and not grams_ok:
                    continue
                used.add(k)
                verdicts[f.index] = Verdict(line, f, e, True, grams_ok)
                break
    left = [e for k, e in enumerate(ok) if k not in used]
    for f in line.foods:
        if f.index in verdicts:
            continue
        if not f.keys:  # no food: right when nothing was made up for it
            verdicts[f.index] = Verdict(line, f, None, not left, not left)
        else:
            verdicts[f.index] = Verdict(line, f, None, False, False)
    unlabelled = [f for f in line.foods if not f.keys]
    invented = left if not unlabelled else left[len(unlabelled) :]
    return [verdicts[f.index] for f in line.foods], invented


def _in_range(grams: float | None, f: Food) -> bool:
    if grams is None or f.low is None or f.high is None:
        return False
    return f.low - 1e-6 <= grams <= f.high + 1e-6


@dataclass
class Tally:
    rows: int = 0
    food: int = 0
    both: int = 0
    invented: int = 0

    def add(self, v: Verdict) -> None:
        self.rows += 1
        self.food += v.food_ok
        self.both += v.ok

    def shares(self) -> dict[str, float]:
        n = self.rows or 1
        return {
            "rows": self.rows,
            "food": round(self.food / n, 4),
            "both": round(self.both / n, 4),
            "invented": self.invented,
        }


def evaluate_lines(
    lines: Sequence[Line], reader: EntryReader
) -> tuple[dict[str, Tally], list[tuple[Verdict, Sequence[Entry]]], dict[int, list[Entry]]]:
    """Read every line once and judge it; tallies for ``all``, ``tuning``, ``held_out`` and each
    category (prefixed ``held_out:`` for the held-out part)."""
    tallies: dict[str, Tally] = {}
    misses: list[tuple[Verdict, Sequence[Entry]]] = []
    entries_of: dict[int, list[Entry]] = {}
    for line in lines:
        entries = reader.read_line(line.line, 1)
        entries_of[line.id] = entries
        verdicts, invented = judge(line, entries)
        part = "held_out" if line.held_out else "tuning"
        for name in ("all", part, f"{part}:{line.category}"):
            t = tallies.setdefault(name, Tally())
            for v in verdicts:
                t.add(v)
            t.invented += len(invented)
        misses.extend((v, entries) for v in verdicts if not v.ok)
    return tallies, misses, entries_of


def day_totals(
    lines: Sequence[Line], entries_of: dict[int, list[Entry]], table: FoodTable
) -> dict[str, Any]:
    """Each labelled day's totals against the labels' (first key, middle of the range): the
    share of (day, nutrient) pairs within 15%, for the held-out days' lines and all."""
    by_day: dict[str, list[Line]] = {}
    for line in lines:
        if line.day:
            by_day.setdefault(line.day, []).append(line)
    out: dict[str, Any] = {}
    for part in ("all", "held_out"):
        close = pairs = 0
        for day_lines in by_day.values():
            chosen = [ln for ln in day_lines if part == "all" or ln.held_out]
            for key in nutrients.KEYS:
                want = 0.0
                for ln in chosen:
                    for f in ln.foods:
                        if f.keys and f.low is not None and f.high is not None:
                            v = table[f.keys[0]].per_100g.get(key)
                            want += (v or 0.0) * (f.low + f.high) / 2 / 100
                got = sum(
                    (e.nutrients.get(key) or 0.0)
                    for ln in chosen
                    for e in entries_of[ln.id]
                    if e.ok
                )
                if want <= 0:
                    continue
                pairs += 1
                close += abs(got - want) <= DAY_TOLERANCE * want
        out[part] = {"pairs": pairs, "within_15": round(close / pairs, 4) if pairs else None}
    return out


# --------------------------------------------------------------------------------------------
# Lines made from USDA's own measures
# --------------------------------------------------------------------------------------------

_SIMPLE_MEASURE = re.compile(
    r"^(cup|tbsp|tsp|fl oz|slice|small|medium|large|extra large|piece|stick|patty|bar|can"
    r"|bottle|container|packet|link|fillet|breast|thigh|drumstick)s?(?:\s*\(.*\))?$",
    re.I,
)


def usda_lines(table: FoodTable, held_out: bool) -> list[tuple[str, frozenset[str], float]]:
    """(line, acceptable keys, grams) for one measure of each food of a fixed sample: every
    fifth food, by a hash of its key; a third of those (by another hash) held out."""
    names: dict[str, list[str]] = {}
    owners: dict[str, set[str]] = {}
    for s in read_synonyms():
        if s.kind == "name" and s.food_key in table:
            names.setdefault(s.food_key, []).append(s.name)
            owners.setdefault(s.name.lower(), set()).add(s.food_key)
    by_description: dict[str, set[str]] = {}
    for key, food in table.items():
        by_description.setdefault(food.description.lower(), set()).add(key)
    out = []
    for key, food in table.items():
        h = zlib.crc32(key.encode())
        if h % 5 != 0 or ((h // 5) % 3 == 0) != held_out:
            continue
        measures = [
            p for p in food.portions if p.amount and _SIMPLE_MEASURE.match(p.unit.strip())
        ]
        if not measures:
            continue
        p = measures[h % len(measures)]
        choices = [food.description, *names.get(key, [])]
        name = choices[(h // 7) % len(choices)]
        accepted = by_description[food.description.lower()] | owners.get(name.lower(), set())
        unit = re.sub(r"\s*\(.*\)$", "", p.unit.strip())
        amount = f"{p.amount:g}"
        out.append((f"{amount} {unit} {name}", frozenset(accepted | {key}), p.grams))
    return out


def evaluate_usda(reader: EntryReader) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part, held in (("tuning", False), ("held_out", True)):
        rows = food = both = 0
        for text, keys, grams in usda_lines(reader.table, held):
            entries = [e for e in reader.read_line(text, 1) if e.ok]
            rows += 1
            hit = next((e for e in entries if e.food_key in keys), None)
            food += hit is not None and len(entries) == 1
            both += (
                hit is not None
                and len(entries) == 1
                and hit.grams is not None
                and abs(hit.grams - grams) <= OLD_TOLERANCE * grams
            )
        out[part] = {
            "rows": rows,
            "food": round(food / rows, 4) if rows else None,
            "both": round(both / rows, 4) if rows else None,
        }
    return out


# --------------------------------------------------------------------------------------------
# Cronometer exports and recipe lines (../shared, not in the project)
# --------------------------------------------------------------------------------------------

_QUICK_ADD = re.compile(r"^(calorie|calories|protein|fat|carbs?|carbohydrates?)$", re.I)


def _cronometer_amount(amount: str) -> str | None:
    # "2.00 x 12.0 fl oz" -> "24 fl oz"; "1.50 serving" -> "1.5 serving"
    m = re.fullmatch(r"\s*([0-9.]+)\s*x\s*([0-9.]+)\s*(.*)", amount)
    if m:
        return f"{float(m[1]) * float(m[2]):g} {m[3]}".strip()
    m = re.fullmatch(r"\s*([0-9.]+)\s*(.*)", amount)
    return f"{float(m[1]):g} {m[2]}".strip() if m else None


def cronometer_rows(folder: Path = CRONOMETER) -> list[tuple[str, dict[str, float]]]:
    """(line, Cronometer's values) for every food row of the servings exports: not quick-add
    rows, supplements, notes, zero amounts or rows without energy."""
    rows = []
    for f in sorted(glob.glob(str(folder / "*servings*.csv"))):
        with open(f, encoding="utf-8-sig", newline="") as fh:
            for r in csv.DictReader(fh):
                name = (r.get("Food Name") or "").strip()
                amount = _cronometer_amount(r.get("Amount") or "")
                kcal = (r.get("Energy (kcal)") or "").strip()
                if not name or not amount or _QUICK_ADD.match(name) or not kcal:
                    continue
                if float(kcal) <= 0 or re.match(r"0(\.0+)?\b", amount):
                    continue
                if (r.get("Group") or "").strip().lower() in ("notes", "supplements"):
                    continue
                values = {k: float(r[c]) for k, c in CRONOMETER_COLUMNS.items() if (r.get(c) or "")}
                rows.append((f"{amount} {name}", values))
    return rows


def evaluate_cronometer(reader: EntryReader) -> dict[str, Any] | None:
    rows = cronometer_rows()
    if not rows:
        return None
    entries = reader.read_lines([line for line, _ in rows])
    by_line: dict[int, list[Entry]] = {}
    for e in entries:
        by_line.setdefault(e.line, []).append(e)
    food = close = 0
    ours = dict.fromkeys(CRONOMETER_COLUMNS, 0.0)
    theirs = dict.fromkeys(CRONOMETER_COLUMNS, 0.0)
    for i, (_, values) in enumerate(rows, start=1):
        ok = [e for e in by_line.get(i, []) if e.ok]
        food += bool(ok)
        mine = {k: sum(e.nutrients.get(k) or 0.0 for e in ok) for k in CRONOMETER_COLUMNS}
        for k, v in values.items():
            ours[k] += mine[k]
            theirs[k] += v
        kcal = values.get("energy_kcal")
        if kcal is not None and abs(mine["energy_kcal"] - kcal) <= CRONOMETER_TOLERANCE * kcal + 1:
            close += 1
    n = len(rows)
    return {
        "rows": n,
        "food": round(food / n, 4),
        "energy_within_25": round(close / n, 4),
        "summed_error": {
            k: round((ours[k] - theirs[k]) / theirs[k], 4) for k in CRONOMETER_COLUMNS if theirs[k]
        },
    }


def recipe_rows() -> list[tuple[int, dict[str, str]]]:
    """(number, row) of every recipe line, numbered across the files in name order; a line whose
    number is divisible by 3 is held out (its misses are never listed)."""
    out: list[tuple[int, dict[str, str]]] = []
    for path in sorted(RECIPES.glob("ingredient-parser_labelled_*.csv")):
        with path.open(newline="", encoding="utf-8") as fh:
            base = len(out)
            out.extend((base + k, r) for k, r in enumerate(csv.DictReader(fh)))
    return out


def evaluate_recipes(reader: EntryReader, misses: list[str] | None = None) -> dict[str, Any] | None:
    rows_in = recipe_rows()
    if not rows_in:
        return None
    rows = found = labelled = quantity_ok = unit_ok = single = made_up = 0
    parts = {"held_out": [0, 0], "tuning": [0, 0]}
    for n, r in rows_in:
        rows += 1
        entries = reader.read_line(r["input"], 1)
        ok = any(e.ok for e in entries)
        found += ok
        part = parts["held_out" if n % 3 == 0 else "tuning"]
        part[0] += 1
        part[1] += ok
        if misses is not None and not ok and n % 3:
            misses.append(f"  #{n} {r['input']!r}: " + "; ".join(
                f"{e.status} ({e.reason or ''})"[:90] for e in entries
            ))
        if not any(r[c].strip() for c in LABEL_COLUMNS):
            continue
        name = r.get("name", "").strip()
        if name and not re.search(r"\b(?:and|or|&|with)\b|[,/]", name):
            # one food labelled: any second food read is one the cook did not write
            single += 1
            extra = sum(e.ok for e in entries) > 1
            made_up += extra
            if misses is not None and extra and n % 3:
                misses.append(f"  #{n} {r['input']!r} (one food, {name!r}): read as " + "; ".join(
                    e.description or "" for e in entries if e.ok
                ))
        try:
            want_q = expected_quantity(r["quantity"])
        except (ValueError, ZeroDivisionError):  # a label in words ("One"): not compared
            continue
        labelled += 1
        first = next((e for e in entries if e.quantity is not None or e.ok), None)
        if first is None and entries:
            first = entries[0]
        quantity_ok += _quantity(first) == want_q
        unit_ok += (first.unit if first else None) == expected_unit(r["unit"])
    return {
        "rows": rows,
        "food": round(found / rows, 4),
        **{f"food_{k}": round(v[1] / v[0], 4) if v[0] else None for k, v in parts.items()},
        "labelled": labelled,
        "one_food_labelled": single,
        "more_foods_read": made_up,
        "quantity": round(quantity_ok / labelled, 4) if labelled else None,
        "unit": round(unit_ok / labelled, 4) if labelled else None,
    }


def _quantity(e: Entry | None) -> tuple[Fraction, Fraction] | None:
    if e is None or e.quantity is None:
        return None
    q = Fraction(e.quantity).limit_denominator(1000)
    low = high = q
    for note in e.notes:  # "range 1-2: used the midpoint 1.5"
        m = re.match(r"range ([0-9./ ]+)-([0-9./ ]+):", note)
        if m:
            low, high = _fraction(m[1]), _fraction(m[2])
    return low, high


def _fraction(text: str) -> Fraction:
    total = Fraction(0)
    for part in text.split():
        total += Fraction(part)
    return total


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def run(sources: Iterable[str], reader: EntryReader) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for source in sources:
        if source in LINE_SETS:
            path, old = LINE_SETS[source]
            lines = read_old(path) if old else read_new(path)
            tallies, _, entries_of = evaluate_lines(lines, reader)
            results[source] = {k: t.shares() for k, t in sorted(tallies.items())}
            if source in ("us", "fresh-us"):
                results[f"{source}_days".replace("-", "_")] = day_totals(
                    lines, entries_of, reader.table
                )
        elif source == "usda":
            results["usda"] = evaluate_usda(reader)
        elif source == "cronometer":
            results["cronometer"] = evaluate_cronometer(reader)
        elif source == "recipes":
            results["recipes"] = evaluate_recipes(reader)
    return results


SOURCES = ("everyday", "us", "fresh", "fresh-us", "usda", "cronometer", "recipes", "labelled")


def _print(results: dict[str, Any]) -> None:
    def pct(x: float | None) -> str:
        return "-" if x is None else f"{x:.1%}"

    for source in LINE_SETS:
        if source not in results:
            continue
        r = results[source]
        for part in ("held_out", "tuning"):
            t = r.get(part)
            if t:
                print(
                    f"{source:9} {part:8} {t['rows']:4} foods: right food {pct(t['food'])}, "
                    f"food and grams {pct(t['both'])}, foods made up {t['invented']}"
                )
        days = results.get(f"{source}_days".replace("-", "_"))
        if days:
            print(
                f"{source + ' days':9} held_out {days['held_out']['pairs']:4} day totals within "
                f"15%: {pct(days['held_out']['within_15'])}; all {days['all']['pairs']}: "
                f"{pct(days['all']['within_15'])}"
            )
    if "usda" in results:
        for part in ("held_out", "tuning"):
            u = results["usda"][part]
            print(
                f"{'usda':9} {part:8} {u['rows']:4} lines: right food {pct(u['food'])}, "
                f"food and grams {pct(u['both'])}"
            )
    c = results.get("cronometer")
    if c:
        errs = ", ".join(f"{k.split('_')[0]} {v:+.0%}" for k, v in c["summed_error"].items())
        print(
            f"cronometer {c['rows']} rows: a food {pct(c['food'])}, energy within 25% "
            f"{pct(c['energy_within_25'])}; summed {errs}"
        )
    rec = results.get("recipes")
    if rec:
        print(
            f"recipes   {rec['rows']} lines: a food {pct(rec['food'])} (held out "
            f"{pct(rec['food_held_out'])}, tuning {pct(rec['food_tuning'])}); of {rec['labelled']} "
            f"labelled: quantity {pct(rec['quantity'])}, unit {pct(rec['unit'])}; of "
            f"{rec['one_food_labelled']} with one food, {rec['more_foods_read']} read as more"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", choices=SOURCES, action="append", help="default: all")
    ap.add_argument("--misses", action="store_true", help="list the tuning part's misses")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument(
        "--region", default="auto", help="the region the lines are read as (default: each line's)"
    )
    args = ap.parse_args(argv)
    reader = EntryReader(default_table(), region=args.region)
    sources = args.source or SOURCES
    results = run(sources, reader)
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        _print(results)
    if args.misses:
        if "recipes" in sources:
            listed: list[str] = []
            evaluate_recipes(reader, listed)
            print(f"\nrecipes: {len(listed)} lines with no food (tuning part only)")
            print("\n".join(listed))
        for source in sources:
            if source not in LINE_SETS:
                continue
            path, old = LINE_SETS[source]
            lines = read_old(path) if old else read_new(path)
            tuning = [ln for ln in lines if not ln.held_out]
            _, misses, entries_of = evaluate_lines(tuning, reader)
            made_up = [
                (ln, e) for ln in tuning for e in judge(ln, entries_of[ln.id])[1]
            ]
            print(f"\n{source}: {len(made_up)} foods made up (tuning part only)")
            for ln, e in made_up:
                print(f"  M #{ln.id} {ln.line!r}: {getattr(e, 'description', e)}")
            print(f"\n{source}: {len(misses)} misses (tuning part only)")
            for v, entries in misses:
                got = "; ".join(
                    f"{e.description} {e.grams:.0f} g" if e.ok else f"{e.status}"
                    for e in entries
                )
                want = "|".join(v.food.keys[:2]) or "no food"
                rng = f"{v.food.low:g}-{v.food.high:g} g" if v.food.low is not None else ""
                flag = "F" if not v.food_ok else "G"
                print(f"  {flag} #{v.line.id}.{v.food.index} {v.line.line!r}: got [{got}]; "
                      f"want {want} {rng} ({v.food.note[:60]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
