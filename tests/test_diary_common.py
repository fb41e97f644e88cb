"""The shared pieces of the diary readers: numbers, dates, header units, delimiters, encodings."""

from __future__ import annotations

import datetime
import math

import numpy as np
import pytest

from nutricheck.diary._common import (
    DateEvidence,
    date_evidence,
    detect_encoding,
    grams_per_unit,
    normalise_header,
    nutrient_columns,
    parse_dates,
    parse_number,
    parse_numbers,
    resolve_dayfirst,
    sniff_delimiter,
    split_header_unit,
)
from nutricheck.errors import DataFileError

NAN = math.nan

# (cell, decimal_comma, expected); NAN = unknown (blank), "bad" = unreadable
NUMBER_CASES = [
    ("12", False, 12.0),
    ("1.5", False, 1.5),
    (".5", False, 0.5),
    ("5.", False, 5.0),
    ("-2", False, -2.0),  # read; the readers reject negatives themselves
    ("+2", False, 2.0),
    ("1e3", False, 1000.0),
    (" 7 ", False, 7.0),
    ("1,656", False, 1656.0),  # Lose It! thousands separator
    ("1,234.5", False, 1234.5),
    ("12,345,678", False, 12345678.0),
    ("1,5", False, 1.5),  # a quoted decimal comma in a comma file: not a thousands group
    ("1,500", False, 1500.0),  # the ambiguous shape: thousands in a comma file ...
    ("1,500", True, 1.5),  # ... and a decimal comma in a ;-separated file
    ("1.234,5", True, 1234.5),
    ("0,25", True, 0.25),
    ("1\u00a0656", False, 1656.0),  # non-breaking space as a thousands separator
    ("", False, NAN),
    ("n/a", False, NAN),
    ("N/A", False, NAN),
    ("-", False, NAN),
    ("nan", False, NAN),
    ("abc", False, "bad"),
    ("1.2.3", False, "bad"),
    ("--5", False, "bad"),
    ("inf", False, "bad"),
    ("1e999", False, "bad"),  # overflows to infinity
    ("1 5", False, "bad"),  # an ordinary space inside a number is not a separator
    ("12 g", False, "bad"),
]


@pytest.mark.parametrize(
    ("cell", "decimal_comma", "expected"),
    NUMBER_CASES,
    ids=[f"{c!r}-{d}" for c, d, _ in NUMBER_CASES],
)
def test_parse_numbers(cell, decimal_comma, expected):
    numbers, invalid = parse_numbers([cell], decimal_comma=decimal_comma)
    if expected == "bad":
        assert invalid[0]
        assert math.isnan(numbers[0])
    elif isinstance(expected, float) and math.isnan(expected):
        assert not invalid[0]
        assert math.isnan(numbers[0])
    else:
        assert not invalid[0]
        assert numbers[0] == pytest.approx(expected)


def test_parse_numbers_mixes_fast_and_slow_cells_in_order():
    numbers, invalid = parse_numbers(["1", "1,656", "", "x", "2.5"])
    assert numbers[[0, 1, 4]].tolist() == [1.0, 1656.0, 2.5]
    assert math.isnan(numbers[2])
    assert math.isnan(numbers[3])
    assert invalid.tolist() == [False, False, False, True, False]


def test_parse_number_one_cell():
    assert parse_number("1,656") == 1656.0
    assert parse_number("") is None
    with pytest.raises(ValueError, match="not a number"):
        parse_number("abc")


D = datetime.date
# (cell, dayfirst, expected date or None)
DATE_CASES = [
    ("2024-05-01", False, D(2024, 5, 1)),
    ("2024-5-1", False, D(2024, 5, 1)),
    ("2024/05/01", True, D(2024, 5, 1)),  # year first is never day/month ambiguous
    ("2024-05-01 08:30", False, D(2024, 5, 1)),
    ("2024-05-01T08:30:00Z", False, D(2024, 5, 1)),
    ("5/1/2024", False, D(2024, 5, 1)),
    ("5/1/2024", True, D(2024, 1, 5)),
    ("05-01-2024", False, D(2024, 5, 1)),  # a-b-yyyy reads like a/b/yyyy
    ("1/13/2024", False, D(2024, 1, 13)),
    ("1/13/2024", True, None),  # no 13th month
    ("1.5.2024", False, D(2024, 5, 1)),  # dots are day-first whatever the slash order
    ("1/2/2024 8:00 AM", False, D(2024, 1, 2)),
    ("2024-02-30", False, None),
    ("2024-13-01", False, None),
    ("1/2/24", False, None),  # two-digit years are not read
    ("1850-01-01", False, None),  # outside 1900-2200
    ("", False, None),
    ("yesterday", False, None),
]


