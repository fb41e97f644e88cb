"""MyFitnessPal "Nutrition Summary" export (own fixture: CRLF, M/D/YYYY dates, custom meals)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from nutricheck.diary import read_diary

DATA = Path(__file__).parent / "data" / "diaries"
D = datetime.date


@pytest.fixture(scope="module")
def diary():
    return read_diary(DATA / "mfp_summary.csv")


MEAL_ROWS = [
    # (line, date, meal, {key: value}, estimated) -- by hand:
    # iron % DV x 18 mg / 100, calcium % DV x 1,300 mg / 100
    (
        2,
        D(2024, 3, 4),
        "Breakfast",
        {
            "energy_kcal": 450.0,
            "sodium_mg": 380.0,
            "potassium_mg": 420.0,
            "calcium_mg": 260.0,  # 20 % x 1300 / 100
            "iron_mg": 1.8,
        },  # 10 % x 18 / 100
        {"calcium_mg", "iron_mg"},
    ),
    (
        3,
        D(2024, 3, 4),
        "PreRun",  # custom meal name; zeros read as not entered
        {
            "energy_kcal": 200.0,
            "sodium_mg": 150.0,
            "potassium_mg": None,
            "calcium_mg": None,
            "iron_mg": None,
        },
        set(),
    ),
    (
        5,
        D(2024, 3, 15),
        "Lunch",
        {
            "calcium_mg": 4550.0,  # 350 % x 13: kept, but noted as implausible
            "iron_mg": 1.35,
        },  # 7.5 % x 0.18
        {"calcium_mg", "iron_mg"},
    ),
    (
        6,
        D(2024, 3, 15),
        "Snacks",
        {
            "calcium_mg": 13.0,
            "iron_mg": 0.36,
            "potassium_mg": 300.0,
            "sodium_mg": 2.0,
        },  # 1 % and 2 %
        {"calcium_mg", "iron_mg"},
    ),
]


@pytest.mark.parametrize("expected", MEAL_ROWS, ids=[r[2] for r in MEAL_ROWS])
def test_meal_rows(diary, expected):
    line, day, meal, values, estimated = expected
    row = next(r for r in diary.rows if r.row == line)
    assert (row.date, row.meal, row.food) == (day, meal, None)
    for key, value in values.items():
        assert row.nutrients[key] == (None if value is None else pytest.approx(value)), key
    assert row.estimated == estimated


def test_iron_percent_dv_is_exact():
    # 10.0 % DV of 18 mg computed as 10 * 18 / 100, not 10 * 0.18 (which is 1.7999999999999998)
    row = read_diary(DATA / "mfp_summary.csv").rows[0]
    assert row.nutrients["iron_mg"] == 1.8


def test_what_the_export_cannot_supply(diary):
    assert diary.not_supplied == {"vitamin_d_ug", "vitamin_e_mg", "thiamin_mg", "magnesium_mg"}
    assert diary.absent_nutrients == frozenset()
    assert all("vitamin_d_ug" not in r.nutrients for r in diary.rows)


def test_zeros_and_empty_meals(diary):
    pre_run = next(r for r in diary.rows if r.meal == "PreRun")
    assert "Potassium 0 read as not entered" in pre_run.notes
    ((line, kind, reason),) = [(i.row, i.kind, i.reason) for i in diary.issues]
    assert (line, kind) == (4, "skipped")
    assert "every value is 0" in reason
    assert any("Potassium 1, Calcium 1, Iron 1" in w for w in diary.warnings)
    assert len(diary.rows) + len(diary.issues) == diary.total_rows == 5


def test_implausible_percent_is_flagged(diary):
    lunch = next(r for r in diary.rows if r.meal == "Lunch")
    assert any("implausible" in n for n in lunch.notes)
    assert any(w.startswith("line 5: Calcium 350 % DV (4,550 mg)") for w in diary.warnings)


def test_a_header_with_a_unit_is_read_in_that_unit(tmp_path):
    path = tmp_path / "mfp.csv"
    path.write_text(
        "Date,Meal,Calories,Sodium (mg),Iron (mg),Calcium\n2024-01-02,Lunch,500,300,4,10\n",
        encoding="utf-8",
    )
    (row,) = read_diary(path).rows
    assert row.nutrients["iron_mg"] == 4.0
    assert row.estimated == {"calcium_mg"}


def test_dates_day_first_when_the_file_shows_it(tmp_path):
    path = tmp_path / "mfp.csv"
    path.write_text(
        "Date,Meal,Calories,Iron\n13/1/2024,Lunch,500,10\n2/1/2024,Dinner,600,10\n",
        encoding="utf-8",
    )
    assert [r.date for r in read_diary(path).rows] == [D(2024, 1, 13), D(2024, 1, 2)]


def test_ambiguous_dates_default_to_month_first_with_a_warning(tmp_path):
    path = tmp_path / "mfp.csv"
    path.write_text("Date,Meal,Calories,Iron\n2/1/2024,Lunch,500,10\n", encoding="utf-8")
    diary = read_diary(path)
    assert diary.rows[0].date == D(2024, 2, 1)
    assert "month-first" in diary.warnings[0]
    assert "MyFitnessPal" in diary.warnings[0]
    assert read_diary(path, dayfirst=True).rows[0].date == D(2024, 1, 2)
