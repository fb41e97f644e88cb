"""Lose It! food rows: the account export's food-logs.csv and the Weekly Summary variant."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from nutricheck.diary import read_diary

DATA = Path(__file__).parent / "data" / "diaries"
D = datetime.date


FOOD_LOG_ROWS = [
    # (line, date, meal, food, amount, unit, grams, reported kcal, reported sodium)
    (2, D(2024, 5, 6), "Dinner", "Pasta, cooked", 5.0, "Cup", None, 1105.0, None),  # "1,105"; n/a
    (4, D(2024, 5, 6), "Lunch", "Chicken breast", 150.0, "Grams", 150.0, 248.0, 111.0),
    (6, D(2024, 5, 7), "Dinner", "Rice", 1000.0, "Grams", 1000.0, 1300.0, 10.0),  # "1,000" g
]


@pytest.mark.parametrize("expected", FOOD_LOG_ROWS, ids=[r[3] for r in FOOD_LOG_ROWS])
def test_food_log_rows(expected):
    diary = read_diary(DATA / "loseit_food_logs.csv")
    line, day, meal, food, amount, unit, grams, kcal, sodium = expected
    row = next(r for r in diary.rows if r.row == line)
    assert (row.date, row.meal, row.food, row.amount, row.unit, row.grams) == (
        day,
        meal,
        food,
        amount,
        unit,
        grams,
    )
    assert row.nutrients is None  # names and quantities go through the food table
    assert dict(row.reported) == {"energy_kcal": kcal, "sodium_mg": sodium}


def test_food_log_issues_and_warnings():
    diary = read_diary(DATA / "loseit_food_logs.csv")
    assert [(i.row, i.kind, i.column, i.value) for i in diary.issues] == [
        (3, "skipped", "Deleted", "true"),
        (5, "skipped", "Quantity", "0"),
        (7, "error", "Deleted", "maybe"),
    ]
    assert len(diary.rows) + len(diary.issues) == diary.total_rows == 6
    # 05/06/2024 and 05/07/2024 could be either order: Lose It!'s own month-first, with a warning
    assert "month-first" in diary.warnings[0]
    assert "Lose It!" in diary.warnings[0]
    assert diary.absent_nutrients == diary.not_supplied == frozenset()


def test_weekly_summary_type_column_and_exercise():
    diary = read_diary(DATA / "loseit_weekly.csv")
    assert [(r.meal, r.food, r.amount) for r in diary.rows] == [
        ("Breakfast", "Bagel, plain", 1.0),
        ("Snacks", "Apple", None),  # quantity n/a: unknown, left to the food table's portion
    ]
    ((line, kind, column),) = [(i.row, i.kind, i.column) for i in diary.issues]
    assert (line, kind, column) == (3, "skipped", "Type")
    assert diary.warnings == ()  # 01/13/2024 settles month-first


def test_negative_calories_are_exercise(tmp_path):
    path = tmp_path / "weekly.csv"
    path.write_text(
        "Date,Name,Type,Quantity,Units,Calories\n01/13/2024,Cycling,Other,30,Minutes,-300\n"
        "01/13/2024,Pear,Snacks,1,Each,100\n",
        encoding="utf-8",
    )
    diary = read_diary(path)
    assert [i.reason for i in diary.issues] == ["an exercise entry, not food"]
