"""The food composition table: data/foods.csv and data/portions.csv, loaded and validated.

A :class:`Food` holds per-100 g values keyed by the nutrient registry; ``None`` means the source has
no value (unknown), which is never the same as ``0``. Household measures are :class:`Portion` rows:
``grams`` is the weight of the whole portion description (``amount`` units), so one unit weighs
``grams / amount``.

The bundled table is read through :mod:`importlib.resources`, so it is found from any working
directory, installed or editable. A user-supplied table (``--foods PATH``) is validated row by row and
errors name the file, the line and the column.
"""

from __future__ import annotations

import csv
import functools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from nutricheck import nutrients
from nutricheck.errors import DataFileError, UnknownFoodError

REQUIRED_FOOD_COLUMNS = ("food_key", "description")
OPTIONAL_FOOD_COLUMNS = ("source", "source_id", "fdc_id", "category", "vitamin_d_from_iu")
PORTION_COLUMNS = ("food_key", "seq", "amount", "unit", "description", "grams")


@dataclass(frozen=True)
class Portion:
    """A household measure of one food.

    Attributes:
        amount: how many ``unit`` the weight is for (``0.5`` for "1/2 cup"); ``None`` when the
            description has no leading number ("Quantity not specified").
        unit: the measure without its number: ``"cup, chopped"``, ``"large"``, ``"medium (7\\" long)"``.
        description: the full measure as USDA prints it, e.g. ``"1 cup, chopped"``.
        grams: weight of the whole description (``amount`` units), in grams.
        seq: USDA ordering within the food.
    """

    amount: float | None
    unit: str
    description: str
    grams: float
    seq: int = 0

    @property
    def grams_per_unit(self) -> float:
        """Grams of one unit (``grams / amount``; the whole portion when there is no amount)."""
        return self.grams / self.amount if self.amount else self.grams


@dataclass(frozen=True)
class Food:
    """One food of the table.

    Attributes:
        key: stable key, ``sr28:<NDB number>``, ``fndds:<food code>``, ``fdc:<id>`` or ``user:<slug>``.
        description: USDA description, e.g. ``"Bananas, raw"``.
        source: ``sr28``, ``fndds_2021_2023``, ``fdc`` or ``user``.
        source_id: the id within that source (NDB number, FNDDS food code, FDC id).
        fdc_id: FoodData Central id where known.
        category: USDA food group or WWEIA category.
        per_100g: value per 100 g for every nutrient key of the registry; ``None`` = unknown.
        portions: household measures, in USDA order.
    """

    key: str
    description: str
    source: str = ""
    source_id: str = ""
    fdc_id: str = ""
    category: str = ""
    per_100g: Mapping[str, float | None] = field(default_factory=dict)
    portions: tuple[Portion, ...] = ()

    def value(self, nutrient_key: str) -> float | None:
        """Per-100 g value of a nutrient, ``None`` when unknown."""
        nutrients.get(nutrient_key)  # raises for a misspelt key instead of returning None
        return self.per_100g.get(nutrient_key)

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "description": self.description,
            "source": self.source,
            "source_id": self.source_id,
            "fdc_id": self.fdc_id or None,
            "category": self.category,
            "per_100g": {
                k: {"value": self.per_100g.get(k), "unit": nutrients.get(k).unit} for k in nutrients.KEYS
            },
            "portions": [
                {"description": p.description, "amount": p.amount, "unit": p.unit, "grams": p.grams}
                for p in self.portions
            ],
        }


