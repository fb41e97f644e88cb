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
    assert entry.ok
    assert entry.grams == pytest.approx(grams)


@pytest.mark.parametrize(
    ("line", "grams"),
    [
        # 2 x the ready-to-drink shake (248 g each); FNDDS 'Nutritional powder mix, NFS' has
        # '1 scoop' 34 g
        ("huel 2 scoops with water", 68.0),
        # 'Nutritional powder mix, protein, NFS' '1 scoop' 31 g
        ("1 scoop protein shake", 31.0),
    ],
)
def test_a_scoop_is_of_the_powder(reader, line, grams):
    powder = [e for e in reader.read_line(line, 1) if e.ok and "powder" in e.description.lower()]
    assert len(powder) == 1
    assert powder[0].grams == pytest.approx(grams)


@pytest.mark.parametrize(
    ("line", "region", "ml"),
    [
        # data/vocabulary.csv 'large glass of ...' (UK 250 ml glasses) was never applied: its
        # words hold a food word, and the glass was read as the amount first (225 g, 1.25 x
        # USDA's 6 fl oz glass)
        ("large glass of red", "uk", 250.0),
        ("large glass of white wine", "uk", 250.0),
        ("bottle of wine", "us", 750.0),  # 'bottle of wine' 750 ml
    ],
)
def test_a_size_served_with_its_food(line, region, ml):
    (entry,) = EntryReader(region=region).read_line(line, 1)
    assert entry.ok
    assert entry.unit == "ml"
    assert entry.quantity == pytest.approx(ml)


def test_a_pack_size_is_no_item_size(reader):
    # "1 large/king size" (120 g) of FNDDS 'Candy, gummy' was read as a large item once the
    # size's other names were dropped; a count of the candy is its '1 piece' (2 g)
    (entry,) = reader.read_line("2 clif bloks", 1)
    assert entry.ok
    assert entry.grams == pytest.approx(4.0)


@pytest.mark.parametrize("line", ["3 shot bloks", "shot bloks"])
def test_a_unit_word_that_begins_a_name(reader, line):
    # "shot" was read as the unit: 3 shots of an unknown "bloks"
    (entry,) = reader.read_line(line, 1)
    assert entry.ok
    assert "gummy" in entry.description.lower()
    assert entry.unit is None


def test_a_count_beats_the_container_it_came_in(reader):
    # "(1 pouch)" replaced "2 bars": 20 g; FNDDS '1 bar' of the Nature Valley crunchy bar is 21 g
    (entry,) = reader.read_line("2 Nature Valley crunchy bars (1 pouch)", 1)
    assert entry.ok
    assert entry.grams == pytest.approx(42.0)


def test_a_weight_still_beats_a_count(reader):
    (entry,) = reader.read_line("2 large eggs (100 g)", 1)
    assert entry.grams == pytest.approx(100.0)