@pytest.mark.parametrize(
    ("cell", "dayfirst", "expected"), DATE_CASES, ids=[f"{c!r}-{d}" for c, d, _ in DATE_CASES]
)
def test_parse_dates(cell, dayfirst, expected):
    value = parse_dates([cell], dayfirst=dayfirst).iloc[0]
    got = None if value is None or value != value else value.date()  # NaT != NaT
    assert got == expected


def test_dotted_dates_follow_an_explicit_monthfirst():
    assert parse_dates(["1.5.2024"], dayfirst=False, dots_dayfirst=False).iloc[0].date() == D(
        2024, 1, 5
    )


EVIDENCE_CASES = [
    (["1/13/2024", "2/1/2024"], (None, 2, 3)),
    (["13/1/2024"], (2, None, None)),
    (["1/1/2024", "2024-01-02"], (None, None, None)),  # 1/1 reads the same both ways
    (["1/2/2024"], (None, None, 2)),
    (["1.2.2024"], (None, None, None)),  # dotted dates are not evidence
    (["01-02-2024"], (None, None, 2)),
]


@pytest.mark.parametrize(("cells", "lines"), EVIDENCE_CASES, ids=[c[0] for c, _ in EVIDENCE_CASES])
def test_date_evidence(cells, lines):
    ev = date_evidence(cells, np.arange(2, 2 + len(cells)))
    assert (
        ev.dayfirst and ev.dayfirst[0],
        ev.monthfirst and ev.monthfirst[0],
        ev.ambiguous and ev.ambiguous[0],
    ) == lines


def test_resolve_dayfirst_rules():
    ambiguous = DateEvidence(ambiguous=(2, "1/2/2024"))
    kw = {"source": "f.csv", "column": "date"}
    assert resolve_dayfirst(ambiguous, dayfirst=True, default=None, **kw) == (True, ())
    order, warnings = resolve_dayfirst(
        ambiguous, dayfirst=None, default=False, app="Lose It!", **kw
    )
    assert order is False
    assert "month-first" in warnings[0]
    assert "--dayfirst" in warnings[0]
    with pytest.raises(DataFileError, match="day-first or month-first") as info:
        resolve_dayfirst(ambiguous, dayfirst=None, default=None, **kw)
    assert "--dayfirst" in info.value.hint
    assert "--monthfirst" in info.value.hint
    assert info.value.line == 2
    # mixed: the first date that settles the order wins, with a warning
    mixed = DateEvidence(dayfirst=(9, "13/1/2024"), monthfirst=(4, "1/13/2024"))
    order, warnings = resolve_dayfirst(mixed, dayfirst=None, default=None, **kw)
    assert order is False
    assert "mix" in warnings[0]


HEADER_CASES = [
    ("\ufeffDate", "date"),
    ("  Food   Name ", "food name"),
    ("Vitamin D (\u00b5g)", "vitamin d (\u03bcg)"),  # casefold turns the micro sign into mu
    ("Vitamin D (\u03bcg)", "vitamin d (\u03bcg)"),
]


@pytest.mark.parametrize(("raw", "normal"), HEADER_CASES, ids=[r for r, _ in HEADER_CASES])
def test_normalise_header(raw, normal):
    assert normalise_header(raw) == normal


SPLIT_CASES = [
    ("B1 (Thiamine) (mg)", ("B1 (Thiamine)", "mg")),
    ("Iron (mg)", ("Iron", "mg")),
    ("Iron", ("Iron", None)),
    ("B1 (Thiamine)", ("B1 (Thiamine)", None)),  # the parentheses hold a name, not a unit
    ("Energy (kcal)", ("Energy", "kcal")),
    ("Category", ("Category", None)),
]


@pytest.mark.parametrize(("header", "expected"), SPLIT_CASES, ids=[h for h, _ in SPLIT_CASES])
def test_split_header_unit(header, expected):
    assert split_header_unit(header) == expected


