"""nutricheck.entries: what EntryReader does with lines beyond parsing and matching."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nutricheck.entries import EntryReader


def test_a_repeated_line_is_renumbered_like_dataclasses_replace(table):
    # read_line copies the memoised entries of a repeated line with the new line number; the copy
    # must be exactly what dataclasses.replace would give.
    reader = EntryReader(table)
    text = "2 large eggs and 1 cup cooked spinach"
    first = reader.read_line(text, 1)
    assert len(first) == 2
    again = reader.read_line(text, 7)
    assert again == [replace(e, line=7) for e in first]
    assert [e.line for e in again] == [7, 7]
    assert [e.line for e in reader.read_line(text, 1)] == [1, 1]


@pytest.mark.parametrize("enabled", [True, False])
def test_read_lines_leaves_the_garbage_collector_as_it_found_it(enabled):
    import gc

    from nutricheck.entries import EntryReader

    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        EntryReader().read_lines(["2 large eggs", "2 large eggs"])
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


# A diary's amounts of a food and unit, each of which read_amount scales from one reading of the
# food and unit: it must give what reading the row as a line gives, grams to rounding.
AMOUNT_ROWS = [
    (2, "cup milk"),
    (0.5, "cup milk"),
    (0.75, "cup cooked spinach"),
    (3, "banana"),
    (2, "large eggs"),
    (1.5, "medium apple"),
    (150, "g salmon"),
    (6, "oz chicken breast"),
    (3, "tbsp peanut butter"),
    (2, "slice whole wheat bread"),
    (4, "serving chili"),
    (2, "serving grandma's casserole"),  # unknown food: unknown at every amount
    (3, "scoop protein shake xyz"),
    (1.5, "cup cereal with milk"),  # two foods: read as written
    (2, "cup banana"),  # a unit that may not apply
    (0, "cup milk"),  # nothing: read as written
    (2500000, "g rice"),  # "2.5e+06": read as written
]


@pytest.mark.parametrize(("amount", "rest"), AMOUNT_ROWS)
def test_read_amount_gives_what_the_line_gives(table, amount, rest):
    reader = EntryReader(table)
    got = reader.read_amount(amount, rest, 12)
    want = EntryReader(table).read_line(f"{amount:g} {rest}", 12)
    assert [replace(e, grams=None, nutrients={}) for e in got] == [
        replace(e, grams=None, nutrients={}) for e in want
    ]
    for g, w in zip(got, want, strict=True):
        assert g.grams == (None if w.grams is None else pytest.approx(w.grams, rel=1e-12))
        assert g.nutrients.keys() == w.nutrients.keys()
        for k, v in w.nutrients.items():
            assert g.nutrients[k] == (None if v is None else pytest.approx(v, rel=1e-12))


def test_read_amount_reads_each_food_and_unit_once(table):
    reader = EntryReader(table)
    for amount in (1, 2, 0.5, 3, 1.25, 4, 10):
        reader.read_amount(amount, "cup milk", 1)
    assert reader._by_text.cache_info().currsize == 2  # "1 cup milk" and "2 cup milk" only


def test_read_amount_keeps_the_amount_that_its_text_rounds(table):
    # "{:g}" writes 123.4567 as "123.457"; the grams are those of the amount the row gave
    (entry,) = EntryReader(table).read_amount(123.4567, "g salmon", 3)
    assert entry.text == "123.457 g salmon"
    assert (entry.quantity, entry.grams) == (123.4567, 123.4567)


def test_frozen_helpers_make_what_the_dataclass_makes(table):
    from nutricheck._frozen import changed, make, renumbered
    from nutricheck.report import NutrientResult

    (entry,) = EntryReader(table).read_line("2 large eggs", 1)
    assert changed(entry, line=9, grams=1.0) == replace(entry, line=9, grams=1.0)
    assert renumbered(entry, 9) == replace(entry, line=9)
    assert changed(entry, line=9) is not entry  # a copy
    assert entry.line == 1  # the original kept
    fields = {f: None for f in NutrientResult.__dataclass_fields__}
    made = make(NutrientResult, dict(fields))
    assert made == NutrientResult(**fields)
    with pytest.raises(AttributeError):  # still frozen
        made.value = 1.0


def test_read_lines_numbers_each_repeat_like_dataclasses_replace(table):
    lines = [
        "2 large eggs and 1 cup cooked spinach",
        "a banana",
        "2 large eggs and 1 cup cooked spinach",
    ]
    got = EntryReader(table).read_lines(lines, start=5)
    first = EntryReader(table).read_lines(lines[:2], start=5)
    assert got == [*first, replace(first[0], line=7), replace(first[1], line=7)]
