"""Format sniffing, forced formats, and files that are not diaries at all: never a traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from nutricheck.diary import FORMATS, read_diary, sniff_format
from nutricheck.diary.sniff import format_of_header
from nutricheck.errors import DataFileError

DATA = Path(__file__).parent / "data" / "diaries"

FIXTURES = [
    ("generic_text.csv", "generic"),
    ("generic_structured.csv", "generic"),
    ("generic_semicolon_cp1252.csv", "generic"),
    ("generic_tab_bom.csv", "generic"),
    ("nutra_day.csv", "generic"),
    ("cronometer_servings.csv", "cronometer-servings"),
    ("cronometer_servings_old.csv", "cronometer-servings"),
    ("cronometer_daily.csv", "cronometer-daily"),
    ("cronometer_daily_units.csv", "cronometer-daily"),
    ("mfp_summary.csv", "myfitnesspal"),
    ("loseit_food_logs.csv", "loseit"),
    ("loseit_weekly.csv", "loseit"),
]


@pytest.mark.parametrize(("name", "fmt"), FIXTURES, ids=[n for n, _ in FIXTURES])
def test_sniff_fixture(name, fmt):
    assert sniff_format(DATA / name) == fmt


def test_every_format_has_a_fixture():
    assert {fmt for _, fmt in FIXTURES} == set(FORMATS)


HEADERS = [
    ("Day,Group,Food Name,Amount,Iron (mg)", "cronometer-servings"),
    ("Date,Food Name,Amount,Energy (kcal)", "cronometer-servings"),  # an old parser's "Date"
    ("Date,Energy (kcal),Iron (mg),Vitamin D (IU),Completed", "cronometer-daily"),
    ("Date,Energy (kcal),Iron (mg),Magnesium (mg)", "cronometer-daily"),  # no Completed column
    ("Date,Meal,Calories,Sodium (mg),Potassium,Calcium,Iron,Note", "myfitnesspal"),
    ("Date,Name,Icon,Meal,Quantity,Units,Calories,Deleted", "loseit"),
    ("Date,Name,Type,Quantity,Units,Calories", "loseit"),
    ("DATE , Meal , TEXT", "generic"),
    ("food key,grams", "generic"),
    ("meal,id,grams,serving_id,serving_qty", "generic"),
    ("id,date,meal", None),  # an id column alone is not nutra's
    ("Date,Weight", None),  # MyFitnessPal's Measurement-Summary
    ("Date,Food cals,Exercise cals,Budget cals,EER", None),  # Lose It! daily-calorie-summary
]


@pytest.mark.parametrize(("header", "fmt"), HEADERS, ids=[h for h, _ in HEADERS])
def test_format_of_header(header, fmt):
    assert format_of_header([c.strip() for c in header.split(",")]) == fmt


def _write(tmp_path: Path, data: bytes, name: str = "d.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _zip(tmp_path: Path) -> Path:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("food-logs.csv", "Date,Name\n")
    return path


NOT_DIARIES = [
    ("empty", lambda p: _write(p, b""), "the file is empty"),
    ("blank lines", lambda p: _write(p, b"\n \n\r\n"), "no header line"),
    ("binary", lambda p: _write(p, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "not a text file"),
    ("zip archive", _zip, "zip archive"),
    ("missing", lambda p: p / "nope.csv", "cannot read the file"),
    ("directory", lambda p: p, "cannot read the file"),
    ("unknown header", lambda p: _write(p, b"foo,bar\n1,2\n"), "not a diary format"),
    ("header only", lambda p: _write(p, b"date,meal,text\n"), "no data rows"),
    (
        "header only (cronometer)",
        lambda p: _write(p, b"Day,Food Name,Amount,Iron (mg)\n"),
        "no data rows",
    ),
    ("bad utf-16", lambda p: _write(p, b"\xff\xfe\x00\xd8"), "UTF-16"),
]


@pytest.mark.parametrize(
    ("make", "message"), [c[1:] for c in NOT_DIARIES], ids=[c[0] for c in NOT_DIARIES]
)
def test_not_a_diary_is_a_data_file_error_naming_the_file(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(DataFileError, match=message) as info:
        read_diary(path)
    assert info.value.source == str(path)
    assert str(path) in str(info.value)


FORCED = [
    ("mfp_summary.csv", "cronometer-daily"),
    ("cronometer_servings.csv", "generic"),
    ("generic_text.csv", "loseit"),
    ("loseit_weekly.csv", "myfitnesspal"),
    ("cronometer_daily.csv", "cronometer-servings"),
]


@pytest.mark.parametrize(("name", "fmt"), FORCED, ids=[f"{n}-as-{f}" for n, f in FORCED])
def test_forcing_the_wrong_format_is_an_error(name, fmt):
    with pytest.raises(DataFileError, match=f"not {fmt}") as info:
        read_diary(DATA / name, format=fmt)
    assert "--format auto" in info.value.hint


@pytest.mark.parametrize(
    "fmt", ["generic", "cronometer-servings", "cronometer-daily", "myfitnesspal", "loseit"]
)
def test_forcing_a_format_on_an_unknown_header_names_the_missing_columns(tmp_path, fmt):
    path = _write(tmp_path, b"foo,bar\n1,2\n")
    with pytest.raises(DataFileError, match=f"not a {fmt}") as info:
        read_diary(path, format=fmt)
    assert info.value.source == str(path)


def test_unknown_format_name():
    with pytest.raises(DataFileError, match="unknown diary format 'csv'") as info:
        read_diary(DATA / "generic_text.csv", format="csv")
    assert "cronometer-servings" in info.value.hint
