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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

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
    to_date,
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


def _read_csv(
    layout: GenericLayout, chunksize: int, usecols: list[int] | None = None
) -> Iterator[tuple[pd.DataFrame, bool]]:
    """Raw string chunks (columns by position) after the header, each with whether pandas cut a
    row short (more fields than it was given names for); pandas errors become DataFileError."""
    # Extra names past the header let an overlong row be read and reported; with usecols pandas
    # ignores extra fields itself and refuses names it never sees.
    width = len(layout.header) + (_EXTRA if usecols is None else 0)
    try:
        reader = pd.read_csv(
            layout.source,
            sep=layout.delimiter,
            header=None,
            names=list(range(width)),
            usecols=usecols,
            index_col=False,
            skiprows=layout.header_line,
            dtype=object,
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
        texts = chunk[position]
        lines = np.arange(line, line + len(texts), dtype=np.int64)
        line += len(texts)
        evidence = evidence.merged(date_evidence(texts, lines))
        if evidence.settled:  # the first date that settles the order decides: stop reading
            break
    return resolve_dayfirst(
        evidence, dayfirst=None, default=None, source=layout.source, column=layout.title("date")
    )


def _line_numbers(chunk: pd.DataFrame, first: int) -> tuple[np.ndarray, int]:
    """The file line of each record of ``chunk`` (records may span lines inside quotes)."""
    per_record = np.ones(len(chunk), dtype=np.int64)
    for col in chunk.columns:
        arr = chunk[col].to_numpy(dtype=object)
        joined = "".join(arr)  # one C-level pass; most chunks have no line break at all
        if "\n" in joined or "\r" in joined:
            per_record += pd.Series(arr).str.count(r"\r\n|\r|\n").to_numpy(dtype=np.int64)
    ends = np.cumsum(per_record)
    return first + ends - per_record, first + int(ends[-1]) if len(ends) else first


def _nonblank(arr: np.ndarray) -> np.ndarray:
    """Cells with something other than whitespace (compared as objects first: cheap for ``""``)."""
    out = np.asarray(arr != "", dtype=bool)
    if out.any():
        out[out] = np.strings.str_len(strings(arr[out])) > 0
    return out


@dataclass
class _Column:
    """One used column: stripped as a numpy string array (for parsing) and as Python strings
    (for the output, reusing the parser's objects where stripping changed nothing)."""

    sd: np.ndarray
    obj: np.ndarray

    @classmethod
    def of(cls, raw: np.ndarray, one_line: bool) -> _Column:
        sd = np.asarray(raw, dtype=_SD)
        stripped = np.strings.strip(sd)
        changed = np.strings.str_len(stripped) != np.strings.str_len(sd)
        if one_line:  # quoted line breaks: runs of whitespace as one space
            changed |= (np.strings.find(stripped, "\n") >= 0) | (
                np.strings.find(stripped, "\r") >= 0
            )
        obj = raw
        if changed.any():
            obj = raw.copy()
            obj[changed] = [" ".join(v.split()) for v in raw[changed]]
            stripped = stripped.copy()
            stripped[changed] = obj[changed]
        return cls(stripped, obj)

    def take(self, keep: np.ndarray) -> _Column:
        return _Column(self.sd[keep], self.obj[keep])

    def series(self) -> pd.Series:
        """The output column: ``str`` dtype, blank cells missing."""
        out = self.obj.copy()
        out[np.strings.str_len(self.sd) == 0] = np.nan
        return pd.Series(out, dtype="str")


class _Outcome:
    """Per-row status, column, value and reason; the first problem found for a row wins."""

    def __init__(self, n: int) -> None:
        self.status = np.full(n, OK, dtype=object)
        self.column = np.full(n, None, dtype=object)
        self.value = np.full(n, None, dtype=object)
        self.reason = np.full(n, None, dtype=object)

    def mark(
        self,
        mask: np.ndarray,
        kind: str,
        reason: str,
        column: str | None,
        values: np.ndarray | None,
    ) -> None:
        m = mask & (self.status == OK)
        if not m.any():
            return
        self.status[m] = kind
        self.reason[m] = reason
        self.column[m] = column
        if values is not None:
            self.value[m] = values[m].astype(object)


def _frame(
    raw: pd.DataFrame, layout: GenericLayout, first_line: int, dayfirst: bool, dots_dayfirst: bool
) -> tuple[pd.DataFrame, int]:
    """One raw chunk parsed into :data:`CHUNK_COLUMNS`, and the next chunk's first line number."""
    lines, next_line = _line_numbers(raw, first_line)
    pos = layout.positions
    width = len(layout.header)
    multiline = next_line - first_line != len(raw)
    positions = range(raw.shape[1])  # the columns are the fields' positions (names=range(...))
    cols = {name: _Column.of(raw[p].to_numpy(dtype=object), multiline) for name, p in pos.items()}
    others = {
        c: _nonblank(raw[c].to_numpy(dtype=object)) for c in positions if c not in pos.values()
    }
    keep = np.zeros(len(raw), dtype=bool)
    for column in cols.values():
        keep |= np.strings.str_len(column.sd) > 0
    for mask in others.values():
        keep |= mask
    lines = lines[keep]
    cols = {name: column.take(keep) for name, column in cols.items()}
    n = len(lines)
    empty = _Column(np.full(n, "", dtype=_SD), np.full(n, "", dtype=object))

    def col(name: str) -> np.ndarray:
        return cols.get(name, empty).sd

    def given(name: str) -> np.ndarray:
        return np.strings.str_len(col(name)) > 0

    def title(name: str) -> str | None:
        return layout.title(name) if name in pos else None

    out = _Outcome(n)
    decimal_comma = layout.delimiter == ";"

    overlong = np.zeros(n, dtype=bool)
    first_extra = np.full(n, None, dtype=object)
    for c in positions[width:]:
        mask = others[c][keep]
        fresh = mask & ~overlong
        if fresh.any():
            first_extra[fresh] = raw[c].to_numpy(dtype=object)[keep][fresh]
        overlong |= mask
    out.mark(
        overlong,
        ERROR,
        f"more fields than the header's {width}: a separator inside an unquoted value? quote it",
        None,
        first_extra,
    )

    dates = pd.Series(pd.NaT, index=range(n), dtype="datetime64[us]")
    if "date" in pos:
        dates = parse_dates(col("date"), dayfirst=dayfirst, dots_dayfirst=dots_dayfirst)
        out.mark(~given("date"), ERROR, "no date", title("date"), col("date"))
        out.mark(
            dates.isna().to_numpy(dtype=bool),
            ERROR,
            f"unreadable date: {DATE_HINT}",
            title("date"),
            col("date"),
        )

    amount, bad = parse_numbers(col("amount"), decimal_comma=decimal_comma)
    out.mark(bad, ERROR, "the amount is not a number", title("amount"), col("amount"))
    with np.errstate(invalid="ignore"):
        out.mark(amount < 0, ERROR, "negative amount", title("amount"), col("amount"))
    grams, bad = parse_numbers(col("grams"), decimal_comma=decimal_comma)
    out.mark(bad, ERROR, "grams is not a number", title("grams"), col("grams"))
    with np.errstate(invalid="ignore"):
        out.mark(grams < 0, ERROR, "negative grams", title("grams"), col("grams"))

    if "unit" in cols and n:
        distinct, inverse = np.unique(col("unit"), return_inverse=True)
        factors = np.array([grams_per_unit(str(u)) or np.nan for u in distinct], dtype=float)
        grams = np.where(np.isnan(grams), amount * factors[inverse.reshape(-1)], grams)

    fdc = col("fdc_id")
    out.mark(
        given("fdc_id") & ~np.strings.isdecimal(fdc),
        ERROR,
        "fdc_id must be a FoodData Central number",
        title("fdc_id"),
        fdc,
    )

    food_key = cols.get("food_key", empty)
    if layout.nutra:
        ndb = col("id")
        ndb_ok = np.strings.isdecimal(ndb) & (np.strings.str_len(ndb) <= 5)
        out.mark(
            given("id") & ~ndb_ok,
            ERROR,
            "id must be a USDA SR28 NDB number (up to 5 digits)",
            title("id"),
            ndb,
        )
        keys = np.strings.add(np.asarray("sr28:", dtype=_SD), np.strings.zfill(ndb, 5))
        sd = np.where(given("food_key") | ~ndb_ok, food_key.sd, keys)
        food_key = _Column(sd, sd.astype(object))

    content = (
        given("text") | given("food") | (np.strings.str_len(food_key.sd) > 0) | given("fdc_id")
    )
    out.mark(~content, SKIPPED, "no food or text in this row", None, None)

    if layout.nutra:
        no_grams = np.isnan(grams)
        serving = given("serving_id") | given("serving_qty")
        out.mark(
            no_grams & serving,
            ERROR,
            "nutra serving_id/serving_qty refer to nutra's own servings: give grams",
            title("serving_id") or title("serving_qty"),
            col("serving_id"),
        )
        out.mark(no_grams, ERROR, "no grams", title("grams"), col("grams"))

    out.mark(
        amount == 0, SKIPPED, "zero amount (a placeholder row)", title("amount"), col("amount")
    )
    out.mark(grams == 0, SKIPPED, "zero grams (a placeholder row)", title("grams"), col("grams"))

    def text(name: str) -> pd.Series:
        return cols.get(name, empty).series()

    frame = pd.DataFrame(
        {
            "row": lines,
            "date": dates.to_numpy(),
            "time": text("time"),
            "meal": text("meal"),
            "text": text("text"),
            "food": text("food"),
            "amount": amount,
            "unit": text("unit"),
            "food_key": food_key.series(),
            "fdc_id": text("fdc_id"),
            "grams": grams,
            "status": pd.Series(out.status, dtype="str"),
            "column": pd.Series(out.column, dtype="str"),
            "value": pd.Series(out.value, dtype="str"),
            "reason": pd.Series(out.reason, dtype="str"),
        }
    )
    return frame, next_line


class _GenericReader:
    def __init__(self, path: str | Path, dayfirst: bool | None, chunksize: int) -> None:
        if chunksize < 1:
            raise ValueError("chunksize must be at least 1")
        self.layout = inspect_generic(path)
        self.chunksize = chunksize
        # Dotted dates are day-first by convention; only an explicit --monthfirst turns them round.
        self.dots_dayfirst = dayfirst is not False
        self.dayfirst, date_warnings = _resolve_dates(self.layout, dayfirst, chunksize)
        self.warnings = (*self.layout.warnings, *date_warnings)

    def chunks(self) -> Iterator[pd.DataFrame]:
        line = self.layout.header_line + 1
        for raw, cut in _read_csv(self.layout, self.chunksize):
            frame, line = _frame(raw, self.layout, line, self.dayfirst, self.dots_dayfirst)
            if cut and TRUNCATED not in self.warnings:
                self.warnings = (*self.warnings, TRUNCATED)
            if len(frame):
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
    return _GenericReader(path, dayfirst, chunksize).chunks()


def _text(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def _float(value: float | None) -> float | None:
    return None if value is None or np.isnan(value) else float(value)


def read_generic(
    path: str | Path, *, dayfirst: bool | None = None, complete_only: bool = False
) -> DiaryFile:
    """Read a whole generic diary into a :class:`~nutricheck.diary.DiaryFile`.

    Raises:
        DataFileError: as :func:`iter_generic_chunks`, or no usable row.
    """
    reader = _GenericReader(path, dayfirst, 100_000)
    rows: list[DiaryRow] = []
    issues: list[RowIssue] = []
    for chunk in reader.chunks():
        for rec in chunk.to_dict("records"):
            if rec["status"] == OK:
                rows.append(
                    DiaryRow(
                        row=int(rec["row"]),
                        source_format=GENERIC,
                        date=to_date(rec["date"]),
                        meal=_text(rec["meal"]),
                        time=_text(rec["time"]),
                        text=_text(rec["text"]),
                        food=_text(rec["food"]),
                        amount=_float(rec["amount"]),
                        unit=_text(rec["unit"]),
                        food_key=_text(rec["food_key"]),
                        fdc_id=_text(rec["fdc_id"]),
                        grams=_float(rec["grams"]),
                    )
                )
            else:
                issues.append(
                    RowIssue(
                        int(rec["row"]),
                        _text(rec["column"]),
                        _text(rec["value"]),
                        str(rec["reason"]),
                        str(rec["status"]),
                    )
                )
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
