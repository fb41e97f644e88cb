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
import re
import sys
from collections.abc import Iterable
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
SYNONYM_COLUMNS = ("food_key", "source", "kind", "name")
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


# --------------------------------------------------------------------------------------------
# Synonyms: USDA's own other names for its foods (../shared/data/usda/synonyms.csv)
# --------------------------------------------------------------------------------------------
#
# The source's README ("Caveats for a matcher") warns that not every row is a name. Each row is
# sorted into one of three kinds, or dropped:
#
# * ``name``: a name a person could log the food by ("Cheerios", "cannoli", "chai tea latte",
#   "hot dog"). Specific: on at most NAME_MAX_FOODS foods, not a list ("X, Y, or Z"), not only
#   qualifier words, and not the description of another food (SR28 gives ground beef the common
#   name "hamburger", which FNDDS uses for the sandwich).
# * ``coverage``: what else the food stands for, a list or a shared note ("almond, coconut, rice,
#   or soy milk" under a latte with non-dairy milk; "sauteed" under a baked fish). The matcher
#   counts these words as the food's, but they never name it on their own.
# * ``brand``: SR28's manufacturer names ("Kellogg, Co."): a company, not a product. The matcher
#   uses their words as brand words.
# * dropped: qualifiers ("NS as to ...", "with or without fat", "all flavors", "any source"),
#   meat-cut and commodity codes ("URMIS #1132", "Commodity code A404"), context words
#   ("family style", "school lunch"), and WWEIA categories (a category, not a name; foods.csv
#   already carries it as ``category``).

NAME_MAX_FOODS = 4
"""A text USDA gives more foods than this is a shared note ("cheese" on 81 dishes), not a name."""
ONE_WORD_MAX_DESCRIPTIONS = 10
"""A one-word name is a name only when few descriptions use the word ("Cheerios", "polenta"); a
word many use is a qualifier ("brown", "premium", "strawberry", "top")."""

_DROP_STARTS = (
    "ns ", "not ", "no ", "non ", "with or without", "without ", "all ", "any ", "other ",
    "from ", "made with", "made from", "include", "commodity", "usda commodity", "nfs",
    "or ", "and ", "with ", "w/",
)  # fmt: skip
_DROP_CONTAINS = re.compile(r"urmis|imps|commodity|#|\bns as to\b|\bcode\b", re.I)
_CONTEXT = frozenset({"family style", "school lunch", "latino food", "fast food", "restaurant"})
# Words that only qualify a food: a text made of these alone says what else a code covers
# ("light", "low fat", "sugar free", "frozen", "pre-sliced or not"), never what it is.
_QUALIFIER_WORDS = frozenset("""
    a an and or of the to in on with without as not no ns nfs any all other type types kind kinds
    light lite low reduced free fat nonfat lowfat sugar sugarless salt salted unsalted lightly
    sodium calorie calories diet regular plain original classic flavor flavors flavored
    unflavored sweet sweetened unsweetened fresh frozen canned dried dry raw cooked baked fried
    roasted grilled broiled sauteed steamed boiled stewed toasted smoked homemade home made
    commercial ready eat heat serve prepared style size sizes small medium large mini extra
    whole part skim percent pre sliced unsliced chopped shredded grated ground crushed diced
    instant quick coated uncoated breaded added added skin skinless boneless bone lean
    fortified enriched organic natural source sources place vendor street restaurant fast food
    family school lunch home kids thin thick cut cuts style mix mixes bulk microwavable
    blanched marinated battered pickled steamed poached braised stewed scrambled mashed pureed
    white brown red green yellow black purple golden dark premium homestyle supplementation
    zero top bottom short western winter glazed naked
    microwaveable refrigerated shelf stable
""".split())  # fmt: skip


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("'", ""))


def _stem(words: list[str]) -> str:
    """Words joined, a plural -s dropped from each: "raisins" and "raisin" compare equal."""
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                    for w in words)


def food_names(descriptions: Iterable[str]) -> set[str]:
    """What the foods of the table are called: each description, and the part before its first
    comma ("Margarine, regular, 80% fat" is called "margarine"), as :func:`_stem` words."""
    out: set[str] = set()
    for d in descriptions:
        out.add(_stem(_words(d)))
        out.add(_stem(_words(d.split(",", 1)[0])))
    return out


