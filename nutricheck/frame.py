"""The nutricheck core as DataFrame -> DataFrame functions, vectorised for millions of rows.

The one-day path (:mod:`nutricheck.intake`) adds up a few dozen :class:`~nutricheck.entries.Entry`
objects in plain Python. Here the same arithmetic runs on whole columns: each distinct food, text
line or (food, unit) pair is resolved once, and everything per row is array arithmetic (no Python
loop per row, no pint object per row).

>>> import pandas as pd
>>> diary = pd.DataFrame({"date": ["2024-05-01"] * 2, "food_key": ["sr28:09040", "sr28:01077"],
...                       "grams": [118.0, 200.0]})
>>> totals = daily_totals(diary)
>>> round(float(totals.loc[0, "calcium_mg"]), 1)  # 5 mg/100 g x 118 g + 113 mg/100 g x 200 g
231.9

The pieces:

:func:`nutrient_matrix`
    the food table as a float matrix: one row per food key, one column per nutrient key of the
    registry (``NaN`` = unknown, never 0), built once per table.
:func:`resolve_lines` / :func:`resolve_structured`
    food-log text lines, or a diary's (food, amount, unit[, food_key]) columns -> one row per food
    eaten with ``food_key``, ``grams``, ``status`` and ``reason``, indexed by the input row's label,
    so rows not understood can be reported. They give exactly what
    :class:`~nutricheck.entries.EntryReader` (and the ``nutricheck import`` command's
    :func:`~nutricheck.days.row_entries`) give line by line.
:func:`daily_totals`
    entries (``food_key``, ``grams`` and the grouping columns) -> one row per user and day with each
    nutrient's total and coverage, by the rules of :mod:`nutricheck.intake`.
:func:`assess_totals`
    adds each target nutrient's percent of target and DRI status (:mod:`nutricheck.assess`).

Nothing is lost silently: every input row of :func:`daily_totals` is either counted in ``entries``,
or in ``unknown_keys`` (a food key that is not in the table), or in ``skipped`` (no food key, or no
usable weight: the rows :func:`resolve_lines` could not understand), per group.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from nutricheck import assess, nutrients
from nutricheck.entries import OK, STATUSES, UNCONVERTIBLE, Entry, EntryReader
from nutricheck.errors import UnknownFoodError

if TYPE_CHECKING:
    from nutricheck.foods import FoodTable
    from nutricheck.targets import Target, Targets

__all__ = [
    "COUNT_COLUMNS",
    "DEFAULT_BY",
    "RESOLVED_COLUMNS",
    "STATUS_ORDER",
    "assess_totals",
    "daily_totals",
    "nutrient_matrix",
    "resolve_lines",
    "resolve_structured",
]

DEFAULT_BY: tuple[str, ...] = ("user", "date")
"""The grouping columns :func:`daily_totals` uses when they are present."""

COUNT_COLUMNS: tuple[str, ...] = ("grams", "entries", "unknown_keys", "skipped")
"""Columns :func:`daily_totals` adds after the nutrients: grams counted, what became of each row."""

STATUS_ORDER: tuple[str, ...] = assess.STATUSES
"""Categories of the ``<key>_status`` columns of :func:`assess_totals`."""

OnUnknown = Literal["count", "raise"]

# Per-group partial sums, named so they cannot collide with a nutrient key or a grouping column.
_SUM, _KNOWN, _KNOWN_GRAMS = "{}__sum", "{}__known", "{}__known_grams"
_GRAMS, _ENTRIES, _UNKNOWN, _SKIPPED = "__grams", "__entries", "__unknown_keys", "__skipped"


# --- the food table as a matrix -------------------------------------------------------------------


def nutrient_matrix(table: FoodTable | None = None) -> pd.DataFrame:
    """Per-100 g values of every food: index ``food_key``, a float column per nutrient key.

    ``NaN`` means the table has no value (unknown), never 0. Built once per table and process: the
    bundled table straight from data/foods.csv (about 0.05 s), any other from its Food objects
    (about 1 s for 14,220). The frame returned shares the cached data copy-on-write, so changing
    it does not change the cache.
    """
    from nutricheck.foods import default_table

    return _matrix(table if table is not None else default_table()).copy(deep=False)


@functools.lru_cache(maxsize=4)
def _matrix(table: FoodTable) -> pd.DataFrame:
    from nutricheck.foods import default_table

    if table is default_table():
        bundled = _bundled_matrix()
        if bundled is not None and bundled.index.equals(pd.Index(list(table), dtype=object)):
            return bundled
    return _matrix_from_foods(table)


def _matrix_from_foods(table: FoodTable) -> pd.DataFrame:
    """The matrix from the table's Food objects (builds every food: about 1 s for 14,220)."""
    keys = list(table)
    values = np.array(
        [
            [np.nan if v is None else v for v in map(table[k].per_100g.get, nutrients.KEYS)]
            for k in keys
        ],
        dtype=np.float64,
    ).reshape(len(keys), len(nutrients.KEYS))
    return pd.DataFrame(
        values, index=pd.Index(keys, name="food_key", dtype=object), columns=list(nutrients.KEYS)
    )