class FoodTable(Mapping[str, Food]):
    """Foods by key, in a stable order. ``table[key]`` raises :class:`UnknownFoodError`.

    A table is built either from :class:`Food` objects or, for the bundled 14,220 foods, from raw CSV
    rows that become :class:`Food` objects on first access: a one-day report touches a few dozen
    foods, and building all of them would cost most of a second (docs/benchmarks.md).
    """

    def __init__(self, foods: Iterable[Food] = (), *, lazy: Mapping[str, Callable[[], Food]] | None = None) -> None:
        self._foods: dict[str, Food] = {}
        self._lazy: dict[str, Callable[[], Food]] = dict(lazy or {})
        self._order: dict[str, None] = dict.fromkeys(self._lazy)
        for food in foods:
            self._foods[food.key] = food
            self._order[food.key] = None

    # A table is an object with an identity, not a value: comparing 14,220 foods for equality would be
    # slow and pointless, and being hashable lets per-table caches (matcher, suggestions) key on it.
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __getitem__(self, key: str) -> Food:
        food = self._foods.get(key)
        if food is None:
            make = self._lazy.get(key)
            if make is None:
                raise UnknownFoodError(key, hint="run `nutricheck foods search NAME` to find a key")
            food = self._foods[key] = make()
        return food

    def __contains__(self, key: object) -> bool:
        return key in self._order

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def descriptions(self) -> dict[str, str]:
        """Key -> description for every food, without building the foods (for the matcher's index)."""
        out = {k: f.description for k, f in self._foods.items()}
        for key, make in self._lazy.items():
            if key not in out:
                out[key] = getattr(make, "description", None) or self[key].description
        return {k: out[k] for k in self._order}

    def validate(self) -> None:
        """Build every food, so that any malformed cell raises its DataFileError now."""
        for key in self._order:
            self[key]

    def merged(self, other: FoodTable) -> FoodTable:
        """A new table with ``other``'s foods added (replacing foods with the same key)."""
        merged = FoodTable(lazy={**self._lazy, **other._lazy})
        for table in (self, other):
            for key, food in table._foods.items():
                merged._foods[key] = food
                merged._order[key] = None
        return merged

    @classmethod
    def load(cls, foods_path: str | Path | None = None, portions_path: str | Path | None = None) -> FoodTable:
        """Load a table: the bundled one when no path is given, else the user's CSV files.

        A user's files are validated completely here, so every malformed cell is reported at once
        with its file, line and column.

        Raises:
            DataFileError: a file is missing, or a row is malformed.
        """
        if foods_path is None and portions_path is None:
            return default_table()
        portions = _read_portions(Path(portions_path)) if portions_path else None
        table = cls(lazy=_read_foods(Path(foods_path), portions)) if foods_path else cls()
        table.validate()
        return table


_INF = math.inf


def _number(text: str, path: str, line: int, column: str, *, positive: bool = False) -> float | None:
    """A cell as a number; empty means unknown (``None``), anything else invalid is an error."""
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    # One chained comparison rejects NaN, infinities, negatives (and zero where it must be positive).
    if (0 < value < _INF) or (value == 0 and not positive):
        return value
    if not text.strip():
        return None
    raise DataFileError(
        f"{column} must be a {'positive' if positive else 'non-negative'} number or empty (unknown)",
        source=path,
        line=line,
        column=column,
        text=text,
        hint="leave the cell empty when the value is unknown; never write 0 for unknown",
    )


def _rows(path: Path, required: Iterable[str]) -> tuple[dict[str, int], Iterator[tuple[int, list[str]]]]:
    """The header (name -> index) and the rows, with line numbers, of a UTF-8 CSV file.

    Raises DataFileError naming the file (and line) when it cannot be read, a required column is
    missing, or a row has more cells than the header.
    """
    try:
        fh = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise DataFileError(f"cannot read the file: {exc.strerror}", source=str(path)) from exc
    reader = csv.reader(fh)
    try:
        header = [h.strip() for h in next(reader, [])]
    except (csv.Error, UnicodeDecodeError) as exc:
        fh.close()
        raise DataFileError(f"not a readable UTF-8 CSV file: {exc}", source=str(path), line=1) from exc
    index = {name: i for i, name in enumerate(header)}
    missing = [c for c in required if c not in index]
    if missing:
        fh.close()
        raise DataFileError(
            f"missing column(s) {', '.join(missing)}", source=str(path), line=1,
            hint=f"the header must name {', '.join(required)}",
        )
    width = len(header)

    def rows() -> Iterator[tuple[int, list[str]]]:
        with fh:
            try:
                for rec in reader:
                    if len(rec) != width:
                        if not rec:
                            continue  # a blank line
                        raise DataFileError(
                            f"this row has {len(rec)} cells, the header has {width}",
                            source=str(path),
                            line=reader.line_num,
                        )
                    yield reader.line_num, rec
            except (csv.Error, UnicodeDecodeError) as exc:
                raise DataFileError(
                    f"not a readable UTF-8 CSV file: {exc}", source=str(path), line=reader.line_num
                ) from exc

    return index, rows()