# (header, nutrient key, factor to the registry unit) -- by hand:
UNIT_CASES = [
    ("Iron (mg)", "iron_mg", 1.0),
    ("Vitamin D (IU)", "vitamin_d_ug", 0.025),  # 1 IU = 1/40 ug (IOM 2011)
    ("Vitamin D (\u00b5g)", "vitamin_d_ug", 1.0),  # micro sign U+00B5
    ("Vitamin D (\u03bcg)", "vitamin_d_ug", 1.0),  # Greek mu U+03BC
    ("Vitamin D (ug)", "vitamin_d_ug", 1.0),
    ("Vitamin D (mcg)", "vitamin_d_ug", 1.0),
    ("Calcium (ug)", "calcium_mg", 0.001),
    ("Potassium (g)", "potassium_mg", 1000.0),
    ("B1 (Thiamine) (mg)", "thiamin_mg", 1.0),
    ("Energy (kJ)", "energy_kcal", 1 / 4.184),  # thermochemical calorie
]


@pytest.mark.parametrize(("header", "key", "factor"), UNIT_CASES, ids=[h for h, _, _ in UNIT_CASES])
def test_nutrient_columns_read_the_unit_from_the_header(header, key, factor):
    found, warnings = nutrient_columns(["Day", header])
    assert warnings == []
    assert found[key].position == 1
    assert found[key].factor == pytest.approx(factor)


@pytest.mark.parametrize(
    "header",
    ["Vitamin E (IU)", "Iron (%)", "Iron (furlongs)", "Iron"],
    ids=["vitamin E IU needs a form", "percent", "unknown unit", "no unit"],
)
def test_nutrient_columns_refuse_what_they_cannot_convert(header):
    found, warnings = nutrient_columns([header])
    assert found == {}
    assert len(warnings) == 1


def test_nutrient_columns_prefer_the_registry_unit_when_doubled():
    found, warnings = nutrient_columns(["Vitamin D (IU)", "Vitamin D (\u00b5g)"])
    assert found["vitamin_d_ug"].header == "Vitamin D (\u00b5g)"
    assert "both give Vitamin D" in warnings[0]


GRAM_CASES = [
    ("g", 1.0),
    ("Grams", 1.0),
    ("oz", 28.349523125),
    ("kg", 1000.0),
    ("lbs", 453.59237),
    ("cup", None),
    ("x 0.75 cup", None),
    ("fl oz", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("unit", "grams"), GRAM_CASES, ids=[repr(u) for u, _ in GRAM_CASES])
def test_grams_per_unit(unit, grams):
    got = grams_per_unit(unit)
    assert got == (None if grams is None else pytest.approx(grams))


DELIMITER_CASES = [
    ("date,meal,text", ","),
    ("date;meal;food;amount", ";"),
    ("date\tmeal\ttext", "\t"),
    ('"a;b",c', ","),  # separators inside quotes do not count
    ("text", ","),
]


@pytest.mark.parametrize(
    ("line", "delimiter"), DELIMITER_CASES, ids=[repr(d) + text[:8] for text, d in DELIMITER_CASES]
)
def test_sniff_delimiter(line, delimiter):
    assert sniff_delimiter(line) == delimiter


ENCODING_CASES = [
    ("utf8", "date,text\n2024-01-01,café\n".encode(), "utf-8-sig", False),
    ("utf8 bom", b"\xef\xbb\xbf" + b"date,text\n", "utf-8-sig", False),
    ("cp1252", "date,text\n2024-01-01,café “x”\n".encode("cp1252"), "cp1252", True),
    (
        "latin-1 only",
        b"date,text\n\x81\x8d\x8f\n",
        "latin-1",
        True,
    ),  # bytes cp1252 leaves undefined
    ("utf16", "date,text\n".encode("utf-16"), "utf-16", False),
]


@pytest.mark.parametrize(
    ("name", "data", "encoding", "warns"), ENCODING_CASES, ids=[c[0] for c in ENCODING_CASES]
)
def test_detect_encoding(tmp_path, name, data, encoding, warns):
    path = tmp_path / "d.csv"
    path.write_bytes(data)
    got, warnings = detect_encoding(path)
    assert got == encoding
    assert bool(warnings) == warns
