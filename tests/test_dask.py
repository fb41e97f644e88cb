"""nutricheck.dask equals the pandas path, on a real multi-process cluster."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

from nutricheck.dask import daily_totals_dask  # noqa: E402 - after the skips
from nutricheck.errors import UnknownFoodError  # noqa: E402
from nutricheck.frame import daily_totals, nutrient_matrix  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    # Dask's own Parquet reader still uses pandas' deprecated inplace= (not ours to fix).
    pytest.mark.filterwarnings("ignore:The inplace keyword"),
]

ROOT = Path(__file__).resolve().parent.parent
DOC_BLOCKS = re.findall(
    r"```python\n(.*?)```", (ROOT / "docs" / "scale.md").read_text(encoding="utf-8"), re.S
)


# First in the file, before the module's cluster starts: the example starts its own.
@pytest.mark.parametrize("block", range(len(DOC_BLOCKS)), ids=lambda i: f"block{i}")
def test_docs_scale_examples_run(block):
    code = DOC_BLOCKS[block]
    compiled = compile(code, f"docs/scale.md (python block {block})", "exec")
    if "tcp://" in code:
        pytest.skip("needs a real cluster; compiled only")
    exec(compiled, {"__name__": "docs_scale"})


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def diary(table):
    """Five users over 30 days, 4,000 rows in random order, so every day spans partitions.

    Food keys are drawn from 400 foods of the table (some without values for some nutrients) plus
    two keys that are not in it; some weights are missing and some dates too.
    """
    rng = np.random.default_rng(20240501)
    n = 4_000
    keys = np.concatenate(
        [nutrient_matrix(table).index.to_numpy()[::35][:400], ["nope:1", "nope:2"]]
    )
    frame = pd.DataFrame(
        {
            "user": rng.choice(["ann", "bob", "cy", "dee", "eve"], n),
            "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 30, n), unit="D"),
            "food_key": rng.choice(keys, n),
            "grams": rng.uniform(0, 400, n).round(1),
        }
    )
    frame.loc[rng.random(n) < 0.02, "grams"] = np.nan
    frame.loc[rng.random(n) < 0.01, "date"] = pd.NaT
    return frame


def _same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    # Dask stores text as pyarrow strings (its dataframe.convert-string setting); the values agree.
    for column in ("user",):
        if column in want.columns:
            want = want.assign(**{column: want[column].astype(got[column].dtype)})
    pd.testing.assert_frame_equal(got, want, rtol=1e-9, atol=1e-9)


def test_cluster_equals_pandas(client, diary, table):
    want = daily_totals(diary, table)
    got = daily_totals_dask(dd.from_pandas(diary, npartitions=8), table, split_every=3)
    assert len(got) == 5 * 31  # every user's 30 days and their missing-date group
    assert got.entries.sum() + got.unknown_keys.sum() + got.skipped.sum() == len(diary)
    _same(got, want)


def test_cluster_by_date_only(client, diary, table):
    frame = diary.drop(columns="user")
    _same(
        daily_totals_dask(dd.from_pandas(frame, npartitions=5), table), daily_totals(frame, table)
    )


def test_one_group_without_grouping_columns(diary, table):
    # No client: Dask's default local scheduler runs the same code.
    frame = diary[["food_key", "grams"]]
    _same(
        daily_totals_dask(dd.from_pandas(frame, npartitions=4), table), daily_totals(frame, table)
    )


def test_unknown_keys_raise_from_the_workers(client, diary, table):
    with pytest.raises(UnknownFoodError, match="nope:"):
        daily_totals_dask(dd.from_pandas(diary, npartitions=4), table, on_unknown="raise")


def test_module_name_does_not_shadow_dask():
    # nutricheck/dask.py is nutricheck.dask; `import dask` everywhere (pint does it) is still Dask.
    code = (
        "import nutricheck.dask, dask, sys, pathlib;"
        "assert pathlib.Path(dask.__file__).parent.name == 'dask', dask.__file__;"
        "assert nutricheck.dask.__name__ == 'nutricheck.dask';"
        "print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"