# pandas 3 parses floats round-trip exactly and deprecates asking; pandas 2 must be asked.
_ROUND_TRIP: dict[str, str] = (
    {"float_precision": "round_trip"} if pd.__version__.startswith("2.") else {}
)


def _bundled_matrix() -> pd.DataFrame | None:
    """The bundled table's matrix read straight from data/foods.csv by pandas (about 0.1 s).

    Numbers must come out bit for bit as ``float()`` reads them for the table (pandas 3 parses
    round-trip exactly by default; pandas 2 is asked to; tests/test_frame.py checks), and empty
    cells are NaN. Anything unexpected (a value that is not a non-negative number) gives ``None``
    and the caller builds the matrix from the Food objects instead, whose loader reports the bad
    cell.
    """
    from importlib import resources

    source = resources.files("nutricheck") / "data" / "foods.csv"
    try:
        with source.open("rb") as fh:
            header = pd.read_csv(fh, nrows=0, encoding="utf-8-sig").columns
        present = [k for k in nutrients.KEYS if k in header]
        with source.open("rb") as fh:
            raw = pd.read_csv(
                fh,
                usecols=["food_key", *present],
                dtype={"food_key": object, **dict.fromkeys(present, np.float64)},
                keep_default_na=False,
                na_values=[""],
                encoding="utf-8-sig",
                **_ROUND_TRIP,
            )
    except (OSError, ValueError):
        return None
    values = raw.reindex(columns=list(nutrients.KEYS)).to_numpy(dtype=np.float64)
    if not (np.isnan(values) | ((values >= 0) & np.isfinite(values))).all():
        return None
    keys = raw["food_key"].str.strip().to_numpy(dtype=object)
    return pd.DataFrame(
        values, index=pd.Index(keys, name="food_key", dtype=object), columns=list(nutrients.KEYS)
    )


# --- daily totals ---------------------------------------------------------------------------------


def daily_totals(
    entries: pd.DataFrame,
    table: FoodTable | None = None,
    *,
    by: Sequence[str] = DEFAULT_BY,
    on_unknown: OnUnknown = "count",
) -> pd.DataFrame:
    """Totals per group (by default per user and day) of entries given as food keys and grams.

    Args:
        entries: columns ``food_key`` (str or categorical; missing for a row not understood) and
            ``grams`` (float; ``NaN`` when not known), plus the grouping columns. Other columns are
            ignored, so the output of :func:`resolve_lines` joined with the diary's dates will do.
        table: the food table the keys belong to (default: the bundled one).
        by: grouping columns; those absent from ``entries`` are left out (no ``user`` column: per
            date only; none at all: one row for everything).
        on_unknown: ``"count"`` (default) counts rows whose food key is not in the table in
            ``unknown_keys`` and leaves them out of the sums; ``"raise"`` raises
            :class:`~nutricheck.errors.UnknownFoodError` for the first such key.

    Returns:
        One row per group, sorted by the grouping columns (missing values as a group of their own,
        last), with the grouping columns, then for each nutrient key of the registry its total in
        the registry's unit (the sum of the known amounts; ``NaN`` when no entry had a value, since
        unknown is never 0), then ``<key>_coverage`` for each (the share of the group's grams whose
        food had a value, ``NaN`` when no grams were counted), then :data:`COUNT_COLUMNS`: ``grams``
        counted, ``entries`` counted, ``unknown_keys`` and ``skipped`` (rows with no food key, or
        with a weight that is missing, negative or infinite). ``entries + unknown_keys + skipped``
        is the group's number of rows.

    The sums are the same additions, in row order, as :func:`nutricheck.intake.total` makes.
    """
    cols = _group_columns(entries, by)
    return _finish(_partials(entries, _matrix_of(table), cols, on_unknown), cols)


