"""nutricheck.fdc.parse: JSON -> SearchHit / Food, offline.

Two sources of JSON:

* the recorded real answers in tests/data/fdc/recorded/ (copied unchanged from
  ../shared/data/fdc-api-samples/). The expected numbers below were read by eye in those files;
* hand-written small answers in tests/data/fdc/ for shapes the recordings lack.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from nutricheck import nutrients
from nutricheck.fdc import FDCQueryError, FDCResponseError
from nutricheck.fdc.parse import (
    DATA_TYPES,
    FDC_NUTRIENT_NUMBERS,
    fdc_id_of,
    normalize_data_type,
    parse_food,
    parse_food_details,
    parse_search,
    pint_unit,
    split_amount,
)
from nutricheck.foods import Portion

# Real FDC answers, copied unchanged (public domain; provenance and sha256 in its README).
SAMPLES = Path(__file__).resolve().parent / "data" / "fdc" / "recorded"
OWN = Path(__file__).resolve().parent / "data" / "fdc"

BIG_MAC_FOOD = "DanClowry_FoodDataCentral.NET/BigMacFood.json"
BIG_MAC_SEARCH = "DanClowry_FoodDataCentral.NET/BigMacSearch.json"
CHEDDAR_ABRIDGED = "trellislabs-hq_fooddata-central-mcp/food-328637.detail-abridged.json"
CHEDDAR_SEARCH_ALL = "trellislabs-hq_fooddata-central-mcp/cheddar-cheese.search-all.json"
CHEDDAR_SEARCH_FOUNDATION = (
    "trellislabs-hq_fooddata-central-mcp/cheddar-cheese.search-foundation.json"
)


def sample(name: str) -> object:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def own(name: str) -> object:
    return json.loads((OWN / name).read_text(encoding="utf-8"))


def hit_json(sample_name: str, fdc_id: int) -> dict:
    data = sample(sample_name)
    assert isinstance(data, dict)
    return next(f for f in data["foods"] if f["fdcId"] == fdc_id)


# ------------------------------------------------------------------ recorded answers, read by eye

# (sample, fdc id or None for a detail file, expected per 100 g). None = not in the answer: unknown.
N = None
RECORDED_FOODS = [
    # Full-format SR Legacy detail (2019): "McDONALD'S, BIG MAC"; Fe 2.0, K 181, Mg 20, Ca 116,
    # Na 460 mg, thiamin 0.176 mg, Energy 257 kcal (1008); no vitamin D or E in the answer.
    (
        BIG_MAC_FOOD,
        None,
        {
            "iron_mg": 2.0,
            "vitamin_d_ug": N,
            "vitamin_e_mg": N,
            "thiamin_mg": 0.176,
            "potassium_mg": 181.0,
            "magnesium_mg": 20.0,
            "calcium_mg": 116.0,
            "sodium_mg": 460.0,
            "energy_kcal": 257.0,
        },
    ),
    # Abridged Foundation detail "Cheese, cheddar": only nutrient *numbers* (303 iron ...), units
    # in upper case ("MG"); 208 Energy 408 KCAL; 323 vitamin E 0.75 MG; no vitamin D (328/324).
    (
        CHEDDAR_ABRIDGED,
        None,
        {
            "iron_mg": 0.16,
            "vitamin_d_ug": N,
            "vitamin_e_mg": 0.75,
            "thiamin_mg": 0.029,
            "potassium_mg": 77.0,
            "magnesium_mg": 26.8,
            "calcium_mg": 707.0,
            "sodium_mg": 654.0,
            "energy_kcal": 408.0,
        },
    ),
    # Foundation search hit "Cheese, pasteurized process cheese food ..., American, singles":
    # 1114 vitamin D 4.42 UG *and* 1110 177 IU (177 / 40 = 4.425): the µg value wins;
    # no 1008, so energy is 2047 Atwater General 310 KCAL (2048 says 308).
    (
        CHEDDAR_SEARCH_FOUNDATION,
        2647439,
        {
            "iron_mg": 1.3,
            "vitamin_d_ug": 4.42,
            "vitamin_e_mg": N,
            "thiamin_mg": N,
            "potassium_mg": 212.0,
            "magnesium_mg": 34.6,
            "calcium_mg": 1500.0,
            "sodium_mg": 1420.0,
            "energy_kcal": 310.0,
        },
    ),
    # Foundation hit "Cheese, swiss": vitamin D 0.0 UG is a measured zero, kept as 0, not unknown.
    (
        CHEDDAR_SEARCH_FOUNDATION,
        746767,
        {
            "iron_mg": 0.13,
            "vitamin_d_ug": 0.0,
            "vitamin_e_mg": 0.6,
            "thiamin_mg": 0.011,
            "potassium_mg": 71.0,
            "magnesium_mg": 33.4,
            "calcium_mg": 890.0,
            "sodium_mg": 185.0,
            "energy_kcal": 393.0,
        },
    ),
    # Foundation hit "Cheese, cotija, solid": energy only as 2047 351 / 2048 352 KCAL.
    (
        CHEDDAR_SEARCH_FOUNDATION,
        2647443,
        {
            "iron_mg": 0.0,
            "vitamin_d_ug": 0.0,
            "vitamin_e_mg": N,
            "thiamin_mg": N,
            "potassium_mg": 117.0,
            "magnesium_mg": 29.9,
            "calcium_mg": 700.0,
            "sodium_mg": 1620.0,
            "energy_kcal": 351.0,
        },
    ),
    # Branded hit "CHEDDAR CHEESE" (Grafton Village): label-derived per-100 g values; iron 0.0.
    (
        CHEDDAR_SEARCH_ALL,
        2057648,
        {
            "iron_mg": 0.0,
            "vitamin_d_ug": N,
            "vitamin_e_mg": N,
            "thiamin_mg": N,
            "potassium_mg": N,
            "magnesium_mg": N,
            "calcium_mg": 714.0,
            "sodium_mg": 679.0,
            "energy_kcal": 393.0,
        },
    ),
    # Branded hit 2095236 (MDS Foods): no iron or calcium item at all -> unknown, never 0.
    (
        CHEDDAR_SEARCH_ALL,
        2095236,
        {
            "iron_mg": N,
            "vitamin_d_ug": N,
            "vitamin_e_mg": N,
            "thiamin_mg": N,
            "potassium_mg": N,
            "magnesium_mg": N,
            "calcium_mg": N,
            "sodium_mg": 686.0,
            "energy_kcal": 432.0,
        },
    ),
]


@pytest.mark.parametrize(
    ("name", "fdc_id", "expected"),
    RECORDED_FOODS,
    ids=[
        "bigmac-full",
        "cheddar-abridged",
        "american-singles-hit",
        "swiss-hit",
        "cotija-hit",
        "branded-grafton-hit",
        "branded-mds-hit",
    ],
)
def test_recorded_food_values(name, fdc_id, expected):
    data = sample(name) if fdc_id is None else hit_json(name, fdc_id)
    food = parse_food(data)
    assert set(food.per_100g) == set(nutrients.KEYS)
    for key, value in expected.items():
        if value is None:
            assert food.per_100g[key] is None, key
        else:
            assert food.per_100g[key] == pytest.approx(value), key


def test_big_mac_full_detail_fields():
    food = parse_food(sample(BIG_MAC_FOOD))
    assert food.key == "fdc:170720"
    assert (food.source, food.source_id, food.fdc_id) == ("fdc", "170720", "170720")
    assert food.description == "McDONALD'S, BIG MAC"
    assert food.category == "Fast Foods"
    # foodPortions: measureUnit 9999 "undetermined", modifier "item 7.6 oz", amount 1, 219 g.
    assert food.portions == (
        Portion(amount=1.0, unit="item 7.6 oz", description="1 item 7.6 oz", grams=219.0, seq=1),
    )


def test_big_mac_matches_bundled_sr28_row(table):
    # ../shared/data/usda/README.md: fdc 170720 = SR28 21237; the values must agree.
    fdc = parse_food(sample(BIG_MAC_FOOD))
    sr28 = table["sr28:21237"]
    for key in nutrients.KEYS:
        expected = sr28.per_100g[key]
        if expected is None:
            assert fdc.per_100g[key] is None, key
        else:
            assert fdc.per_100g[key] == pytest.approx(expected), key


def test_abridged_detail_equals_its_search_hit():
    # The same food (328637) in two shapes: abridged detail (numbers) and search hit (ids).
    abridged = parse_food(sample(CHEDDAR_ABRIDGED))
    hit = parse_food(hit_json(CHEDDAR_SEARCH_FOUNDATION, 328637))
    assert dict(abridged.per_100g) == dict(hit.per_100g)
    assert abridged.portions == hit.portions == ()


def test_abridged_has_no_category_and_no_portions():
    food = parse_food(sample(CHEDDAR_ABRIDGED))
    assert (food.key, food.description, food.category, food.portions) == (
        "fdc:328637",
        "Cheese, cheddar",
        "",
        (),
    )


def test_branded_hit_serving_portions():
    food = parse_food(hit_json(CHEDDAR_SEARCH_ALL, 2015943))
    # servingSize 28.0 g, householdServingFullText "0.25 cup", brandName CRYSTAL FARMS.
    assert food.description == "CHEDDAR CHEESE (CRYSTAL FARMS)"
    assert food.category == "Cheese"
    assert food.portions == (
        Portion(amount=1.0, unit="serving", description="1 serving (0.25 cup)", grams=28.0, seq=1),
        Portion(amount=0.25, unit="cup", description="0.25 cup", grams=28.0, seq=2),
    )


def test_branded_household_weight_is_not_a_second_portion():
    # "1 ONZ" is GS1 for one ounce: a weight, so only the serving portion is made.
    food = parse_food(hit_json(CHEDDAR_SEARCH_ALL, 2057648))
    assert food.portions == (
        Portion(amount=1.0, unit="serving", description="1 serving (1 ONZ)", grams=28.0, seq=1),
    )


def test_parse_search_foundation_sample():
    hits = parse_search(sample(CHEDDAR_SEARCH_FOUNDATION))
    assert len(hits) == 10
    first = hits[0]
    assert (first.fdc_id, first.description, first.data_type, first.category) == (
        328637,
        "Cheese, cheddar",
        "Foundation",
        "Dairy and Egg Products",
    )
    assert first.ndb_number == "1009"  # an int (1009) in this answer, text everywhere else
    assert first.published == "2019-04-01"
    assert first.score == pytest.approx(454.4804)
    assert first.per_100g is not None
    assert first.per_100g["calcium_mg"] == 707.0
    assert first.key == "fdc:328637"


def test_parse_search_branded_sample():
    hits = parse_search(sample(CHEDDAR_SEARCH_ALL))
    assert [h.fdc_id for h in hits][:3] == [2057648, 2015943, 2021456]
    grafton = hits[0]
    assert (grafton.brand_owner, grafton.brand_name, grafton.serving) == (
        "Grafton Village Cheese Co, LLC",
        "GRAFTON VILLAGE",
        "28 g (1 ONZ)",
    )
    assert {h.data_type for h in hits} == {"Branded"}


def test_parse_search_2019_format_has_no_nutrients():
    hits = parse_search(sample(BIG_MAC_SEARCH))
    assert len(hits) == 50
    counts = {
        t: sum(h.data_type == t for h in hits) for t in ("Branded", "Survey (FNDDS)", "SR Legacy")
    }
    assert counts == {"Branded": 32, "Survey (FNDDS)": 11, "SR Legacy": 7}
    assert all(h.per_100g is None for h in hits)
    big_mac = next(h for h in hits if h.fdc_id == 170720)
    assert (big_mac.description, big_mac.ndb_number, big_mac.data_type) == (
        "McDONALD'S, BIG MAC",
        "21237",
        "SR Legacy",
    )
    assert next(h for h in hits if h.fdc_id == 341114).food_code  # Survey hits carry a food code


def test_search_hit_to_dict_is_json():
    hits = parse_search(sample(CHEDDAR_SEARCH_FOUNDATION))
    out = json.loads(json.dumps([h.to_dict() for h in hits]))
    assert out[0]["per_100g"]["iron_mg"] == {"value": 0.16, "unit": "mg"}
    assert out[0]["brand_owner"] is None


def _number_pairs() -> set[tuple[int, str]]:
    pairs = set()
    for name in (CHEDDAR_SEARCH_ALL, CHEDDAR_SEARCH_FOUNDATION):
        data = sample(name)
        assert isinstance(data, dict)
        for food in data["foods"]:
            pairs.update((n["nutrientId"], n["nutrientNumber"]) for n in food["foodNutrients"])
    data = sample(BIG_MAC_FOOD)
    assert isinstance(data, dict)
    pairs.update((n["nutrient"]["id"], n["nutrient"]["number"]) for n in data["foodNutrients"])
    return pairs


@pytest.mark.parametrize(
    ("nutrient_id", "number"),
    sorted(FDC_NUTRIENT_NUMBERS.items()),
    ids=[str(i) for i in sorted(FDC_NUTRIENT_NUMBERS)],
)
def test_every_id_number_row_is_in_the_recorded_answers(nutrient_id, number):
    # The hand-kept id -> number table: every row must appear as a pair in a real answer.
    assert (nutrient_id, number) in _number_pairs()


def test_every_registry_id_has_a_number():
    # Otherwise the abridged format could never fill that nutrient.
    for n in nutrients.NUTRIENTS.values():
        for nutrient_id in (*n.fdc_ids, *n.fdc_iu_ids):
            assert nutrient_id in FDC_NUTRIENT_NUMBERS, (n.key, nutrient_id)


# -------------------------------------------------------------------------- hand-written shapes


def test_full_foundation_fixture():
    parsed = parse_food_details(own("full-foundation.json"))
    food = parsed.food
    assert food.per_100g["iron_mg"] == 0.5
    assert food.per_100g["vitamin_d_ug"] == 1.0  # 1114 µg wins over 1110 (400 IU would be 10 µg)
    assert parsed.from_iu == frozenset()
    assert food.per_100g["energy_kcal"] == 350.0  # 2047 before 2048, as the registry orders them
    assert food.per_100g["potassium_mg"] is None
    assert food.category == "Dairy and Egg Products"
    # The group header (951, no amount) is skipped; the portion without gramWeight is dropped.
    assert food.portions == (
        Portion(
            amount=1.0, unit="cup, shredded", description="1 cup, shredded", grams=113.0, seq=1
        ),
        Portion(amount=1.0, unit="slice", description="1 slice", grams=28.0, seq=2),
    )


def test_full_survey_fixture(caplog):
    caplog.set_level(logging.WARNING, logger="nutricheck.fdc.parse")
    parsed = parse_food_details(own("full-survey.json"))
    food = parsed.food
    assert food.per_100g["energy_kcal"] == pytest.approx(1000 / 4.184)  # only 1062 kJ
    assert food.per_100g["vitamin_d_ug"] == pytest.approx(2.0)  # 80 IU / 40
    assert parsed.from_iu == frozenset({"vitamin_d_ug"})
    assert "Vitamin D was converted from IU" in parsed.notes
    assert food.per_100g["thiamin_mg"] == pytest.approx(0.05)  # 50 UG
    assert food.per_100g["iron_mg"] is None  # "ml" is not a mass: dropped with a warning
    assert food.per_100g["sodium_mg"] is None  # negative: dropped with a warning
    assert food.per_100g["potassium_mg"] == 0.0  # a zero is a value
    assert food.category == "Soups"
    assert food.portions == (
        Portion(amount=1.0, unit="cup", description="1 cup", grams=244.0, seq=1),
        Portion(amount=0.5, unit="cup", description="1/2 cup", grams=122.0, seq=2),
        Portion(
            amount=None,
            unit="Quantity not specified",
            description="Quantity not specified",
            grams=244.0,
            seq=3,
        ),
    )
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "cannot be expressed in mg" in messages
    assert "negative amount" in messages


def test_full_branded_fixture():
    parsed = parse_food_details(own("full-branded.json"))
    food = parsed.food
    assert parsed.data_type == "Branded"
    assert food.description == "PEANUT BUTTER (TESTY)"
    assert food.category == "Nut & Seed Butters"
    # foodNutrients (per 100 g), not labelNutrients (per serving: sodium 150, iron 0.54).
    assert food.per_100g["sodium_mg"] == 469.0
    assert food.per_100g["iron_mg"] == 1.69
    assert food.portions == (
        Portion(amount=1.0, unit="serving", description="1 serving (2 Tbsp)", grams=32.0, seq=1),
        Portion(amount=2.0, unit="Tbsp", description="2 Tbsp", grams=32.0, seq=2),
    )
    assert parsed.notes == ()


def test_branded_serving_in_ml_is_noted(caplog):
    data = own("search-branded-ml.json")
    assert isinstance(data, dict)
    parsed = parse_food_details(data["foods"][0])
    assert parsed.food.portions == ()
    assert len(parsed.notes) == 1
    assert "per 100 ml" in parsed.notes[0]
    assert parsed.food.per_100g["vitamin_d_ug"] == 1.0
    assert "per 100 ml" in caplog.text


def test_survey_hit_food_measures():
    data = own("search-branded-ml.json")
    assert isinstance(data, dict)
    food = parse_food(data["foods"][1])
    assert food.portions == (
        Portion(amount=1.0, unit="slice", description="1 slice", grams=21.0, seq=1),
        Portion(
            amount=None,
            unit="Quantity not specified",
            description="Quantity not specified",
            grams=28.0,
            seq=2,
        ),
    )
    assert all(v is None for v in food.per_100g.values())  # an empty foodNutrients: all unknown


def test_parse_search_skips_a_bad_hit_with_a_warning(caplog):
    hits = parse_search(own("search-branded-ml.json"))
    assert [h.fdc_id for h in hits] == [900004, 900005]
    assert "search hit 3 skipped" in caplog.text
    assert hits[1].food_code == "14104100"
    assert hits[1].per_100g is None  # no nutrients in the hit


BAD_ANSWERS = [
    ([], "a search answer must be a JSON object"),
    ({"totalHits": 0}, "a search answer must be a JSON object"),
    ({"foods": "none"}, "a search answer must be a JSON object"),
]


@pytest.mark.parametrize(
    ("data", "message"), BAD_ANSWERS, ids=["list", "no-foods", "foods-not-list"]
)
def test_parse_search_rejects_non_search(data, message):
    with pytest.raises(FDCResponseError, match=message):
        parse_search(data)


BAD_FOODS = [
    (None, "a food must be a JSON object"),
    ({"description": "x"}, "no valid fdcId"),
    ({"fdcId": "abc", "description": "x"}, "no valid fdcId"),
    ({"fdcId": 1.5, "description": "x"}, "no valid fdcId"),
    ({"fdcId": 12}, "no description"),
    ({"fdcId": 12, "description": "x", "foodNutrients": {"a": 1}}, "foodNutrients must be a list"),
]


@pytest.mark.parametrize(
    ("data", "message"),
    BAD_FOODS,
    ids=["null", "no-id", "text-id", "fraction-id", "no-description", "nutrients-not-list"],
)
def test_parse_food_rejects_non_food(data, message):
    with pytest.raises(FDCResponseError, match=message):
        parse_food(data)


def test_food_without_nutrients_is_all_unknown():
    food = parse_food({"fdcId": 5, "description": "Water, bottled"})
    assert all(food.per_100g[k] is None for k in nutrients.KEYS)


def test_numeric_strings_and_bigdecimal_zero():
    # Abridged answers write amounts like 0E-8; a numeric string is read too, a boolean is not.
    food = parse_food(
        {
            "fdcId": 5,
            "description": "x",
            "foodNutrients": [
                {"number": "303", "amount": "0E-8", "unitName": "MG"},
                {"number": "301", "amount": "12.5", "unitName": "MG"},
                {"number": "306", "amount": True, "unitName": "MG"},
            ],
        }
    )
    assert (
        food.per_100g["iron_mg"],
        food.per_100g["calcium_mg"],
        food.per_100g["potassium_mg"],
    ) == (0.0, 12.5, None)


def test_vitamin_e_in_iu_stays_unknown(caplog):
    # Vitamin E IU depends on the form, which FDC does not say: never guessed.
    food = parse_food(
        {
            "fdcId": 5,
            "description": "x",
            "foodNutrients": [{"nutrientId": 1109, "value": 10, "unitName": "IU"}],
        }
    )
    assert food.per_100g["vitamin_e_mg"] is None
    assert "depends on the form" in caplog.text


def test_energy_from_kcal_id_in_kj_is_converted():
    food = parse_food(
        {
            "fdcId": 5,
            "description": "x",
            "foodNutrients": [{"nutrientId": 1008, "value": 418.4, "unitName": "kJ"}],
        }
    )
    assert food.per_100g["energy_kcal"] == pytest.approx(100.0)


def test_1008_wins_over_atwater_and_kj():
    food = parse_food(
        {
            "fdcId": 5,
            "description": "x",
            "foodNutrients": [
                {"nutrientId": 1062, "value": 1000, "unitName": "kJ"},
                {"nutrientId": 2048, "value": 240, "unitName": "KCAL"},
                {"nutrientId": 1008, "value": 250, "unitName": "KCAL"},
            ],
        }
    )
    assert food.per_100g["energy_kcal"] == 250.0


def test_unknown_unit_is_unknown_value(caplog):
    food = parse_food(
        {
            "fdcId": 5,
            "description": "x",
            "foodNutrients": [{"nutrientId": 1089, "value": 3, "unitName": "SPOONS"}],
        }
    )
    assert food.per_100g["iron_mg"] is None
    assert "pint does not know" in caplog.text


UNITS = [
    ("MG", "mg"),
    ("mg", "mg"),
    ("UG", "ug"),
    ("µg", "ug"),
    ("\u03bcg", "ug"),
    ("MCG", "ug"),
    ("KCAL", "kcal"),
    ("kcal", "kcal"),
    ("kJ", "kJ"),
    ("KJ", "kJ"),
    ("G", "g"),
    ("GRM", "g"),
    ("MLT", "ml"),
    ("ONZ", "oz"),
    ("IU", "IU"),
    ("", None),
    (None, None),
    ("SPOONS", None),
]


@pytest.mark.parametrize(("raw", "expected"), UNITS, ids=[f"{r!r}" for r, _ in UNITS])
def test_pint_unit(raw, expected):
    assert pint_unit(raw) == expected


SPLITS = [
    ("1 cup", (1.0, "cup")),
    ("1/2 cup", (0.5, "cup")),
    ("1 1/2 cups", (1.5, "cups")),
    ("0.25 cup", (0.25, "cup")),
    ("2 Tbsp", (2.0, "Tbsp")),
    ("Quantity not specified", (None, "Quantity not specified")),
    ("10", (None, "10")),  # a number and nothing else is no portion unit
]


@pytest.mark.parametrize(("text", "expected"), SPLITS, ids=[s for s, _ in SPLITS])
def test_split_amount(text, expected):
    assert split_amount(text) == expected


DATA_TYPE_NAMES = [
    ("foundation", "Foundation"),
    ("Foundation", "Foundation"),
    ("sr", "SR Legacy"),
    ("SR Legacy", "SR Legacy"),
    ("sr_legacy", "SR Legacy"),
    ("fndds", "Survey (FNDDS)"),
    ("survey", "Survey (FNDDS)"),
    ("survey (fndds)", "Survey (FNDDS)"),
    ("BRANDED", "Branded"),
]


@pytest.mark.parametrize(("name", "expected"), DATA_TYPE_NAMES, ids=[n for n, _ in DATA_TYPE_NAMES])
def test_normalize_data_type(name, expected):
    assert normalize_data_type(name) == expected
    assert expected in DATA_TYPES


def test_normalize_data_type_refuses():
    with pytest.raises(FDCQueryError, match="unknown FoodData Central data type") as info:
        normalize_data_type("brand")
    assert "Foundation" in str(info.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(170720, 170720), ("170720", 170720), ("fdc:170720", 170720), (" 7 ", 7)],
)
def test_fdc_id_of(value, expected):
    assert fdc_id_of(value) == expected


@pytest.mark.parametrize("value", [0, -3, "abc", "1.5", True, "", "sr28:01009"])
def test_fdc_id_of_refuses(value):
    with pytest.raises(FDCQueryError):
        fdc_id_of(value)
