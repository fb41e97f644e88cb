"""Check the food-log line parser against labelled recipe ingredient lines.

The sample (172 rows from strangetom/ingredient-parser's labelled snapshots, MIT licence; see the
README next to it) gives, per sentence, the tokens labelled QTY and UNIT. We compare *our first*
amount and unit with *their first* amount and unit, on the rows that carry labels at all (rows
whose label columns are all empty are unlabelled, not "no amount"):

* quantities are encoded ``#1$2`` (1/2) and ``5#1$4`` (5 1/4); ranges ``a-b``; ``2x 50`` is two
  pieces of 50 each, which we represent as the total (100), so the label is multiplied out the same
  way; a leading ``<`` ("less than") is dropped;
* units are their singular names; they are mapped to ours with :func:`canonical_unit`
  (``tablespoon`` -> ``tbsp``, ``c`` -> ``cup``, ``package`` -> ``pack``); size and quality words
  they put in the unit (``large pinch``, ``thick slice``) are skipped, since we give them as size.

Run: ``python scripts/eval_parser.py [path/to/sample.csv]``. Prints the two shares and each miss.
"""

from __future__ import annotations

import csv
import sys
from fractions import Fraction
from pathlib import Path

from nutricheck.logparse import canonical_unit, parse_line

DEFAULT = Path("/work/shared/data/ingredient-lines/ingredient-parser_labelled_sample.csv")
LABEL_COLUMNS = ("name", "quantity", "unit", "size", "preparation", "comment", "purpose")
# Words ingredient-parser labels UNIT that are a size or a quality to us.
UNIT_MODIFIERS = frozenset(
    {"thick", "thin", "good", "large", "lg", "small", "sm", "big", "heaping", "heaped", "generous",
     "level", "scant", "medium"}
)  # fmt: skip
THEIR_UNITS = {"package": "pack", "box": "pack", "tin": "can"}


def _value(token: str) -> Fraction:
    """``"#1$2"`` -> 1/2, ``"5#1$4"`` -> 21/4, ``"0.25"`` -> 1/4."""
    if "#" in token:
        whole, frac = token.split("#")
        num, den = frac.split("$")
        return Fraction(int(whole or 0)) + Fraction(int(num), int(den))
    return Fraction(token)


def expected_quantity(field: str) -> tuple[Fraction, Fraction] | None:
    """Their first amount as (low, high) (equal when not a range); ``None`` when empty."""
    tokens = field.split()
    if not tokens:
        return None
    mult = Fraction(1)
    if tokens[0].endswith("x") and len(tokens) > 1:
        mult = _value(tokens[0][:-1])
        tokens = tokens[1:]
    first = tokens[0].lstrip("<>~")
    low_s, _, high_s = first.partition("-")
    low = _value(low_s)
    high = _value(high_s) if high_s else low
    return low * mult, high * mult


def expected_unit(field: str) -> str | None:
    """Their first unit in our names; ``None`` when empty; their word itself when we have none."""
    tokens = [t.lower() for t in field.split()]
    while tokens and tokens[0] in UNIT_MODIFIERS and len(tokens) > 1:
        tokens = tokens[1:]
    if not tokens:
        return None
    if tokens[0] in ("fl", "fluid") and len(tokens) > 1 and tokens[1] in ("oz", "ounce"):
        return "fl oz"
    word = tokens[0]
    return THEIR_UNITS.get(word) or canonical_unit(word) or word


def evaluate_ingredient_lines(path: str | Path = DEFAULT) -> dict[str, object]:
    """Read the labelled sample at ``path`` (the CSV or its folder) and score the parser.

    Returns a dict: ``rows``, ``labelled``, ``quantity_ok``, ``unit_ok``, ``quantity_share``,
    ``unit_share``, ``implied_one`` (quantity misses that are our convention, not an error:
    "pinch of salt" is 1 pinch to us and has no quantity label) and ``misses`` (one ``(input,
    what, expected, got)`` per miss).
    """
    path = Path(path)
    if path.is_dir():
        path = path / DEFAULT.name
    rows = 0
    labelled = quantity_ok = unit_ok = implied_one = 0
    misses: list[tuple[str, str, str, str]] = []
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows += 1
            if not any(row[c].strip() for c in LABEL_COLUMNS):
                continue  # unlabelled row: nothing to compare with
            labelled += 1
            parsed = parse_line(row["input"])
            entry = parsed.entries[0] if parsed.entries else None
            want_q = expected_quantity(row["quantity"])
            if entry is None or entry.quantity is None:
                got_q = None
            elif entry.is_range:
                assert entry.quantity_low is not None
                assert entry.quantity_high is not None
                got_q = (entry.quantity_low, entry.quantity_high)
            else:
                got_q = (entry.quantity, entry.quantity)
            if got_q == want_q:
                quantity_ok += 1
            else:
                misses.append((row["input"], "quantity", row["quantity"], _show(got_q)))
                if (
                    want_q is None
                    and entry is not None
                    and any(n.startswith("no number before") for n in entry.notes)
                ):
                    implied_one += 1  # "pinch of salt": we say 1 pinch, the label says nothing
            want_u = expected_unit(row["unit"])
            got_u = entry.unit if entry is not None else None
            if got_u == want_u:
                unit_ok += 1
            else:
                misses.append((row["input"], "unit", row["unit"], str(got_u)))
    return {
        "rows": rows,
        "labelled": labelled,
        "quantity_ok": quantity_ok,
        "unit_ok": unit_ok,
        "quantity_share": quantity_ok / labelled if labelled else 0.0,
        "unit_share": unit_ok / labelled if labelled else 0.0,
        "implied_one": implied_one,
        "misses": misses,
    }


def _show(q: tuple[Fraction, Fraction] | None) -> str:
    if q is None:
        return "None"
    low, high = q
    return str(low) if low == high else f"{low}-{high}"


def main(argv: list[str]) -> int:
    result = evaluate_ingredient_lines(argv[1] if len(argv) > 1 else DEFAULT)
    print(f"rows: {result['rows']}, labelled: {result['labelled']}")
    print(f"quantity right: {result['quantity_ok']} ({result['quantity_share']:.1%})")
    print(f"unit right:     {result['unit_ok']} ({result['unit_share']:.1%})")
    print(
        f"of the quantity misses, {result['implied_one']} are a unit with no number read as 1 "
        '("pinch of salt" = 1 pinch), which the labels leave empty'
    )
    for text, what, want, got in result["misses"]:  # type: ignore[attr-defined]
        print(f"  miss {what}: {text!r}: expected {want!r}, got {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
