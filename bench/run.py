"""nutricheck's benchmarks: whole processes, timed and weighed against floors from the same run.

    python bench/run.py               # the full run; writes docs/benchmarks.md
    python bench/run.py --quick       # a smoke run with small inputs; prints only
    python bench/run.py --only-large  # only the 1,000,000-row diary; prints its section

Every figure is a fresh process started from here: wall time (median of the runs), CPU time and
peak resident memory of that process alone (GNU ``/usr/bin/time``, else ``os.wait4``). Each command
runs once first, uncounted, so the OS file cache is warm for all of them alike. Each goal compares a
nutricheck command with a floor that does the least the same job needs, measured in the same run
on the same machine. bench/README.md says what each figure means.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SEED = 20240501
TIMEOUT = 1800.0
IMPORT_TIMEOUT = 900.0
IMPORT_CAP_GIB = 8.0
"""The large runs' address space is capped so that a regression cannot exhaust the machine (it then
fails with MemoryError, reported as such), and their time limited."""
TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""The children's environment: bytecode is always written (to a cache in the work directory, see
main), so the uncounted first run leaves ``__pycache__`` warm even where the environment says
``PYTHONDONTWRITEBYTECODE``, as it is for an installed package."""


# --- running and measuring a process -------------------------------------------------------------


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds
    peak_mib: float  # peak resident memory
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> dict[str, Any]:
        return json.loads(self.stdout) if self.returncode == 0 else {}


