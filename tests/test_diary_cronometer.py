"""Cronometer "Food & Recipe Entries" (servings) and "Daily Nutrition" exports (own fixtures)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from conftest import NUTRIENT_KEYS

from nutricheck.diary import (
    FLAG_COMPLETED,
    FLAG_MICRONUTRIENTS_UNKNOWN,
    FLAG_NOT_COMPLETED,
    FLAG_QUICK_ADD_SKIPPED,
    read_diary,
)
from nutricheck.errors import DataFileError

DATA = Path(__file__).parent / "data" / "diaries"
D = datetime.date
ALL_KEYS = set(NUTRIENT_KEYS)


@pytest.fixture(scope="module")
def servings():
    return read_diary(DATA / "cronometer_servings.csv")


SERVINGS_ROWS = [
    # (line, food, amount, unit, grams, {key: value}) -- by hand from the fixture
    (
        2,
        "Oats, Rolled, Dry",
        40.0,
        "g",
        40.0,
        {"iron_mg": 1.7, "vitamin_d_ug": 0.0, "thiamin_mg": 0.18},
    ),
    (
        3,
        "Milk, Fortified",
        250.0,
        "g",
        250.0,
        {"vitamin_d_ug": 3.0, "calcium_mg": 282.5},
    ),  # 120 IU / 40
    (
        4,
        "Rice Crackers",
        2.0,
        "x 20.0 pieces",
        None,
        {"iron_mg": 2.0, "sodium_mg": 220.0, "calcium_mg": None},
    ),
    (
        5,
        "Vitamin D3",
        1.0,
        "softgel",
        None,
        {"vitamin_d_ug": 25.0, "energy_kcal": None},
    ),  # 1000 IU / 40
    (
        9,
        "Salmon, Atlantic, Raw",
        150.0,
        "g",
        150.0,
        {"vitamin_d_ug": 16.5, "potassium_mg": 540.0},
    ),  # 660 / 40
    (
        10,
        "Creatine",
        5.0,
        "g",
        5.0,
        dict.fromkeys(ALL_KEYS),
    ),  # every cell blank: all unknown, not 0
]


@pytest.mark.parametrize("expected", SERVINGS_ROWS, ids=[r[1] for r in SERVINGS_ROWS])
def test_servings_rows(servings, expected):
    line, food, amount, unit, grams, values = expected
    row = next(r for r in servings.rows if r.row == line)
    assert (row.food, row.amount, row.unit, row.grams) == (food, amount, unit, grams)
    assert set(row.nutrients) == ALL_KEYS
    for key, value in values.items():
        assert row.nutrients[key] == (None if value is None else pytest.approx(value)), key
    assert row.estimated == frozenset()


def test_servings_meal_time_and_date(servings):
    first = servings.rows[0]
    assert (first.date, first.meal, first.time) == (D(2024, 6, 1), "Breakfast", "7:05 AM")
    assert servings.rows[1].time is None


def test_servings_skips_quick_add_and_placeholders_with_reasons(servings):
    issues = {i.row: i for i in servings.issues}
    assert issues[6].kind == "skipped"
    assert "quick-add Calorie entry (500 kcal)" in issues[6].reason
    assert issues[7].kind == "skipped"
    assert "quick-add Protein entry (30 g)" in issues[7].reason
    assert issues[8].kind == "skipped"
    assert issues[8].value == "0.00 g"
    assert issues[11].kind == "error"
    assert (issues[11].column, issues[11].value) == (
        "Day",
        "2024-06-3x",
    )
    # 10 data rows = 6 used + 3 skipped + 1 error
    assert (
        len(servings.rows),
        len(servings.skipped),
        len(servings.errors),
        servings.total_rows,
    ) == (6, 3, 1, 10)
    assert servings.day_flags == {D(2024, 6, 1): (FLAG_QUICK_ADD_SKIPPED,)}
    assert servings.absent_nutrients == frozenset()


def test_an_older_export_without_vitamin_d_or_sodium_columns():
    diary = read_diary(DATA / "cronometer_servings_old.csv")
    assert diary.absent_nutrients == {"vitamin_d_ug", "sodium_mg"}
    assert diary.unknown_nutrients == {"vitamin_d_ug", "sodium_mg"}
    assert "Vitamin D, Sodium" in diary.warnings[0]
    row = diary.rows[0]
    assert "vitamin_d_ug" not in row.nutrients  # absent for the whole file, not a blank cell
    assert row.time is None
    assert row.meal == "Breakfast"


def test_daily_rows_and_flags():
    diary = read_diary(DATA / "cronometer_daily.csv")
    assert diary.format == "cronometer-daily"
    first = diary.rows[0]
    assert first.nutrients["vitamin_d_ug"] == pytest.approx(20.0)  # 800 IU / 40
    assert first.nutrients["iron_mg"] == pytest.approx(15.3)
    quick_add_day = diary.rows[2]
    assert quick_add_day.nutrients["energy_kcal"] == 2500.0
    assert all(quick_add_day.nutrients[k] is None for k in ALL_KEYS - {"energy_kcal"})
    assert diary.day_flags == {
        D(2024, 6, 1): (FLAG_COMPLETED,),
        D(2024, 6, 2): (FLAG_NOT_COMPLETED,),
        D(2024, 6, 3): (FLAG_NOT_COMPLETED, FLAG_MICRONUTRIENTS_UNKNOWN),
    }
    ((line, kind),) = [(i.row, i.kind) for i in diary.issues]
    assert (line, kind) == (5, "skipped")  # 2024-06-04: every cell blank


def test_daily_complete_only_skips_incomplete_days():
    diary = read_diary(DATA / "cronometer_daily.csv", complete_only=True)
    assert [r.date for r in diary.rows] == [D(2024, 6, 1)]
    assert [(i.row, i.kind, i.column, i.value) for i in diary.issues] == [
        (3, "skipped", "Completed", "false"),
        (4, "skipped", "Completed", "false"),
        (5, "skipped", "Completed", "false"),
    ]


def test_complete_only_with_no_completed_day_says_so(tmp_path):
    path = tmp_path / "daily.csv"
    path.write_text("Date,Iron (mg),Completed\n2024-01-01,10,false\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="no usable row") as info:
        read_diary(path, complete_only=True)
    assert "drop --complete-only" in info.value.hint


def test_daily_header_units_are_converted():
    (row,) = read_diary(DATA / "cronometer_daily_units.csv").rows
    expected = {
        "energy_kcal": 8368 / 4.184,  # kJ -> kcal = 2000
        "vitamin_d_ug": 15.0,  # Greek mu U+03BC
        "calcium_mg": 1000.0,  # 1,000,000 ug
        "magnesium_mg": 350.0,  # 350,000 mcg
        "potassium_mg": 3500.0,  # 3.5 g
        "sodium_mg": 2300.0,  # 2,300,000 ug with the micro sign U+00B5
    }
    for key, value in expected.items():
        assert row.nutrients[key] == pytest.approx(value), key


CELL_CASES = [
    ("abc", None, "not a number"),
    ("-5", None, "negative"),
    ("1,200.5", 1200.5, None),
]


@pytest.mark.parametrize(("cell", "value", "note"), CELL_CASES, ids=[c for c, _, _ in CELL_CASES])
def test_unreadable_nutrient_cells_are_unknown_with_a_note(tmp_path, cell, value, note):
    path = tmp_path / "servings.csv"
    path.write_text(
        f'Day,Food Name,Amount,Iron (mg)\n2024-01-01,Beans,"100.00 g","{cell}"\n', encoding="utf-8"
    )
    (row,) = read_diary(path).rows
    assert row.nutrients["iron_mg"] == value
    assert (note in row.notes[0]) if note else row.notes == ()


def test_an_amount_without_a_number_keeps_the_row(tmp_path):
    path = tmp_path / "servings.csv"
    path.write_text(
        'Day,Food Name,Amount,Iron (mg)\n2024-01-01,Soup,"one bowl",2\n', encoding="utf-8"
    )
    (row,) = read_diary(path).rows
    assert (row.amount, row.unit, row.nutrients["iron_mg"]) == (None, "one bowl", 2.0)
    assert "no leading number" in row.notes[0]
