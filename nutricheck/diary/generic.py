"""The generic CSV diary, read in vectorised chunks so a file of a million rows fits in memory.

Two shapes, told apart row by row (a file may mix them):

* free text: ``date,meal,text`` (also ``time``): ``text`` goes to the food-log line parser;
* structured: ``date,meal,food,amount,unit`` plus optional ``food_key``, ``fdc_id``, ``grams``,
  ``time``; and nutra's ``DAY.csv`` (``meal,id,grams,serving_id,serving_qty``, where ``id`` is a
  USDA SR28 NDB number, read as food key ``sr28:<5 digits>``).

Columns are found by name in any order and case (spaces, ``-`` and ``_`` alike); other columns are
ignored. The separator (``,``, ``;`` or tab) is taken from the header; ``;`` files read ``1,500`` as
1.5 (see :func:`~nutricheck.diary._common.parse_numbers`).

**Large files.** :func:`iter_generic_chunks` reads with pandas' C parser ``chunksize`` rows at a
time and parses amounts, grams and dates column-wise (numpy string functions, a regular expression
only for the odd cells), so memory stays bounded by the chunk size and no Python object is made per
row beyond the string cells pandas itself holds. Before the chunks, the file is read once in blocks
to check its encoding and, when dates are written ``a/b/YYYY`` and the caller did not say, its date
column is read until the first date that settles the order (a number above 12). Each chunk is a
DataFrame with the columns of :data:`CHUNK_COLUMNS`; ``status`` says what became of each row, so the
chunks account for every data row (blank lines are not rows). :func:`read_generic` builds the
same rows into :class:`~nutricheck.diary.DiaryRow` objects for ordinary files.
"""

from __future__ import annotations

import csv
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from nutricheck.diary._common import (
    _SD,
    DATE_HINT,
    ERROR,
    GENERIC,
    SKIPPED,
    DateEvidence,
    DiaryFile,
    DiaryRow,
    RowIssue,
    date_evidence,
    detect_encoding,
    grams_per_unit,
    no_usable_rows,
    normalise_header,
    parse_dates,
    parse_numbers,
    read_header,
    resolve_dayfirst,
    strings,
)
from nutricheck.diary.sniff import GENERIC_CONTENT, format_of_header, generic_name
from nutricheck.errors import DataFileError

COLUMNS = (
    "date", "time", "meal", "text", "food", "amount", "unit", "food_key", "fdc_id", "grams",
    "id", "serving_id", "serving_qty",
)  # fmt: skip
"""Header names the generic format reads (normalised: case-folded, spaces and ``-`` as ``_``)."""

CHUNK_COLUMNS = (
    "row", "date", "time", "meal", "text", "food", "amount", "unit", "food_key", "fdc_id", "grams",
    "status", "column", "value", "reason",
)  # fmt: skip
"""Columns of every chunk :func:`iter_generic_chunks` yields:

* ``row`` (int64): the file's line number of the row (the header is line 1);
* ``date`` (datetime64, midnight; ``NaT`` when the file has no date column or it is unreadable);
* ``time``, ``meal``, ``text``, ``food``, ``unit``, ``food_key``, ``fdc_id`` (str, NaN if blank);
* ``amount``, ``grams`` (float64; ``NaN`` if blank; ``grams`` also from a weight unit: 2 oz = 56.7);
* ``status``: ``ok``, ``skipped`` or ``error``; for the last two ``column`` (as the header has it),
  ``value`` (the raw cell) and ``reason`` say why.
"""

OK = "ok"
_EXTRA = 8  # fields past the header that are read, so an overlong row is an error row, not a crash


@dataclass(frozen=True)
class GenericLayout:
    """How a generic file is laid out: encoding, separator, header and where each column is."""

    source: str
    encoding: str
    delimiter: str
    header_line: int
    header: tuple[str, ...]
    positions: dict[str, int]
    nutra: bool
    warnings: tuple[str, ...]

    def title(self, name: str) -> str:
        """The header cell of a generic column as the file spells it."""
        return self.header[self.positions[name]]


