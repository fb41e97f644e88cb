"""The food composition table: data/foods.csv and data/portions.csv, loaded and validated.

A :class:`Food` holds per-100 g values keyed by the nutrient registry; ``None`` means the source has
no value (unknown), which is never the same as ``0``. Household measures are :class:`Portion` rows:
``grams`` is the weight of the whole portion description (``amount`` units), so one unit weighs
``grams / amount``.

The bundled table is read through :mod:`importlib.resources`, so it is found from any working
directory, installed or editable. A user-supplied table (``--foods PATH``) is validated row by row and
errors name the file, the line and the column.

Loading is lazy: a file is read as text and split into records, and only a record's food key is read
at load time; its cells are parsed, checked and turned into a :class:`Food` (with its portions) the
first time the food is asked for. A one-day report touches a few dozen of the 14,220 bundled foods,
and parsing every cell of both files would cost about a third of a second. :attr:`FoodTable.fingerprint`
is a digest of the files' bytes, so that indexes built from a table (the matcher's) can be cached on
disk and rebuilt when the files change.
"""

from __future__ import annotations

import codecs
import csv
import functools
import itertools
import math
import sys
from array import array
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
                k: {"value": self.per_100g.get(k), "unit": nutrients.get(k).unit}
                for k in nutrients.KEYS
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

    def __init__(
        self,
        foods: Iterable[Food] = (),
        *,
        lazy: Mapping[str, Callable[[], Food]] | None = None,
        fingerprint: str | None = None,
    ) -> None:
        self._foods: dict[str, Food] = {}
        # A file's records are kept as they are (a mapping that builds a food's maker on demand);
        # anything else is copied.
        self._lazy: Mapping[str, Callable[[], Food]] = (
            lazy if isinstance(lazy, _Records) else dict(lazy or {})
        )
        self._order: dict[str, None] = dict.fromkeys(self._lazy)
        for food in foods:
            self._foods[food.key] = food
            self._order[food.key] = None
        if fingerprint is None and not self._order:
            fingerprint = _digest(b"")  # an empty table is the same whatever made it
        self.fingerprint: str | None = fingerprint
        """A digest of the files the foods were read from (``None`` for foods built in memory): two
        tables with the same fingerprint have the same foods. Caches of indexes key on it."""

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
        if not len(other):
            merged.fingerprint = self.fingerprint
        elif self.fingerprint is not None and other.fingerprint is not None:
            merged.fingerprint = _digest(self.fingerprint, other.fingerprint)
        else:
            merged.fingerprint = None
        return merged

    @classmethod
    def load(
        cls, foods_path: str | Path | None = None, portions_path: str | Path | None = None
    ) -> FoodTable:
        """Load a table: the bundled one when no path is given, else the user's CSV files.

        A user's files are validated completely here, so every malformed cell is reported at once
        with its file, line and column.

        Raises:
            DataFileError: a file is missing, or a row is malformed.
        """
        if foods_path is None and portions_path is None:
            return default_table()
        if not foods_path:
            if portions_path:
                _read_portions(Path(portions_path))  # a missing or malformed file is still an error
            return cls()
        table = _load(Path(foods_path), Path(portions_path) if portions_path else None)
        table.validate()
        return table


_INF = math.inf


def _number(
    text: str, path: str, line: int, column: str, *, positive: bool = False
) -> float | None:
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


def _digest(*parts: str | bytes) -> str:
    from nutricheck._diskcache import digest

    return digest(*parts)


