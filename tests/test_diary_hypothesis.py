"""Properties: no bytes make a diary reader fail with anything but DataFileError; when a file is
read, every row is accounted for; numbers and dates written the usual ways read back."""

from __future__ import annotations

import datetime
import os
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nutricheck.diary import iter_generic_chunks, read_diary, sniff_format
from nutricheck.diary._common import parse_dates, parse_numbers
from nutricheck.errors import DataFileError

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HEADERS = [
    b"date,meal,text\n",
    b"date;meal;food;amount;unit;food_key\n",
    b"meal,id,grams,serving_id,serving_qty\n",
    b"Day,Time,Group,Food Name,Amount,Energy (kcal),Iron (mg),Vitamin D (IU)\n",
    b"Date,Energy (kcal),Iron (mg),Vitamin D (IU),Magnesium (mg),Completed\n",
    b"Date,Meal,Calories,Sodium (mg),Potassium,Calcium,Iron,Note\r\n",
    b"Date,Name,Icon,Meal,Quantity,Units,Calories,Deleted,Sodium (mg)\n",
    b"\xef\xbb\xbfDate\tName\tType\tQuantity\tUnits\tCalories\n",
]

# Cells that look like diary values, to reach deeper than random bytes do.
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "0",
            "1,5",
            "1,656",
            "n/a",
            "true",
            "false",
            "2024-05-01",
            "5/13/2024",
            "13/5/2024",
            "1.5.2024",
            "0.00 g",
            "2.00 x 20.0 pieces",
            "800.00 1",
            "Calorie",
            "Exercise",
            '"a,b"',
            '"x\ny"',
            "-3",
            "1e999",
            "\u00b5g",
            "abc",
        ]
    ),
    st.text(max_size=12),
)
ROWS = st.lists(st.lists(CELLS, max_size=12), max_size=8)
SEPARATORS = st.sampled_from([",", ";", "\t"])
NEWLINES = st.sampled_from(["\n", "\r\n", "\r"])


def _check(path: Path) -> None:
    error: DataFileError | None = None
    try:
        diary = read_diary(path)
    except DataFileError as exc:
        error = exc
    if error is not None:
        assert error.source == str(path)  # every failure names the file
    else:
        assert len(diary.rows) + len(diary.issues) == diary.total_rows
        assert diary.rows, "a DiaryFile always has a used row"
        lines = [r.row for r in diary.rows] + [i.row for i in diary.issues]
        assert len(set(lines)) == len(lines), "one outcome per row"
    try:
        sniff_format(path)
    except DataFileError:
        pass
    try:
        for _ in iter_generic_chunks(path, chunksize=3):
            pass
    except DataFileError:
        pass


def _temp(data: bytes) -> Path:
    fd, name = tempfile.mkstemp(suffix=".csv")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return Path(name)


@SETTINGS
@given(st.binary(max_size=600))
@example(b"")
@example(b"\x00\x01\x02")
@example(b"\xff\xfe")
@example(b"PK\x03\x04junk")
@example(b"date,meal,text\n\x00")
def test_arbitrary_bytes_only_raise_data_file_error(data):
    path = _temp(data)
    try:
        _check(path)
    finally:
        path.unlink()


@SETTINGS
@given(st.sampled_from(HEADERS), st.binary(max_size=400))
def test_a_real_header_then_arbitrary_bytes(header, body):
    path = _temp(header + body)
    try:
        _check(path)
    finally:
        path.unlink()


@SETTINGS
@given(
    st.sampled_from(HEADERS),
    ROWS,
    SEPARATORS,
    NEWLINES,
    st.sampled_from(["utf-8", "cp1252", "utf-16"]),
)
def test_a_real_header_then_diary_like_rows(header, rows, separator, newline, encoding):
    head = (
        header.decode("utf-8-sig").rstrip("\r\n").replace(",", separator).replace("\t", separator)
    )
    text = newline.join([head, *(separator.join(cells) for cells in rows)]) + newline
    path = _temp(text.encode(encoding, errors="replace"))
    try:
        _check(path)
    finally:
        path.unlink()


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False))
def test_numbers_written_by_python_read_back(x):
    numbers, invalid = parse_numbers([repr(x), f"{x:,.2f}"])
    assert not invalid.any()
    assert numbers[0] == x
    assert numbers[1] == round(x, 2) or abs(numbers[1] - round(x, 2)) <= 1e-6 * max(1.0, x)


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31)))
def test_dates_written_the_usual_ways_read_back(day):
    cells = [
        day.isoformat(),
        f"{day.month}/{day.day}/{day.year}",
        f"{day.day}.{day.month}.{day.year}",
        f"{day.month:02d}/{day.day:02d}/{day.year} 08:15",
    ]
    parsed = parse_dates(cells, dayfirst=False)
    assert [pd.Timestamp(v).date() for v in parsed] == [day] * 4
    assert (
        pd.Timestamp(
            parse_dates([f"{day.day}/{day.month}/{day.year}"], dayfirst=True).iloc[0]
        ).date()
        == day
    )


QUOTING = st.sampled_from(['"', 'a"b', '"a"b', '"open', '""', '"a\nb" c', '"x\r\ny"'])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(st.one_of(CELLS, QUOTING), max_size=5), max_size=8),
    SEPARATORS,
    NEWLINES,
    st.sampled_from([1, 2, 5]),
)
def test_chunk_line_numbers_match_the_csv_module(rows, separator, newline, chunksize):
    """The chunked reader (pandas' tokenizer) and the small-file readers (the csv module) give
    every row the same line number, whatever the chunk size and however odd the quoting."""
    from nutricheck.diary._common import read_table

    text = newline.join(
        [separator.join(["date", "meal", "text", "amount"]), *(separator.join(c) for c in rows)]
    )
    path = _temp((text + newline).encode())
    try:
        try:
            expected = [line for line, _ in read_table(path).records]
            frames = list(iter_generic_chunks(path, chunksize=chunksize, dayfirst=True))
        except DataFileError:
            return
        assert (pd.concat(frames)["row"].tolist() if frames else []) == expected
    finally:
        path.unlink()