def run_once(
    cmd: Sequence[str],
    *,
    timeout: float = TIMEOUT,
    cwd: Path = ROOT,
    memory_cap_gib: float | None = None,
) -> Run:
    """Run ``cmd`` to its end and measure it alone: wall time, CPU time and peak RSS.

    This process stays small (nothing heavy is imported here): a forked child starts with its
    parent's pages, so a heavy parent would inflate every child's peak. ``memory_cap_gib`` limits
    the child's address space.
    """

    def limit() -> None:
        if memory_cap_gib is not None:
            cap = int(memory_cap_gib * 1024**3)
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile() as usage_file,
    ):
        full = [TIME, "-f", "%U %S %M", "-o", usage_file.name, *cmd] if TIME else list(cmd)
        start = time.perf_counter()
        proc = subprocess.Popen(
            full,
            stdout=out,
            stderr=err,
            cwd=cwd,
            env=CHILD_ENV,
            start_new_session=True,
            preexec_fn=limit,
        )
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.002)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        cpu, peak_kib = usage.ru_utime + usage.ru_stime, float(usage.ru_maxrss)
        if TIME:
            try:
                user, system, peak = Path(usage_file.name).read_text().split()[-3:]
                cpu, peak_kib = float(user) + float(system), float(peak)
            except ValueError:  # killed before time wrote its line
                pass
        out.seek(0)
        err.seek(0)
        return Run(
            wall=wall,
            cpu=cpu,
            peak_mib=peak_kib / 1024,  # Linux reports KiB
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


@dataclass
class Measure:
    label: str
    runs: list[Run] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak_mib(self) -> float:
        return max(r.peak_mib for r in self.runs)

    @property
    def ok(self) -> bool:
        return all(r.returncode == 0 for r in self.runs)

    def stats(self) -> list[dict[str, Any]]:
        """The JSON each successful run printed (the child scripts' own timings)."""
        return [r.json() for r in self.runs if r.returncode == 0]

    def show(self) -> None:
        last = self.runs[-1]
        failed = "" if self.ok else f"  FAILED (exit {last.returncode}): {last.stderr[-300:]}"
        print(f"  {self.label:<46} {self.wall:8.3f} s {self.peak_mib:8.1f} MiB{failed}", flush=True)


def measure(
    label: str,
    cmd: Sequence[str],
    repeat: int,
    *,
    warmup: bool = True,
    timeout: float = TIMEOUT,
    memory_cap_gib: float | None = None,
) -> Measure:
    if warmup:
        run_once(cmd, timeout=timeout, memory_cap_gib=memory_cap_gib)
    m = Measure(label)
    m.runs = [run_once(cmd, timeout=timeout, memory_cap_gib=memory_cap_gib) for _ in range(repeat)]
    m.show()
    return m


def nutricheck_command() -> list[str]:
    """The ``nutricheck`` script next to this Python (a pyenv shim would add a shell and pyenv)."""
    here = Path(PYTHON).parent / "nutricheck"
    if here.exists():
        return [str(here)]
    found = shutil.which("nutricheck")
    return [found] if found else [PYTHON, "-m", "nutricheck"]


# --- realistic diary lines -----------------------------------------------------------------------

# Foods as people write them, by how they are measured. Each is a name the matcher should know.
# fmt: off
COUNT_FOODS = [
    "banana", "apple", "orange", "egg", "pear", "peach", "kiwi", "bagel", "english muffin",
    "tortilla", "hard boiled egg", "chicken thigh", "hot dog", "granola bar", "cookie",
    "blueberry muffin", "croissant", "plum", "tangerine", "carrot", "baked potato", "sweet potato",
    "tomato", "avocado", "grapefruit", "nectarine", "mango", "waffle", "pancake", "dinner roll",
    "fried egg", "poached egg", "meatball", "fish stick", "clementine", "cucumber",
]
CUP_FOODS = [
    "oatmeal", "milk", "skim milk", "2% milk", "brown rice", "white rice", "cooked spinach",
    "broccoli", "blueberries", "strawberries", "orange juice", "black beans", "lentils",
    "spaghetti", "quinoa", "greek yogurt", "plain yogurt", "cottage cheese", "chicken noodle soup",
    "cheerios", "granola", "almond milk", "soy milk", "green beans", "corn", "green peas", "chili",
    "mashed potatoes", "grapes", "apple juice", "coffee", "tea", "kale", "lettuce", "carrots",
    "applesauce", "raspberries", "pineapple", "watermelon", "cauliflower", "brussels sprouts",
    "chickpeas", "kidney beans", "macaroni and cheese", "tomato soup", "vanilla ice cream",
    "chocolate milk", "sweet corn",
]
WEIGHT_FOODS = [
    "salmon", "chicken breast", "ground beef", "steak", "tofu", "cheddar cheese", "tuna",
    "turkey breast", "pork chop", "shrimp", "cod", "ham", "mozzarella", "almonds", "walnuts",
    "peanuts", "dark chocolate", "whole wheat bread", "pasta", "feta cheese", "lamb chop",
    "tilapia", "chicken drumstick", "pork tenderloin", "sardines", "cashews", "pistachios",
    "sunflower seeds", "pumpkin seeds", "raisins",
]
SPOON_FOODS = [
    "peanut butter", "olive oil", "butter", "honey", "sugar", "strawberry jam", "mayonnaise",
    "hummus", "chia seeds", "ground flaxseed", "maple syrup", "cream cheese", "almond butter",
    "ketchup", "soy sauce",
]
SLICE_FOODS = [
    "whole wheat bread", "white bread", "cheddar cheese", "ham", "pizza", "bacon", "swiss cheese",
]
SIZES = [
    "", "small ", "medium ", "large ",
]
COUNT_AMOUNTS = [
    "a", "1", "2", "3", "1/2", "½", "1 1/2",
]
CUP_AMOUNTS = [
    "1", "2", "1/2", "1/3", "3/4", "1 1/2", "½", "¾",
]
GRAMS = [
    "50", "80", "100", "120", "150", "200", "250",
]
OUNCES = [
    "2", "3", "4", "6", "8",
]
SPOONS = [
    "1", "2", "1/2", "3",
]
PREFIXES = [
    "", "breakfast: ", "lunch: ", "dinner: ", "snack: ", "- ",
]
NOT_FOOD = [
    "ran 5k", "felt tired", "heavy legs after work", "slept badly", "walked 30 min",
    "cramp in left calf", "no lunch today", "gym: legs", "headache", "yoga 1h",
]
TYPOS = [
    "bananna", "brocolli", "yoghurt", "oatmeel", "chiken breast", "salmn", "avacado",
    "peanutbutter",
]
# fmt: on


def food_phrases() -> list[str]:
    """Every amount + food phrase of the vocabulary, in a fixed order."""
    small_cups = ("1", "1/2", "1/3", "3/4", "½", "¾")
    out = [f"{a} {s}{f}" for f in COUNT_FOODS for s in SIZES for a in COUNT_AMOUNTS]
    out += [
        f"{a} {'cup' if a in small_cups else 'cups'} {f}" for f in CUP_FOODS for a in CUP_AMOUNTS
    ]
    out += [f"{a} cup {f}" for f in CUP_FOODS for a in CUP_AMOUNTS[2:5]]
    out += [f"{g}g {f}" for f in WEIGHT_FOODS for g in GRAMS]
    out += [f"{g} g {f}" for f in WEIGHT_FOODS for g in GRAMS]
    out += [f"{o} oz {f}" for f in WEIGHT_FOODS for o in OUNCES]
    out += [
        f"{a} {u} {f}" for f in SPOON_FOODS for a in SPOONS for u in ("tbsp", "tsp", "tablespoons")
    ]
    out += [f"{a} {'slice' if a == '1' else 'slices'} of {f}" for f in SLICE_FOODS for a in "123"]
    out += [f"{n} {t}" for t in TYPOS for n in (1, 2)]
    return [*out, "coffee with milk", "oatmeal with a banana"]


def distinct_lines(n: int, rng: random.Random) -> list[str]:
    """``n`` different diary lines: phrases with meal prefixes, plus a few non-food lines."""
    pool = list(dict.fromkeys([p + f for f in food_phrases() for p in PREFIXES] + NOT_FOOD))
    if n > len(pool):
        raise SystemExit(f"the vocabulary makes {len(pool)} distinct lines, {n} asked")
    return rng.sample(pool, n)


def repeated_log(n: int, distinct: int, rng: random.Random) -> list[str]:
    """A log of ``n`` lines drawn from ``distinct`` lines with Zipf-like repetition (s = 1.1)."""
    lines = distinct_lines(distinct, rng)
    weights = [1 / (i + 1) ** 1.1 for i in range(distinct)]
    return rng.choices(lines, weights=weights, k=n)


def structured_vocabulary() -> list[tuple[str, str, list[float]]]:
    """(food, unit, usual amounts) of a structured diary, as an app export has them."""
    out: list[tuple[str, str, list[float]]] = []
    out += [(f, s.strip(), [1, 1, 1, 2, 0.5, 3]) for f in COUNT_FOODS for s in SIZES]
    out += [(f, "cup", [1, 0.5, 1.5, 2, 0.75, 0.25]) for f in CUP_FOODS]
    out += [(f, "g", [50, 80, 100, 120, 150, 200, 250]) for f in WEIGHT_FOODS]
    out += [(f, "oz", [2, 3, 4, 6, 8]) for f in WEIGHT_FOODS]
    out += [(f, u, [1, 2, 0.5, 3]) for f in SPOON_FOODS for u in ("tbsp", "tsp")]
    out += [(f, "slice", [1, 2, 3]) for f in SLICE_FOODS]
    out += [(f, "serving", [1, 1, 2]) for f in ("spaghetti", "chili", "granola", "hummus")]
    # two foods no table has: they stay unknown, and are counted as such
    return [*out, ("grandma's casserole", "serving", [1]), ("protein shake xyz", "scoop", [1, 2])]


def write_structured_diary(path: Path, rows: int, rng: random.Random) -> None:
    """A generic CSV diary ``date,meal,food,amount,unit``: 3,650 days, Zipf-like food choice."""
    vocab = structured_vocabulary()
    weights = [1 / (i + 1) ** 0.9 for i in range(len(vocab))]
    rng.shuffle(vocab)
    meals = ["Breakfast", "Lunch", "Dinner", "Snacks"]
    start = datetime.date(2015, 1, 1)
    per_day = rows / 3650
    picks = rng.choices(vocab, weights=weights, k=rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("date,meal,food,amount,unit\n")
        for i, (food, unit, amounts) in enumerate(picks):
            day = start + datetime.timedelta(days=int(i / per_day))
            amount = "" if rng.random() < 0.01 else f"{rng.choice(amounts):g}"  # 1% no amount
            fh.write(f"{day.isoformat()},{rng.choice(meals)},{food},{amount},{unit}\n")


def head_of(path: Path, rows: int, out: Path) -> Path:
    """The header and first ``rows`` rows of a CSV file."""
    with path.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i > rows:
                break
            dst.write(line)
    return out


# --- child scripts (each runs as a fresh process) -------------------------------------------------

THROUGHPUT = r"""
import json, sys, time
t0 = time.perf_counter()
from nutricheck.entries import EntryReader
from nutricheck.foods import default_table
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
t1 = time.perf_counter()
reader = EntryReader(default_table())
reader.matcher  # build the index before timing the lines
t2 = time.perf_counter()
import nutricheck.amounts  # what the first line read imports: pint and its UnitRegistry
t3 = time.perf_counter()
entries = reader.read_lines(lines)
t4 = time.perf_counter()
out = {"lines": len(lines), "entries": len(entries), "ok": sum(e.ok for e in entries),
       "import_s": t1 - t0, "setup_s": t2 - t1, "pint_s": t3 - t2, "lines_s": t4 - t3}
if len(sys.argv) > 2:  # also the vectorised path, with a fresh reader and matcher
    import pandas as pd
    from nutricheck.frame import resolve_lines
    from nutricheck.matching import Matcher
    reader = EntryReader(default_table(), Matcher(default_table()))
    t5 = time.perf_counter()
    resolved = resolve_lines(pd.Series(lines), reader)
    out["vector_s"] = time.perf_counter() - t5
    out["vector_ok"] = int((resolved.status == "ok").sum())
print(json.dumps(out))
"""

READ_DIARY = r"""
diary = pd.read_csv(
    sys.argv[1],
    dtype={"date": "str", "meal": "str", "food": "str", "amount": "float64", "unit": "str"},
    keep_default_na=False,
    na_values={"amount": [""]},
)
"""

OURS_1M = (
    r"""
import json, sys, time
t0 = time.perf_counter()
import pandas as pd
from nutricheck.entries import EntryReader
from nutricheck.frame import daily_totals, resolve_structured
t1 = time.perf_counter()
"""
    + READ_DIARY
    + r"""
t2 = time.perf_counter()
reader = EntryReader()  # the food table
reader.matcher  # the matcher's index
import nutricheck.amounts, nutricheck.days  # pint and its UnitRegistry; the import path's rules
t3 = time.perf_counter()
resolved = resolve_structured(diary["food"], diary["amount"], diary["unit"], None, reader)
t4 = time.perf_counter()
totals = daily_totals(resolved.join(diary[["date"]]), reader.table)
t5 = time.perf_counter()
totals.to_csv(sys.argv[2], index=False)
print(json.dumps({
    "import_s": t1 - t0, "read_s": t2 - t1, "setup_s": t3 - t2, "resolve_s": t4 - t3,
    "totals_s": t5 - t4, "rows": len(diary), "days": len(totals),
    "entries": int(totals.entries.sum()), "skipped": int(totals.skipped.sum()),
    "unknown_keys": int(totals.unknown_keys.sum()),
}))
"""
)

FLOOR_1M = (
    r"""
import json, sys, time
t0 = time.perf_counter()
import pandas as pd
t1 = time.perf_counter()
"""
    + READ_DIARY
    + r"""
lookup = pd.read_csv(
    sys.argv[2],
    dtype={"food": "str", "unit": "str", "food_key": "str", "default_key": "str"},
    keep_default_na=False,
    na_values={c: [""] for c in ("food_key", "grams_per_unit", "default_key", "default_grams")},
)
foods = pd.read_csv(sys.argv[3], dtype={"food_key": "str"})
keys = [c for c in foods.columns if c.endswith(("_mg", "_ug", "_kcal"))]
t2 = time.perf_counter()
m = diary.merge(lookup, on=["food", "unit"], how="left")
given = m["amount"].notna()
m["food_key"] = m["food_key"].where(given, m["default_key"])
m["grams"] = (m["amount"] * m["grams_per_unit"]).where(given, m["default_grams"])
m = m.merge(foods[["food_key", *keys]], on="food_key", how="left")
per = m[keys].mul(m["grams"] / 100.0, axis=0)
per["date"] = m["date"]
totals = per.groupby("date", sort=True)[keys].sum(min_count=1).reset_index()
t3 = time.perf_counter()
totals.to_csv(sys.argv[4], index=False)
print(json.dumps({"import_s": t1 - t0, "read_s": t2 - t1, "arith_s": t3 - t2, "days": len(totals)}))
"""
)

LOOKUP = r"""
import sys
import pandas as pd
from nutricheck.entries import EntryReader
from nutricheck.frame import resolve_structured
# (food, unit) -> food key and grams of one unit, and food key and grams with no amount: what
# nutricheck makes of each distinct pair, for the floor to merge on.
d = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)[["food", "unit"]]
d = d.drop_duplicates().reset_index(drop=True)
reader = EntryReader()
one = resolve_structured(d.food, pd.Series(1.0, index=d.index), d.unit, None, reader)
none = resolve_structured(d.food, pd.Series(float("nan"), index=d.index), d.unit, None, reader)
if not (one.index.is_unique and none.index.is_unique):
    raise SystemExit("a structured food resolved to several foods; the floor needs one per row")
d["food_key"] = one.food_key.astype(object).where(one.status == "ok")
d["grams_per_unit"] = one.grams
d["default_key"] = none.food_key.astype(object).where(none.status == "ok")
d["default_grams"] = none.grams
d.to_csv(sys.argv[2], index=False)
"""

COMPARE = r"""
import json, sys
import numpy as np
import pandas as pd
# argv: the floor's totals (CSV), then either the library script's totals (CSV) or the report
# of `nutricheck import --format json` (whose values are rounded to 3 decimals).
b = pd.read_csv(sys.argv[1]).set_index("date")
keys = list(b.columns)
if sys.argv[2].endswith(".json"):
    report = json.load(open(sys.argv[2], encoding="utf-8"))
    a = pd.DataFrame(
        [{"date": d["date"], **{k: d["totals"][k]["value"] for k in keys}} for d in report["days"]]
    ).set_index("date").astype(float)
    tolerance = "values rounded to 3 decimals by the report"
    rows = report["rows"]
    extra = (f"; rows: {rows['total']:,} read, {rows['used']:,} used, "
             f"{report['unparsed_count']:,} entries not understood")
else:
    a = pd.read_csv(sys.argv[2]).set_index("date")
    tolerance, extra = "unrounded", ""
x, y = a.loc[b.index, keys].to_numpy(), b[keys].to_numpy()
same_nan = bool((np.isnan(x) == np.isnan(y)).all())
absolute = np.nanmax(np.abs(x - y))
rel = np.nanmax(np.abs(x - y) / np.maximum(np.abs(y), 1e-12))
print(f"{len(b):,} days x {len(keys)} nutrients, largest difference {absolute:.1e} "
      f"(relative {rel:.1e}; {tolerance}), unknown (NaN) totals "
      f"{'the same' if same_nan else 'DIFFERENT'}{extra}")
"""

STEPS = r"""
import json, sys, time
marks = {}
t = time.perf_counter()
def mark(name):
    global t
    marks[name] = time.perf_counter() - t
    t = time.perf_counter()
import click
mark("import click")
import nutricheck.cli
mark("import nutricheck.cli")
import pint
mark("import pint")
import nutricheck.units
mark("nutricheck.units: pint.UnitRegistry()")
from nutricheck.foods import default_table
table = default_table()
mark("default_table()")
from nutricheck.entries import EntryReader
reader = EntryReader(table)
reader.matcher
mark("Matcher(table): the index")
entries = reader.read_lines(open(sys.argv[1], encoding="utf-8").read().splitlines())
mark("read the day's lines")
from nutricheck.profile import Profile
from nutricheck.targets import targets_for
targets = targets_for(Profile.create("female", 34))
mark("targets_for")
from nutricheck.report import build_report
report = build_report(entries, targets.profile, table=table, targets=targets)
mark("build_report (totals, explain, suggest)")
from nutricheck.render import render
render(report, "text")
mark("render text")
marks["pandas imported"] = "pandas" in sys.modules
marks["dask imported (by pint)"] = "dask" in sys.modules
print(json.dumps(marks))
"""

VERSIONS = r"""
import json, platform
import numpy, pandas, pint
try:
    import dask
    dask_version = dask.__version__
except ImportError:
    dask_version = "not installed"
print(json.dumps({"python": platform.python_version(), "pandas": pandas.__version__,
                  "numpy": numpy.__version__, "pint": pint.__version__, "dask": dask_version}))
"""

SCRIPTS = {
    "throughput.py": THROUGHPUT,
    "ours_1m.py": OURS_1M,
    "floor_1m.py": FLOOR_1M,
    "lookup.py": LOOKUP,
    "compare.py": COMPARE,
    "steps.py": STEPS,
    "versions.py": VERSIONS,
}


# --- the run -------------------------------------------------------------------------------------


def machine(work: Path) -> dict[str, str]:
    def first(path: str, prefix: str) -> str:
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "unknown"

    mem = first("/proc/meminfo", "MemTotal")
    if mem.endswith("kB"):
        mem = f"{int(mem.split()[0]) / 1024**2:.1f} GiB"
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": f"{os.cpu_count()} (nproc: {len(os.sched_getaffinity(0))})",
        "cpu model": first("/proc/cpuinfo", "model name"),
        "memory": mem,
        "os": platform.platform(),
        **run_once([PYTHON, str(work / "versions.py")]).json(),
        "peak memory from": "GNU time (%M)" if TIME else "os.wait4 (ru_maxrss)",
    }


@dataclass
class Sizes:
    small_repeat: int
    big_repeat: int
    distinct: int
    log: int
    log_pool: int
    diary: int
    import_rows: tuple[int, ...]


FULL = Sizes(7, 3, 10_000, 100_000, 2_000, 1_000_000, (100_000,))
QUICK = Sizes(2, 1, 2_000, 20_000, 1_000, 100_000, ())


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="small inputs, fewer runs (a smoke run)")
    ap.add_argument(
        "--output",
        type=Path,
        help="markdown to write (default: docs/benchmarks.md, full runs only)",
    )
    ap.add_argument(
        "--skip-import",
        action="store_true",
        help="do not time `nutricheck import` on the smaller diaries (the 1M-row figure stays)",
    )
    ap.add_argument(
        "--only-large",
        action="store_true",
        help="only the 1,000,000-row diary (and its floor); prints its section, writes nothing",
    )
    args = ap.parse_args(argv)
    size = QUICK if args.quick else FULL
    nc = nutricheck_command()
    work = Path(tempfile.mkdtemp(prefix="nutricheck-bench-"))
    CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(work / "pycache")  # removed with the rest
    try:
        for name, text in SCRIPTS.items():
            (work / name).write_text(text, encoding="utf-8")
        r: dict[str, Any] = {"quick": args.quick, "size": size, "nc": " ".join(nc)}
        r["machine"] = machine(work)
        print("machine: " + "; ".join(f"{k} {v}" for k, v in r["machine"].items()), flush=True)

        rng = random.Random(SEED)
        distinct, log, big = work / "distinct.txt", work / "log.txt", work / "big.csv"
        distinct.write_text("\n".join(distinct_lines(size.distinct, rng)), encoding="utf-8")
        log.write_text("\n".join(repeated_log(size.log, size.log_pool, rng)), encoding="utf-8")
        write_structured_diary(big, size.diary, rng)
        made = run_once([PYTHON, str(work / "lookup.py"), str(big), str(work / "lookup.csv")])
        if made.returncode:
            raise SystemExit(f"could not build the floor's lookup: {made.stderr[-500:]}")

        if not args.only_large:
            _small_and_lines(r, size, nc, work, distinct, log)

        _large(r, size, nc, work, big, args.skip_import)

        if args.only_large:
            print("\n" + "\n".join(render_large(r)))
            return 0
        text = render_markdown(r)
        print("\n" + text)
        output = args.output or (None if args.quick else ROOT / "docs" / "benchmarks.md")
        if output is not None:
            output.write_text(text, encoding="utf-8")
            print(f"wrote {output}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _small_and_lines(
    r: dict[str, Any], size: Sizes, nc: list[str], work: Path, distinct: Path, log: Path
) -> None:
    """The one-day report against its floors, and lines/s of the parser, matcher and grams."""
    print("\nsmall path (a fresh process each run)", flush=True)
    day = ["report", str(ROOT / "examples" / "day.txt"), "--sex", "female", "--age", "34"]
    n = size.small_repeat
    r["click"] = measure("python -c 'import click'", [PYTHON, "-c", "import click"], n)
    r["help"] = measure("nutricheck --help", [*nc, "--help"], n)
    heavy = [PYTHON, "-c", "import pandas, pint, click"]
    r["heavy"] = measure("python -c 'import pandas, pint, click'", heavy, n)
    r["report"] = measure("nutricheck report examples/day.txt (F 34)", [*nc, *day], n)
    r["steps"] = run_once([PYTHON, str(work / "steps.py"), day[1]]).json()
    imports = run_once([PYTHON, "-X", "importtime", *nc, *day])
    r["imports"] = _importtime_top(imports.stderr)

    print("\nparse + match + grams (lines/s over the lines only)", flush=True)
    tp = [PYTHON, str(work / "throughput.py")]
    r["distinct"] = measure(
        f"{size.distinct:,} distinct lines", [*tp, str(distinct)], size.big_repeat
    )
    label = f"{size.log:,}-line log ({size.log_pool:,} distinct)"
    r["log"] = measure(label, [*tp, str(log), "vectorised"], size.big_repeat)