def _read_text(path: Path) -> tuple[bytes, str]:
    """A file's bytes and its text (UTF-8, a BOM allowed); else a DataFileError naming the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataFileError(f"cannot read the file: {exc.strerror}", source=str(path)) from exc
    body = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    try:
        return data, body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        raise DataFileError(
            f"not a readable UTF-8 CSV file: {exc}", source=str(path), line=line
        ) from exc


@dataclass(frozen=True)
class _Layout:
    """Where each record of a CSV file is in its text (what the on-disk index holds).

    ``starts[i]:ends[i]`` is record ``i``'s text (without its line ending), ``lines[i]`` the 1-based
    line it starts on; record 0 is the header. Arrays of plain ints, so the index pickles compactly.
    """

    starts: array[int]
    ends: array[int]
    lines: array[int]

    @classmethod
    def of(cls, text: str, where: str) -> _Layout:
        """Split ``text`` into records with the csv module (a quoted cell may hold a line break)."""
        physical = text.split("\n")
        offsets = array("q", [0])
        offsets.extend(itertools.accumulate(len(p) + 1 for p in physical))
        starts, ends, lines = array("q"), array("q"), array("q")
        reader = csv.reader(p + "\n" for p in physical)
        first = 0
        try:
            for rec in reader:
                last = reader.line_num
                if rec:  # not a blank line
                    end = offsets[last] - 1
                    if text[end - 1 : end] == "\r":
                        end -= 1
                    starts.append(offsets[first])
                    ends.append(max(end, offsets[first]))
                    lines.append(first + 1)
                first = last
        except csv.Error as exc:
            raise DataFileError(
                f"not a readable UTF-8 CSV file: {exc}", source=where, line=reader.line_num
            ) from exc
        return cls(starts, ends, lines)


class _CsvFile:
    """A CSV file's text, its header and where its records are; records are parsed one at a time."""

    __slots__ = ("data", "index", "layout", "path", "text", "width")

    def __init__(
        self,
        path: Path,
        required: Iterable[str],
        layout: _Layout | None = None,
        content: tuple[bytes, str] | None = None,
    ) -> None:
        self.path = str(path)
        self.data, self.text = content if content is not None else _read_text(path)
        self.layout = layout if layout is not None else _Layout.of(self.text, self.path)
        header = [h.strip() for h in self.cells(0, check_width=False)] if self.layout.starts else []
        self.index = {name: i for i, name in enumerate(header)}
        self.width = len(header)
        missing = [c for c in required if c not in self.index]
        if missing:
            raise DataFileError(
                f"missing column(s) {', '.join(missing)}",
                source=self.path,
                line=1,
                hint=f"the header must name {', '.join(required)}",
            )

    def __len__(self) -> int:
        """Records after the header."""
        return max(0, len(self.layout.starts) - 1)

    def line(self, i: int) -> int:
        return self.layout.lines[i]

    def cells(self, i: int, *, check_width: bool = True) -> list[str]:
        """The cells of record ``i`` (0 is the header), checked against the header's width."""
        text = self.text[self.layout.starts[i] : self.layout.ends[i]]
        if '"' not in text and "\r" not in text:
            rec = text.split(",")
        else:
            try:
                rec = next(csv.reader([text]), [])
            except csv.Error as exc:
                raise DataFileError(
                    f"not a readable UTF-8 CSV file: {exc}", source=self.path, line=self.line(i)
                ) from exc
        if check_width and len(rec) != self.width:
            raise DataFileError(
                f"this row has {len(rec)} cells, the header has {self.width}",
                source=self.path,
                line=self.line(i),
            )
        return rec

    def keys(self, column: str = "food_key") -> list[str]:
        """``column`` of every record after the header, stripped (parsing only what it must)."""
        c = self.index[column]
        text, starts, ends = self.text, self.layout.starts, self.layout.ends
        out = []
        for i in range(1, len(starts)):
            s, e = starts[i], ends[i]
            if c == 0 and text[s] != '"':
                comma = text.find(",", s, e)
                out.append(text[s : e if comma < 0 else comma].strip())
            else:
                rec = self.cells(i)
                out.append(rec[c].strip())
        return out


@dataclass(frozen=True)
class _Index:
    """What the on-disk cache keeps of the bundled files: the records' places, the food keys in
    order, and which portion records belong to each food (``portion_order[first[i]:first[i] +
    count[i]]`` for food ``i``)."""

    foods: _Layout
    portions: _Layout | None
    keys: str  # the food keys, one per line
    portion_order: array[int]
    portion_first: array[int]
    portion_count: array[int]


class _Records(Mapping[str, Callable[[], Food]]):
    """The foods of one file (and its portions file), each built from its record on demand."""

    def __init__(
        self, foods: _CsvFile, portions: _CsvFile | None, index: _Index | None = None
    ) -> None:
        self.foods, self.portions = foods, portions
        if index is None:
            index = self._index(foods, portions)
        self.index = index
        self.keys_ = index.keys.split("\n") if index.keys else []
        self._position = {k: i for i, k in enumerate(self.keys_)}
        self.i_desc = foods.index["description"]
        self.optional = {c: foods.index.get(c) for c in OPTIONAL_FOOD_COLUMNS}
        self.columns = [(k, foods.index.get(k)) for k in nutrients.KEYS]

    @staticmethod
    def _index(foods: _CsvFile, portions: _CsvFile | None) -> _Index:
        """Read every food key (and portion's food key), checking them; the slow, uncached path."""
        keys = foods.keys("food_key")
        position: dict[str, int] = {}
        for i, key in enumerate(keys):
            line = foods.line(i + 1)
            if not key:
                raise DataFileError(
                    "food_key and description must not be empty", source=foods.path, line=line
                )
            if key in position:
                raise DataFileError(
                    "duplicate food_key", source=foods.path, line=line, column="food_key", text=key
                )
            position[key] = i
        groups: list[list[int]] = [[] for _ in keys]
        if portions is not None:
            for j, key in enumerate(portions.keys("food_key"), start=1):
                owner = position.get(key)
                if owner is None:
                    raise DataFileError(
                        "portion of a food that is not in the foods file",
                        source=portions.path,
                        line=portions.line(j),
                        column="food_key",
                        text=key,
                    )
                groups[owner].append(j)
        order, first, count = array("q"), array("q"), array("q")
        for group in groups:
            first.append(len(order))
            count.append(len(group))
            order.extend(group)
        return _Index(
            foods.layout,
            portions.layout if portions is not None else None,
            "\n".join(keys),
            order,
            first,
            count,
        )

    def __getitem__(self, key: str) -> _LazyFood:
        return _LazyFood(self, self._position[key])

    def __contains__(self, key: object) -> bool:
        return key in self._position

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys_)

    def __len__(self) -> int:
        return len(self.keys_)

    def portions_of(self, i: int) -> tuple[Portion, ...]:
        file, index = self.portions, self.index
        if file is None or not index.portion_count[i]:
            return ()
        where = file.path
        _, i_seq, i_amount, i_unit, i_desc, i_grams = (file.index[c] for c in PORTION_COLUMNS)
        out = []
        first = index.portion_first[i]
        for j in index.portion_order[first : first + index.portion_count[i]]:
            rec, line = file.cells(j), file.line(j)
            grams = _number(rec[i_grams], where, line, "grams", positive=True)
            if grams is None:
                raise DataFileError(
                    "a portion needs its weight in grams", source=where, line=line, column="grams"
                )
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