class _Owners:
    """Which foods' descriptions hold a set of words (an inverted index of description words)."""

    def __init__(self, descriptions: dict[str, str]) -> None:
        self.words = {k: frozenset(_stem([w]) for w in _words(d)) for k, d in descriptions.items()}
        self.postings: dict[str, set[str]] = {}
        for k, ws in self.words.items():
            for w in ws:
                self.postings.setdefault(w, set()).add(k)

    def named_by(self, words: list[str], besides: set[str]) -> bool:
        """True when another food's description is mostly these words ("white chocolate" is
        "Candies, white chocolate", so it is no name of a chocolate chip cookie)."""
        wanted = {_stem([w]) for w in words}
        found: set[str] | None = None
        for w in wanted:
            keys = self.postings.get(w, set())
            found = set(keys) if found is None else found & keys
            if not found:
                return False
        return any(
            len(wanted) * 3 >= len(self.words[k]) * 2 for k in (found or set()) - besides
        )


def _synonym_kind(
    text: str, foods_with_text: int, descriptions: set[str], word_counts: dict[str, int]
) -> str | None:
    """``name``, ``coverage`` or ``None`` (dropped) for one FNDDS or SR28 other name."""
    lower = text.lower().strip()
    words = _words(lower)
    if not words or lower in _CONTEXT or lower.startswith(_DROP_STARTS):
        return None
    if len("".join(words)) < 3:  # "OS", "Os": a fragment, not a name
        return None
    if _DROP_CONTAINS.search(lower) or all(w in _QUALIFIER_WORDS or w.isdigit() for w in words):
        return None
    if _stem(words) in descriptions:
        # what another food is called: that food is the one by this name ("hamburger" is
        # FNDDS's sandwich, not SR28's ground beef; "margarine" is margarine, not a potato dish)
        return "coverage"
    is_list = "," in lower or " or " in f" {lower} " or "/" in lower
    if is_list or foods_with_text > NAME_MAX_FOODS:
        return "coverage"
    if len(words) == 1 and word_counts.get(_stem(words), 0) > ONE_WORD_MAX_DESCRIPTIONS:
        return "coverage"
    return "name"


def build_synonyms(
    src: Path, food_keys: set[str], descriptions: dict[str, str]
) -> list[dict[str, str]]:
    """data/synonyms.csv from the source's synonyms.csv: each row kept as a name, a coverage note
    or a brand, or dropped (see the comment above)."""
    names = food_names(descriptions.values())
    owners = _Owners(descriptions)
    word_counts: dict[str, int] = {}
    for d in descriptions.values():
        for w in {_stem([w]) for w in _words(d)}:
            word_counts[w] = word_counts.get(w, 0) + 1
    path = src / "synonyms.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        records = list(csv.DictReader(fh))
    texts: list[tuple[int, str, str, str]] = []  # (line, key, source, one text)
    for lineno, rec in enumerate(records, start=2):
        key, source, text = rec["food_key"], rec["source"], rec["text"].strip()
        if key not in food_keys:
            raise BuildError(f"synonyms.csv line {lineno}: food_key {key!r} not in foods.csv")
        if source == "sr28_comname":
            # USDA keeps several common names in one field, joined by ", " (the source's README)
            texts.extend((lineno, key, source, t.strip()) for t in text.split(", ") if t.strip())
        elif source in ("fndds_additional", "sr28_manufacturer"):
            texts.append((lineno, key, source, text))
        elif source != "wweia_category":
            raise BuildError(f"synonyms.csv line {lineno}: unknown source {source!r}")
    foods_with: dict[str, set[str]] = {}
    for _, key, _, text in texts:
        foods_with.setdefault(" ".join(_words(text)), set()).add(key)
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for _, key, source, text in texts:
        if source == "sr28_manufacturer":
            kind: str | None = "brand"
        else:
            sharing = foods_with[" ".join(_words(text))]
            kind = _synonym_kind(text, len(sharing), names, word_counts)
            if kind == "name" and owners.named_by(_words(text), sharing):
                kind = "coverage"
        if kind is None or (key, text.lower()) in seen:
            continue
        seen.add((key, text.lower()))
        rows.append({"food_key": key, "source": source, "kind": kind, "name": text})
    rows.sort(key=lambda r: (r["food_key"], r["kind"], r["name"].lower(), r["source"]))
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
        keys = {r["food_key"] for r in foods}
        portions = build_portions(args.source, keys)
        synonyms = build_synonyms(
            args.source, keys, {r["food_key"]: r["description"] for r in foods}
        )
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(args.out / "foods.csv", FOOD_COLUMNS, foods)
    write_csv(args.out / "portions.csv", PORTION_COLUMNS, portions)
    write_csv(args.out / "synonyms.csv", SYNONYM_COLUMNS, synonyms)
    factors = build_unit_factors()
    write_csv(args.out / "unit_factors.csv", units.UNIT_FACTOR_COLUMNS, factors)
    print(
        f"wrote {len(foods)} foods, {len(portions)} portions, {len(synonyms)} synonyms and "
        f"{len(factors)} unit factors to {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
