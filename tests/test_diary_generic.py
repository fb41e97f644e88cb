"""The generic CSV diary (free text and structured, nutra DAY.csv) and its chunked reader."""

from __future__ import annotations

import datetime
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nutricheck.diary import CHUNK_COLUMNS, iter_generic_chunks, read_diary
from nutricheck.errors import DataFileError

DATA = Path(__file__).parent / "data" / "diaries"
D = datetime.date


def test_text_format_rows_and_accounting():
    diary = read_diary(DATA / "generic_text.csv")
    assert diary.format == "generic"
    # line 3 is blank (not a row); 6 data rows: 4 used, line 5 has no text, line 7 a bad date
    assert diary.total_rows == 6
    assert [r.row for r in diary.rows] == [2, 4, 6, 8]
    assert diary.rows[1].text == "200 g rice, 1 cup spinach"  # commas inside quotes
    assert diary.rows[1].date == D(2024, 5, 1)
    assert diary.rows[0].time == "07:30"
    assert diary.rows[2].time == "07:45"
    assert all(r.nutrients is None for r in diary.rows)  # resolved through the food table
    kinds = [(i.row, i.kind, i.column, i.value) for i in diary.issues]
    assert kinds == [(5, "skipped", None, None), (7, "error", "date", "2024-13-40")]


STRUCTURED_ROWS = [
    # (line, food, amount, unit, food_key, grams)
    (2, "oatmeal", 1.5, "cup", None, None),  # "1,5" quoted in a comma file: decimal comma
    (3, "whole milk", 250.0, "ml", "fndds:11111000", None),
    (4, "cheddar", 2.0, "oz", "sr28:01270", 2 * 28.349523125),  # 2 oz = 56.699 g
    (5, "water", 1500.0, "g", None, 1500.0),  # "1,500": thousands in a comma file
]


@pytest.mark.parametrize("expected", STRUCTURED_ROWS, ids=[r[1] for r in STRUCTURED_ROWS])
def test_structured_columns_in_any_order_and_case(expected):
    diary = read_diary(DATA / "generic_structured.csv")
    row = next(r for r in diary.rows if r.row == expected[0])
    assert (row.row, row.food, row.amount, row.unit, row.food_key) == expected[:5]
    assert row.grams == (None if expected[5] is None else pytest.approx(expected[5]))
    assert row.date == D(2024, 5, 3)
    assert row.meal in ("breakfast", "lunch")


def test_structured_issues():
    diary = read_diary(DATA / "generic_structured.csv")
    assert [(i.row, i.kind, i.column, i.value) for i in diary.issues] == [
        (6, "skipped", "Amount", "0"),
        (7, "error", "Amount", "-100"),
        (8, "error", "Amount", "one"),
    ]
    assert len(diary.rows) + len(diary.issues) == diary.total_rows == 7


def test_semicolon_cp1252_decimal_comma_and_dotted_dates():
    diary = read_diary(DATA / "generic_semicolon_cp1252.csv")
    assert diary.encoding == "cp1252"
    assert "Windows-1252" in diary.warnings[0]
    assert diary.delimiter == ";"
    assert [(r.date, r.meal, r.food, r.amount) for r in diary.rows] == [
        (D(2024, 5, 3), "Frühstück", "Crème fraîche", 1.5),  # 3.5.2024 is 3 May; "1,5" is 1.5
        (D(2024, 5, 3), "Mittag", "Kartoffeln", 1250.5),  # "1.250,5": dot thousands, comma decimal
        (D(2024, 5, 13), "Abend", "Brötchen", 1.0),
    ]


def test_ambiguous_dates_need_dayfirst_or_monthfirst():
    with pytest.raises(DataFileError, match="day-first or month-first") as info:
        read_diary(DATA / "generic_ambiguous_dates.csv")
    assert str(DATA / "generic_ambiguous_dates.csv") in str(info.value)
    assert "--dayfirst" in info.value.hint
    assert [
        r.date for r in read_diary(DATA / "generic_ambiguous_dates.csv", dayfirst=True).rows
    ] == [D(2024, 2, 1), D(2024, 4, 3)]
    assert [
        r.date for r in read_diary(DATA / "generic_ambiguous_dates.csv", dayfirst=False).rows
    ] == [D(2024, 1, 2), D(2024, 3, 4)]


def test_tab_separated_with_bom_and_fdc_id():
    diary = read_diary(DATA / "generic_tab_bom.csv")
    assert diary.delimiter == "\t"
    (row,) = diary.rows
    assert (row.date, row.food, row.fdc_id, row.grams) == (
        D(2024, 4, 29),
        "broccoli",
        "170379",
        100.0,
    )
    (issue,) = diary.issues
    assert (issue.row, issue.column, issue.value) == (3, "fdc_id", "168462x")


