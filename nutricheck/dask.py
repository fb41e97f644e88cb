"""Diaries too large for one machine: :mod:`nutricheck.frame` on Dask.

Needs the optional extra: ``pip install "nutricheck[dask]"``. Dask is imported inside the functions,
so importing this module costs nothing without it.

>>> import dask.dataframe as dd                                            # doctest: +SKIP
>>> from nutricheck.dask import daily_totals_dask, resolve_structured_dask  # doctest: +SKIP
>>> diary = dd.read_parquet("s3://bucket/diary/")  # user,date,food,amount,unit  # doctest: +SKIP
>>> totals = daily_totals_dask(resolve_structured_dask(diary))  # pandas result  # doctest: +SKIP

:func:`resolve_structured_dask` runs :func:`~nutricheck.frame.resolve_structured` on each partition
with one :class:`~nutricheck.entries.EntryReader` per worker process (the food table and the
matcher's index are built once per worker, from the package installed there, and reused by every
partition it runs).

How the totals are made: the food table's nutrient matrix
(:func:`nutricheck.frame.nutrient_matrix`, 14,220 x 9 floats, about 1 MB) is built once on the
client and sent once to each worker that needs it; each partition runs the same pandas code as
:func:`~nutricheck.frame.daily_totals` up to its per-group sums (sums of known amounts, counts of
known entries, known grams, all grams), which are added in a tree reduction; totals (``NaN``
where no entry had a value) and coverages (known grams / grams) are taken only at the end, so a
group split across partitions gets exactly the pandas path's result, up to the order of
floating-point additions. docs/scale.md shows a run on a cluster.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from nutricheck.frame import (
    DEFAULT_BY,
    RESOLVED_COLUMNS,
    OnUnknown,
    _combine,
    _finish,
    _group_columns,
    _matrix_of,
    _partials,
    resolve_structured,
)

if TYPE_CHECKING:
    import pandas as pd

    from nutricheck.entries import EntryReader
    from nutricheck.foods import FoodTable

__all__ = ["daily_totals_dask", "resolve_structured_dask"]


def daily_totals_dask(
    ddf: Any,
    table: FoodTable | None = None,
    *,
    by: Sequence[str] = DEFAULT_BY,
    on_unknown: OnUnknown = "count",
    split_every: int | None = None,
) -> pd.DataFrame:
    """:func:`nutricheck.frame.daily_totals` of a ``dask.dataframe.DataFrame``, computed with Dask.

    ``ddf`` has the columns :func:`~nutricheck.frame.daily_totals` reads (``food_key``, ``grams``
    and the grouping columns); a group may span partitions. Runs on the current Dask scheduler (a
    ``dask.distributed.Client`` if one is active) and returns the totals as a pandas DataFrame,
    one row per group, exactly as the pandas function lays them out. ``split_every`` is how many
    partitions' sums are added at a time (Dask's default, 8, when ``None``).
    """
    from dask.delayed import delayed

    cols = _group_columns(ddf, by)
    matrix = _matrix_of(table)
    meta = _partials(ddf._meta, matrix, cols, on_unknown).iloc[:0]
    # One graph key for the matrix: each worker fetches it once, not once per partition.
    shared = delayed(matrix, pure=True, traverse=False)
    parts = ddf.map_partitions(
        _partials, shared, cols, on_unknown, meta=meta, enforce_metadata=False
    )
    summed = parts.reduction(
        _combine,
        aggregate=_combine,
        combine=_combine,
        meta=meta,
        split_every=split_every,
        cols=cols,
        token="nutricheck-daily-sums",
    )
    return _finish(summed.compute(), cols)


def resolve_structured_dask(
    ddf: Any,
    table: FoodTable | None = None,
    *,
    food: str = "food",
    amount: str = "amount",
    unit: str = "unit",
    food_key: str | None = None,
    keep: Sequence[str] = DEFAULT_BY,
) -> Any:
    """:func:`nutricheck.frame.resolve_structured` on each partition of a structured diary.

    Returns a lazy ``dask.dataframe.DataFrame`` with, per food eaten, the columns of
    :data:`~nutricheck.frame.RESOLVED_COLUMNS` (``food_key``, ``status`` and ``reason`` as plain
    strings, so partitions combine) followed by the ``keep`` columns present in ``ddf`` (by default
    ``user`` and ``date``), ready for :func:`daily_totals_dask`. Each partition is numbered from 0:
    keep a row-id column of your own to trace rows that were not understood. ``table`` (default:
    the bundled one, which each worker loads from its own installed package) is otherwise sent to
    each worker once.
    """
    import pandas as pd
    from dask.delayed import delayed

    kept = [c for c in keep if c in ddf.columns]
    meta = pd.DataFrame(
        {
            "food_key": pd.Series(dtype=object),
            "grams": pd.Series(dtype="float64"),
            "status": pd.Series(dtype=object),
            "reason": pd.Series(dtype=object),
        }
    )
    meta = pd.concat([meta, ddf._meta[kept].iloc[:0].reset_index(drop=True)], axis=1)
    shared = table if table is None else delayed(table, pure=True, traverse=False)
    return ddf.map_partitions(
        _resolve_partition,
        shared,
        (food, amount, unit, food_key),
        kept,
        meta=meta,
        enforce_metadata=False,
    )


def _resolve_partition(
    part: pd.DataFrame,
    table: FoodTable | None,
    columns: tuple[str, str, str, str | None],
    kept: list[str],
) -> pd.DataFrame:
    food, amount, unit, food_key = columns
    part = part.reset_index(drop=True)
    resolved = resolve_structured(
        part[food],
        part[amount],
        part[unit],
        None if food_key is None else part[food_key],
        _reader(table),
    )
    out = resolved.reset_index(drop=True).astype(
        {c: object for c in RESOLVED_COLUMNS if c != "grams"}
    )
    for column in kept:  # the diary's columns for each food, by row position
        out[column] = part[column].take(resolved.index.to_numpy()).reset_index(drop=True)
    return out


@functools.lru_cache(maxsize=4)
def _reader(table: FoodTable | None) -> EntryReader:
    """One reader per worker process and table: the matcher's index is built once per worker."""
    from nutricheck.entries import EntryReader

    return EntryReader(table)