class _LazyFood:
    """Builds one Food from its CSV row on first use; knows its description without building."""

    __slots__ = ("description", "_columns", "_line", "_optional", "_portions", "_rec", "_where", "key")

    def __init__(self, key: str, description: str, rec: list[str], line: int, where: str,
                 columns: list[tuple[str, int | None]], optional: dict[str, int | None],
                 portions: tuple[str, dict[str, int], list[tuple[int, list[str]]]]) -> None:
        self.key, self.description, self._rec, self._line, self._where = key, description, rec, line, where
        self._columns, self._optional, self._portions = columns, optional, portions

    def __call__(self) -> Food:
        rec, line, where = self._rec, self._line, self._where
        extra = {c: (rec[i] if i is not None else "") for c, i in self._optional.items()}
        return Food(
            key=self.key,
            description=self.description,
            source=extra["source"],
            source_id=extra["source_id"],
            fdc_id=extra["fdc_id"],
            category=extra["category"],
            # A nutrient column the file does not have is unknown for every food, never zero.
            per_100g=MappingProxyType(
                {k: (_number(rec[i], where, line, k) if i is not None else None) for k, i in self._columns}
            ),
            portions=_portions(*self._portions),
        )


def _read_foods(path: Path, portions: tuple[str, dict[str, int], _PortionRows] | None) -> dict[str, _LazyFood]:
    index, rows = _rows(path, REQUIRED_FOOD_COLUMNS)
    where = str(path)
    i_key, i_desc = index["food_key"], index["description"]
    optional = {c: index.get(c) for c in OPTIONAL_FOOD_COLUMNS}
    columns = [(k, index.get(k)) for k in nutrients.KEYS]
    foods: dict[str, _LazyFood] = {}
    for line, rec in rows:
        key, description = rec[i_key].strip(), rec[i_desc].strip()
        if not key or not description:
            raise DataFileError("food_key and description must not be empty", source=where, line=line)
        if key in foods:
            raise DataFileError("duplicate food_key", source=where, line=line, column="food_key", text=key)
        own = (portions[0], portions[1], portions[2].pop(key, [])) if portions else ("", {}, [])
        foods[key] = _LazyFood(key, description, rec, line, where, columns, optional, own)
    if portions and portions[2]:
        stray = next(iter(portions[2]))
        line = portions[2][stray][0][0]
        raise DataFileError("portion of a food that is not in the foods file", source=portions[0],
                            line=line, column="food_key", text=stray)
    return foods


_PortionRows = dict[str, list[tuple[int, list[str]]]]


def _read_portions(path: Path) -> tuple[str, dict[str, int], _PortionRows]:
    """Portion rows grouped by food key; they become Portions (and are validated) with their food."""
    index, rows = _rows(path, PORTION_COLUMNS)
    out: _PortionRows = {}
    i_key = index["food_key"]
    for line, rec in rows:
        out.setdefault(rec[i_key], []).append((line, rec))
    return str(path), index, out


def _portions(where: str, index: dict[str, int], rows: list[tuple[int, list[str]]]) -> tuple[Portion, ...]:
    if not rows:
        return ()
    _, i_seq, i_amount, i_unit, i_desc, i_grams = (index[c] for c in PORTION_COLUMNS)
    out = []
    for line, rec in rows:
        grams = _number(rec[i_grams], where, line, "grams", positive=True)
        if grams is None:
            raise DataFileError("a portion needs its weight in grams", source=where, line=line, column="grams")
        seq = rec[i_seq]
        out.append(
            Portion(
                amount=_number(rec[i_amount], where, line, "amount", positive=True),
                unit=rec[i_unit],
                description=rec[i_desc],
                grams=grams,
                seq=int(seq) if seq.isdigit() else 0,
            )
        )
    return tuple(out)


@functools.lru_cache(maxsize=1)
def default_table() -> FoodTable:
    """The bundled USDA table (SR28 + FNDDS 2021-2023), loaded once per process."""
    data = resources.files("nutricheck") / "data"
    with resources.as_file(data / "foods.csv") as foods, resources.as_file(data / "portions.csv") as portions:
        return FoodTable(lazy=_read_foods(foods, _read_portions(portions)))
