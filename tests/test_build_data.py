"""data/foods.csv is the USDA extract, rebuilt byte for byte by scripts/build_data.py."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest
from conftest import ROOT, SHARED

USDA = SHARED / "data" / "usda"


@pytest.mark.slow
@pytest.mark.skipif(not (USDA / "foods.csv").is_file(), reason="../shared/data/usda is not here")
def test_build_script_reproduces_data_exactly(tmp_path):
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_data.py"),
            "--source",
            str(USDA),
            "--out",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    for name in ("foods.csv", "portions.csv"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name


def _rows(name):
    with (ROOT / "data" / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_all_foods_of_both_sources_are_there():
    rows = _rows("foods.csv")
    # The USDA extract's README: 8,789 SR28 + 5,431 FNDDS 2021-2023 = 14,220 foods.
    assert len(rows) == 14220
    assert sum(r["source"] == "sr28" for r in rows) == 8789
    assert sum(r["source"] == "fndds_2021_2023" for r in rows) == 5431
    assert len({r["food_key"] for r in rows}) == 14220


# Reference values per 100 g, from the USDA README's verification table (SR28 NUT_DATA).
REFERENCE = [
    ("sr28:09040", "Bananas, raw", "potassium_mg", "358"),
    ("sr28:09040", "Bananas, raw", "magnesium_mg", "27"),
    ("sr28:11457", "Spinach, raw", "iron_mg", "2.71"),
    ("sr28:12061", "Nuts, almonds", "vitamin_e_mg", "25.63"),
    ("sr28:01123", "Egg, whole, raw, fresh", "vitamin_d_ug", "2.0"),
    ("sr28:01123", "Egg, whole, raw, fresh", "thiamin_mg", "0.040"),
]


@pytest.mark.parametrize(
    ("key", "description", "column", "expected"),
    REFERENCE,
    ids=[f"{r[1]}-{r[2]}" for r in REFERENCE],
)
def test_reference_values(key, description, column, expected, table):
    food = table[key]
    assert food.description == description
    assert food.value(column) == pytest.approx(float(expected))
    row = next(r for r in _rows("foods.csv") if r["food_key"] == key)
    assert row[column] == expected  # copied as the source text, not reformatted


def test_unknown_cells_stay_unknown(table):
    # SR28 "Beverages, coffee, brewed, prepared with tap water" (14209) has no vitamin D record
    # in NUT_DATA, so its cell is empty; it must load as None, not 0.
    rows = {r["food_key"]: r for r in _rows("foods.csv")}
    empty_vitd = [k for k, r in rows.items() if r["vitamin_d_ug"] == ""]
    # USDA README coverage table: 5,578 of 8,789 SR28 foods have a vitamin D value; FNDDS has all.
    assert len(empty_vitd) == 8789 - 5578
    for key in empty_vitd[:50]:
        assert table[key].value("vitamin_d_ug") is None
    zero = next(k for k, r in rows.items() if r["vitamin_d_ug"] in ("0", "0.0"))
    assert table[zero].value("vitamin_d_ug") == 0.0


def test_portions_are_there_with_their_grams(table):
    rows = _rows("portions.csv")
    assert len(rows) == 37481  # 15,438 SR28 + 22,043 FNDDS (USDA README)
    egg = {p.description: p.grams for p in table["sr28:01123"].portions}
    assert egg["1 large"] == 50.0
    assert egg["1 extra large"] == 56.0


def test_every_bundled_food_is_valid(table):
    table.validate()  # builds all 14,220 foods and their portions; raises on any malformed cell


def test_build_script_reproduces_the_unit_factors_exactly(tmp_path):
    # data/unit_factors.csv is generated from pint (no USDA extract needed): rebuilt, byte for byte.
    script = str(ROOT / "scripts" / "build_data.py")
    subprocess.run(
        [sys.executable, script, "--units", "--out", str(tmp_path)], check=True, capture_output=True
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["unit_factors.csv"]
    built = (tmp_path / "unit_factors.csv").read_bytes()
    assert built == (ROOT / "data" / "unit_factors.csv").read_bytes()