def inspect_generic(path: str | Path) -> GenericLayout:
    """Read a generic file's encoding and header.

    Raises:
        DataFileError: unreadable file, or a header that is not a generic diary's.
    """
    source = str(path)
    encoding, encoding_warnings = detect_encoding(path)
    line, delimiter, raw, cells = read_header(path, encoding)
    positions: dict[str, int] = {}
    notes = list(encoding_warnings)
    for i, cell in enumerate(cells):
        name = generic_name(normalise_header(cell))
        if name not in COLUMNS:
            continue
        if name in positions:
            notes.append(f"column {cell!r} appears more than once; the first is used")
            continue
        positions[name] = i
    content = [c for c in GENERIC_CONTENT if c in positions]
    nutra = not content and "id" in positions and "grams" in positions
    if not content and not nutra:
        sniffed = format_of_header(cells)
        raise DataFileError(
            "not a generic diary: no column text, food, food_key or fdc_id "
            "(nor nutra's id and grams)",
            source=source,
            line=line,
            text=raw.strip(),
            hint=f"it looks like {sniffed}: use --format auto"
            if sniffed
            else "a header such as date,meal,text or date,meal,food,amount,unit",
        )
    if not nutra:
        positions.pop("id", None)
    return GenericLayout(
        source, encoding, delimiter, line, tuple(cells), positions, nutra, tuple(notes)
    )


TRUNCATED = (
    f"some rows have more than {_EXTRA} fields past the header: the fields past those were not "
    "read (and line numbers after such a row are off if those fields held quoted line breaks)"
)


_CATEGORICAL = frozenset({"date", "time", "meal", "text", "food", "unit"})
"""Columns read as categoricals in the narrow read (never the numbers: see :func:`_read_csv`)."""


class WiderRowsError(Exception):
    """A row has more fields than the header (or the CSV is malformed, or a text column of a chunk
    read as numbers): read again with room for them, every cell as text."""


def _read_csv(
    layout: GenericLayout, chunksize: int, usecols: list[int] | None = None, *, narrow: bool = False
) -> Iterator[tuple[pd.DataFrame, bool]]:
    """Raw string chunks (columns by position) after the header, each with whether pandas cut a
    row short (more fields than it was given names for); pandas errors become DataFileError.

    ``narrow`` reads only the header's fields (a third faster on a large file), the text columns
    as categoricals (:func:`_factorize`), and raises :class:`WiderRowsError` at the first row that
    has more fields, any other parser error, or a chunk whose text column pandas read as numbers,
    so the caller can read again the usual way, which reports such rows (or the error) as it
    should.
    """
    # Extra names past the header let an overlong row be read and reported; with usecols pandas
    # ignores extra fields itself and refuses names it never sees.
    width = len(layout.header) + (_EXTRA if usecols is None and not narrow else 0)
    # In the narrow read the text columns come as categoricals: the C parser finds their distinct
    # cells itself, without a Python string per cell. pandas makes the categories numbers (or
    # booleans) when all of a chunk's cells read so; the text is then lost, and the file is read
    # again the usual way (WiderRowsError).
    dtype: Any = object
    categorical = (
        [p for name, p in layout.positions.items() if name in _CATEGORICAL] if narrow else []
    )
    if categorical:
        dtype = {c: "category" if c in categorical else object for c in range(width)}
    try:
        reader = pd.read_csv(
            layout.source,
            sep=layout.delimiter,
            header=None,
            names=list(range(width)),
            usecols=usecols,
            index_col=False,
            skiprows=layout.header_line,
            dtype=dtype,
            na_filter=False,
            keep_default_na=False,
            skip_blank_lines=False,
            encoding=layout.encoding,
            encoding_errors="strict",
            quotechar='"',
            doublequote=True,
            engine="c",
            chunksize=chunksize,
        )
        with reader:
            while True:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", pd.errors.ParserWarning)
                    try:
                        chunk = next(reader)
                    except StopIteration:
                        return
                cut = any(issubclass(w.category, pd.errors.ParserWarning) for w in caught)
                if cut and narrow:
                    raise WiderRowsError
                for c in categorical:
                    if not pd.api.types.is_string_dtype(chunk[c].cat.categories):
                        raise WiderRowsError
                yield chunk, cut
    except pd.errors.EmptyDataError:
        return
    except (
        pd.errors.ParserError,
        ValueError,
        UnicodeError,
        OSError,
        csv.Error,
        OverflowError,
    ) as exc:
        if narrow:
            raise WiderRowsError from exc
        raise DataFileError(
            f"malformed CSV: {str(exc).strip()}",
            source=layout.source,
            hint="broken quoting? quote values that contain the separator or a quote",
        ) from exc


