"""The lines issue 11 names, read end to end as a user's log is (parser, vocabulary, matcher,
grams: :class:`~nutricheck.entries.EntryReader`), and a few more of the same families.

What each line must give is worked out from USDA's files (data/portions.csv through the food
table, data/synonyms.csv, data/aliases.csv) or from arithmetic written here, never from what the
code under test returns: the food's words, how many entries the line makes, and the grams of the
USDA measure that applies.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import pytest
from conftest import ROOT, SHARED

from nutricheck.days import row_entries
from nutricheck.diary import read_diary
from nutricheck.entries import EntryReader
from nutricheck.foods import default_table

FL_OZ_ML = 29.5735295625
UK_PINT_ML = 568.26125
US_PINT_ML = 473.176473


@pytest.fixture(scope="module")
def table():
    return default_table()


@pytest.fixture(scope="module")
def read():
    readers = {r: EntryReader(region=r) for r in ("us", "uk")}

    def read(line: str, region: str = "us"):
        return readers[region].read_line(line, 1)

    return read


def grams_of(table, key: str, unit: str) -> float:
    """Grams of one ``unit`` of the food, from its USDA measure of that unit."""
    p = next(p for p in table[key].portions if p.unit == unit)
    return p.grams / (p.amount or 1)


def per_ml(table, key: str) -> float:
    """Grams per millilitre of a drink, from its USDA "fl oz" measure."""
    p = next(p for p in table[key].portions if p.unit.startswith("fl oz"))
    return p.grams / (p.amount or 1) / FL_OZ_ML


def one(entries):
    assert len(entries) == 1, [(e.text, e.description) for e in entries]
    assert entries[0].status == "ok", entries[0].reason
    return entries[0]


def has(e, *words: str) -> bool:
    return all(w.lower() in (e.description or "").lower() for w in words)


# -- drinks as they are ordered -------------------------------------------------------------


@pytest.mark.parametrize(("region", "ml"), [("uk", UK_PINT_ML), ("us", US_PINT_ML)])
def test_a_pint_of_bitter_is_beer_by_the_regions_pint(table, read, region, ml):
    e = one(read("pint of bitter", region))
    assert has(e, "beer")
    assert "melon" not in e.description.lower()
    assert e.grams == pytest.approx(ml * per_ml(table, e.food_key))


def test_three_cans_of_a_stated_size_are_three_times_that(table, read):
    e = one(read("3 Bud Light (12 oz cans)"))
    assert has(e, "beer", "light")
    # ounces of a drink are fluid ounces: 3 x 12 fl oz
    assert e.grams == pytest.approx(3 * 12 * FL_OZ_ML * per_ml(table, e.food_key))


def test_bottles_with_their_size_each(table, read):
    e = one(read("2 bottles of beer (12 oz each)"))
    assert has(e, "beer")
    assert e.grams == pytest.approx(2 * 12 * FL_OZ_ML * per_ml(table, e.food_key))


def test_a_large_latte_with_oat_milk_is_one_drink(read):
    e = one(read("large latte with oat milk", "uk"))
    assert has(e, "latte")  # the milk is in the latte, not a second food


# -- dishes before splitting ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("egg mayo sandwich", ("egg", "sandwich")),
        ("cottage pie", ("pie",)),
        ("Kraft mac and cheese", ("macaroni", "cheese")),
        ("1 can sardines in oil", ("sardine", "canned in oil")),
        ("sardines in olive oil", ("sardine", "canned in oil")),
    ],
)
def test_a_dish_is_one_food(read, line, words):
    e = one(read(line, "uk"))
    assert has(e, *words), e.description
    assert "cottage cheese" not in e.description.lower()


def test_a_makers_name_is_set_aside_before_an_everyday_name(read):
    aliases = {r["alias"]: r["food_key"] for r in csv.DictReader(open(ROOT / "data/aliases.csv"))}
    e = one(read("Kraft mac and cheese"))
    assert e.food_key == aliases["mac and cheese"]
    assert "kraft" in e.set_aside


# -- a comma or a word that only describes ---------------------------------------------------


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("1 tsp Turmeric, Ground", ("turmeric", "ground")),
        ("100 g Chickpeas / Garbanzo (Canned, Drained)", ("chickpeas", "canned")),
        ("60 g Cereals ready-to-eat, GENERAL MILLS, Whole Grain TOTAL", ("TOTAL",)),
        ("150g cod fillet, grilled", ("cod",)),
        ("1 large carrot, peeled", ("carrot",)),
        ("2 large red onions, sliced", ("onion",)),
        ("8 large strawberries, hulled and halved", ("strawberries",)),
        ("1/2 cup chopped pecans", ("pecan",)),
        ("1 cup diced pineapple", ("pineapple",)),
    ],
)
def test_qualifiers_stay_with_their_food(read, line, words):
    e = one(read(line))
    assert has(e, *words), e.description


def test_seasonings_without_an_amount_are_pinches(read):
    salt, pepper = read("salt and black pepper")
    assert has(salt, "salt")
    assert has(pepper, "pepper", "black")
    # a pinch is 1/16 tsp: well under a gram of either
    assert salt.grams < 1
    assert pepper.grams < 1
    assert salt.assumed
    assert pepper.assumed


# -- grams from USDA's measures, the food's own or a sibling's --------------------------------


def test_a_size_the_food_lacks_comes_from_the_same_food_elsewhere(table, read):
    e = one(read("1 large carrot"))
    # FNDDS "Carrots, raw" has only "1 regular carrot"; SR28 "Carrots, raw" has "1 large"
    large = [
        p.grams
        for k in ("sr28:11124", e.food_key)
        for p in table[k].portions
        if p.unit.startswith("large")
    ]
    assert e.grams == pytest.approx(large[0])


def test_a_can_comes_from_the_same_food_named_the_other_way_round(table, read):
    e = one(read("1 can Pinto Beans"))
    assert has(e, "pinto")
    cans = {
        p.grams
        for k, d in table.descriptions().items()
        if d.lower().startswith("beans, pinto")
        for p in table[k].portions
        if p.unit.startswith("can")
    }
    assert e.grams in cans


def test_a_can_of_sardines_in_oil_is_the_cans_weight(table, read):
    e = one(read("1 can sardines in oil"))
    can = next(p for p in table[e.food_key].portions if p.unit.startswith("can"))
    assert e.grams == pytest.approx(can.grams)


def test_peanut_butter_cups_by_the_pack(table, read):
    e = one(read("2 Reese's peanut butter cups"))
    assert has(e, "REESE'S Peanut Butter Cups")
    # '1 package 1.6 oz 2 cups': two cups
    assert e.grams == pytest.approx(grams_of(table, e.food_key, "package 1.6 oz 2 cups"))


def test_sunflower_seeds_by_the_kernel_cup(table, read):
    e = one(read("1/4 cup sunflower seeds"))
    assert has(e, "kernels")
    # the kernels' plain "1 cup", not "1 cup, with hulls, edible yield" (seeds in their shells)
    assert e.grams == pytest.approx(grams_of(table, e.food_key, "cup") / 4)


def test_a_british_courgette_by_its_size(table, read):
    e = one(read("1 medium courgette", "uk"))
    assert has(e, "zucchini")
    mediums = {
        p.grams
        for k, d in table.descriptions().items()
        if "zucchini" in d.lower()
        for p in table[k].portions
        if p.unit == "medium"
    }
    assert e.grams in mediums


def test_weetabix_with_semi_skimmed_milk(table, read):
    cereal, milk = read("2 weetabix with semi-skimmed milk", "uk")
    assert has(cereal, "WEETABIX")
    assert has(milk, "milk")
    assert "whole" not in milk.description.lower()
    two = next(p for p in table[cereal.food_key].portions if "2 biscuits" in p.description)
    assert cereal.grams == pytest.approx(two.grams)


# -- USDA's own other names count with the food's own words -----------------------------------


def _synonym_foods(name: str) -> set[str]:
    with open(ROOT / "data/synonyms.csv", newline="") as f:
        return {r["food_key"] for r in csv.DictReader(f) if r["name"].lower() == name}


def test_a_brand_with_the_food_it_names(read):
    e = one(read("tropicana orange juice 250ml"))
    assert e.food_key in _synonym_foods("tropicana")
    assert has(e, "orange juice, 100%")


def test_a_product_name_with_its_kind(read):
    e = one(read("2 Oreo cookies"))
    assert e.food_key in _synonym_foods("oreo")


# -- diary rows name one food -----------------------------------------------------------------


def test_a_generic_csv_row_with_commas_in_its_food_is_one_food(tmp_path):
    path = tmp_path / "diary.csv"
    path.write_text('date,food,amount,unit\n2024-05-01,"Rice, brown",200,g\n')
    diary = read_diary(path)
    entries = row_entries(diary.rows[0], EntryReader(), frozenset())
    assert len(entries) == 1
    assert entries[0].grams == 200
    assert entries[0].description.lower().startswith("rice, brown")


LOSEIT = SHARED / "data/diary-samples/loseit/peterhajas-blog__WeeklySummary_rows_2020_excerpt.csv"


@pytest.mark.skipif(not LOSEIT.exists(), reason="needs ../shared/data/diary-samples")
def test_lose_it_rows_are_one_food_each():
    diary = read_diary(LOSEIT)
    reader = EntryReader()
    for row in diary.rows[:3]:
        assert len(row_entries(row, reader, frozenset())) == 1, row.food


# -- the user's own foods come first ----------------------------------------------------------


def test_a_users_own_food_beats_the_built_in_ones(tmp_path):
    env = {**os.environ, "NUTRICHECK_DATA_DIR": str(tmp_path / "data")}

    def run(*args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "nutricheck", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("foods", "add", "--name", "my protein bar", "--per", "1 bar=60g", "iron=3mg")
    assert "my protein bar" in run("foods", "list")
    out = run("parse", "--format", "json", "-", stdin="100g my protein bar\n")
    assert '"user:my-protein-bar"' in out
    assert '"user"' in out


# -- how much of one food goes with another -------------------------------------------------


def test_milk_in_a_hot_drink_is_usdas_amount_per_fluid_ounce(table, read):
    _coffee, milk = read("americano with milk")
    per_fl_oz = next(
        p.grams for p in table[milk.food_key].portions if "per fl oz of beverage" in p.unit
    )
    # a drink of no stated size is 12 fl oz (FNDDS's typical brewed coffee, 360 g)
    assert milk.grams == pytest.approx(12 * per_fl_oz)
    assert milk.assumed


def test_milk_on_a_cold_cereal_is_half_a_cup(table, read):
    _cereal, milk = read("2 weetabix with semi-skimmed milk", "uk")
    cup = grams_of(table, milk.food_key, "cup")
    assert milk.grams == pytest.approx(cup / 2)
    assert milk.assumed
