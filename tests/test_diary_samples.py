"""The real exports in shared/data/diary-samples (no licence: read in place, never copied here).

Skipped when the folder is absent. Expected values are read off the files by hand.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from nutricheck.diary import (
    FLAG_MICRONUTRIENTS_UNKNOWN,
    FLAG_NOT_COMPLETED,
    FLAG_QUICK_ADD_SKIPPED,
    read_diary,
)
from nutricheck.errors import DataFileError

SAMPLES = Path(__file__).parents[1].parent / "shared" / "data" / "diary-samples"
pytestmark = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason="shared/data/diary-samples is not present"
)
D = datetime.date

CRONO_2020 = "cronometer/davidgma-cron-csv__servings_2020-07_no-vitD-col.csv"
CRONO_2023 = "cronometer/maximumpeaches-tracking__servings_2023-09-17_to_21_excerpt.csv"
CRONO_2025 = "cronometer/stackingrockss-dashboard__servings_2025-06_no-time-col.csv"
DAILY_2023 = "cronometer/maximumpeaches-tracking__dailysummary_2023-09-17_to_10-17_excerpt.csv"
DAILY_2025 = "cronometer/stackingrockss-dashboard__dailysummary_2025-06.csv"
MFP_2018 = "myfitnesspal/jpklatt-personal_nutrition__Nutrition-Summary_2018-10_excerpt.csv"
MFP_2023 = "myfitnesspal/Bambee26-streaming-final__Nutrition-Summary_2023-01_excerpt.csv"
LOSEIT = "loseit/peterhajas-blog__WeeklySummary_rows_2020_excerpt.csv"
NUTRA = "generic/nutratech-cli__day_human-test.csv"

# (file, format, total rows, used, skipped, errors)
ACCOUNTING = [
    (CRONO_2020, "cronometer-servings", 116, 110, 6, 0),  # six "0.00 g" placeholders
    (CRONO_2023, "cronometer-servings", 112, 69, 43, 0),  # placeholders and quick-add rows
    (CRONO_2025, "cronometer-servings", 43, 43, 0, 0),
    (DAILY_2023, "cronometer-daily", 31, 31, 0, 0),
    (DAILY_2025, "cronometer-daily", 5, 5, 0, 0),
    (MFP_2018, "myfitnesspal", 109, 109, 0, 0),
    (MFP_2023, "myfitnesspal", 89, 89, 0, 0),
    (LOSEIT, "loseit", 4, 4, 0, 0),
    (NUTRA, "generic", 22, 22, 0, 0),
]


@pytest.mark.parametrize(
    ("name", "fmt", "total", "used", "skipped", "errors"),
    ACCOUNTING,
    ids=[a[0].split("/")[1][:30] for a in ACCOUNTING],
)
def test_every_row_is_accounted_for(name, fmt, total, used, skipped, errors):
    diary = read_diary(SAMPLES / name)
    assert diary.format == fmt
    assert (diary.total_rows, len(diary.rows), len(diary.skipped), len(diary.errors)) == (
        total,
        used,
        skipped,
        errors,
    )
    assert len(diary.rows) + len(diary.issues) == diary.total_rows


def test_cronometer_2020_has_no_vitamin_d_or_sodium_column():
    diary = read_diary(SAMPLES / CRONO_2020)
    assert diary.absent_nutrients == {"vitamin_d_ug", "sodium_mg"}
    tea = diary.rows[0]  # line 2: Jasmine Tea, 600.00 g, 05:17, Drinks
    assert (tea.food, tea.amount, tea.unit, tea.grams, tea.time, tea.meal) == (
        "Jasmine Tea",
        600.0,
        "g",
        600.0,
        "05:17",
        "Drinks",
    )
    assert tea.nutrients["iron_mg"] == 0.12
    assert tea.nutrients["potassium_mg"] == 48.0
    tallow = diary.rows[1]  # line 3: blank Iron cell -> unknown, not 0
    assert tallow.nutrients["iron_mg"] is None
    assert {i.value for i in diary.skipped} == {"0.00 g"}


def test_cronometer_2023_vitamin_d_from_iu_quick_add_and_placeholders():
    diary = read_diary(SAMPLES / CRONO_2023)
    salmon = next(r for r in diary.rows if r.row == 8)  # 115.00 g canned pink salmon, 667.00 IU
    assert salmon.nutrients["vitamin_d_ug"] == pytest.approx(667 / 40)  # 16.675 ug
    reasons = {i.row: i.reason for i in diary.issues}
    assert "quick-add Calorie entry (800 kcal)" in reasons[24]
    assert "quick-add Protein entry (40 g)" in reasons[25]
    assert "placeholder" in reasons[19]  # "0.00 Can"
    assert diary.day_flags[D(2023, 9, 20)] == (FLAG_QUICK_ADD_SKIPPED,)  # a quick-add-only day
    softgel = next(r for r in diary.rows if r.row == 5)
    assert (softgel.amount, softgel.unit, softgel.time) == (2.0, "softgel", "8:18 PM")


def test_cronometer_2025_amount_texts():
    diary = read_diary(SAMPLES / CRONO_2025)
    amounts = {(r.amount, r.unit) for r in diary.rows}
    assert {
        (2.0, "x 20.0 pieces"),
        (1.0, "x 0.75 cup"),
        (1.0, "can drained"),
        (1.0, "full recipe"),
        (1.5, "serving"),
        (3.0, "tbsp"),
    } <= amounts
    assert all(r.time is None and r.meal == "Uncategorized" for r in diary.rows)
    mayo = next(r for r in diary.rows if r.food == "Best Foods, Real Mayonnaise")
    assert mayo.nutrients["iron_mg"] is None
    assert mayo.nutrients["energy_kcal"] == 149.94


def test_cronometer_daily_2023_quick_add_day_has_unknown_micronutrients():
    diary = read_diary(SAMPLES / DAILY_2023)
    day = next(r for r in diary.rows if r.date == D(2023, 9, 20))
    assert day.nutrients["energy_kcal"] == 2500.0
    assert day.nutrients["iron_mg"] is None
    assert day.nutrients["vitamin_d_ug"] is None
    assert diary.day_flags[D(2023, 9, 20)] == (FLAG_NOT_COMPLETED, FLAG_MICRONUTRIENTS_UNKNOWN)
    first = diary.rows[0]  # 2023-09-17: Vitamin D 667.00 IU, Iron 14.36 mg
    assert first.nutrients["vitamin_d_ug"] == pytest.approx(16.675)
    assert first.nutrients["iron_mg"] == 14.36
    with pytest.raises(DataFileError, match="no usable row"):  # Completed is always false here
        read_diary(SAMPLES / DAILY_2023, complete_only=True)


def test_cronometer_daily_2025_missing_day():
    diary = read_diary(SAMPLES / DAILY_2025)
    assert [r.date for r in diary.rows] == [D(2025, 6, d) for d in (21, 23, 24, 25, 26)]  # no 06-22


def test_mfp_2018_iron_percent_dv():
    diary = read_diary(SAMPLES / MFP_2018)
    breakfast = diary.rows[
        0
    ]  # 2018-10-15 Breakfast: Iron 10.0 (% DV), Calcium 2.0, Potassium 177.0
    assert breakfast.nutrients["iron_mg"] == 1.8  # 10.0 x 18 / 100
    assert breakfast.nutrients["calcium_mg"] == pytest.approx(26.0)  # 2.0 x 1300 / 100
    assert breakfast.nutrients["potassium_mg"] == 177.0
    assert breakfast.estimated == {"iron_mg", "calcium_mg"}
    assert diary.not_supplied == {"vitamin_d_ug", "vitamin_e_mg", "thiamin_mg", "magnesium_mg"}
    dinner = next(r for r in diary.rows if r.date == D(2018, 10, 16) and r.meal == "Dinner")
    assert dinner.nutrients["potassium_mg"] is None  # Potassium 0.0: not entered


def test_mfp_2023_slash_dates_and_custom_meals():
    diary = read_diary(SAMPLES / MFP_2023)
    assert diary.rows[0].date == D(2023, 1, 1)
    assert {"Morning", "PreWorkout", "Evening"} <= {r.meal for r in diary.rows}
    assert diary.rows[-1].date == D(2023, 1, 16)  # 1/16/2023: month-first settled by the file


def test_loseit_weekly_summary_rows():
    diary = read_diary(SAMPLES / LOSEIT)
    sandwich = diary.rows[0]
    assert (sandwich.food, sandwich.amount, sandwich.unit, sandwich.meal) == (
        "Sandwich, Sub, JJ Gargantuan",
        1.5,
        "Each",
        "Lunch",
    )
    assert sandwich.reported["energy_kcal"] == 1656.0  # "1,656"
    assert sandwich.nutrients is None
    assert diary.rows[2].date == D(2020, 1, 2)  # 01/02/2020 month-first, with a warning
    assert "month-first" in diary.warnings[0]


def test_nutra_day_keys():
    diary = read_diary(SAMPLES / NUTRA)
    assert (diary.rows[1].food_key, diary.rows[1].grams) == ("sr28:01270", 28.0)  # id 1270, 28 g
    assert diary.rows[0].date is None