def _resolve_dates(
    layout: GenericLayout, dayfirst: bool | None, chunksize: int
) -> tuple[bool, tuple[str, ...]]:
    """The order of ``a/b/YYYY`` dates, from a pass over the date column when nobody said."""
    if dayfirst is not None or "date" not in layout.positions:
        return bool(dayfirst), ()
    position = layout.positions["date"]
    evidence = DateEvidence()
    line = layout.header_line + 1  # exact unless quoted values span lines; only used in messages
    for chunk, _ in _read_csv(layout, chunksize, usecols=[position]):
        codes, texts = pd.factorize(chunk[position].to_numpy(dtype=object))
        _, first = np.unique(codes, return_index=True)  # texts are in order of first occurrence
        evidence = evidence.merged(date_evidence(np.asarray(texts, dtype=object), line + first))
        line += len(chunk)
        if evidence.settled:  # the first date that settles the order decides: stop reading
            break
    return resolve_dayfirst(
        evidence, dayfirst=None, default=None, source=layout.source, column=layout.title("date")
    )


def _breaks(cells: np.ndarray) -> np.ndarray:
    """Line breaks in each cell (a quoted value may span lines)."""
    return pd.Series(cells, dtype=object).str.count(r"\r\n|\r|\n").to_numpy(dtype=np.int64)


def _has_break(text: str) -> bool:
    return "\n" in text or "\r" in text


def _nonblank(arr: np.ndarray, joined: str) -> np.ndarray:
    """Cells with something other than whitespace; ``joined`` is the cells as one string."""
    if not joined.strip():  # the usual case for columns past the header: all empty
        return np.zeros(len(arr), dtype=bool)
    out = np.asarray(arr != "", dtype=bool)
    if out.any():
        out[out] = np.strings.str_len(strings(arr[out])) > 0
    return out


def _stripped(values: np.ndarray, one_line: bool) -> np.ndarray:
    """Cells without outer whitespace (and, where quoted line breaks occur, with runs of
    whitespace as one space), as Python strings, reusing the objects stripping did not change."""
    sd = np.asarray(values, dtype=_SD)
    stripped = np.strings.strip(sd)
    changed = np.strings.str_len(stripped) != np.strings.str_len(sd)
    if one_line:
        changed |= (np.strings.find(stripped, "\n") >= 0) | (np.strings.find(stripped, "\r") >= 0)
    out = np.asarray(values, dtype=object)
    if changed.any():
        out = out.copy()
        out[changed] = [" ".join(v.split()) for v in out[changed]]
    return out


