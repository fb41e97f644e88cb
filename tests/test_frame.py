"""The vectorised core (nutricheck.frame) against hand arithmetic and the plain-Python path."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nutricheck import assess, nutrients
from nutricheck.days import row_entries
from nutricheck.diary import DiaryRow
from nutricheck.entries import (
    NO_AMOUNT,
    OK,
    UNCONVERTIBLE,
    UNKNOWN_FOOD,
    Entry,
    EntryReader,
    FoodAmount,
)
from nutricheck.errors import UnknownFoodError
from nutricheck.frame import (
    COUNT_COLUMNS,
    STATUS_ORDER,
    assess_totals,
    daily_totals,
    nutrient_matrix,
    resolve_lines,
    resolve_structured,
)
from nutricheck.intake import totals as plain_totals
from nutricheck.profile import Profile
from nutricheck.report import result_for
from nutricheck.targets import targets_for

KEYS = nutrients.KEYS
IRON, VITAMIN_D, CALCIUM, ENERGY = (
    nutrients.by_alias(name).key for name in ("iron", "vitamin d", "calcium", "energy")
)

# Per-100 g values from data/foods.csv (iron mg, vitamin D µg, calcium mg, energy kcal):
BANANA = "sr28:09040"  # Bananas, raw:                              0.26, 0.0, 5,   89
MILK = "sr28:01077"  # Milk, whole, 3.25% milkfat, with added vit. D: 0.03, 1.3, 113, 61
NEUFCHATEL = "sr28:01031"  # Cheese, neufchatel:                    0.13, (none), 117, 253
EGG = "sr28:01123"  # Egg, whole, raw, fresh:                        1.75, 2.0, 56,  143


@pytest.fixture(scope="module")
def reader(table):
    return EntryReader(table)


def frame(rows, columns=("user", "date", "food_key", "grams")):
    return pd.DataFrame(rows, columns=list(columns))


def test_module_example():
    import doctest

    import nutricheck.frame

    assert doctest.testmod(nutricheck.frame).failed == 0


# --- nutrient_matrix --------------------------------------------------------------------------


def test_matrix_has_every_food_and_nutrient(table):
    m = nutrient_matrix(table)
    assert m.shape == (len(table), len(KEYS)) == (14_220, 9)
    assert list(m.columns) == list(KEYS)
    assert m.index.name == "food_key"
    assert m.loc[BANANA, IRON] == 0.26
    assert m.loc[BANANA, VITAMIN_D] == 0.0  # a real zero stays zero
    assert math.isnan(m.loc[NEUFCHATEL, VITAMIN_D])  # an empty cell is unknown, not zero


def test_matrix_is_cached_and_not_changed_by_callers(table):
    first = nutrient_matrix(table)
    first.loc[BANANA, IRON] = 99.0
    again = nutrient_matrix(table)
    assert again.loc[BANANA, IRON] == 0.26
    assert np.shares_memory(again[CALCIUM].to_numpy(), nutrient_matrix(table)[CALCIUM].to_numpy())


def test_bundled_matrix_read_by_pandas_equals_the_foods(table):
    from nutricheck.frame import _bundled_matrix, _matrix_from_foods

    # The fast path reads data/foods.csv with pandas: bit for bit the Food objects' values.
    pd.testing.assert_frame_equal(_bundled_matrix(), _matrix_from_foods(table), check_exact=True)


def test_matrix_of_a_users_table():
    from nutricheck.foods import Food, FoodTable

    own = FoodTable([Food("user:soup", "Soup", per_100g={IRON: 1.5, CALCIUM: None})])
    m = nutrient_matrix(own)
    assert m.index.tolist() == ["user:soup"]
    assert m.loc["user:soup", IRON] == 1.5
    assert m.loc[:, [CALCIUM, VITAMIN_D]].isna().all(axis=None)  # None and absent are both unknown
    t = daily_totals(pd.DataFrame({"food_key": ["user:soup"], "grams": [200.0]}), own)
    assert t.loc[0, IRON] == pytest.approx(3.0)


# --- daily_totals: hand arithmetic ------------------------------------------------------------


DAY = frame(
    [
        ("ann", "2024-05-01", BANANA, 118.0),
        ("ann", "2024-05-01", MILK, 200.0),
        ("ann", "2024-05-01", NEUFCHATEL, 50.0),
        ("ann", "2024-05-02", NEUFCHATEL, 30.0),
        ("bob", "2024-05-01", EGG, 100.0),
        ("bob", "2024-05-01", EGG, 50.0),
    ]
)


def test_totals_by_hand(table):
    t = daily_totals(DAY, table).set_index(["user", "date"])
    ann1 = t.loc[("ann", "2024-05-01")]
    # iron:      0.26 x 1.18 + 0.03 x 2 + 0.13 x 0.5 = 0.3068 + 0.06 + 0.065 = 0.4318 mg
    assert ann1[IRON] == pytest.approx(0.4318, rel=1e-12)
    # calcium:   5 x 1.18 + 113 x 2 + 117 x 0.5 = 5.9 + 226 + 58.5 = 290.4 mg
    assert ann1[CALCIUM] == pytest.approx(290.4, rel=1e-12)
    # energy:    89 x 1.18 + 61 x 2 + 253 x 0.5 = 105.02 + 122 + 126.5 = 353.52 kcal
    assert ann1[ENERGY] == pytest.approx(353.52, rel=1e-12)
    # vitamin D: 0.0 x 1.18 + 1.3 x 2 = 2.6 µg from the two foods that have a value; neufchatel has
    # none, so the total is a lower bound and its coverage is (118 + 200) / 368 g.
    assert ann1[VITAMIN_D] == pytest.approx(2.6, rel=1e-12)
    assert ann1[f"{VITAMIN_D}_coverage"] == pytest.approx(318 / 368, rel=1e-12)
    assert ann1[f"{IRON}_coverage"] == 1.0
    assert (ann1["grams"], ann1["entries"], ann1["unknown_keys"], ann1["skipped"]) == (
        368.0,
        3,
        0,
        0,
    )
    # bob, two eggs' worth: iron 1.75 x 1.0 + 1.75 x 0.5 = 2.625 mg; calcium 56 x 1.5 = 84 mg
    bob = t.loc[("bob", "2024-05-01")]
    assert bob[IRON] == pytest.approx(2.625, rel=1e-12)
    assert bob[CALCIUM] == pytest.approx(84.0, rel=1e-12)
    assert bob[VITAMIN_D] == pytest.approx(3.0, rel=1e-12)  # 2.0 x 1.5


def test_all_unknown_is_nan_not_zero(table):
    t = daily_totals(DAY, table).set_index(["user", "date"])
    ann2 = t.loc[("ann", "2024-05-02")]  # neufchatel only: no vitamin D value at all
    assert math.isnan(ann2[VITAMIN_D])
    assert ann2[f"{VITAMIN_D}_coverage"] == 0.0
    assert ann2[CALCIUM] == pytest.approx(117 * 0.3, rel=1e-12)  # 35.1 mg


def test_layout(table):
    t = daily_totals(DAY, table)
    expected = ["user", "date", *KEYS, *(f"{k}_coverage" for k in KEYS), *COUNT_COLUMNS]
    assert list(t.columns) == expected
    assert list(zip(t.user, t.date, strict=True)) == [
        ("ann", "2024-05-01"), ("ann", "2024-05-02"), ("bob", "2024-05-01"),
    ]  # fmt: skip
    assert t["entries"].dtype == np.int64


def test_without_user_groups_by_date(table):
    t = daily_totals(DAY.drop(columns="user"), table)
    assert list(t.columns[:1]) == ["date"]
    assert list(t.date) == ["2024-05-01", "2024-05-02"]
    # 2024-05-01: ann's 0.4318 mg + bob's 2.625 mg iron
    assert t.loc[0, IRON] == pytest.approx(0.4318 + 2.625, rel=1e-12)


def test_no_grouping_columns_gives_one_row(table):
    t = daily_totals(DAY[["food_key", "grams"]], table)
    assert len(t) == 1
    assert t.loc[0, "entries"] == 6
    assert t.loc[0, "grams"] == 548.0


def test_by_names_another_column(table):
    t = daily_totals(DAY, table, by=("user",))
    assert list(t.user) == ["ann", "bob"]
    assert t.loc[0, "entries"] == 4


def test_unknown_and_skipped_rows_are_counted(table):
    rows = frame(
        [
            ("ann", "d1", BANANA, 100.0),
            ("ann", "d1", "sr28:99999", 100.0),  # not in the table
            ("ann", "d1", None, np.nan),  # a line that was not understood
            ("ann", "d1", MILK, np.nan),  # a food without a weight
            ("ann", "d1", MILK, -5.0),  # a negative weight is not used
            ("ann", "d1", MILK, np.inf),
            ("ann", "d2", "sr28:99999", 10.0),  # a day with nothing known
        ]
    )
    t = daily_totals(rows, table).set_index("date")
    assert (t.loc["d1", "entries"], t.loc["d1", "unknown_keys"], t.loc["d1", "skipped"]) == (
        1,
        1,
        4,
    )
    assert t.loc["d1", IRON] == pytest.approx(0.26)
    assert (t.loc["d2", "entries"], t.loc["d2", "unknown_keys"], t.loc["d2", "skipped"]) == (
        0,
        1,
        0,
    )
    assert t.loc["d2", [*KEYS]].isna().all()
    assert math.isnan(t.loc["d2", f"{IRON}_coverage"])  # no grams counted: no coverage
    # nothing lost: every row is in exactly one of the three counts
    assert (t.entries + t.unknown_keys + t.skipped).sum() == len(rows)


def test_unknown_keys_can_raise(table):
    rows = frame([("ann", "d1", BANANA, 1.0), ("ann", "d1", "sr28:99999", 1.0)])
    with pytest.raises(UnknownFoodError, match="sr28:99999"):
        daily_totals(rows, table, on_unknown="raise")


def test_missing_dates_are_a_group_of_their_own(table):
    rows = frame([("ann", None, BANANA, 100.0), ("ann", "d1", BANANA, 50.0)])
    t = daily_totals(rows, table)
    assert t.date.tolist()[0] == "d1"
    assert pd.isna(t.date.tolist()[1])
    assert t.entries.tolist() == [1, 1]


def test_categorical_and_datetime_columns(table):
    rows = DAY.assign(
        food_key=DAY.food_key.astype("category"),
        date=pd.to_datetime(DAY.date),
        user=DAY.user.astype("category"),
    )
    got = daily_totals(rows, table)
    want = daily_totals(DAY, table)
    pd.testing.assert_frame_equal(
        got.drop(columns=["user", "date"]), want.drop(columns=["user", "date"]), check_exact=True
    )
    assert got.date.dtype.kind == "M"


def test_empty_input(table):
    t = daily_totals(frame([]).astype({"grams": float}), table)
    assert len(t) == 0
    assert "calcium_mg_coverage" in t.columns


def test_missing_column_is_an_error(table):
    with pytest.raises(KeyError, match="grams"):
        daily_totals(pd.DataFrame({"food_key": [BANANA]}), table)


# --- the plain-Python path agrees ---------------------------------------------------------------


@st.composite
def amounts(draw):
    # A fixed list of foods (with and without values) and a key that is not in the table.
    keys = [BANANA, MILK, NEUFCHATEL, EGG, "sr28:01188", "sr28:16252", "fndds:11100000", "nope:1"]
    n = draw(st.integers(min_value=0, max_value=12))
    return [
        FoodAmount(
            draw(st.sampled_from(keys)),
            draw(st.floats(min_value=0, max_value=2000, allow_nan=False)),
        )
        for _ in range(n)
    ]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(items=amounts())
def test_same_as_intake_totals(items, reader, table):
    entries = reader.read_amounts(items)
    plain = plain_totals(entries)
    rows = pd.DataFrame(
        {
            "food_key": [
                e.food_key if e.ok else i.food_key for e, i in zip(entries, items, strict=True)
            ],
            "grams": [i.grams for i in items],
        }
    )
    t = daily_totals(rows, table).iloc[0]
    for key in KEYS:
        want = plain[key]
        if want.value is None:
            assert math.isnan(t[key])
        else:
            assert t[key] == pytest.approx(want.value, rel=1e-12, abs=1e-12)
        if want.coverage is None:
            assert math.isnan(t[f"{key}_coverage"])
        else:
            assert t[f"{key}_coverage"] == pytest.approx(want.coverage, rel=1e-12)
    assert t["entries"] == sum(e.ok for e in entries)
    assert t["unknown_keys"] == sum(e.status == UNKNOWN_FOOD for e in entries)


# --- assess_totals ------------------------------------------------------------------------------


PROFILES = {
    "woman-34": Profile.create("female", 34),
    "man-60": Profile.create("male", 60),
    "vegetarian-25": Profile.create("female", 25, vegetarian=True),
    "pregnant-30": Profile.create("female", 30, pregnant=True),
    "child-5": Profile.create("male", 5),
    "infant-9mo": Profile.create("female", age_months=9),
}


def _grid(target) -> list[float]:
    """0, every boundary of the target exactly, just either side of each, and unknown."""
    marks = [t for t in (target.ear, target.value, target.ul, target.cdrr) if t is not None]
    out = [0.0, float("nan")]
    for m in marks:
        out += [m, np.nextafter(m, -np.inf), np.nextafter(m, np.inf), m * 0.5, m * 2]
    return out


@pytest.mark.parametrize("supplements", [False, True], ids=["food", "with-supplements"])
@pytest.mark.parametrize("who", list(PROFILES))
def test_status_agrees_with_assess(who, supplements):
    targets = targets_for(PROFILES[who])
    grids = {k: _grid(targets.by_nutrient[k]) for k in nutrients.TARGET_KEYS}
    n = max(map(len, grids.values()))
    totals = pd.DataFrame({k: (g * n)[:n] for k, g in grids.items()})
    got = assess_totals(totals, targets, supplements_included=supplements)
    for key in nutrients.TARGET_KEYS:
        target = targets.by_nutrient[key]
        for value, status, percent in zip(
            totals[key], got[f"{key}_status"], got[f"{key}_percent"], strict=True
        ):
            total = None if math.isnan(value) else float(value)
            assert status == assess.assess(total, target, supplements_included=supplements), (
                key,
                value,
            )
            if total is None:
                assert math.isnan(percent)
            else:
                assert percent == 100.0 * total / target.value  # the same operations as report.py


def test_status_is_a_categorical_of_every_status():
    got = assess_totals(
        pd.DataFrame({k: [1.0] for k in nutrients.TARGET_KEYS}), targets_for(PROFILES["woman-34"])
    )
    assert list(got[f"{IRON}_status"].cat.categories) == list(STATUS_ORDER)
    assert set(STATUS_ORDER) == {
        assess.VERY_LIKELY_SHORT, assess.POSSIBLY_SHORT, assess.BELOW_AI, assess.MEETS,
        assess.OVER_UL, assess.ABOVE_CDRR, assess.UNKNOWN,
    }  # fmt: skip
    assert f"{ENERGY}_status" not in got.columns  # energy has no DRI target


def test_multi_user_targets(table):
    rows = frame(
        [("ann", "d1", EGG, 600.0), ("bob", "d1", EGG, 600.0), ("vic", "d1", EGG, 600.0)]
    )  # 600 g egg: 10.5 mg iron
    people = {
        "ann": PROFILES["woman-34"],
        "bob": PROFILES["man-60"],
        "vic": PROFILES["vegetarian-25"],
    }
    targets = {u: targets_for(p) for u, p in people.items()}
    got = assess_totals(daily_totals(rows, table), targets).set_index("user")
    # women 31-50: EAR 8.1 < 10.5 < RDA 18; men 51+: RDA 8 <= 10.5;
    # vegetarian women: EAR 14.58 (8.1 x 1.8)
    assert got.loc["ann", f"{IRON}_status"] == assess.POSSIBLY_SHORT
    assert got.loc["bob", f"{IRON}_status"] == assess.MEETS
    assert got.loc["vic", f"{IRON}_status"] == assess.VERY_LIKELY_SHORT
    for user, target in targets.items():
        intake = plain_totals(EntryReader(table).read_amounts([FoodAmount(EGG, 600.0)]))[IRON]
        want = result_for(intake, target.by_nutrient[IRON])
        assert got.loc[user, f"{IRON}_status"] == want.status
        assert got.loc[user, f"{IRON}_percent"] == pytest.approx(want.percent, rel=1e-12)


def test_multi_user_targets_missing_user(table):
    with pytest.raises(KeyError, match="bob"):
        assess_totals(daily_totals(DAY, table), {"ann": targets_for(PROFILES["woman-34"])})


# --- resolve_lines / resolve_structured ---------------------------------------------------------


LINES = [
    "2 large eggs",
    "1 cup brown rice",
    "coffee with milk",
    "2 slices whole wheat bread with peanut butter",  # two foods on one line
    "7am ran 10k",  # not food
    "kale chps",  # unknown food
    "",
    "150g salmon",
    "2 large eggs",  # a repeat: read once
    None,  # a missing cell reads as an empty line
]


def test_resolve_lines_matches_entry_reader(reader):
    texts = pd.Series(LINES, index=pd.RangeIndex(10, 20, name="line"))
    got = resolve_lines(texts, reader)
    assert got.index.name == "line"
    assert list(got.columns) == ["food_key", "grams", "status", "reason"]
    expected = [
        (label, e.food_key, e.grams if e.ok else None, e.status, e.reason)
        for label, text in texts.items()
        for e in reader.read_line(text if isinstance(text, str) else "", 1)
    ]
    actual = [
        (
            label,
            None if pd.isna(k) else k,
            None if math.isnan(g) else g,
            s,
            None if pd.isna(r) else r,
        )
        for label, k, g, s, r in zip(
            got.index, got.food_key, got.grams, got.status, got.reason, strict=True
        )
    ]
    assert actual == expected
    assert set(texts.index) == set(got.index)  # every row is there, understood or not
    assert (got.index == 13).sum() == 2  # bread and peanut butter


def test_resolve_lines_then_totals(reader, table):
    diary = pd.DataFrame(
        {"date": ["d1", "d1", "d2"], "text": ["2 large eggs", "kale chps", "2 large eggs"]}
    )
    resolved = resolve_lines(diary["text"], reader)
    t = daily_totals(resolved.join(diary[["date"]]), table)
    assert t.entries.tolist() == [1, 1]
    assert t.skipped.tolist() == [1, 0]  # "kale chps" is accounted for
    assert t.loc[0, IRON] == t.loc[1, IRON]


STRUCTURED_FOODS = ["banana", "milk", "eggs", "rice", "peanut butter", "rice and beans", "xyzzy"]
STRUCTURED_UNITS = ["", "g", "oz", "cup", "tbsp", "slices", "large", "serving"]
STRUCTURED_AMOUNTS = [1.0, 0.5, 2.5, 0.0, np.nan]


def test_resolve_structured_matches_import_row_by_row(reader):
    rows = list(itertools.product(STRUCTURED_FOODS, STRUCTURED_UNITS, STRUCTURED_AMOUNTS))
    food, unit, amount = (pd.Series(c) for c in zip(*rows, strict=True))
    got = resolve_structured(food, amount, unit, None, reader)
    for i, (f, u, a) in enumerate(rows):
        row = DiaryRow(
            row=1,
            source_format="generic",
            food=f,
            unit=u or None,
            amount=None if math.isnan(a) else a,
        )
        want = [
            (e.food_key, e.status, e.grams if e.ok else None)
            for e in row_entries(row, reader, frozenset())
        ]
        part = got.loc[[i]]
        have = [
            (None if pd.isna(k) else k, s, None if math.isnan(g) else g)
            for k, s, g in zip(part.food_key, part.status, part.grams, strict=True)
        ]
        assert [w[:2] for w in want] == [h[:2] for h in have], (f, u, a)
        for w, h in zip(want, have, strict=True):
            assert (w[2] is None) == (h[2] is None), (f, u, a)
            if w[2] is not None:
                assert h[2] == pytest.approx(w[2], rel=1e-9, abs=1e-9), (f, u, a)


def test_resolve_structured_with_food_keys_and_bad_amounts(reader):
    food = pd.Series(["Banana", "whatever", "Banana", "Banana"])
    key = pd.Series([BANANA, MILK, None, "sr28:99999"])
    amount = pd.Series([100.0, 2.0, -1.0, 1.0])
    unit = pd.Series(["g", "cup", "g", "g"])
    got = resolve_structured(food, amount, unit, key, reader)
    assert got.food_key.tolist()[:2] == [
        BANANA,
        MILK,
    ]  # a key is used as it is, never matched by name
    assert got.grams.tolist()[0] == pytest.approx(100.0)
    assert got.grams.tolist()[1] == pytest.approx(2 * 244.0)  # milk: 1 cup = 244 g (portions.csv)
    assert got.status.tolist() == [OK, OK, UNCONVERTIBLE, UNKNOWN_FOOD]
    assert got.reason.tolist()[2] == "the amount must be a non-negative number"


class _SquareReader(EntryReader):
    """A reader whose grams grow with the square of the amount, as no real unit does."""

    def _read_text(self, text, region, whole=False):  # what read_line and read_amount read
        first = text.split()[0] if text.split() else ""
        try:
            q = float(first)
        except ValueError:
            return (Entry(line=1, text=text, status=NO_AMOUNT, food_key=BANANA, reason="no amount"),)
        return (Entry(line=1, text=text, status=OK, food_key=BANANA, grams=10 * q * q),)


def test_resolve_structured_reads_each_amount_when_grams_are_not_linear(table):
    reader = _SquareReader(table)
    amount = pd.Series([1.0, 2.0, 3.0, 0.5, 3.0, np.nan])
    got = resolve_structured(
        pd.Series(["banana"] * 6), amount, pd.Series(["cup"] * 6), None, reader
    )
    assert got.grams.tolist()[:5] == [10.0, 40.0, 90.0, 2.5, 90.0]  # 10 x amount², read per amount
    assert got.status.tolist()[5] == NO_AMOUNT


def test_resolve_structured_checks_lengths(reader):
    with pytest.raises(ValueError, match="amount has 1 rows"):
        resolve_structured(
            pd.Series(["a", "b"]), pd.Series([1.0]), pd.Series(["g", "g"]), None, reader
        )
