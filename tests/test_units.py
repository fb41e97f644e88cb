from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nutricheck import units
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


@pytest.mark.parametrize(
    ("key", "iu", "form", "expected", "unit"),
    IU_CASES,
    ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in IU_CASES],
)
def test_from_iu(key, iu, form, expected, unit):
    q = from_iu(key, iu, form)
    assert q.magnitude == pytest.approx(expected)
    assert str(q.units) == unit


@pytest.mark.parametrize(
    ("key", "form"),
    [
        ("iron_mg", None),
        ("vitamin_e_mg", None),
        ("vitamin_e_mg", "mixed"),
        ("potassium_mg", "default"),
    ],
    ids=["iron-has-no-IU", "vitamin-e-needs-form", "vitamin-e-unknown-form", "potassium-has-no-IU"],
)
def test_from_iu_refuses(key, form):
    with pytest.raises(UnitError):
        from_iu(key, 100, form)


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_iu_round_trip_vitamin_d(iu):
    assert to_iu("vitamin_d_ug", from_iu("vitamin_d_ug", iu)) == pytest.approx(
        iu, rel=1e-9, abs=1e-9
    )


@given(
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
    st.sampled_from(["natural", "synthetic"]),
)
def test_iu_round_trip_vitamin_e(iu, form):
    assert to_iu("vitamin_e_mg", from_iu("vitamin_e_mg", iu, form), form) == pytest.approx(
        iu, rel=1e-9, abs=1e-9
    )


UNIT_CASES = [
    (Q_(1, "g"), "iron_mg", 1000.0),
    (Q_(250, "ug"), "iron_mg", 0.25),
    (Q_(1, "mcg"), "vitamin_d_ug", 1.0),
    (Q_(1, "Calorie"), "energy_kcal", 1.0),  # food Calorie = kcal
    (Q_(1000, "cal"), "energy_kcal", 1.0),  # pint's cal is the small calorie
    (Q_(4.184, "kJ"), "energy_kcal", 1.0),
]


@pytest.mark.parametrize(
    ("amount", "key", "expected"), UNIT_CASES, ids=[f"{c[0]}->{c[1]}" for c in UNIT_CASES]
)
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
    assert Q_(grams, "g").to("mg").to("ug").to("g").magnitude == pytest.approx(
        grams, rel=1e-12, abs=1e-12
    )


# -- food units: pint's factors, read from data/unit_factors.csv without pint ---------------------

FACTOR_ROWS = sorted(units.unit_factors().values(), key=lambda r: r.unit)


def test_the_factor_table_has_every_food_unit_once():
    assert sorted(units.unit_factors()) == sorted(units.FOOD_UNITS)
    for row in FACTOR_ROWS:
        assert row.pint_name == units.FOOD_UNITS[row.unit]
        assert row.base_unit == units.BASE_UNITS[row.dimension]


@pytest.mark.parametrize("row", FACTOR_ROWS, ids=[r.unit for r in FACTOR_ROWS])
def test_every_factor_is_pints_own(row):
    # Exactly pint's float, not an approximation: the file is written from it with repr().
    assert row.factor == units.pint_factor(row.pint_name, row.base_unit)
    assert Q_(1, row.pint_name).dimensionality == Q_(1, row.base_unit).dimensionality


# Exact definitions, for a reader who wants to see the arithmetic: 1 oz = 28.349523125 g,
# 1 lb = 453.59237 g, 1 US cup = 236.5882365 ml, 1 tbsp = 1/16 cup, 1 tsp = 1/3 tbsp.
DEFINED = [
    ("oz", units.grams_per, 28.349523125),
    ("lb", units.grams_per, 453.59237),
    ("kg", units.grams_per, 1000.0),
    ("mg", units.grams_per, 0.001),
    ("cup", units.millilitres_per, 236.5882365),
    ("tbsp", units.millilitres_per, 236.5882365 / 16),
    ("tsp", units.millilitres_per, 236.5882365 / 48),
    ("fl oz", units.millilitres_per, 236.5882365 / 8),
    ("l", units.millilitres_per, 1000.0),
]


@pytest.mark.parametrize(("unit", "size", "expected"), DEFINED, ids=[d[0] for d in DEFINED])
def test_food_unit_sizes(unit, size, expected):
    assert size(unit) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("unit", "size"),
    [
        ("cup", units.grams_per),
        ("oz", units.millilitres_per),
        ("smidgeon", units.grams_per),
        ("pinch", units.millilitres_per),
    ],
    ids=["cup-is-not-mass", "oz-is-not-volume", "unknown", "food-word"],
)
def test_a_unit_of_another_dimension_or_unknown_is_a_unit_error(unit, size):
    with pytest.raises(UnitError):
        size(unit)


def test_a_unit_outside_the_file_is_computed_by_pint():
    # "floz" is not a canonical unit of the file; pint reads it.
    assert "floz" not in units.unit_factors()
    assert units.millilitres_per("floz") == units.millilitres_per("fl oz")


def test_importing_the_food_path_does_not_import_pint():
    # A one-day report converts amounts with the file's factors; pint is imported only when needed.
    import subprocess
    import sys

    code = (
        "import sys; from nutricheck import amounts, units; "
        "g = units.grams_per('oz') + units.millilitres_per('cup'); "
        "print('pint' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- IU without pint -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "iu", "form", "expected", "unit"),
    IU_CASES,
    ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in IU_CASES],
)
def test_iu_count_is_to_iu_without_pint(key, iu, form, expected, unit):
    assert units.iu_count(key, expected, form) == to_iu(key, Q_(expected, unit), form)
    assert units.iu_count(key, expected, form) == pytest.approx(iu)


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_iu_count_equals_to_iu_exactly_for_vitamin_d(ug):
    assert units.iu_count("vitamin_d_ug", ug) == to_iu("vitamin_d_ug", Q_(ug, "ug"))


def test_iu_count_refuses_like_from_iu():
    with pytest.raises(UnitError):
        units.iu_count("iron_mg", 1.0)
    with pytest.raises(UnitError):
        units.iu_count("vitamin_e_mg", 1.0)


# -- pint's definitions cache ---------------------------------------------------------------------


def test_a_damaged_pint_cache_is_discarded_with_a_warning(tmp_path, caplog):
    folder = tmp_path / "pint"
    units.build_registry(folder)  # writes pint's cache
    written = list(folder.glob("*.pickle"))
    assert written
    for path in written:
        path.write_bytes(b"not a pickle")
    with caplog.at_level("WARNING", logger="nutricheck.units"):
        reg = units.build_registry(folder)
    assert "discarding pint's unreadable definitions cache" in caplog.text
    assert reg.Quantity(1, "Calorie").to("kJ").magnitude == pytest.approx(4.184)
    assert reg.Quantity(1, "cup").to("ml").magnitude == units.millilitres_per("cup")


def test_the_registry_keeps_pints_cache_in_the_nutricheck_cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("NUTRICHECK_CACHE_DIR", str(tmp_path))
    reg = units.registry.__wrapped__()  # what registry() builds once per process
    assert list((tmp_path / "pint").glob("*.pickle"))
    assert reg.Quantity(250, "Calorie").to("kcal").magnitude == 250
