"""Generic diaries of any length: the chunked report (days.build_generic_report) against the
row-by-row report (days.build_diary_report) and against arithmetic on data/foods.csv."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from nutricheck import days
from nutricheck.cli import cli
from nutricheck.days import build_diary_report, build_generic_report
from nutricheck.diary import read_diary
from nutricheck.errors import DataFileError
from nutricheck.profile import Profile
from nutricheck.render.days import render_days

DATA = Path(__file__).parent / "data" / "diaries"
ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("text", "json", "csv", "markdown", "html")
PERSON = Profile.create("female", 34)

FIXTURES = [
    # (file, dayfirst)
    ("generic_text.csv", None),  # a blank line, a row without text, an unreadable date
    ("generic_structured.csv", None),  # zero, negative and unreadable amounts; food keys
    ("generic_semicolon_cp1252.csv", None),
    ("generic_tab_bom.csv", None),
    ("generic_ambiguous_dates.csv", True),  # 01/02/2024 needs an order
    ("generic_ambiguous_dates.csv", False),
    ("nutra_day.csv", None),  # no date column: one undated day; grams per row
]


def _both(path: Path, dayfirst: bool | None = None, chunksize: int = 100_000):
    old = build_diary_report(read_diary(path, "generic", dayfirst=dayfirst), PERSON)
    new = build_generic_report(path, PERSON, dayfirst=dayfirst, chunksize=chunksize)
    return old, new


@pytest.mark.parametrize("chunksize", [2, 100_000], ids=["chunks of 2", "one chunk"])
@pytest.mark.parametrize(("name", "dayfirst"), FIXTURES, ids=[f"{n}-{d}" for n, d in FIXTURES])
def test_fixtures_give_the_same_report_either_way(name, dayfirst, chunksize):
    old, new = _both(DATA / name, dayfirst, chunksize)
    for fmt in FORMATS:
        assert render_days(new, fmt) == render_days(old, fmt), fmt


# A diary with every kind of row, in an order that is not the days' order.
TEXTS = [
    "2 eggs and 1 slice of toast",  # two foods in one line
    "1 cup cooked spinach",
    "bananna",  # a typo: matched or suggested
    "grandma's casserole",  # no food in the table
    "ran 5k",  # not food
    "200 g salmon",
    "1 cup plain yogurt",  # a unit the food's portions cannot give
]
STRUCTURED = [
    # (food, amount, unit, food_key, grams)
    ("oatmeal", "1", "cup", "", ""),
    ("oatmeal", "1.5", "cup", "", ""),
    ("banana", "", "", "", ""),  # no amount: a typical portion, assumed
    ("cheddar", "2", "oz", "sr28:01270", ""),  # a key and a weight unit: grams from the unit
    ("milk", "", "", "sr28:01077", "244"),  # a key and grams
    ("caraway cheese", "", "", "sr28:01008", "30"),  # no vitamin D value: unknown, not zero
    ("mystery", "1", "serving", "sr28:99999", ""),  # a key the table lacks
    ("protein shake xyz", "2", "scoop", "", ""),
    ("water", "0", "g", "", ""),  # a placeholder row: skipped
    ("rice", "-1", "cup", "", ""),  # an error
    ("rice", "lots", "cup", "", ""),  # an error
]


def _write_diary(path: Path, rows: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    dates = [f"2024-05-{d:02d}" for d in (3, 1, 2, 4)] + ["", "not a date"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["date", "meal", "text", "food", "amount", "unit", "food_key", "grams"])
        for _ in range(rows):
            date = rng.choices(dates, weights=[30, 30, 30, 30, 1, 1])[0]
            meal = rng.choice(["breakfast", "lunch", "dinner", ""])
            if rng.random() < 0.4:
                out.writerow([date, meal, rng.choice(TEXTS), "", "", "", "", ""])
            else:
                out.writerow([date, meal, "", *rng.choice(STRUCTURED)])


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("diary") / "mixed.csv"
    _write_diary(path, 1_200)
    return path


@pytest.mark.parametrize("chunksize", [97, 100_000], ids=["chunks of 97", "one chunk"])
def test_a_generated_diary_gives_the_same_report_either_way(generated, chunksize):
    old, new = _both(generated, chunksize=chunksize)
    assert new.total_rows == 1_200
    assert new.count_issues("skipped")
    assert new.count_issues("error")
    assert new.unparsed_total
    for fmt in FORMATS:
        assert render_days(new, fmt) == render_days(old, fmt), fmt


def _without_listing(d: dict) -> dict:
    d = json.loads(json.dumps(d))
    for day in d["days"]:
        day.pop("entries", None)
        for result in day["totals"].values():
            result.pop("top_sources")
    for key in ("entries_listed", "unparsed", "notes"):
        d.pop(key)
    for key in ("skipped", "errors"):
        d["rows"].pop(key)
    return d


def test_a_large_diary_is_reported_by_day_with_the_same_numbers(generated, monkeypatch):
    """Past LIST_LIMIT rows no entry is kept per row; days, summary and accounting are unchanged."""
    monkeypatch.setattr(days, "LIST_LIMIT", 100)
    monkeypatch.setattr(days, "ISSUE_LIMIT", 7)
    old, new = _both(generated, chunksize=97)
    assert not new.entries_listed
    assert all(d.entries == () for d in new.days)
    assert all(r.top == () for d in new.days for r in d.totals.values())  # sources are entries
    assert [d.used for d in new.days] == [d.used for d in old.days]
    assert _without_listing(new.to_dict()) == _without_listing(old.to_dict())

    # The first ISSUE_LIMIT rows not used of each kind, and entries not understood, file order.
    for kind in ("skipped", "error"):
        listed = [i for i in old.issues if i.kind == kind][:7]
        assert [i for i in new.issues if i.kind == kind] == listed
    first = sorted(old.unparsed, key=lambda e: e.line)[:7]
    assert [(e.line, e.text, e.status, e.reason) for e in new.unparsed] == [
        (e.line, e.text, e.status, e.reason) for e in first
    ]
    assert new.unparsed_total == len(old.unparsed)
    not_used = new.count_issues("skipped") + new.count_issues("error")
    assert sum(g.count for g in new.issues_by_reason) == not_used

    text = render_days(new, "text")
    assert "Rows not used, by reason:" in text
    assert "Entries not understood (" in text
    assert "reported by day" in text
    assert json.loads(render_days(new, "json")) == new.to_dict()  # indented as a small one is


def _per_100g(key: str) -> dict[str, float | None]:
    with (ROOT / "data" / "foods.csv").open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["food_key"] == key:
                return {
                    k: (float(v) if v else None)
                    for k, v in row.items()
                    if k.endswith(("_mg", "_ug"))
                }
    raise KeyError(key)


def test_totals_are_the_foods_values_times_the_grams(tmp_path):
    """From data/foods.csv: banana (sr28:09040) 118 g, whole milk (sr28:01077) 200 g, caraway
    cheese (sr28:01008, no vitamin D value) 30 g."""
    path = tmp_path / "day.csv"
    path.write_text(
        "date,food,food_key,grams\n"
        "2024-05-01,banana,sr28:09040,118\n"
        "2024-05-01,milk,sr28:01077,200\n"
        "2024-05-01,caraway cheese,sr28:01008,30\n",
        encoding="utf-8",
    )
    banana, milk, cheese = (_per_100g(k) for k in ("sr28:09040", "sr28:01077", "sr28:01008"))
    (day,) = build_generic_report(path, PERSON).days
    calcium = day.totals["calcium_mg"]
    assert calcium.value == pytest.approx(
        banana["calcium_mg"] * 1.18 + milk["calcium_mg"] * 2.0 + cheese["calcium_mg"] * 0.3
    )  # 5 x 1.18 + 113 x 2 + 673 x 0.3 = 433.8 mg
    assert calcium.coverage == 1.0
    vitamin_d = day.totals["vitamin_d_ug"]
    assert cheese["vitamin_d_ug"] is None
    known = banana["vitamin_d_ug"] * 1.18 + milk["vitamin_d_ug"] * 2.0
    assert vitamin_d.value == pytest.approx(known)
    assert vitamin_d.coverage == pytest.approx((118 + 200) / (118 + 200 + 30))  # unknown is not 0
    assert vitamin_d.missing == ("Cheese, caraway",)
    assert [c.line for c in calcium.top] == [3, 4, 2]  # milk 226, cheese 201.9, banana 5.9 mg
    assert day.used == 3


def test_a_file_with_no_usable_row_is_an_error(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("date,text\nnot a date,1 egg\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="no usable row"):
        build_generic_report(path, PERSON)


# --- the command ----------------------------------------------------------------------------------


def _import(*args: str):
    return CliRunner().invoke(cli, ["import", *args, "--sex", "female", "--age", "34"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_import_of_a_generic_diary_prints_the_report(generated, fmt):
    result = _import(str(generated), "--format", fmt)
    assert result.exit_code == 0, result.output
    old = build_diary_report(read_diary(generated), PERSON)
    assert result.stdout == render_days(old, fmt)
    assert result.stderr == ""  # no progress counter when stderr is not a terminal


BAD_FILES = [
    # (content, message)
    ("", "the file is empty"),
    ('date,meal,text\n2024-05-01,lunch,"1 egg\n', "malformed CSV"),  # a quote never closed
    ("date,meal,text\n01/02/2024,lunch,1 egg\n", "day-first or month-first"),
    ("date,meal,text\nnot a date,lunch,1 egg\n", "no usable row"),
]


@pytest.mark.parametrize(("content", "message"), BAD_FILES, ids=[m for _, m in BAD_FILES])
def test_import_of_a_bad_file_exits_2_naming_it(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    result = _import(str(path), "--format", "generic")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {path}")
    assert message in result.stderr
    assert "Traceback" not in result.output
