"""Sizes said with a food ("medium fries", "1 roll") that once gave the wrong item's weight, end to
end through EntryReader. Grams come from data/portions.csv, named in each comment."""

from __future__ import annotations

import pytest

from nutricheck.entries import EntryReader

CASES = [
    # "1 medium, raw, yields" (70 g: the fries a medium raw potato makes) was taken for a medium
    # order; FNDDS "Potato, french fries, fast food" has '1 medium fast food order' 145 g
    ("medium fries", 145.0),
    ("large fries", 180.0),  # '1 large fast food order' 180 g
    # the medium roll was read as another item ('1 medium/regular/sandwich size roll', 43 g)
    ("1 roll", 43.0),
]


@pytest.fixture(scope="module")
def reader() -> EntryReader:
    return EntryReader(region="us")


@pytest.mark.parametrize(("line", "grams"), CASES, ids=[c[0] for c in CASES])
def test_size_gives_the_items_weight(reader, line, grams):
    (entry,) = reader.read_line(line, 1)
    assert entry.ok and entry.grams == pytest.approx(grams)
