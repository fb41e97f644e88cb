"""Suggestions: every row of data/suggestions.csv resolves, and amounts come from the food table."""

from __future__ import annotations

import csv

import pytest
from conftest import ROOT

from nutricheck.suggest import load_candidates, suggest

ROWS = list(csv.DictReader((ROOT / "data" / "suggestions.csv").open(encoding="utf-8")))

# Each row, with the words its USDA description must contain (typed by hand, so a stale key fails).
EXPECTED = {
    "sr28:11458": "Spinach, cooked",
    "sr28:16070": "Lentils",
    "sr28:16057": "Chickpeas",
    "sr28:16015": "Beans, black",
    "sr28:16028": "Beans, kidney",
    "sr28:16426": "Tofu, raw, firm",
    "fndds:42100100": "Almonds",
    "fndds:43101050": "Pumpkin seeds",
    "sr28:12036": "Seeds, sunflower",
    "fndds:42104000": "Cashews",
    "fndds:42107000": "Hazelnuts",
    "fndds:43108010": "Chia seeds",
    "fndds:42202000": "Peanut butter",
    "fndds:82108500": "Sunflower oil",
    "fndds:82109000": "Wheat germ oil",
    "sr28:15086": "salmon, sockeye, cooked",
    "sr28:15241": "trout, rainbow, farmed, cooked",
    "sr28:15088": "sardine",
    "fndds:26315100": "Oysters",
    "fndds:21102170": "Beef, steak, sirloin",
    "sr28:23568": "Beef, ground",
    "fndds:22101000": "Pork, chop",
    "sr28:01129": "Egg, whole, cooked, hard-boiled",
    "fndds:11112110": "Milk, reduced fat (2%)",
    "sr28:16139": "Soymilk",
    "fndds:11411200": "Yogurt, low fat milk, plain",
    "fndds:14104100": "Cheese, cheddar",
    "sr28:11939": "Mushrooms, portabella, exposed to ultraviolet light",
    "sr28:11674": "Potatoes, baked, flesh and skin",
    "fndds:73403010": "Sweet potato, baked",
    "sr28:09040": "Bananas, raw",
    "fndds:61119010": "Orange, raw",
    "fndds:61210000": "Orange juice",
    "fndds:63105010": "Avocado, raw",
    "fndds:62125100": "Raisins",
    "fndds:41420020": "Edamame",
    "fndds:72119211": "Kale, fresh, cooked",
    "fndds:72201211": "Broccoli, fresh, cooked",
    "sr28:20137": "Quinoa, cooked",
    "fndds:51300110": "Bread, whole wheat",
    "fndds:42403010": "Coconut water",
}


def test_every_row_has_a_hand_checked_expectation():
    assert sorted(r["food_key"] for r in ROWS) == sorted(EXPECTED)


@pytest.mark.parametrize("row", ROWS, ids=[r["name"] for r in ROWS])
def test_row_resolves(row, table):
    food = table[row["food_key"]]
    assert EXPECTED[row["food_key"]].lower() in food.description.lower()
    # a household measure of the food, or a weight any food has ("1 oz", "3 oz")
    weight = row["portion"].split()[-1] in ("oz", "g")
    assert weight or any(p.description == row["portion"] for p in food.portions)


@pytest.mark.parametrize("row", ROWS, ids=[r["name"] for r in ROWS])
def test_a_suggestion_logged_as_written_gives_its_food_and_grams(row, table):
    # What the report suggests ("1/4 cup sunflower seeds adds 114 mg magnesium") must be what a
    # person gets back when they log that line: the same food, the same grams.
    from nutricheck.entries import EntryReader

    (candidate,) = [c for c in load_candidates(table) if c.line == row["line"]]
    entries = [e for e in EntryReader(table, region="us").read_line(row["line"], 1) if e.ok]
    assert [e.food_key for e in entries] == [row["food_key"]], row["line"]
    assert entries[0].grams == pytest.approx(candidate.grams, rel=0.01), row["line"]


def test_amounts_are_computed_from_the_table(table):
    by_key = {c.food.key: c for c in load_candidates(table)}
    lentils = by_key["sr28:16070"]
    # Lentils, cooked (16070): iron 3.33 mg/100 g; "1 cup" = 198 g -> 3.33 * 1.98 = 6.5934 mg.
    assert lentils.grams == 198.0
    assert lentils.adds("iron_mg") == pytest.approx(3.33 * 1.98)
    seeds = by_key["sr28:12036"]
    # Sunflower seeds: "1 cup" = 140 g, times 0.25 = 35 g; magnesium 325 mg/100 g -> 113.75 mg.
    assert seeds.grams == pytest.approx(35.0)
    assert seeds.adds("magnesium_mg") == pytest.approx(113.75)
    assert seeds.line == "1/4 cup sunflower seeds"
    hazelnuts = by_key["fndds:42107000"]
    # FNDDS hazelnuts list no "1 oz": it is a weight, 28.349523125 g (pint's avoirdupois ounce)
    assert hazelnuts.grams == pytest.approx(28.349523125)


def test_three_to_five_per_gap_and_multi_helpers_first(table):
    out = suggest({"iron_mg": 10.0, "magnesium_mg": 150.0}, table)
    for items in out.values():
        assert 3 <= len(items) <= 5
    # The first iron suggestion also closes at least a tenth of the magnesium gap.
    assert out["iron_mg"][0].helps == ("iron_mg", "magnesium_mg")


def test_vegetarian_gets_no_meat_or_fish(table):
    out = suggest(
        {"iron_mg": 10.0, "vitamin_d_ug": 10.0, "thiamin_mg": 0.5}, table, vegetarian=True
    )
    groups = {table[s.food_key].category for items in out.values() for s in items}
    assert not groups & {
        "Beef Products",
        "Pork Products",
        "Poultry Products",
        "Finfish and Shellfish Products",
    }


def test_no_suggestions_without_a_gap(table):
    assert suggest({"iron_mg": 0.0}, table) == {}


def test_a_report_on_a_users_own_table_still_suggests_foods(tmp_path):
    # Regression: --foods replaces the bundled table, which held every suggestion food; the report
    # then failed with "suggestions.csv: unknown food_key". Suggestions now come from the bundled
    # table when the user's lacks them.
    from click.testing import CliRunner

    from nutricheck.cli import cli

    foods = tmp_path / "foods.csv"
    foods.write_text("food_key,description,iron_mg\nmy:bar,Protein bar,1\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["report", "-", "--sex", "male", "--age", "34", "--foods", str(foods), "--format", "json"],
        input="100 g protein bar\n",
    )
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.output)
    assert data["totals"]["iron_mg"]["value"] == 1.0  # 100 g x 1 mg/100 g
    assert data["totals"]["iron_mg"]["status"] == "very_likely_short"  # male 31-50: EAR 6 mg
    assert data["suggestions"]["iron_mg"]  # foods from the bundled table