@dataclass
class Coded:
    """One column of a chunk as codes into its distinct cells: ``values[codes]`` is the column.

    ``values`` are stripped Python strings, each once (``""`` is a blank cell), so everything that
    is done per cell (parsing numbers and dates, resolving foods) is done once per distinct cell.
    """

    codes: np.ndarray
    values: np.ndarray

    @classmethod
    def of_factorized(cls, codes: np.ndarray, uniques: object, one_line: bool) -> Coded:
        """From ``pd.factorize`` of a column's raw cells; ``one_line``: see :func:`_stripped`."""
        stripped = _stripped(np.asarray(uniques, dtype=object), one_line)
        merged, values = pd.factorize(stripped)  # "egg" and "egg " are one cell
        return cls(merged[codes] if len(codes) else codes, np.asarray(values, dtype=object))

    @classmethod
    def blank(cls, n: int) -> Coded:
        return cls(np.zeros(n, dtype=np.intp), np.array([""], dtype=object))

    def take(self, keep: np.ndarray) -> Coded:
        return Coded(self.codes[keep], self.values)

    def per_row(self, per_value: np.ndarray) -> np.ndarray:
        """A value computed for each distinct cell, spread to the rows."""
        return per_value[self.codes]

    @property
    def blank_values(self) -> np.ndarray:
        return np.asarray(self.values == "", dtype=bool)

    @property
    def given(self) -> np.ndarray:
        """Rows whose cell is not blank."""
        return ~self.per_row(self.blank_values)

    def cells(self) -> np.ndarray:
        """The rows' cells as Python strings (``""`` when blank)."""
        return self.values[self.codes]

    def series(self) -> pd.Series:
        """The output column: ``str`` dtype, blank cells missing."""
        values = self.values.copy()
        values[self.blank_values] = np.nan
        return pd.Series(values[self.codes], dtype="str")


@dataclass(frozen=True)
class Problem:
    """Why a row is not used: ``kind`` (skipped or error), reason, the column (as the header
    spells it) and the name of the generic column whose cell is the offending value."""

    kind: str
    reason: str
    column: str | None
    source: str | None


@dataclass
class ParsedChunk:
    """A chunk's non-blank rows, parsed: what :func:`iter_generic_chunks` and ``nutricheck
    import`` are built from.

    Attributes:
        lines: the file's line number of each row.
        columns: each generic column the file has (and ``food_key``, with nutra's ids as keys),
            as :class:`Coded`.
        dates: ``datetime64`` per row (``NaT`` without a date column or when unreadable).
        amount / grams: float per row, ``NaN`` when blank (``grams`` also from a weight unit).
        problem: per row, 0 when the row is used, else 1 + its index in ``problems``.
        problems: the problems found in this chunk.
        extra: per row the first value past the header (only rows with one; else ``None``).
    """

    lines: np.ndarray
    columns: dict[str, Coded]
    dates: np.ndarray
    amount: np.ndarray
    grams: np.ndarray
    problem: np.ndarray
    problems: list[Problem]
    extra: np.ndarray | None

    def __len__(self) -> int:
        return len(self.lines)

    def column(self, name: str) -> Coded:
        """A generic column (all blank when the file has no such column)."""
        found = self.columns.get(name)
        if found is None:
            found = self.__dict__.get("_blank")
            if found is None:
                found = self.__dict__["_blank"] = Coded.blank(len(self))
        return found

    def values(self, i: int) -> np.ndarray:
        """The offending cell of each row with problem ``i`` (1-based), as the file has it."""
        rows = self.problem == i
        p = self.problems[i - 1]
        if p.source is None:
            return np.full(int(rows.sum()), None, dtype=object)
        if p.source == _EXTRA_SOURCE:
            assert self.extra is not None
            return self.extra[rows]
        return self.column(p.source).cells()[rows]


_EXTRA_SOURCE = "__extra__"


class _Marks:
    """Per-row problems; the first problem found for a row wins."""

    def __init__(self, n: int) -> None:
        self.problem = np.zeros(n, dtype=np.int16)
        self.problems: list[Problem] = []

    def mark(
        self, mask: np.ndarray, kind: str, reason: str, column: str | None, source: str | None
    ) -> None:
        m = mask & (self.problem == 0)
        if not m.any():
            return
        self.problems.append(Problem(kind, reason, column, source))
        self.problem[m] = len(self.problems)


