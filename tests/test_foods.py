"""FoodTable reads a foods CSV lazily (records kept as text, cells parsed on first use); what it
reads must be what the csv module reads, and a malformed file must still name its line."""

from __future__ import annotations

import pytest

from nutricheck.errors import DataFileError
from nutricheck.foods import FoodTable

HEADER = "food_key,description,iron_mg,calcium_mg\n"
PORTIONS_HEADER = "food_key,seq,amount,unit,description,grams\n"


def _load(tmp_path, foods: bytes | str, portions: str | None = None) -> FoodTable:
    path = tmp_path / "foods.csv"
    if isinstance(foods, str):
        foods = foods.encode("utf-8")
    path.write_bytes(foods)
    portions_path = None
    if portions is not None:
        portions_path = tmp_path / "portions.csv"
        portions_path.write_text(portions, encoding="utf-8")
    return FoodTable.load(path, portions_path)


READ_CASES = [
    # (id, file text, key, description, iron_mg, calcium_mg)
    ("plain", HEADER + "user:a,Apple,0.1,6\n", "user:a", "Apple", 0.1, 6.0),
    # an empty cell is unknown
    ("quoted", HEADER + 'user:a,"Apple, raw",0.1,\n', "user:a", "Apple, raw", 0.1, None),
    ("doubled-quotes", HEADER + 'user:a,"Apple ""Gala""",,6\n', "user:a", 'Apple "Gala"', None, 6),
    # a line break inside a quoted cell: one record over two lines
    ("line-break", HEADER + 'user:a,"Apple,\nraw",0.1,6\n', "user:a", "Apple,\nraw", 0.1, 6.0),
    ("crlf", HEADER.replace("\n", "\r\n") + "user:a,Apple,0.1,6\r\n", "user:a", "Apple", 0.1, 6.0),
    ("bom-no-final-newline", "\ufeff" + HEADER + "user:a,Apple,0.1,6", "user:a", "Apple", 0.1, 6.0),
    ("blank-lines", HEADER + "\nuser:a,Apple,0.1,6\n\n", "user:a", "Apple", 0.1, 6.0),
    (
        "quoted-key",
        '"food_key",description,iron_mg,calcium_mg\n"user:a",Apple,0.1,6\n',
        "user:a",
        "Apple",
        0.1,
        6.0,
    ),
    (
        "key-not-first",
        "description,food_key,iron_mg,calcium_mg\nApple, user:a ,0.1,6\n",
        "user:a",
        "Apple",
        0.1,
        6.0,
    ),
]


@pytest.mark.parametrize(
    ("text", "key", "description", "iron", "calcium"),
    [c[1:] for c in READ_CASES],
    ids=[c[0] for c in READ_CASES],
)
def test_a_food_is_read_as_the_csv_module_reads_it(tmp_path, text, key, description, iron, calcium):
    table = _load(tmp_path, text)
    assert list(table) == [key]
    food = table[key]
    assert food.description == description
    assert food.per_100g["iron_mg"] == iron
    assert food.per_100g["calcium_mg"] == calcium
    assert food.per_100g["sodium_mg"] is None  # a column the file lacks: unknown, never 0


def test_portions_go_with_their_food_in_file_order(tmp_path):
    table = _load(
        tmp_path,
        HEADER + "user:a,Apple,0.1,6\nuser:b,Bread,1,20\n",
        PORTIONS_HEADER
        + "user:b,1,1,slice,1 slice,28\nuser:a,1,1,medium,1 medium,182\n"
        + "user:b,2,0.5,cup,1/2 cup,15\n",
    )
    assert [p.description for p in table["user:b"].portions] == ["1 slice", "1/2 cup"]
    assert table["user:b"].portions[1].grams_per_unit == 30.0
    assert [p.description for p in table["user:a"].portions] == ["1 medium"]


ERROR_CASES = [
    # (id, foods text, portions text, message, line)
    ("short-row", HEADER + "user:a,Apple,0.1\n", None, "this row has 3 cells, the header has 4", 2),
    (
        "bad-number-after-a-two-line-record",
        HEADER + 'user:a,"Apple,\nraw",0.1,6\nuser:b,Bread,x,1\n',
        None,
        "iron_mg must be",
        4,
    ),
    (
        "duplicate-key",
        HEADER + "user:a,Apple,0.1,6\nuser:a,Apricot,0.4,13\n",
        None,
        "duplicate food_key",
        3,
    ),
    ("empty-description", HEADER + "user:a,,0.1,6\n", None, "must not be empty", 2),
    ("empty-key", HEADER + ",Apple,0.1,6\n", None, "must not be empty", 2),
    ("negative", HEADER + "user:a,Apple,-1,6\n", None, "non-negative number", 2),
    ("missing-column", "food_key,iron_mg\nuser:a,1\n", None, "missing column(s) description", 1),
    (
        "stray-portion",
        HEADER + "user:a,Apple,0.1,6\n",
        PORTIONS_HEADER + "user:a,1,1,medium,1 medium,182\nuser:z,1,1,cup,1 cup,9\n",
        "portion of a food that is not in the foods file",
        3,
    ),
    (
        "portion-without-grams",
        HEADER + "user:a,Apple,0.1,6\n",
        PORTIONS_HEADER + "user:a,1,1,medium,1 medium,\n",
        "a portion needs its weight in grams",
        2,
    ),
]


@pytest.mark.parametrize(
    ("foods", "portions", "message", "line"),
    [c[1:] for c in ERROR_CASES],
    ids=[c[0] for c in ERROR_CASES],
)
def test_a_malformed_file_names_its_line(tmp_path, foods, portions, message, line):
    with pytest.raises(DataFileError) as info:
        _load(tmp_path, foods, portions)
    assert message in str(info.value)
    assert info.value.line == line


def test_invalid_utf8_names_its_line(tmp_path):
    text = HEADER.encode() + b"user:a,Apple,0.1,6\nuser:b,Caf\xe9,1,2\n"  # Latin-1, not UTF-8
    with pytest.raises(DataFileError, match="not a readable UTF-8 CSV file") as info:
        _load(tmp_path, text)
    assert info.value.line == 3


def test_a_missing_file_is_a_data_file_error(tmp_path):
    with pytest.raises(DataFileError, match="cannot read the file"):
        FoodTable.load(tmp_path / "nope.csv")


def test_the_fingerprint_follows_the_bytes(tmp_path):
    first = _load(tmp_path, HEADER + "user:a,Apple,0.1,6\n").fingerprint
    assert _load(tmp_path, HEADER + "user:a,Apple,0.1,6\n").fingerprint == first
    assert _load(tmp_path, HEADER + "user:a,Apple,0.2,6\n").fingerprint != first