def _matrix_of(table: FoodTable | None) -> pd.DataFrame:
    from nutricheck.foods import default_table

    return _matrix(table if table is not None else default_table())


def _group_columns(entries: pd.DataFrame, by: Sequence[str] | str) -> list[str]:
    if isinstance(by, str):
        by = (by,)
    return [c for c in by if c in entries.columns]


def _positions(keys: pd.Series, index: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """Row of ``index`` for each key (-1 when absent) and whether the key was missing (NaN)."""
    if isinstance(keys.dtype, pd.CategoricalDtype):
        codes = keys.cat.codes.to_numpy()
        found = index.get_indexer(keys.cat.categories)
    else:
        codes, uniques = pd.factorize(keys.to_numpy(dtype=object))
        found = index.get_indexer(uniques)
    missing = codes < 0
    pos = np.where(missing, -1, found[np.where(missing, 0, codes)] if len(found) else -1)
    return pos.astype(np.intp, copy=False), missing


def _partials(
    entries: pd.DataFrame,
    matrix: pd.DataFrame,
    cols: Sequence[str],
    on_unknown: OnUnknown = "count",
) -> pd.DataFrame:
    """Per-group sums that add up across partitions; :func:`_finish` turns them into totals."""
    if on_unknown not in ("count", "raise"):
        raise ValueError(f"on_unknown must be 'count' or 'raise', got {on_unknown!r}")
    for column in ("food_key", "grams"):
        if column not in entries.columns:
            raise KeyError(
                f"daily_totals needs a {column!r} column; "
                f"got {', '.join(map(str, entries.columns))}"
            )
    n = len(entries)
    pos, no_key = _positions(entries["food_key"], matrix.index)
    grams = pd.to_numeric(entries["grams"]).to_numpy(dtype=np.float64, na_value=np.nan)
    unknown = (pos < 0) & ~no_key
    if on_unknown == "raise" and unknown.any():
        first = int(np.argmax(unknown))
        raise UnknownFoodError(
            str(entries["food_key"].iloc[first]),
            hint=f"{int(unknown.sum())} row(s) have food keys that are not in the food table",
        )
    used = (pos >= 0) & np.isfinite(grams) & (grams >= 0)
    skipped = ~used & ~unknown

    if cols:
        group = (
            entries.groupby(list(cols), sort=True, dropna=False, observed=True).ngroup().to_numpy()
        )
        ngroups = int(group.max()) + 1 if n else 0
        _, first_rows = np.unique(group, return_index=True)
        out = entries[list(cols)].iloc[first_rows].reset_index(drop=True)
    else:
        group = np.zeros(n, dtype=np.intp)
        ngroups = 1
        out = pd.DataFrame(index=range(1))

    def add(weights: np.ndarray) -> np.ndarray:
        return np.bincount(group, weights=weights, minlength=ngroups)

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(group[mask], minlength=ngroups).astype(np.int64)

    grams_used = np.where(used, grams, 0.0)
    factor = grams_used / 100.0  # as entries.nutrients_for: per-100 g value x (grams / 100)
    safe_pos = np.where(used, pos, 0)
    sums: dict[str, np.ndarray] = {}
    for key in nutrients.KEYS:
        per_100g = matrix[key].to_numpy()[safe_pos]
        known = used & ~np.isnan(per_100g)
        sums[_SUM.format(key)] = add(np.where(known, per_100g * factor, 0.0))
        sums[_KNOWN.format(key)] = count(known)
        sums[_KNOWN_GRAMS.format(key)] = add(np.where(known, grams, 0.0))
    sums[_GRAMS] = add(grams_used)
    sums[_ENTRIES] = count(used)
    sums[_UNKNOWN] = count(unknown)
    sums[_SKIPPED] = count(skipped)
    return pd.concat([out, pd.DataFrame(sums)], axis=1)


def _combine(partials: pd.DataFrame, cols: Sequence[str]) -> pd.DataFrame:
    """Partial sums of several partitions -> one row per group."""
    if not cols:
        return partials.sum(numeric_only=True).to_frame().T.astype(partials.dtypes.to_dict())
    return partials.groupby(
        list(cols), sort=True, dropna=False, observed=True, as_index=False
    ).sum()


def _finish(partials: pd.DataFrame, cols: Sequence[str]) -> pd.DataFrame:
    """Partial sums -> totals (NaN where nothing was known) and coverages."""
    out = {c: partials[c].to_numpy() for c in cols}
    grams = partials[_GRAMS].to_numpy(dtype=np.float64)
    some_grams = grams > 0
    for key in nutrients.KEYS:
        known = partials[_KNOWN.format(key)].to_numpy() > 0
        out[key] = np.where(known, partials[_SUM.format(key)].to_numpy(dtype=np.float64), np.nan)
    for key in nutrients.KEYS:
        known_grams = partials[_KNOWN_GRAMS.format(key)].to_numpy(dtype=np.float64)
        out[f"{key}_coverage"] = np.divide(
            known_grams, grams, out=np.full(len(grams), np.nan), where=some_grams
        )
    frame = pd.DataFrame(out)
    for c in cols:  # keep the grouping columns' dtypes (categorical, datetime, ...)
        frame[c] = partials[c].reset_index(drop=True)
    frame["grams"] = grams
    frame["entries"] = partials[_ENTRIES].to_numpy(dtype=np.int64)
    frame["unknown_keys"] = partials[_UNKNOWN].to_numpy(dtype=np.int64)
    frame["skipped"] = partials[_SKIPPED].to_numpy(dtype=np.int64)
    return frame


# --- DRI status -----------------------------------------------------------------------------------


def assess_totals(
    totals: pd.DataFrame,
    targets: Targets | Mapping[Hashable, Targets],
    *,
    supplements_included: bool = False,
    user_column: str = "user",
) -> pd.DataFrame:
    """``totals`` with ``<key>_percent`` and ``<key>_status`` added for each target nutrient.

    ``targets`` is one :class:`~nutricheck.targets.Targets` for every row, or a mapping from the
    values of ``user_column`` to each user's targets. Percent is ``100 x total / RDA-or-AI``
    (``NaN`` for an unknown total); status follows :func:`nutricheck.assess.assess` exactly
    (categories :data:`STATUS_ORDER`). Nutrients without a target (energy) get no columns.

    Raises:
        KeyError: ``targets`` is a mapping and a user in ``totals`` has no targets in it.
    """
    out = totals.copy()
    n = len(out)
    if _is_one_targets(targets):
        per_row = None
        by_user: Mapping[Hashable, Targets] = {None: targets}  # type: ignore[dict-item]
    else:
        by_user = targets  # type: ignore[assignment]
        users = out[user_column]
        missing = pd.Index(users.unique()).difference(pd.Index(list(by_user), dtype=object))
        if len(missing):
            raise KeyError(f"no targets for user(s) {', '.join(map(repr, missing[:5]))}")
        per_row = users
    order = list(by_user)
    target_keys = [
        k for k in nutrients.TARGET_KEYS if all(k in t.by_nutrient for t in by_user.values())
    ]
    for key in target_keys:
        fields = _target_fields([by_user[u].by_nutrient[key] for u in order], supplements_included)
        if per_row is None:
            f = {name: np.repeat(arr, n) for name, arr in fields.items()}
        else:
            where = pd.Index(order, dtype=object).get_indexer(per_row.to_numpy(dtype=object))
            f = {name: arr[where] for name, arr in fields.items()}
        total = out[key].to_numpy(dtype=np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[f"{key}_percent"] = 100.0 * total / f["value"]
        out[f"{key}_status"] = _status_codes(total, **f)
    return out


def _is_one_targets(targets: object) -> bool:
    return hasattr(targets, "by_nutrient")


def _target_fields(targets: Sequence[Target], supplements_included: bool) -> dict[str, np.ndarray]:
    def num(values: Iterable[float | None]) -> np.ndarray:
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)

    return {
        "value": num(t.value for t in targets),
        "is_ai": np.array([t.kind == "AI" for t in targets], dtype=bool),
        "ear": num(t.ear for t in targets),
        "ul": num(t.ul for t in targets),
        "ul_applies": np.array(
            [
                t.ul is not None
                and (
                    t.ul_applies_to == "total"
                    or (t.ul_applies_to == "supplements" and supplements_included)
                )
                for t in targets
            ],
            dtype=bool,
        ),
        "cdrr": num(t.cdrr for t in targets),
    }


def _status_codes(
    total: np.ndarray,
    *,
    value: np.ndarray,
    is_ai: np.ndarray,
    ear: np.ndarray,
    ul: np.ndarray,
    ul_applies: np.ndarray,
    cdrr: np.ndarray,
) -> pd.Categorical:
    """:func:`nutricheck.assess.assess` on arrays (``NaN`` = unknown total or no EAR/UL/CDRR).

    The conditions are assess's, in its order, so the first that holds wins.
    """
    code = {s: i for i, s in enumerate(STATUS_ORDER)}
    with np.errstate(invalid="ignore"):
        conditions = [
            np.isnan(total),
            ul_applies & (total > ul),
            ~np.isnan(cdrr) & (total > cdrr),
            is_ai & (total < value),
            is_ai,
            ~np.isnan(ear) & (total < ear),
            total < value,
        ]
    choices = [
        code[assess.UNKNOWN],
        code[assess.OVER_UL],
        code[assess.ABOVE_CDRR],
        code[assess.BELOW_AI],
        code[assess.MEETS],
        code[assess.VERY_LIKELY_SHORT],
        code[assess.POSSIBLY_SHORT],
    ]
    codes = np.select(conditions, choices, default=code[assess.MEETS]).astype(np.int8)
    return pd.Categorical.from_codes(codes, categories=list(STATUS_ORDER))


# --- text and diary rows -> food keys and grams -------------------------------------------------

RESOLVED_COLUMNS: tuple[str, ...] = ("food_key", "grams", "status", "reason")
"""Columns of :func:`resolve_lines` and :func:`resolve_structured` (index: the input row)."""


def resolve_lines(texts: pd.Series, reader: EntryReader | None = None) -> pd.DataFrame:
    """Food-log lines -> one row per food eaten, each distinct text read once by ``reader``.

    Returns a frame indexed by the label of the input row it came from (a line naming two foods
    gives two rows with the same label; every input row gives at least one), with
    :data:`RESOLVED_COLUMNS`: ``food_key`` (categorical; missing unless a food matched), ``grams``
    (``NaN`` unless ``status`` is ``ok``), ``status`` (categorical of
    :data:`nutricheck.entries.STATUSES`) and ``reason`` (why not ``ok``). Missing texts read as
    empty lines. Join the diary's grouping columns by index and pass it to :func:`daily_totals`::

        resolved = resolve_lines(diary["text"], reader)
        daily_totals(resolved.join(diary[["user", "date"]]), reader.table)
    """
    reader = reader if reader is not None else EntryReader()
    codes, uniques = _codes(texts)
    parts = [_parts(reader.read_line(str(text), 1)) for text in uniques]
    return _broadcast(texts.index, codes, parts, amount=None)


def _codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes of a column's distinct values, missing values as ``""`` (code 0).

    pandas factorizes the column in its own storage (Arrow strings, categoricals), which is several
    times faster than going through Python objects; only the distinct values become Python strings.
    """
    codes, uniques = pd.factorize(values)
    return codes + 1, np.concatenate(
        [np.array([""], dtype=object), np.asarray(uniques, dtype=object)]
    )


def resolve_structured(
    food: pd.Series,
    amount: pd.Series,
    unit: pd.Series,
    food_key: pd.Series | None = None,
    reader: EntryReader | None = None,
) -> pd.DataFrame:
    """A structured diary's rows -> food keys and grams, as ``nutricheck import`` reads them.

    Each row is what :func:`nutricheck.days.row_entries` makes of a generic diary row with this
    ``food``, ``amount`` and ``unit`` (and ``food_key``: a row with a key is not matched by name).
    The work is done once per distinct (food, unit, food_key, amount given or not): the grams of
    1 and of 2 units are read, giving grams = fixed + per unit x amount, which is checked against
    reading the smallest and the largest amount of those rows; then each row's grams are computed
    as an array. Where the check fails (the parser reads some amounts of that unit differently),
    the distinct amounts of those rows are each read as written instead. A missing amount takes
    the food's typical portion (as a line with no amount does); a negative or infinite amount is
    ``unconvertible``.

    Returns the same frame as :func:`resolve_lines`, indexed by the input rows' labels.
    """
    from nutricheck.days import row_entries
    from nutricheck.diary import DiaryRow

    reader = reader if reader is not None else EntryReader()
    n = len(food)
    for name, s in (("amount", amount), ("unit", unit), ("food_key", food_key)):
        if s is not None and len(s) != n:
            raise ValueError(f"{name} has {len(s)} rows, food has {n}")
    amounts = pd.to_numeric(amount).to_numpy(dtype=np.float64, na_value=np.nan)
    given = ~np.isnan(amounts)
    no_keys = (np.zeros(n, dtype=np.intp), np.array([""], dtype=object))
    columns = [_codes(food), _codes(unit), no_keys if food_key is None else _codes(food_key)]
    combo = given.astype(np.intp)
    for codes, uniques in columns:
        combo, _ = pd.factorize(combo * len(uniques) + codes)
    ncombo = int(combo.max()) + 1 if n else 0
    _, first = np.unique(combo, return_index=True)

    def probe(i: int, qty: float | None) -> tuple[Entry, ...]:
        f, u, k = (str(uniques[codes[i]]).strip() for codes, uniques in columns)
        row = DiaryRow(
            row=1,
            source_format="generic",
            food=f or None,
            amount=qty,
            unit=u or None,
            food_key=k or None,
        )
        return tuple(row_entries(row, reader, frozenset()))

    # The smallest and largest usable amount of each combo's rows, where the model is checked.
    usable = given & np.isfinite(amounts) & (amounts >= 0)
    low, high = np.full(ncombo, np.nan), np.full(ncombo, np.nan)
    np.fmin.at(low, combo[usable], amounts[usable])
    np.fmax.at(high, combo[usable], amounts[usable])

    parts: list[_Parts] = []
    exact: list[int] = []  # combos whose grams are not affine in the amount
    for c, i in enumerate(first):
        if not given[i]:
            parts.append(_parts(probe(int(i), None)))
            continue
        model = _affine(probe(int(i), 1.0), probe(int(i), 2.0))
        checks = {float(a) for a in (low[c], high[c]) if not np.isnan(a)}
        if model is None or not all(_fits(model, probe(int(i), a), a) for a in checks):
            exact.append(c)
            model = _parts(probe(int(i), 1.0))  # replaced row by row below
        parts.append(model)

    unit_of_row = combo
    if exact:
        # Rows of non-affine combos: one unit per distinct (combo, amount), read as written.
        rows = np.flatnonzero(np.isin(combo, exact))
        amount_code, amount_values = pd.factorize(amounts[rows])
        pair, _ = pd.factorize(combo[rows] * len(amount_values) + amount_code)
        _, pair_first = np.unique(pair, return_index=True)
        for j in pair_first:
            i = rows[j]
            got = _parts(probe(int(i), float(amounts[i])))
            parts.append(
                _Parts(
                    got.food_keys, got.statuses, got.reasons, got.fixed, np.zeros(len(got.fixed))
                )
            )
        unit_of_row = combo.copy()
        unit_of_row[rows] = ncombo + pair
    bad = given & ~(np.isfinite(amounts) & (amounts >= 0))
    return _broadcast(
        food.index, unit_of_row, parts, amount=np.where(given, amounts, 0.0), bad_amount=bad
    )


class _Parts:
    """The foods one distinct input stands for: grams = fixed + per_unit x amount."""

    __slots__ = ("fixed", "food_keys", "per_unit", "reasons", "statuses")

    def __init__(
        self,
        food_keys: list[str | None],
        statuses: list[str],
        reasons: list[str | None],
        fixed: np.ndarray,
        per_unit: np.ndarray,
    ) -> None:
        self.food_keys, self.statuses, self.reasons = food_keys, statuses, reasons
        self.fixed, self.per_unit = fixed, per_unit


def _grams(e: Entry) -> float:
    return e.grams if (e.ok and e.grams is not None) else np.nan


def _parts(entries: Sequence[Entry]) -> _Parts:
    return _Parts(
        [e.food_key for e in entries],
        [e.status for e in entries],
        [e.reason for e in entries],
        np.array([_grams(e) for e in entries], dtype=np.float64),
        np.zeros(len(entries)),
    )


def _affine(one: Sequence[Entry], two: Sequence[Entry]) -> _Parts | None:
    """grams(amount) = fixed + per_unit x amount, from the entries for 1 and 2 units, if alike."""
    if len(one) != len(two) or any(
        (a.food_key, a.status, a.reason) != (b.food_key, b.status, b.reason)
        for a, b in zip(one, two, strict=True)
    ):
        return None
    g1 = np.array([_grams(e) for e in one], dtype=np.float64)
    g2 = np.array([_grams(e) for e in two], dtype=np.float64)
    per_unit = g2 - g1
    fixed = 2 * g1 - g2
    tiny = 1e-9 * np.maximum(np.abs(g1), np.abs(g2))
    scaled = np.abs(fixed) <= tiny  # grams proportional to the amount: per unit = grams of 1
    constant = np.abs(per_unit) <= tiny  # grams not depending on it (a part with its own amount)
    per_unit = np.where(scaled, g1, np.where(constant, 0.0, per_unit))
    fixed = np.where(scaled, 0.0, np.where(constant, g1, fixed))
    return _Parts(
        [e.food_key for e in one], [e.status for e in one], [e.reason for e in one], fixed, per_unit
    )


def _fits(model: _Parts, entries: Sequence[Entry], amount: float) -> bool:
    """Whether the model gives what reading ``amount`` units gives (same foods, grams to 1e-9)."""
    parts = list(zip(model.food_keys, model.statuses, model.reasons, strict=True))
    if [(e.food_key, e.status, e.reason) for e in entries] != parts:
        return False
    want = np.array([_grams(e) for e in entries], dtype=np.float64)
    got = model.fixed + model.per_unit * amount
    return bool(np.allclose(got, want, rtol=1e-9, atol=1e-9, equal_nan=True))


def _broadcast(
    index: pd.Index,
    unit_of_row: np.ndarray,
    parts: Sequence[_Parts],
    *,
    amount: np.ndarray | None,
    bad_amount: np.ndarray | None = None,
) -> pd.DataFrame:
    """Distinct inputs' parts -> one frame row per (input row, part), with arrays only."""
    counts = np.array([len(p.statuses) for p in parts], dtype=np.intp)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.intp)
    n = len(unit_of_row)
    if n and (counts == 1).all():
        row_of = np.arange(n)
        part_of = starts[unit_of_row]
    else:
        per_row = counts[unit_of_row] if n else np.zeros(0, dtype=np.intp)
        row_of = np.repeat(np.arange(n), per_row)
        offset = np.arange(len(row_of)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
        part_of = starts[unit_of_row][row_of] + offset

    def flat(name: str) -> list[object]:
        return [x for p in parts for x in getattr(p, name)]

    keys = pd.Categorical(flat("food_keys"))
    statuses = pd.Categorical(flat("statuses"), categories=list(STATUSES))
    reasons = pd.Categorical(flat("reasons"))
    fixed = np.concatenate([p.fixed for p in parts]) if parts else np.zeros(0)
    per_unit = np.concatenate([p.per_unit for p in parts]) if parts else np.zeros(0)

    grams = fixed[part_of]
    if amount is not None:
        grams = grams + per_unit[part_of] * amount[row_of]
    status_code = statuses.codes[part_of]
    reason_codes = reasons.codes[part_of]
    if bad_amount is not None and bad_amount.any():
        bad = bad_amount[row_of] & (status_code == list(STATUSES).index(OK))
        grams = np.where(bad, np.nan, grams)
        status_code = np.where(bad, list(STATUSES).index(UNCONVERTIBLE), status_code)
        why = "the amount must be a non-negative number"
        if why not in reasons.categories:
            reasons = reasons.add_categories([why])
        reason_codes = np.where(bad, list(reasons.categories).index(why), reason_codes)

    out = pd.DataFrame(
        {
            "food_key": pd.Categorical.from_codes(keys.codes[part_of], categories=keys.categories),
            "grams": grams,
            "status": pd.Categorical.from_codes(status_code, categories=statuses.categories),
            "reason": pd.Categorical.from_codes(reason_codes, categories=reasons.categories),
        },
        index=index.take(row_of),
    )
    if out.index.name is None:
        out.index.name = "row"
    return out