def test_nutra_day_ids_become_sr28_keys():
    diary = read_diary(DATA / "nutra_day.csv")
    assert [(r.meal, r.food_key, r.grams, r.date) for r in diary.rows] == [
        ("breakfast", "sr28:01123", 50.0, None),  # NDB 1123 zero-padded to five digits
        ("breakfast", "sr28:09040", 118.0, None),
    ]
    assert [(i.row, i.kind, i.column) for i in diary.issues] == [
        (4, "error", "serving_id"),  # nutra's own serving table is not available
        (5, "error", "id"),
        (6, "skipped", "grams"),
    ]


def test_complete_only_is_a_warning_for_generic_files():
    diary = read_diary(DATA / "generic_text.csv", complete_only=True)
    assert any("--complete-only has no effect" in w for w in diary.warnings)


ODD_FILES = [
    # (id, content, expected (line, kind, column, value) per issue, used lines)
    (
        "overlong row",
        "date,meal,text\n2024-01-01,lunch,rice,with peas\n2024-01-01,dinner,soup\n",
        [(2, "error", None, "with peas")],
        [3],
    ),
    (
        "quoted line break keeps line numbers",
        'date,meal,text\n2024-01-01,lunch,"rice\nwith peas"\nbad,dinner,soup\n',
        [(4, "error", "date", "bad")],
        [2],
    ),
    (
        "crlf and blank lines",
        "date,meal,text\r\n\r\n2024-01-01,lunch,rice\r\n,,\r\n2024-01-02,,\r\n",
        [(5, "skipped", None, None)],
        [3],
    ),
    (
        "missing date",
        "date,meal,text\n,lunch,rice\n2024-01-02,lunch,soup\n",
        [(2, "error", "date", "")],
        [3],
    ),
    ("leading blank line moves the header", "\n\ndate,meal,text\n2024-01-01,lunch,rice\n", [], [4]),
    ("no date column", "meal,text\nlunch,rice\n", [], [2]),
    ("food key only", "date,food_key,grams\n2024-01-01,sr28:01270,28\n", [], [2]),
    (
        "mixed text and structured rows",
        "date,text,food,amount,unit\n2024-01-01,2 eggs,,,\n2024-01-01,,rice,200,g\n",
        [],
        [2, 3],
    ),
]


@pytest.mark.parametrize(
    ("content", "issues", "used"), [c[1:] for c in ODD_FILES], ids=[c[0] for c in ODD_FILES]
)
def test_odd_files(tmp_path, content, issues, used):
    path = tmp_path / "d.csv"
    path.write_bytes(content.encode())
    diary = read_diary(path, format="generic")
    assert [(i.row, i.kind, i.column, i.value) for i in diary.issues] == issues
    assert [r.row for r in diary.rows] == used
    assert len(diary.rows) + len(diary.issues) == diary.total_rows