def _large(
    r: dict[str, Any], size: Sizes, nc: list[str], work: Path, big: Path, skip_import: bool
) -> None:
    """The 1,000,000-row diary: the whole `nutricheck import` process against the pandas floor."""
    print(f"\n{size.diary:,}-row generic CSV diary", flush=True)
    profile = ["--sex", "female", "--age", "34"]
    report_json = work / "ours.json"
    ours_cmd = [*nc, "import", str(big), *profile, "--format", "json", "-o", os.devnull]
    lib_cmd = [PYTHON, str(work / "ours_1m.py"), str(big), str(work / "lib.csv")]
    floor_cmd = [PYTHON, str(work / "floor_1m.py"), str(big), str(work / "lookup.csv"),
                 str(ROOT / "data" / "foods.csv"), str(work / "floor.csv")]  # fmt: skip
    limits = {"timeout": IMPORT_TIMEOUT, "memory_cap_gib": IMPORT_CAP_GIB}
    # Warm-up, not counted; the first also keeps the report, to compare with the floor.
    run_once([*ours_cmd[:-1], str(report_json)], **limits), run_once(floor_cmd), run_once(lib_cmd)
    ours = Measure("nutricheck import --format json")
    floor = Measure("plain pandas floor")
    lib = Measure("library: resolve_structured + daily_totals")
    for _ in range(size.big_repeat):  # alternating, so drift in the machine hits all alike
        ours.runs.append(run_once(ours_cmd, **limits))
        floor.runs.append(run_once(floor_cmd))
        lib.runs.append(run_once(lib_cmd))
    ours.show()
    floor.show()
    lib.show()
    r["ours"], r["floor"], r["lib"] = ours, floor, lib
    r["agreement"] = r["lib_agreement"] = "not compared: a script failed"
    compare = [PYTHON, str(work / "compare.py"), str(work / "floor.csv")]
    r["report_mb"] = report_json.stat().st_size / 1e6 if report_json.exists() else float("nan")
    if ours.ok and floor.ok and report_json.exists():
        r["agreement"] = run_once([*compare, str(report_json)]).stdout.strip()
    if lib.ok and floor.ok:
        r["lib_agreement"] = run_once([*compare, str(work / "lib.csv")]).stdout.strip()
    print(f"  report against the floor: {r['agreement']}", flush=True)
    print(f"  library against the floor: {r['lib_agreement']}", flush=True)

    r["cli_import"] = []
    if not skip_import:
        for rows in size.import_rows:
            path = head_of(big, rows, work / f"head{rows}.csv")
            cmd = [*nc, "import", str(path), *profile, "--format", "json", "-o", os.devnull]
            m = measure(f"nutricheck import ({rows:,} rows)", cmd, size.big_repeat, **limits)
            r["cli_import"].append((rows, m))