class _LazyFood:
    """Builds one Food from its CSV record on first use; reads its description without the rest."""

    __slots__ = ("_i", "_records", "key")

    def __init__(self, records: _Records, i: int) -> None:
        self._records, self._i = records, i
        self.key = records.keys_[i]

    @property
    def description(self) -> str:
        records = self._records
        description = records.foods.cells(self._i + 1)[records.i_desc].strip()
        if not description:
            raise DataFileError(
                "food_key and description must not be empty",
                source=records.foods.path,
                line=records.foods.line(self._i + 1),
            )
        return description

    def __call__(self) -> Food:
        records, i = self._records, self._i
        file = records.foods
        rec, line, where = file.cells(i + 1), file.line(i + 1), file.path
        extra = {c: (rec[j] if j is not None else "") for c, j in records.optional.items()}
        return Food(
            key=self.key,
            description=self.description,
            source=extra["source"],
            source_id=extra["source_id"],
            fdc_id=extra["fdc_id"],
            category=extra["category"],
            # A nutrient column the file does not have is unknown for every food, never zero.
            per_100g=MappingProxyType(
                {
                    k: (_number(rec[j], where, line, k) if j is not None else None)
                    for k, j in records.columns
                }
            ),
            portions=records.portions_of(i),
        )


def _read_portions(path: Path) -> _CsvFile:
    return _CsvFile(path, PORTION_COLUMNS)


_INDEX_VERSION = "1"
"""Bumped when :class:`_Index` changes shape; entries of another version are never read."""


def _load(foods_path: Path, portions_path: Path | None, *, cache: bool = False) -> FoodTable:
    """A lazy table of a foods file (and its portions file), fingerprinted by their bytes.

    With ``cache``, where the records are and which portions belong to which food is kept in the
    user cache dir (:mod:`nutricheck._diskcache`), keyed by the files' bytes, so that the next run
    need not read every record (about a third of a second for the bundled files).
    """
    from nutricheck import _diskcache

    foods_content = _read_text(foods_path)
    portions_content = _read_text(portions_path) if portions_path is not None else None
    fingerprint = _digest(
        foods_content[0],
        portions_content[0] if portions_content else b"",
        str(portions_content is not None),
    )
    key = _digest(_INDEX_VERSION, fingerprint, sys.version)
    index = _diskcache.load("foods", key) if cache else None
    if index is not None and not isinstance(index, _Index):
        index = None
    foods = _CsvFile(
        foods_path, REQUIRED_FOOD_COLUMNS, index.foods if index else None, foods_content
    )
    portions = None
    if portions_path is not None and portions_content is not None:
        portions = _CsvFile(
            portions_path, PORTION_COLUMNS, index.portions if index else None, portions_content
        )
    records = _Records(foods, portions, index)
    if cache and index is None:
        _diskcache.save("foods", key, records.index)
    return FoodTable(lazy=records, fingerprint=fingerprint)


@functools.lru_cache(maxsize=1)
def default_table() -> FoodTable:
    """The bundled USDA table (SR28 + FNDDS 2021-2023), loaded once per process."""
    data = resources.files("nutricheck") / "data"
    with (
        resources.as_file(data / "foods.csv") as foods,
        resources.as_file(data / "portions.csv") as portions,
    ):
        return _load(foods, portions, cache=True)
