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
    "sr28:12061": "Nuts, almonds",
    "sr28:12014": "Seeds, pumpkin",
    "sr28:12036": "Seeds, sunflower",
    "sr28:12087": "cashew",
    "sr28:12120": "hazelnuts",
    "sr28:12006": "chia",
    "sr28:16398": "Peanut butter",
    "sr28:04506": "Oil, sunflower",
    "sr28:04038": "Oil, wheat germ",
    "sr28:15086": "salmon, sockeye",
    "sr28:15241": "trout, rainbow",
    "sr28:15088": "sardine",
    "sr28:15169": "oyster",
    "sr28:23629": "Beef, top sirloin",
    "sr28:23568": "Beef, ground",
    "sr28:10042": "Pork, fresh, loin",
    "sr28:01129": "Egg, whole, cooked, hard-boiled",
    "sr28:01079": "Milk, reduced fat",
    "sr28:16139": "Soymilk",
    "sr28:01117": "Yogurt, plain, low fat",
    "sr28:01009": "Cheese, cheddar",
    "sr28:11939": "Mushrooms, portabella, exposed to ultraviolet light",
    "sr28:11674": "Potatoes, baked, flesh and skin",
    "sr28:11508": "Sweet potato, cooked, baked",
    "sr28:09040": "Bananas, raw",
    "sr28:09200": "Oranges, raw",
    "sr28:09206": "Orange juice",
    "sr28:09037": "Avocados, raw",
    "sr28:09298": "Raisins",
    "sr28:11212": "Edamame",
    "sr28:11234": "Kale, cooked",
    "sr28:11091": "Broccoli, cooked",
    "sr28:20137": "Quinoa, cooked",
    "sr28:18075": "Bread, whole-wheat",
    "sr28:12119": "coconut water",
}


def test_every_row_has_a_hand_checked_expectation():
    assert sorted(r["food_key"] for r in ROWS) == sorted(EXPECTED)


@pytest.mark.parametrize("row", ROWS, ids=[r["name"] for r in ROWS])
def test_row_resolves(row, table):
    food = table[row["food_key"]]
    assert EXPECTED[row["food_key"]].lower() in food.description.lower()
    assert any(p.description == row["portion"] for p in food.portions)


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