def _importtime_top(stderr: str, limit: int = 12) -> list[tuple[str, float, float]]:
    """(module, self ms, cumulative ms) of the slowest imports of a ``-X importtime`` run."""
    rows = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cum_us, name = (p.strip() for p in line.split(":", 1)[1].split("|", 2))
        rows.append((name, int(self_us) / 1000, int(cum_us) / 1000))
    return sorted(rows, key=lambda row: -row[1])[:limit]


# --- the report ----------------------------------------------------------------------------------


def _median(stats: list[dict[str, Any]], key: str) -> float:
    values = [s[key] for s in stats if key in s]
    return statistics.median(values) if values else float("nan")


def _goal(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def _s(m: Measure, digits: int = 3) -> str:
    return f"{m.wall:.{digits}f} s, {m.peak_mib:.0f} MiB"


def render_markdown(r: dict[str, Any]) -> str:
    size: Sizes = r["size"]
    click, help_, heavy, report = r["click"], r["help"], r["heavy"], r["report"]
    d_stats, l_stats = r["distinct"].stats(), r["log"].stats()
    d_rate = size.distinct / _median(d_stats, "lines_s")
    l_rate = size.log / _median(l_stats, "lines_s")
    v_rate = size.log / _median(l_stats, "vector_s")
    quick = " --quick (small inputs: not the goals' sizes)" if r["quick"] else ""
    out = [
        "# Benchmarks",
        "",
        f"Measured by `python bench/run.py`{quick} on {r['machine']['date']}. Every figure is a "
        "fresh",
        "process: wall time is the median of the runs (7 for the small path, 3 for the large "
        "inputs),",
        "peak memory the largest resident set of any run (GNU time). Each command ran once first,",
        "uncounted, so caches are warm for all alike. bench/README.md explains each figure.",
        "",
        "## Machine",
        "",
        *(f"- {k}: {v}" for k, v in r["machine"].items()),
        f"- nutricheck command: `{r['nc']}` (the script itself, not a pyenv shim)",
        "",
        "## Against the goals",
        "",
        "| goal | measured | floor | ratio | |",
        "|---|---|---|---|---|",
        f"| `nutricheck --help` within 2x of `import click` | {_s(help_)} | {_s(click)} "
        f"| {help_.wall / click.wall:.2f}x | {_goal(help_.wall <= 2 * click.wall)} |",
        f"| one-day report no slower than `import pandas, pint, click` | {_s(report)} | "
        f"{_s(heavy)} "
        f"| {report.wall / heavy.wall:.2f}x | {_goal(report.wall <= heavy.wall)} |",
        *large_goals(r),
        f"| >= 2,000 distinct lines/s (`EntryReader.read_lines`) | {d_rate:,.0f} lines/s | | "
        f"| {_goal(d_rate >= 2000)} |",
        f"| >= 100,000 repeated lines/s (`EntryReader.read_lines`) | {l_rate:,.0f} lines/s | | "
        f"| {_goal(l_rate >= 100_000)} |",
        f"| >= 100,000 repeated lines/s (`frame.resolve_lines`) | {v_rate:,.0f} lines/s | | "
        f"| {_goal(v_rate >= 100_000)} |",
        "",
        "## One-day report: where the time goes",
        "",
        "The steps of `nutricheck report examples/day.txt --sex female --age 34`, timed one "
        "after the",
        "other in one process (bench `steps.py`):",
        "",
        "| step | seconds |",
        "|---|---|",
        *(
            f"| {k} | {v:.3f} |" if isinstance(v, float) else f"| {k} | {v} |"
            for k, v in r["steps"].items()
        ),
        "",
        "Slowest imports of the `nutricheck report` process (`python -X importtime`, self time):",
        "",
        "| module | self ms | cumulative ms |",
        "|---|---|---|",
        *(f"| {name} | {s:.0f} | {c:.0f} |" for name, s, c in r["imports"]),
        "",
        "## Parse + match + grams",
        "",
        f"Lines generated from a fixed seed ({SEED}) from a vocabulary of diary lines (amounts, "
        "units,",
        "sizes, meal prefixes, typos, non-food lines: `bench/run.py`). Lines/s counts the lines "
        "only,",
        "after the one-off costs listed beside it (imports; the food table and the matcher's "
        "index;",
        "pint, which the first line read would import). The log's rate includes reading each of "
        "its",
        "distinct lines once.",
        "",
        "| input | lines/s | entries ok | import | table + matcher | pint | process | peak |",
        "|---|---|---|---|---|---|---|---|",
        _lines_row(
            f"{size.distinct:,} distinct lines, `EntryReader.read_lines`",
            r["distinct"],
            size.distinct,
        ),
        _lines_row(
            f"{size.log:,}-line log ({size.log_pool:,} distinct, Zipf s = 1.1), `read_lines`",
            r["log"],
            size.log,
        ),
        f"| the same log, `frame.resolve_lines` (fresh reader) | {v_rate:,.0f} "
        f"| {l_stats[0]['vector_ok'] if l_stats else '-':,} | | | | | |",
        "",
    ]
    out += render_large(r)
    out.append("")
    return "\n".join(out)


def large_goals(r: dict[str, Any]) -> list[str]:
    """The goal rows of the 1,000,000-row diary."""
    ours, floor = r["ours"], r["floor"]
    big = f"{r['size'].diary:,}-row diary (`nutricheck import`)"
    return [
        f"| {big} within 1.5x of plain pandas | {_s(ours, 2)} | {_s(floor, 2)} "
        f"| {ours.wall / floor.wall:.2f}x | {_goal(ours.ok and ours.wall <= 1.5 * floor.wall)} |",
        f"| {big} under 1 GiB peak | {ours.peak_mib:.0f} MiB | | "
        f"| {_goal(ours.ok and ours.peak_mib < 1024)} |",
    ]


def render_large(r: dict[str, Any]) -> list[str]:
    """The section on the 1,000,000-row diary (printed alone by ``--only-large``)."""
    size: Sizes = r["size"]
    ours, floor, lib = r["ours"], r["floor"], r["lib"]
    f, o = floor.stats(), lib.stats()
    out = [
        f"## {size.diary:,}-row diary",
        "",
        "A generic CSV diary (`date,meal,food,amount,unit`; 3,650 days; foods drawn Zipf-like "
        f"from {len(structured_vocabulary())}",
        "(food, unit) pairs, two of them foods no table has; 1% of amounts missing; fixed seed).",
        "",
        "* **Ours:** the whole command, `nutricheck import big.csv --sex female --age 34 "
        "--format json -o /dev/null`:",
        "  start-up (imports, the food table, the matcher's index, pint), the file read in "
        "chunks of",
        "  250,000 rows, each distinct (food, unit) read once and scaled to each amount, "
        "per-day totals, coverage and",
        "  foods without a value added up as arrays, the summary, and the report "
        f"({r['report_mb']:.0f} MB of JSON).",
        "* **Floor:** `pandas.read_csv`; a merge with a (food, unit) -> food key and "
        "grams-per-unit",
        "  lookup made beforehand by nutricheck, outside the timing; a merge with data/foods.csv;",
        "  multiply; `groupby('date').sum()`. The same arithmetic, without start-up, parsing, "
        "matching,",
        "  coverage or a report.",
        "* **Library:** `pandas.read_csv` + `frame.resolve_structured` + `frame.daily_totals` "
        "(docs/scale.md),",
        "  whole file in memory, per-day totals and coverage only.",
        "",
        "| | process | cpu | peak |",
        "|---|---|---|---|",
        *(
            f"| {label} | {m.wall:.2f} s{'' if m.ok else ' FAILED'} | {m.cpu:.2f} s "
            f"| {m.peak_mib:.0f} MiB |"
            for label, m in (
                ("`nutricheck import`", ours),
                ("plain pandas floor", floor),
                ("library path", lib),
            )
        ),
        "",
        f"Inside the floor: imports {_median(f, 'import_s'):.2f} s, read CSV "
        f"{_median(f, 'read_s'):.2f} s, merges, multiply and sum {_median(f, 'arith_s'):.2f} s. "
        f"Inside the library path: imports {_median(o, 'import_s'):.2f} s, read CSV "
        f"{_median(o, 'read_s'):.2f} s, setup {_median(o, 'setup_s'):.2f} s, resolve "
        f"{_median(o, 'resolve_s'):.2f} s, totals {_median(o, 'totals_s'):.2f} s.",
        "",
        f"The report's per-day totals against the floor's: {r['agreement']}.",
        f"The library path's against the floor's: {r['lib_agreement']}.",
    ]
    if r["cli_import"]:
        out += ["", "`nutricheck import` on the first rows of the same diary:", "",
                "| rows | result | wall | peak | rows/s |", "|---|---|---|---|---|"]  # fmt: skip
        for rows, m in [*r["cli_import"], (size.diary, ours)]:
            rate = f"{rows / m.wall:,.0f}" if m.ok else "-"
            out.append(
                f"| {rows:,} | {_outcome(m)} | {m.wall:.1f} s | {m.peak_mib:.0f} MiB | {rate} |"
            )
    return out


def _outcome(m: Measure) -> str:
    run = m.runs[-1]
    if m.ok:
        return "finished"
    if "MemoryError" in run.stderr:
        return f"**MemoryError** at the {IMPORT_CAP_GIB:g} GiB cap"
    if run.wall >= IMPORT_TIMEOUT:
        return f"**not finished** in {IMPORT_TIMEOUT:.0f} s"
    last = run.stderr.strip().splitlines()[-1][:100] if run.stderr.strip() else ""
    return f"**failed** (exit {run.returncode}) {last}"


def _lines_row(label: str, m: Measure, n: int) -> str:
    stats = m.stats()
    if not stats:
        return f"| {label} | failed | | | | | | |"
    return (
        f"| {label} | {n / _median(stats, 'lines_s'):,.0f} "
        f"| {stats[0]['ok']:,} / {stats[0]['entries']:,} | {_median(stats, 'import_s'):.2f} s "
        f"| {_median(stats, 'setup_s'):.2f} s | {_median(stats, 'pint_s'):.2f} s "
        f"| {m.wall:.2f} s | {m.peak_mib:.0f} MiB |"
    )


if __name__ == "__main__":
    sys.exit(main())