def _factorize(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` of a column of strings: codes, and the distinct cells as Python strings in
    order of first occurrence; a categorical column (see :func:`_read_csv`) by its codes."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        cat_codes = column.cat.codes.to_numpy()
        if not (cat_codes < 0).any():  # a missing cell (never with na_filter=False): as below
            codes, first = pd.factorize(cat_codes)
            return codes, column.cat.categories.to_numpy(dtype=object)[first]
        column = column.astype(object)
    codes, uniques = pd.factorize(column.to_numpy(dtype=object))
    return codes, np.asarray(uniques, dtype=object)


def parse_chunk(
    raw: pd.DataFrame,
    layout: GenericLayout,
    first_line: int,
    dayfirst: bool | Callable[[np.ndarray], bool],
    dots_dayfirst: bool,
) -> tuple[ParsedChunk, int]:
    """One raw chunk parsed column by column, and the next chunk's first line number.

    ``dayfirst`` is the order of ``a/b/YYYY`` dates, or a function that gives it from the chunk's
    distinct date cells (called only when the file has a date column).

    Every cell is parsed once per distinct value (a diary repeats its dates, meals, foods, amounts
    and units), then spread to the rows through the codes.
    """
    pos = layout.positions
    width = len(layout.header)
    positions = range(raw.shape[1])  # the columns are the fields' positions (names=range(...))
    # Each used column is factorized (its distinct cells read once); the others only tested for
    # content. Line breaks inside quoted cells make a record span several lines.
    per_record = np.ones(len(raw), dtype=np.int64)
    factorized = {}
    for name, p in pos.items():
        codes, uniques = _factorize(raw[p])
        if _has_break("".join(uniques)):
            per_record += _breaks(uniques)[codes]
        factorized[name] = (codes, uniques)
    others = {}
    for c in positions:
        if c in pos.values():
            continue
        cells = raw[c].to_numpy(dtype=object)
        joined = "".join(cells)
        others[c] = _nonblank(cells, joined)
        if _has_break(joined):
            per_record += _breaks(cells)
    ends = np.cumsum(per_record)
    lines = first_line + ends - per_record
    next_line = first_line + int(ends[-1]) if len(ends) else first_line
    multiline = next_line - first_line != len(raw)
    cols = {name: Coded.of_factorized(*f, multiline) for name, f in factorized.items()}
    keep = np.zeros(len(raw), dtype=bool)
    for column in cols.values():
        keep |= column.given
    for mask in others.values():
        keep |= mask
    all_kept = bool(keep.all())
    if not all_kept:
        lines = lines[keep]
        cols = {name: column.take(keep) for name, column in cols.items()}
    n = len(lines)

    def col(name: str) -> Coded:
        return cols.get(name) or Coded.blank(n)

    def title(name: str) -> str | None:
        return layout.title(name) if name in pos else None

    marks = _Marks(n)
    decimal_comma = layout.delimiter == ";"

    overlong = np.zeros(n, dtype=bool)
    extra: np.ndarray | None = None
    for c in positions[width:]:
        mask = others[c] if all_kept else others[c][keep]
        if not mask.any():
            continue
        if extra is None:
            extra = np.full(n, None, dtype=object)
        fresh = mask & ~overlong
        cells = raw[c].to_numpy(dtype=object)
        extra[fresh] = (cells if all_kept else cells[keep])[fresh]
        overlong |= mask
    marks.mark(
        overlong,
        ERROR,
        f"more fields than the header's {width}: a separator inside an unquoted value? quote it",
        None,
        _EXTRA_SOURCE,
    )

    dates = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    if "date" in pos:
        date = col("date")
        if callable(dayfirst):
            dayfirst = dayfirst(date.values)
        parsed = parse_dates(date.values, dayfirst=dayfirst, dots_dayfirst=dots_dayfirst)
        per_value = parsed.to_numpy(dtype="datetime64[us]")
        dates = date.per_row(per_value)
        marks.mark(~date.given, ERROR, "no date", title("date"), "date")
        marks.mark(
            date.per_row(np.isnat(per_value)),
            ERROR,
            f"unreadable date: {DATE_HINT}",
            title("date"),
            "date",
        )

    def numbers(name: str) -> tuple[np.ndarray, np.ndarray]:
        c = col(name)
        values, bad = parse_numbers(c.values, decimal_comma=decimal_comma)
        return c.per_row(values), c.per_row(bad)

    amount, bad = numbers("amount")
    marks.mark(bad, ERROR, "the amount is not a number", title("amount"), "amount")
    with np.errstate(invalid="ignore"):
        marks.mark(amount < 0, ERROR, "negative amount", title("amount"), "amount")
    grams, bad = numbers("grams")
    marks.mark(bad, ERROR, "grams is not a number", title("grams"), "grams")
    with np.errstate(invalid="ignore"):
        marks.mark(grams < 0, ERROR, "negative grams", title("grams"), "grams")

    if "unit" in cols and n:
        unit = col("unit")
        factors = np.array(
            [grams_per_unit(str(u)) or np.nan for u in unit.values], dtype=np.float64
        )
        grams = np.where(np.isnan(grams), amount * unit.per_row(factors), grams)

    fdc = col("fdc_id")
    fdc_ok = np.array([v.isdecimal() for v in fdc.values], dtype=bool)
    marks.mark(
        fdc.given & ~fdc.per_row(fdc_ok),
        ERROR,
        "fdc_id must be a FoodData Central number",
        title("fdc_id"),
        "fdc_id",
    )

    if layout.nutra:
        ndb = col("id")
        ndb_ok_values = np.array([v.isdecimal() and len(v) <= 5 for v in ndb.values], dtype=bool)
        marks.mark(
            ndb.given & ~ndb.per_row(ndb_ok_values),
            ERROR,
            "id must be a USDA SR28 NDB number (up to 5 digits)",
            title("id"),
            "id",
        )
        keyed = col("food_key")
        pairs, pair_codes = np.unique(
            keyed.codes.astype(np.int64) * len(ndb.values) + ndb.codes, return_inverse=True
        )
        values = []
        for p in pairs:
            k, i = keyed.values[p // len(ndb.values)], ndb.values[p % len(ndb.values)]
            ok = i.isdecimal() and len(i) <= 5
            values.append(k if (k or not ok) else "sr28:" + i.zfill(5))
        cols["food_key"] = Coded(pair_codes.reshape(-1), np.asarray(values, dtype=object))

    content = col("text").given | col("food").given | col("food_key").given | fdc.given
    marks.mark(~content, SKIPPED, "no food or text in this row", None, None)

    if layout.nutra:
        no_grams = np.isnan(grams)
        serving = col("serving_id").given | col("serving_qty").given
        marks.mark(
            no_grams & serving,
            ERROR,
            "nutra serving_id/serving_qty refer to nutra's own servings: give grams",
            title("serving_id") or title("serving_qty"),
            "serving_id",
        )
        marks.mark(no_grams, ERROR, "no grams", title("grams"), "grams")

    marks.mark(amount == 0, SKIPPED, "zero amount (a placeholder row)", title("amount"), "amount")
    marks.mark(grams == 0, SKIPPED, "zero grams (a placeholder row)", title("grams"), "grams")

    parsed_chunk = ParsedChunk(
        lines=lines,
        columns=cols,
        dates=dates,
        amount=amount,
        grams=grams,
        problem=marks.problem,
        problems=marks.problems,
        extra=extra,
    )
    return parsed_chunk, next_line


def _frame(chunk: ParsedChunk) -> pd.DataFrame:
    """A parsed chunk as the DataFrame of :data:`CHUNK_COLUMNS`."""
    n = len(chunk)
    status = np.full(n, OK, dtype=object)
    column = np.full(n, None, dtype=object)
    value = np.full(n, None, dtype=object)
    reason = np.full(n, None, dtype=object)
    for i, p in enumerate(chunk.problems, start=1):
        rows = chunk.problem == i
        status[rows], reason[rows], column[rows] = p.kind, p.reason, p.column
        value[rows] = chunk.values(i)

    def text(name: str) -> pd.Series:
        return chunk.column(name).series()

    return pd.DataFrame(
        {
            "row": chunk.lines,
            "date": chunk.dates,
            "time": text("time"),
            "meal": text("meal"),
            "text": text("text"),
            "food": text("food"),
            "amount": chunk.amount,
            "unit": text("unit"),
            "food_key": text("food_key"),
            "fdc_id": text("fdc_id"),
            "grams": chunk.grams,
            "status": pd.Series(status, dtype="str"),
            "column": pd.Series(column, dtype="str"),
            "value": pd.Series(value, dtype="str"),
            "reason": pd.Series(reason, dtype="str"),
        }
    )


class GenericReader:
    """A generic file opened for reading in chunks: its layout, date order and warnings are known
    once this is made (so a file that is not a generic diary fails here, before any chunk)."""

    def __init__(
        self, path: str | Path, dayfirst: bool | None, chunksize: int, *, lazy_dates: bool = False
    ) -> None:
        """``lazy_dates``: when the caller did not give the order of ``a/b/YYYY`` dates, read the
        date column for it only once a chunk has a date that the order changes (so a file of ISO
        dates is read once, and ambiguous dates raise from the iteration, not from here)."""
        if chunksize < 1:
            raise ValueError("chunksize must be at least 1")
        self.layout = inspect_generic(path)
        self.chunksize = chunksize
        # Dotted dates are day-first by convention; only an explicit --monthfirst turns them round.
        self.dots_dayfirst = dayfirst is not False
        self.dayfirst: bool | None = dayfirst
        self._date_warnings: tuple[str, ...] = ()
        self._truncated = False
        if not lazy_dates or dayfirst is not None or "date" not in self.layout.positions:
            self._decide_order()

    def _decide_order(self) -> bool:
        """The order of ``a/b/YYYY`` dates, reading the file's date column if nobody said."""
        if self.dayfirst is None or "date" not in self.layout.positions:
            order, date_warnings = _resolve_dates(self.layout, self.dayfirst, self.chunksize)
            self.dayfirst = order
            self._date_warnings = date_warnings
        return bool(self.dayfirst)

    @property
    def warnings(self) -> tuple[str, ...]:
        """File-level remarks: encoding, duplicate columns, date order, rows cut short."""
        truncated = (TRUNCATED,) if self._truncated else ()
        return (*self.layout.warnings, *self._date_warnings, *truncated)

    def _order_for(self, dates: np.ndarray) -> bool:
        """The order for a chunk whose distinct date cells are ``dates``: any order when none of
        them reads differently day-first and month-first."""
        if self.dayfirst is not None:
            return self.dayfirst
        if date_evidence(dates, np.zeros(len(dates), dtype=np.int64)) == DateEvidence():
            return False
        return self._decide_order()

    def parsed(self, *, narrow: bool = False) -> Iterator[ParsedChunk]:
        """The file's chunks parsed (blank rows dropped; a chunk may be empty).

        ``narrow``: see :func:`_read_csv` (raises :class:`WiderRowsError`; then read again without).
        """
        line = self.layout.header_line + 1
        for raw, cut in _read_csv(self.layout, self.chunksize, narrow=narrow):
            order = self.dayfirst if self.dayfirst is not None else self._order_for
            chunk, line = parse_chunk(raw, self.layout, line, order, self.dots_dayfirst)
            self._truncated = self._truncated or cut
            yield chunk

    def chunks(self) -> Iterator[pd.DataFrame]:
        for chunk in self.parsed():
            if len(chunk):
                frame = _frame(chunk)
                frame.attrs.update(
                    path=self.layout.source,
                    encoding=self.layout.encoding,
                    delimiter=self.layout.delimiter,
                    warnings=self.warnings,
                )
                yield frame


def iter_generic_chunks(
    path: str | Path, chunksize: int = 100_000, *, dayfirst: bool | None = None
) -> Iterator[pd.DataFrame]:
    """Read a generic diary as DataFrames of at most ``chunksize`` rows (see :data:`CHUNK_COLUMNS`).

    Every data row appears in exactly one chunk with its ``status``; keep ``status == "ok"`` rows.
    ``frame.attrs`` holds ``path``, ``encoding``, ``delimiter`` and file-level ``warnings``.

    The file's header, encoding and date order are checked when this is called, so a file that is
    not a generic diary raises here, before the first chunk.

    Raises:
        DataFileError: unreadable or not a generic diary; ambiguous dates without ``dayfirst``;
            a malformed line (raised from the iteration).
    """
    return GenericReader(path, dayfirst, chunksize).chunks()


def chunk_issues(chunk: ParsedChunk) -> list[RowIssue]:
    """The chunk's rows that are not used, in file order."""
    bad = np.flatnonzero(chunk.problem)
    values = np.full(len(chunk), None, dtype=object)
    for i in range(1, len(chunk.problems) + 1):
        values[chunk.problem == i] = chunk.values(i)
    out = []
    for j in bad:
        p = chunk.problems[chunk.problem[j] - 1]
        out.append(RowIssue(int(chunk.lines[j]), p.column, values[j], p.reason, p.kind))
    return out


def diary_rows(chunk: ParsedChunk, index: np.ndarray) -> list[DiaryRow]:
    """:class:`~nutricheck.diary.DiaryRow` objects for the chunk's rows at ``index``."""

    def cells(name: str) -> list[str | None]:
        values = chunk.column(name).values[chunk.column(name).codes[index]]
        return [v if v != "" else None for v in values]

    names = ("meal", "time", "text", "food", "unit", "food_key", "fdc_id")
    text = {name: cells(name) for name in names}
    amounts, grams = chunk.amount[index], chunk.grams[index]
    days = chunk.dates[index].astype("datetime64[D]").astype(object)  # datetime.date; NaT: None
    return [
        DiaryRow(
            row=int(chunk.lines[j]),
            source_format=GENERIC,
            date=days[k],
            meal=text["meal"][k],
            time=text["time"][k],
            text=text["text"][k],
            food=text["food"][k],
            amount=None if np.isnan(amounts[k]) else float(amounts[k]),
            unit=text["unit"][k],
            food_key=text["food_key"][k],
            fdc_id=text["fdc_id"][k],
            grams=None if np.isnan(grams[k]) else float(grams[k]),
        )
        for k, j in enumerate(index)
    ]


def read_generic(
    path: str | Path, *, dayfirst: bool | None = None, complete_only: bool = False
) -> DiaryFile:
    """Read a whole generic diary into a :class:`~nutricheck.diary.DiaryFile`.

    Raises:
        DataFileError: as :func:`iter_generic_chunks`, or no usable row.
    """
    reader = GenericReader(path, dayfirst, 100_000)
    rows: list[DiaryRow] = []
    issues: list[RowIssue] = []
    for chunk in reader.parsed():
        rows.extend(diary_rows(chunk, np.flatnonzero(chunk.problem == 0)))
        issues.extend(chunk_issues(chunk))
    total = len(rows) + len(issues)
    if not rows:
        raise no_usable_rows(reader.layout.source, total, issues)
    remarks = list(reader.warnings)
    if complete_only:
        remarks.append(
            "--complete-only has no effect: a generic diary does not say which days are complete"
        )
    return DiaryFile(
        path=reader.layout.source,
        format=GENERIC,
        rows=tuple(rows),
        issues=tuple(issues),
        absent_nutrients=frozenset(),
        not_supplied=frozenset(),
        day_flags=MappingProxyType({}),
        warnings=tuple(remarks),
        total_rows=total,
        encoding=reader.layout.encoding,
        delimiter=reader.layout.delimiter,
    )
