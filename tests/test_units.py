from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nutricheck.errors import UnitError
from nutricheck.units import Q_, from_iu, quantity, to_iu, to_nutrient_unit

# IU factors: vitamin D 40 IU = 1 µg (IOM 2011); vitamin E 1 IU = 0.67 mg natural, 0.45 mg synthetic (IOM 2000).
IU_CASES = [
    ("vitamin_d_ug", 400, None, 10.0, "microgram"),
    ("vitamin_d_ug", 600, None, 15.0, "microgram"),
    ("vitamin_d_ug", 4000, None, 100.0, "microgram"),
    ("vitamin_e_mg", 100, "natural", 67.0, "milligram"),
    ("vitamin_e_mg", 100, "synthetic", 45.0, "milligram"),
    ("vitamin_e_mg", 1500, "natural", 1005.0, "milligram"),
]


@pytest.mark.parametrize(("key", "iu", "form", "expected", "unit"), IU_CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in IU_CASES])
def test_from_iu(key, iu, form, expected, unit):
    q = from_iu(key, iu, form)
    assert q.magnitude == pytest.approx(expected)
    assert str(q.units) == unit


@pytest.mark.parametrize(
    ("key", "form"),
    [("iron_mg", None), ("vitamin_e_mg", None), ("vitamin_e_mg", "mixed"), ("potassium_mg", "default")],
    ids=["iron-has-no-IU", "vitamin-e-needs-form", "vitamin-e-unknown-form", "potassium-has-no-IU"],
)
def test_from_iu_refuses(key, form):
    with pytest.raises(UnitError):
        from_iu(key, 100, form)


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_iu_round_trip_vitamin_d(iu):
    assert to_iu("vitamin_d_ug", from_iu("vitamin_d_ug", iu)) == pytest.approx(iu, rel=1e-9, abs=1e-9)


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False), st.sampled_from(["natural", "synthetic"]))
def test_iu_round_trip_vitamin_e(iu, form):
    assert to_iu("vitamin_e_mg", from_iu("vitamin_e_mg", iu, form), form) == pytest.approx(iu, rel=1e-9, abs=1e-9)


UNIT_CASES = [
    (Q_(1, "g"), "iron_mg", 1000.0),
    (Q_(250, "ug"), "iron_mg", 0.25),
    (Q_(1, "mcg"), "vitamin_d_ug", 1.0),
    (Q_(1, "Calorie"), "energy_kcal", 1.0),  # food Calorie = kcal
    (Q_(1000, "cal"), "energy_kcal", 1.0),  # pint's cal is the small calorie
    (Q_(4.184, "kJ"), "energy_kcal", 1.0),
]


@pytest.mark.parametrize(("amount", "key", "expected"), UNIT_CASES, ids=[f"{c[0]}->{c[1]}" for c in UNIT_CASES])
def test_to_nutrient_unit(amount, key, expected):
    assert to_nutrient_unit(key, amount) == pytest.approx(expected)


def test_wrong_dimension_is_a_unit_error():
    with pytest.raises(UnitError, match="cannot be expressed in mg"):
        to_nutrient_unit("iron_mg", Q_(2, "ml"))


@pytest.mark.parametrize("word", ["pinch", "tin", "can", "clove", "stick"])
def test_food_words_never_reach_pint(word):
    with pytest.raises(UnitError, match="food word"):
        quantity(1, word)


def test_unknown_unit_is_a_unit_error():
    with pytest.raises(UnitError, match="unknown unit"):
        quantity(1, "smidgeon")


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_mass_round_trip(grams):
    assert Q_(grams, "g").to("mg").to("ug").to("g").magnitude == pytest.approx(grams, rel=1e-12, abs=1e-12)