def test_rows_far_wider_than_the_header_are_cut_with_a_warning(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("date,meal,text\n2024-01-01,lunch,rice" + "," * 12 + "x\n", encoding="utf-8")
    diary = read_diary(path)
    assert diary.rows[0].text == "rice"  # the 13th field past the header was not read ...
    assert any(
        "more than 8 fields past the header" in w for w in diary.warnings
    )  # ... and it says so


def test_quoted_line_breaks_are_read_as_one_line(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text('date,meal,text\n2024-01-01,lunch,"rice\n  with peas"\n', encoding="utf-8")
    assert read_diary(path).rows[0].text == "rice with peas"


def test_a_file_with_no_usable_row_is_an_error(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("date,meal,text\nbad,lunch,rice\n2024-01-01,lunch,\n", encoding="utf-8")
    with pytest.raises(
        DataFileError, match="no usable row: 2 read, 1 skipped, 1 with errors"
    ) as info:
        read_diary(path)
    assert info.value.source == str(path)


# ---------------------------------------------------------------------------------------------
# the chunked reader


def test_chunks_have_the_documented_columns_and_types():
    (chunk,) = list(iter_generic_chunks(DATA / "generic_structured.csv"))
    assert tuple(chunk.columns) == CHUNK_COLUMNS
    assert chunk["row"].dtype == np.int64
    assert chunk["amount"].dtype == np.float64
    assert chunk["grams"].dtype == np.float64
    assert pd.api.types.is_datetime64_any_dtype(chunk["date"])
    assert chunk["status"].tolist() == ["ok"] * 4 + ["skipped", "error", "error"]
    assert chunk.attrs["delimiter"] == ","
    assert chunk.attrs["path"] == str(DATA / "generic_structured.csv")


def test_chunks_agree_with_read_diary_whatever_the_chunk_size():
    diary = read_diary(DATA / "generic_text.csv")
    for size in (1, 2, 3, 100):
        frame = pd.concat(list(iter_generic_chunks(DATA / "generic_text.csv", chunksize=size)))
        ok = frame[frame.status == "ok"]
        assert ok["row"].tolist() == [r.row for r in diary.rows]
        assert ok["text"].tolist() == [r.text for r in diary.rows]
        assert frame.loc[frame.status != "ok", "row"].tolist() == [i.row for i in diary.issues]


def test_chunks_raise_for_a_file_that_is_not_generic_before_iterating():
    with pytest.raises(DataFileError, match="not a generic diary") as info:
        iter_generic_chunks(DATA / "mfp_summary.csv")
    assert "myfitnesspal" in info.value.hint


def _big_file(path: Path, rows: int) -> list[str]:
    days = pd.date_range("2020-01-01", periods=rows // 20, freq="D").strftime("%-m/%-d/%Y")
    frame = pd.DataFrame(
        {
            "date": np.repeat(days, 20),
            "meal": "lunch",
            "food": [f"food number {i}" for i in range(rows)],
            "amount": np.tile(["1,5", "200", "0.5", "2"], rows // 4),
            "unit": np.tile(["cup", "g", "cup", "oz"], rows // 4),
        }
    )
    frame.to_csv(path, index=False)
    return list(days)


def _chunked_peak(path: Path, rows: int, days: list[str]) -> int:
    tracemalloc.start()
    count = ok = 0
    for chunk in iter_generic_chunks(path, chunksize=2_000):
        assert len(chunk) <= 2_000
        count += len(chunk)
        ok += int((chunk.status == "ok").sum())
        last = chunk
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == ok == rows
    assert last["row"].iloc[-1] == rows + 1  # the header is line 1
    assert last["date"].iloc[-1] == pd.Timestamp(days[-1])  # month-first: a day above 12 decides
    return peak


def test_chunked_reading_keeps_memory_bounded(tmp_path):
    """Memory does not grow with the file: four times the rows, about the same peak (tracemalloc
    sees numpy's and pandas' buffers), while reading the file whole grows with it."""
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    small_days, large_days = _big_file(small, 10_000), _big_file(large, 40_000)
    _chunked_peak(small, 10_000, small_days)  # warm up: imports and caches are not the file's
    small_peak = _chunked_peak(small, 10_000, small_days)
    large_peak = _chunked_peak(large, 40_000, large_days)

    tracemalloc.start()
    whole = pd.read_csv(large, dtype=object)
    _, whole_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del whole

    assert large_peak < 1.5 * small_peak, (small_peak, large_peak)
    assert large_peak < whole_peak, (large_peak, whole_peak)


def test_lazy_date_order_reads_as_the_eager_one(tmp_path):
    """``nutricheck import`` reads the date column for the order only when a chunk has a date the
    order changes; the rows come out as when the order is decided first."""
    from nutricheck.diary.generic import GenericReader, _frame

    path = tmp_path / "mixed_dates.csv"
    path.write_text(
        "date,meal,text\n"
        "2024-05-01,lunch,1 egg\n"
        "2024-05-02,lunch,1 egg\n"
        "5/6/2024,lunch,1 egg\n"  # either 5 June or 6 May: the next date decides
        "13/5/2024,lunch,1 egg\n",  # day-first
        encoding="utf-8",
    )

    def frames(lazy: bool) -> list[pd.DataFrame]:
        reader = GenericReader(path, None, 2, lazy_dates=lazy)
        return [_frame(chunk) for chunk in reader.parsed()]

    eager, lazy = frames(False), frames(True)
    for a, b in zip(eager, lazy, strict=True):
        pd.testing.assert_frame_equal(a, b)
    assert lazy[1]["date"].tolist() == [pd.Timestamp(2024, 6, 5), pd.Timestamp(2024, 5, 13)]


def test_lazy_date_order_still_refuses_ambiguous_dates():
    from nutricheck.diary.generic import GenericReader

    reader = GenericReader(DATA / "generic_ambiguous_dates.csv", None, 100, lazy_dates=True)
    with pytest.raises(DataFileError, match="day-first or month-first"):
        list(reader.parsed())
