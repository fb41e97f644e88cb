"""Grams from amounts: every expected value is worked out by hand from data/portions.csv.

Each case builds the ParsedEntry the log parser gives for the line in its id, so these tests do not
depend on the parser; the arithmetic is in the comment. ``pytest.approx`` allows only float noise.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nutricheck.amounts import METHODS, STATUSES, Grams, to_grams
from nutricheck.foods import Food, Portion
from nutricheck.logparse import ParsedEntry

OZ = 28.349523125  # g per avoirdupois ounce
FL_OZ = 29.5735295625  # ml per US fluid ounce

MASS_UNITS = ("mg", "g", "kg", "oz", "lb")
VOLUME_UNITS = ("ml", "cl", "dl", "l", "tsp", "tbsp", "cup", "fl oz", "pint", "quart", "gallon")
PIECE_UNITS = (
    "slice", "piece", "can", "container", "bottle", "glass", "bowl", "mug", "plate", "handful",
    "scoop", "serving", "portion", "stick", "strip", "clove", "packet", "pack", "bar", "square",
    "wedge", "leaf", "sprig", "pinch", "dash", "fillet", "breast", "thigh", "drumstick", "link",
    "patty",
)  # fmt: skip


def entry(
    quantity, unit=None, food="", *, size=None, text=None, low=None, high=None
) -> ParsedEntry:
    """The ParsedEntry the parser gives: ``entry("2", "slice", "whole wheat bread")``."""
    kind = None
    if unit in MASS_UNITS:
        kind = "mass"
    elif unit in VOLUME_UNITS:
        kind = "volume"
    elif unit is not None:
        kind = "piece"
    q = None if quantity is None else Fraction(quantity)
    return ParsedEntry(
        line=1,
        text=text or food,
        segment=text or food,
        quantity=q,
        quantity_low=None if low is None else Fraction(low),
        quantity_high=None if high is None else Fraction(high),
        is_range=low is not None,
        unit=unit,
        unit_kind=kind,
        size=size,
        food=food,
    )


# (id, food key, entry, grams, method, USDA portion used)
GRAMS_CASES = [
    # -- mass: pint's factor, no portion ---------------------------------------------------------
    ("150 g salmon", "fndds:26137120", entry(150, "g", "salmon"), 150.0, "mass", None),
    # 6 oz x 28.3495 g = 170.10 g
    (
        "chicken breast 6oz",
        "fndds:24120120",
        entry(6, "oz", "chicken breast"),
        6 * OZ,
        "mass",
        None,
    ),
    # 1 lb = 453.59 g
    ("1 lb ground beef", "fndds:21500100", entry(1, "lb", "ground beef"), 453.59237, "mass", None),
    # 500 mg = 0.5 g
    ("500 mg salt", "sr28:02047", entry(500, "mg", "salt"), 0.5, "mass", None),
    ("0.2 kg rice", "fndds:56205008", entry("1/5", "kg", "rice"), 200.0, "mass", None),
    # -- volume: the food's own volume measure ---------------------------------------------------
    # sr28:11458 '1 cup' = 180 g; 1.5 x 180 = 270 g
    (
        "1½ cups cooked spinach",
        "sr28:11458",
        entry("3/2", "cup", "cooked spinach"),
        270.0,
        "volume",
        "1 cup",
    ),
    # fndds:56205018 '1 cup, cooked' = 195 g
    (
        "1 cup brown rice",
        "fndds:56205018",
        entry(1, "cup", "brown rice"),
        195.0,
        "volume",
        "1 cup, cooked",
    ),
    # fndds:56202960 '1 cup, cooked' = 240 g, never '1 cup, dry, yields' = 485 g
    (
        "1 cup oatmeal",
        "fndds:56202960",
        entry(1, "cup", "oatmeal"),
        240.0,
        "volume",
        "1 cup, cooked",
    ),
    # fndds:14104100 '1 cup, NFS' = 113 g: plain before 'diced' (132) and never 'melted' (244)
    ("1 cup cheddar", "fndds:14104100", entry(1, "cup", "cheddar"), 113.0, "volume", "1 cup, NFS"),
    # sr28:09040: the food words ask for 'mashed': '1 cup, mashed' = 225 g
    (
        "1 cup mashed banana",
        "sr28:09040",
        entry(1, "cup", "mashed banana"),
        225.0,
        "volume",
        "1 cup, mashed",
    ),
    # fndds:42202000 '1 tablespoon' = 16 g; 2 x 16 = 32 g
    (
        "2 tbsp peanut butter",
        "fndds:42202000",
        entry(2, "tbsp", "peanut butter"),
        32.0,
        "volume",
        "1 tablespoon",
    ),
    # converted by volume: 1 tsp = 1/3 tbsp -> 16 / 3 = 5.33 g
    (
        "1 tsp peanut butter",
        "fndds:42202000",
        entry(1, "tsp", "peanut butter"),
        16 / 3,
        "volume",
        "1 tablespoon",
    ),
    # fndds:91101010 '1 teaspoon' = 4.2 g; 2 x 4.2 = 8.4 g
    ("2 tsp sugar", "fndds:91101010", entry(2, "tsp", "sugar"), 8.4, "volume", "1 teaspoon"),
    # fndds:61210000 '1 fl oz (no ice)' = 31 g (not 'with ice', 23 g):
    # 250 ml / 29.5735 ml x 31 = 262.06 g
    (
        "orange juice 250ml",
        "fndds:61210000",
        entry(250, "ml", "orange juice"),
        250 / FL_OZ * 31,
        "volume",
        "1 fl oz (no ice)",
    ),
    # fndds:11100000 '1 cup' = 244 g
    ("1 cup milk", "fndds:11100000", entry(1, "cup", "milk"), 244.0, "volume", "1 cup"),
    # fndds:93101000 '1 fl oz' = 30 g; a US pint is 16 fl oz: 2 x 16 x 30 = 960 g
    ("2 pints of beer", "fndds:93101000", entry(2, "pint", "beer"), 960.0, "volume", "1 fl oz"),
    # -- piece words: the measure of that name ---------------------------------------------------
    # fndds:51300110 'medium or regular slice' = 36 g (not small 24, large 43, crust not eaten 16)
    (
        "2 slices whole wheat bread",
        "fndds:51300110",
        entry(2, "slice", "whole wheat bread"),
        72.0,
        "portion",
        "1 medium or regular slice",
    ),
    # fndds:58106210 has no 'slice': 'piece, NFS' = 119 g; 2 x 119 = 238 g
    (
        "2 slices pizza",
        "fndds:58106210",
        entry(2, "slice", "pizza"),
        238.0,
        "portion",
        "1 piece, NFS",
    ),
    # the size word picks the measure: '1 piece, large pizza' = 119 g
    (
        "1 large slice pizza",
        "fndds:58106210",
        entry(1, "slice", "pizza", size="large"),
        119.0,
        "portion",
        "1 piece, large pizza",
    ),
    # fndds:22600100 strips are slices: 'medium slice (yield after cooking)' = 8 g; 3 x 8 = 24 g
    (
        "3 strips bacon",
        "fndds:22600100",
        entry(3, "strip", "bacon"),
        24.0,
        "portion",
        "1 medium slice (yield after cooking)",
    ),
    # fndds:92410310 '1 can (12 fl oz)' = 372 g
    ("1 can coke", "fndds:92410310", entry(1, "can", "coke"), 372.0, "portion", "1 can (12 fl oz)"),
    # fndds:93401010 '1 glass' = 180 g
    (
        "glass of red wine",
        "fndds:93401010",
        entry(1, "glass", "red wine"),
        180.0,
        "portion",
        "1 glass",
    ),
    # fndds:95230030 '1 scoop' = 31 g
    (
        "1 scoop protein powder",
        "fndds:95230030",
        entry(1, "scoop", "protein powder"),
        31.0,
        "portion",
        "1 scoop",
    ),
    # fndds:26155110 cans: small 75, standard 115, large 255: the standard one
    ("1 can tuna", "fndds:26155110", entry(1, "can", "tuna"), 115.0, "portion", "1 standard can"),
    # sr28:02047 '1 dash' = 0.4 g
    ("a dash of salt", "sr28:02047", entry(1, "dash", "salt"), 0.4, "portion", "1 dash"),
    # -- kitchen conventions for a measure the food lacks ----------------------------------------
    # a pinch = 1/16 tsp; sr28:02047 '1 tsp' = 6 g -> 0.375 g
    ("a pinch of salt", "sr28:02047", entry(1, "pinch", "salt"), 6 / 16, "volume", "1 tsp"),
    # a shot = 1 fl oz (a single espresso); fndds:92101610 '1 fl oz' = 30 g
    ("1 shot espresso", "fndds:92101610", entry(1, "shot", "espresso"), 30.0, "volume", "1 fl oz"),
    # -- a piece word the food lacks: its typical amount, noted ----------------------------------
    # fndds:42100100 has no 'handful': 'Quantity not specified' = 28 g (1 oz)
    (
        "a handful of almonds",
        "fndds:42100100",
        entry(1, "handful", "almonds"),
        28.0,
        "default_portion",
        "Quantity not specified",
    ),
    # fndds:56202960 has no 'bowl': 'Quantity not specified' = 240 g
    (
        "bowl of oatmeal",
        "fndds:56202960",
        entry(1, "bowl", "oatmeal"),
        240.0,
        "default_portion",
        "Quantity not specified",
    ),
    # -- piece words inside the food words -------------------------------------------------------
    # fndds:25221400 'breakfast size link' = 20 g (not cocktail 10 g, griller 75 g); 2 x 20
    (
        "2 sausage links",
        "fndds:25221400",
        entry(2, None, "sausage links"),
        40.0,
        "portion",
        "1 breakfast size link",
    ),
    # fndds:24198739 '1 tender, strip, or finger' = 50 g; 3 x 50 = 150 g
    (
        "3 chicken tenders",
        "fndds:24198739",
        entry(3, None, "chicken tenders"),
        150.0,
        "portion",
        "1 tender, strip, or finger",
    ),
    # -- size words ------------------------------------------------------------------------------
    # sr28:01123 '1 large' = 50 g; 2 x 50 = 100 g
    ("2 large eggs", "sr28:01123", entry(2, None, "eggs", size="large"), 100.0, "size", "1 large"),
    # sr28:09040 '1 medium (7" to 7-7/8" long)' = 118 g
    (
        "a medium banana",
        "sr28:09040",
        entry(1, None, "banana", size="medium"),
        118.0,
        "size",
        '1 medium (7" to 7-7/8" long)',
    ),
    # sr28:09040 '1 large (8" to 8-7/8" long)' = 136 g, not 'extra large'
    (
        "1 large banana",
        "sr28:09040",
        entry(1, None, "banana", size="large"),
        136.0,
        "size",
        '1 large (8" to 8-7/8" long)',
    ),
    # fndds:63101000 '1 small' = 165 g
    (
        "1 small apple",
        "fndds:63101000",
        entry(1, None, "apple", size="small"),
        165.0,
        "size",
        "1 small",
    ),
    # sr28:11674 '1 potato large' = 299 g: the size word anywhere in the measure name
    (
        "1 large potato",
        "sr28:11674",
        entry(1, None, "potato", size="large"),
        299.0,
        "size",
        "1 potato large",
    ),
    # fndds:92101000 '1 medium' = 480 g
    (
        "a medium coffee",
        "fndds:92101000",
        entry(1, None, "coffee", size="medium"),
        480.0,
        "size",
        "1 medium",
    ),
    # fndds:63137010 has no large: '1 fruit' = 180 g, and a note says so
    (
        "1 large pear",
        "fndds:63137010",
        entry(1, None, "pear", size="large"),
        180.0,
        "count",
        "1 fruit",
    ),
    # -- counts: one whole item ------------------------------------------------------------------
    # sr28:01123 sizes small, medium, large, extra large, jumbo: the middle is large, 50 g; 2 x 50
    ("2 eggs", "sr28:01123", entry(2, None, "eggs"), 100.0, "count", "1 large"),
    # sr28:09040 sizes extra small .. extra large: the middle is medium, 118 g
    (
        "a banana",
        "sr28:09040",
        entry(1, None, "banana"),
        118.0,
        "count",
        '1 medium (7" to 7-7/8" long)',
    ),
    # fndds:32129990 '1 egg' = 55 g, named after the food; 2 x 55 = 110 g
    (
        "2 eggs scrambled",
        "fndds:32129990",
        entry(2, None, "eggs scrambled"),
        110.0,
        "count",
        "1 egg",
    ),
    # fndds:73101010 '1 regular carrot' = 60 g (not '1 baby carrot' 10 g); 2 x 60 = 120 g
    ("2 carrots", "fndds:73101010", entry(2, None, "carrots"), 120.0, "count", "1 regular carrot"),
    # fndds:74101000: the food words name '1 cherry' = 17 g; 10 x 17 = 170 g
    (
        "10 cherry tomatoes",
        "fndds:74101000",
        entry(10, None, "cherry tomatoes"),
        170.0,
        "count",
        "1 cherry",
    ),
    # fndds:74101000 '1 whole' = 125 g; 2 x 125 = 250 g
    ("2 tomatoes", "fndds:74101000", entry(2, None, "tomatoes"), 250.0, "count", "1 whole"),
    # sr28:11674 'potato small/medium/large' named after the food: the medium, 173 g; 3 x 173 = 519
    ("3 potatoes", "sr28:11674", entry(3, None, "potatoes"), 519.0, "count", "1 potato medium"),
    # fndds:51180010 sizes small, regular (= medium), large; miniature avoided: '1 regular' = 105 g
    ("1 bagel", "fndds:51180010", entry(1, None, "bagel"), 105.0, "count", "1 regular"),
    # fndds:63137010 '1 fruit' = 180 g
    ("a pear", "fndds:63137010", entry(1, None, "pear"), 180.0, "count", "1 fruit"),
    # fndds:63105010 '1 fruit' = 150 g; 0.5 x 150 = 75 g
    ("half an avocado", "fndds:63105010", entry("1/2", None, "avocado"), 75.0, "count", "1 fruit"),
    # fndds:42100100 '1 nut' = 1.2 g; 23 x 1.2 = 27.6 g
    ("23 almonds", "fndds:42100100", entry(23, None, "almonds"), 27.6, "count", "1 nut"),
    # fndds:93101000 has no single-item measure: a drink counted is one can or bottle, its
    # '1 can or bottle (12 fl oz)' 360 g (the one nearest its typical 360 g); 2 x 360 = 720 g
    (
        "2 beers",
        "fndds:93101000",
        entry(2, None, "beers"),
        720.0,
        "count",
        "1 can or bottle (12 fl oz)",
    ),
    # a range uses its midpoint: 1-2 apples = 1.5 x '1 medium' 200 g = 300 g
    (
        "1-2 apples",
        "fndds:63101000",
        entry("3/2", None, "apples", low=1, high=2),
        300.0,
        "count",
        "1 medium",
    ),
]


@pytest.mark.parametrize(
    ("key", "parsed", "grams", "method", "portion"),
    [c[1:] for c in GRAMS_CASES],
    ids=[c[0] for c in GRAMS_CASES],
)
def test_grams(table, key, parsed, grams, method, portion):
    got = to_grams(parsed, table[key])
    assert got.status == "ok"
    assert got.grams == pytest.approx(grams, rel=1e-6)
    assert got.method == method
    assert got.portion == portion
    # a unit the food has no measure for ("a bowl") stands for its typical amount: an assumption
    assert got.assumed == (method == "default_portion")


# No amount given: the typical amount, marked assumed, with a note naming it.
# (id, key, entry, grams, portion)
ASSUMED_CASES = [
    # fndds:56202960 'Quantity not specified' = 240 g, FNDDS's typical amount
    ("oatmeal", "fndds:56202960", entry(None, None, "oatmeal"), 240.0, "Quantity not specified"),
    # SR28 has no 'Quantity not specified': one item, the medium banana, 118 g
    ("banana", "sr28:09040", entry(None, None, "banana"), 118.0, '1 medium (7" to 7-7/8" long)'),
    # sr28:11457 has no typical amount, item or serving: the cup measure, 30 g
    ("spinach", "sr28:11457", entry(None, None, "spinach"), 30.0, "1 cup"),
    # the food words name one piece: fndds:26137120 '1 small/regular fillet' = 140 g
    (
        "salmon fillet",
        "fndds:26137120",
        entry(None, None, "salmon fillet"),
        140.0,
        "1 small/regular fillet",
    ),
    # 'cob' is an ear: fndds:75216111 '1 regular ear' = 105 g
    (
        "corn on the cob",
        "fndds:75216111",
        entry(None, None, "corn on the cob"),
        105.0,
        "1 regular ear",
    ),
    # USDA's guideline for an addition to bread: fndds:81100500 'per slice of bread/roll' = 7 g
    (
        "toast with butter",
        "fndds:81100500",
        entry(None, None, "butter", text="toast with butter"),
        7.0,
        "Guideline amount per slice of bread/roll",
    ),
    # ... twice for two slices: fndds:42202000 16 g x 2 = 32 g
    (
        "2 slices toast with pb",
        "fndds:42202000",
        entry(None, None, "pb", text="2 slices toast with pb"),
        32.0,
        "Guideline amount per slice of bread/roll",
    ),
    # ... and for a bagel's two halves: fndds:14301010 has no guideline: its typical 30 g
    (
        "bagel with cream cheese",
        "fndds:14301010",
        entry(None, None, "cream cheese", text="bagel with cream cheese"),
        30.0,
        "Quantity not specified",
    ),
]


@pytest.mark.parametrize(
    ("key", "parsed", "grams", "portion"),
    [c[1:] for c in ASSUMED_CASES],
    ids=[c[0] for c in ASSUMED_CASES],
)
def test_no_amount_uses_a_typical_portion_and_says_so(table, key, parsed, grams, portion):
    got = to_grams(parsed, table[key])
    assert got.status == "ok"
    assert got.grams == pytest.approx(grams)
    assert got.portion == portion
    assert got.assumed
    assert got.method == "default_portion"
    assert any(portion in n for n in got.notes)


def _food(*portions: Portion, description="Test food") -> Food:
    return Food(key="user:test", description=description, source="user", portions=portions)


def test_density_from_a_measure_that_holds_a_volume():
    # only '1 can (12 fl oz)' = 372 g: 1 cup = 8 fl oz -> 8/12 x 372 = 248 g
    food = _food(Portion(1, "can (12 fl oz)", "1 can (12 fl oz)", 372.0))
    got = to_grams(entry(1, "cup", "test"), food)
    assert (got.status, got.method, got.portion) == ("ok", "density", "1 can (12 fl oz)")
    assert got.grams == pytest.approx(248.0)
    assert any("density" in n for n in got.notes)


def test_volume_of_a_food_without_any_volume_is_unconvertible(table):
    # sr28:09421 medjool dates: only '1 date, pitted'
    got = to_grams(entry(1, "cup", "medjool dates"), table["sr28:09421"])
    assert got.grams is None
    assert got.status == "unconvertible"
    assert "no volume measure known" in got.reason
    assert "give grams" in got.reason


def test_no_amount_and_no_measure_is_no_amount():
    got = to_grams(entry(None, None, "test"), _food())
    assert (got.grams, got.status) == (None, "no_amount")
    assert "no amount given" in got.reason


def test_count_without_any_item_measure_is_unconvertible():
    food = _food(Portion(1, "cup", "1 cup", 100.0))
    got = to_grams(entry(2, None, "test"), food)
    assert (got.grams, got.status) == (None, "unconvertible")
    assert "give grams" in got.reason


def test_size_not_listed_is_noted(table):
    got = to_grams(entry(1, None, "pear", size="large"), table["fndds:63137010"])
    assert any("no 'large' measure" in n for n in got.notes)


def test_middle_size_is_noted(table):
    got = to_grams(entry(2, None, "eggs"), table["sr28:01123"])
    assert any("middle of the sizes" in n for n in got.notes)


def test_guideline_and_yield_measures_are_never_used_for_volume(table):
    # fndds:11100000 'Guideline amount per cup of hot cereal' = 61 g must not be a "cup"
    got = to_grams(entry(1, "cup", "milk"), table["fndds:11100000"])
    assert got.portion == "1 cup"


@pytest.mark.parametrize("unit", MASS_UNITS)
def test_mass_units_match_pint(unit):
    from nutricheck.units import Q_

    got = to_grams(entry(3, unit, "test"), _food())
    assert got.grams == pytest.approx(
        Q_(3, {"oz": "ounce", "lb": "pound"}.get(unit, unit)).to("g").magnitude
    )


def test_result_is_a_frozen_dataclass(table):
    got = to_grams(entry(1, "g", "x"), _food())
    assert isinstance(got, Grams)
    with pytest.raises(AttributeError):
        got.grams = 2.0  # type: ignore[misc]


_SAMPLE_KEYS = (
    "sr28:01123",
    "sr28:09040",
    "fndds:56202960",
    "fndds:11100000",
    "fndds:58106210",
    "sr28:11457",
    "fndds:42100100",
    "fndds:93101000",
    "sr28:09421",
    "fndds:22600100",
)


@settings(max_examples=300, deadline=None)
@given(
    key=st.sampled_from(_SAMPLE_KEYS),
    quantity=st.one_of(st.none(), st.fractions(min_value=0, max_value=1000, max_denominator=16)),
    unit=st.one_of(st.none(), st.sampled_from(MASS_UNITS + VOLUME_UNITS + PIECE_UNITS)),
    size=st.one_of(
        st.none(), st.sampled_from(["small", "medium", "large", "extra large", "jumbo"])
    ),
    food=st.text(max_size=30),
)
def test_to_grams_never_raises_and_always_explains(table, key, quantity, unit, size, food):
    e = entry(quantity, unit, food, size=size)
    got = to_grams(e, table[key])
    assert got.status in STATUSES
    if got.grams is None:
        assert got.status != "ok"
        assert got.reason
    else:
        assert got.status == "ok"
        assert got.grams >= 0
        assert got.method in METHODS


@settings(max_examples=100, deadline=None)
@given(
    q=st.fractions(min_value=Fraction(1, 8), max_value=100, max_denominator=8),
    unit=st.sampled_from(("cup", "tbsp", "slice", "g")),
)
def test_grams_scale_with_quantity(table, q, unit):
    food = table["fndds:51300110"] if unit == "slice" else table["fndds:42202000"]
    one = to_grams(entry(1, unit, "x"), food).grams
    many = to_grams(entry(q, unit, "x"), food).grams
    assert many == pytest.approx(one * float(q))
