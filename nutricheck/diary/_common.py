"""What every diary reader shares: the result types, reading a CSV file safely, and the parsers.

* :class:`DiaryRow`, :class:`RowIssue`, :class:`DiaryFile`: the frozen results of
  :func:`nutricheck.diary.read_diary`.
* :func:`detect_encoding` and :func:`read_table`: bytes -> text -> header + records, with every
  failure (missing, empty, binary, zip, undecodable, malformed CSV) turned into a
  :class:`~nutricheck.errors.DataFileError` that names the file.
* :func:`parse_numbers`, :func:`parse_dates`, :func:`date_evidence`, :func:`resolve_dayfirst`: the
  vectorised parsers (a pandas ``Series`` of raw strings in, values and a mask of unreadable ones
  out). The small-file readers and the chunked generic reader use the same functions, so a value
  reads the same whichever path it takes.
* :func:`nutrient_columns`: header such as ``Vitamin D (IU)`` -> registry nutrient and the factor
  that turns the column's unit into the registry unit.

Blank values are unknown (``None``/``NaN``), never ``0``.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from nutricheck import nutrients, units
from nutricheck.errors import DataFileError, UnitError

# --- names -----------------------------------------------------------------------------------

GENERIC = "generic"
CRONOMETER_SERVINGS = "cronometer-servings"
CRONOMETER_DAILY = "cronometer-daily"
MYFITNESSPAL = "myfitnesspal"
LOSEIT = "loseit"
FORMATS: tuple[str, ...] = (GENERIC, CRONOMETER_SERVINGS, CRONOMETER_DAILY, MYFITNESSPAL, LOSEIT)
"""Every format :func:`~nutricheck.diary.read_diary` accepts."""

SKIPPED = "skipped"
ERROR = "error"

FLAG_COMPLETED = "completed"
"""Day flag: Cronometer's ``Completed`` column says the person finished logging the day."""
FLAG_NOT_COMPLETED = "not-completed"
"""Day flag: Cronometer's ``Completed`` is ``false``: the day may be partly logged."""
FLAG_QUICK_ADD_SKIPPED = "quick-add-skipped"
"""Day flag: the day had quick-add rows (bare calories or macros) that were not counted."""
FLAG_MICRONUTRIENTS_UNKNOWN = "micronutrients-unknown"
"""Day flag: a daily total knows energy (or protein) but none of the compared nutrients."""

DOCS_HINT = "see docs/diary-formats.md for the formats nutricheck reads"


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class DiaryRow:
    """One used row of a diary file.

    Attributes:
        row: the file's line number of this row (the header is line 1).
        date: the day eaten; ``None`` when the format has no date (nutra ``DAY.csv``).
        meal: meal or group name as written (``Breakfast``, ``PreWorkout``, ``Staples``).
        time: time of day as written (``9:00 AM``, ``05:17``), when the file gives one.
        text: free text for the food-log line parser (generic text format).
        food: a food name (generic structured, Lose It!, Cronometer ``Food Name``).
        amount: structured amount (``2.0`` of ``"2.00 x 20.0 pieces"``).
        unit: structured unit text as written (``"g"``, ``"Servings"``, ``"x 20.0 pieces"``).
        food_key: a nutricheck food key when the file gives one (``sr28:01270``).
        fdc_id: a FoodData Central id when the file gives one (generic ``fdc_id`` column).
        grams: the weight eaten when the file states it (a ``grams`` column, or a mass unit).
        nutrients: absolute amounts in the registry unit for this row when the export carries
            them (Cronometer, MyFitnessPal); ``None`` = resolve the row through the food table.
            A key missing or ``None`` is unknown, never 0.
        estimated: nutrient keys whose values are estimates (MyFitnessPal % Daily Value).
        reported: values the export states for a row that is still resolved through the food
            table (Lose It! ``Calories``, ``Sodium (mg)``), for cross-checks only.
        notes: what was done to this row that a user may want to know.
        source_format: the format the row was read as.
    """

    row: int
    source_format: str
    date: datetime.date | None = None
    meal: str | None = None
    time: str | None = None
    text: str | None = None
    food: str | None = None
    amount: float | None = None
    unit: str | None = None
    food_key: str | None = None
    fdc_id: str | None = None
    grams: float | None = None
    nutrients: Mapping[str, float | None] | None = field(default=None, hash=False)
    estimated: frozenset[str] = frozenset()
    reported: Mapping[str, float | None] | None = field(default=None, hash=False)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowIssue:
    """A data row that was not used, and why.

    Attributes:
        row: the file's line number of the row (the header is line 1).
        column: the column at fault, as the file spells it; ``None`` for the row as a whole.
        value: the offending raw value, if any.
        reason: why, in a sentence a user can act on.
        kind: ``"skipped"`` (deliberately not used: a deleted or placeholder row) or ``"error"``
            (could not be read).
    """

    row: int
    column: str | None
    value: str | None
    reason: str
    kind: str

    def __str__(self) -> str:
        where = f"line {self.row}" + (f", column {self.column!r}" if self.column else "")
        got = f" (got {self.value!r})" if self.value not in (None, "") else ""
        return f"{where}: {self.kind}: {self.reason}{got}"


@dataclass(frozen=True)
class DiaryFile:
    """A diary file as read: its used rows and an account of every other row.

    ``len(rows) + len(issues) == total_rows``: every data row is used, skipped with a reason or an
    error with its line, column and value. Blank lines are not rows.

    Attributes:
        path: the file as given.
        format: one of :data:`FORMATS`.
        rows: the used rows, in file order.
        issues: the rows not used, in file order.
        absent_nutrients: nutrient keys the export has no column for (unknown for the whole file).
        not_supplied: nutrient keys the format can never supply (MyFitnessPal: vitamins D and E,
            thiamin, magnesium): shown as not supplied, never as zero.
        day_flags: per day, the ``FLAG_*`` values that apply (``not-completed``, ...).
        warnings: file-level remarks (``read as Windows-1252``, ``dates read month-first``, ...).
        total_rows: data rows read.
        encoding: the text encoding the file was read with.
        delimiter: the field separator found in the header.
    """

    path: str
    format: str
    rows: tuple[DiaryRow, ...]
    issues: tuple[RowIssue, ...]
    absent_nutrients: frozenset[str]
    not_supplied: frozenset[str]
    day_flags: Mapping[datetime.date, tuple[str, ...]] = field(hash=False)
    warnings: tuple[str, ...]
    total_rows: int
    encoding: str = "utf-8"
    delimiter: str = ","

    @property
    def unknown_nutrients(self) -> frozenset[str]:
        """Nutrient keys unknown for the whole file: absent from the export or not supplied."""
        return self.absent_nutrients | self.not_supplied

    @property
    def skipped(self) -> tuple[RowIssue, ...]:
        return tuple(i for i in self.issues if i.kind == SKIPPED)

    @property
    def errors(self) -> tuple[RowIssue, ...]:
        return tuple(i for i in self.issues if i.kind == ERROR)


# --- reading bytes ---------------------------------------------------------------------------

_BLOCK = 1 << 20
_ENCODING_WARNINGS = {
    "cp1252": "the file is not UTF-8: read as Windows-1252 (cp1252); check accented names",
    "latin-1": "the file is neither UTF-8 nor Windows-1252: read as Latin-1; names may be garbled",
}


def _decodes_fully(path: Path, encoding: str, source: str) -> bool:
    """Whether the whole file decodes with ``encoding``; a NUL character means binary data."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with path.open("rb") as fh:
            while block := fh.read(_BLOCK):
                if "\x00" in decoder.decode(block):
                    raise _binary(source)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    except OSError as exc:
        raise _unreadable(source, exc) from exc
    return True


def _binary(source: str) -> DataFileError:
    return DataFileError(
        "this is not a text file (it holds binary data)",
        source=source,
        hint="export the diary as CSV from the app and pass that file",
    )


def _unreadable(source: str, exc: OSError) -> DataFileError:
    return DataFileError(f"cannot read the file: {exc.strerror or exc}", source=source)


def detect_encoding(path: str | Path) -> tuple[str, tuple[str, ...]]:
    """The text encoding of a diary file, and a warning when it is not UTF-8.

    UTF-8 (with or without a byte-order mark) and UTF-16 with a mark are read as they are; other
    bytes fall back to Windows-1252, then Latin-1, with a warning. The file is read in blocks, so
    this is safe for very large files.

    Raises:
        DataFileError: the file is missing, unreadable, empty, a zip archive or binary.
    """
    source = str(path)
    p = Path(path)
    try:
        with p.open("rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise _unreadable(source, exc) from exc
    if not head:
        raise DataFileError("the file is empty", source=source, hint=DOCS_HINT)
    if head.startswith(b"PK\x03\x04"):
        raise DataFileError(
            "this is a zip archive (or an Excel workbook), not a CSV file",
            source=source,
            hint="unzip the app's export and pass the CSV inside it (Lose It!: food-logs.csv, "
            "MyFitnessPal: Nutrition-Summary-....csv), or save the sheet as CSV",
        )
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if _decodes_fully(p, "utf-16", source):
            return "utf-16", ()
        raise DataFileError(
            "the file starts like UTF-16 text but is not valid UTF-16", source=source
        )
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        if _decodes_fully(p, encoding, source):
            warning = _ENCODING_WARNINGS.get(encoding)
            return encoding, (warning,) if warning else ()
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


# --- reading the header and the records ------------------------------------------------------

_DELIMITERS = (",", ";", "\t")
_HEADER_JUNK = ("\ufeff", "ï»¿")


def normalise_header(name: str) -> str:
    """A header cell as compared: no byte-order mark, trimmed, single spaces, case-folded.

    ``casefold`` also turns the micro sign U+00B5 into Greek mu U+03BC, so both spellings of
    ``µg`` compare equal.
    """
    for junk in _HEADER_JUNK:
        name = name.replace(junk, "")
    return " ".join(name.split()).casefold()


def sniff_delimiter(header_line: str) -> str:
    """The separator of a header line: whichever of ``,``, ``;`` and tab occurs most outside quotes
    (``,`` when none or on a tie)."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])  # max keeps the first on a tie: ","
    return best if counts[best] else ","


@dataclass
class Table:
    """A CSV file read into memory: header, records and how it was read.

    Attributes:
        source: the path as given, for messages.
        encoding / delimiter: how the file was read.
        header: header cells as written (trimmed).
        names: normalised header cells (see :func:`normalise_header`).
        header_line: the file's line number of the header.
        records: ``(line, fields)`` of every non-blank data row.
        warnings: file-level remarks so far (encoding, duplicate columns).
    """

    source: str
    encoding: str
    delimiter: str
    header: tuple[str, ...]
    names: tuple[str, ...]
    header_line: int
    records: list[tuple[int, list[str]]]
    warnings: list[str]

    @property
    def index(self) -> dict[str, int]:
        """Normalised header name -> position of its first occurrence."""
        out: dict[str, int] = {}
        for i, name in enumerate(self.names):
            out.setdefault(name, i)
        return out

    def has(self, *names: str) -> bool:
        return all(n in self.index for n in names)

    def find(self, *candidates: str) -> int | None:
        """Position of the first of ``candidates`` (normalised names) the header has."""
        index = self.index
        for name in candidates:
            if name in index:
                return index[name]
        return None

    def column(self, position: int | None) -> pd.Series:
        """The raw strings of one column (``""`` where a row is short or the column is absent)."""
        if position is None:
            return pd.Series([""] * len(self.records), dtype="str")
        return pd.Series(
            [fields[position] if position < len(fields) else "" for _, fields in self.records],
            dtype="str",
        )

    @property
    def lines(self) -> np.ndarray:
        return np.array([line for line, _ in self.records], dtype=np.int64)

    def overlong(self) -> list[tuple[int, str] | None]:
        """Per record, ``(count, first extra value)`` if it has non-blank fields past the header."""
        width = len(self.header)
        out: list[tuple[int, str] | None] = []
        for _, fields in self.records:
            extra = [f for f in fields[width:] if f.strip()]
            out.append((len(fields), extra[0]) if extra else None)
        return out


def _first_line(text: str) -> tuple[int, str] | None:
    # Lines split as the csv module and pandas split them (\r, \n, \r\n), not str.splitlines.
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if line.strip().strip("".join(_DELIMITERS)):
            return number, line
    return None


def read_header(path: str | Path, encoding: str) -> tuple[int, str, str, tuple[str, ...]]:
    """``(line, delimiter, raw line, cells)`` of a file's header, reading only its first lines."""
    source = str(path)
    try:
        with open(path, encoding=encoding, newline="") as fh:
            for number, line in enumerate(fh, start=1):
                if line.strip().strip("".join(_DELIMITERS)):
                    delimiter = sniff_delimiter(line)
                    cells = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), [])
                    return number, delimiter, line, tuple(c.strip() for c in cells)
    except (OSError, UnicodeError, csv.Error) as exc:
        raise DataFileError(f"cannot read the header: {exc}", source=source) from exc
    raise DataFileError("the file has no header line (it is blank)", source=source, hint=DOCS_HINT)


def _cells_blank(fields: Sequence[str]) -> bool:
    return all(not f.strip() for f in fields)


def read_table(path: str | Path) -> Table:
    """Read a whole (small) CSV diary: encoding, delimiter, header and non-blank records.

    Raises:
        DataFileError: unreadable, empty, binary or malformed file, or a header with no data rows.
    """
    source = str(path)
    encoding, warnings = detect_encoding(path)
    try:
        text = Path(path).read_bytes().decode(encoding)
    except (OSError, UnicodeError) as exc:  # pragma: no cover - detect_encoding checked both
        raise DataFileError(f"cannot read the file: {exc}", source=source) from exc
    first = _first_line(text)
    if first is None:
        raise DataFileError(
            "the file has no header line (it is blank)", source=source, hint=DOCS_HINT
        )
    delimiter = sniff_delimiter(first[1])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    header_line = 0
    records: list[tuple[int, list[str]]] = []
    try:
        while True:
            start = reader.line_num + 1
            try:
                fields = next(reader)
            except StopIteration:
                break
            if _cells_blank(fields):
                continue
            if header is None:
                header, header_line = [f.strip() for f in fields], start
            else:
                records.append((start, fields))
    except csv.Error as exc:
        raise DataFileError(
            f"malformed CSV: {exc}", source=source, line=reader.line_num or None
        ) from exc
    assert header is not None  # _first_line found a non-blank line
    names = tuple(normalise_header(h) for h in header)
    seen: set[str] = set()
    for raw, name in zip(header, names, strict=True):
        if name and name in seen:
            warnings = (*warnings, f"column {raw!r} appears more than once; the first is used")
        seen.add(name)
    return Table(
        source, encoding, delimiter, tuple(header), names, header_line, records, list(warnings)
    )


# --- strings as numpy arrays ----------------------------------------------------------------

_SD = np.dtypes.StringDType()


def strings(values: object) -> np.ndarray:
    """Any sequence of cell strings (``Series``, ``ndarray``, ``list``) as a numpy ``StringDType``
    array with missing values as ``""`` and outer whitespace removed. numpy's ``np.strings``
    functions then run as compiled loops, which is what keeps the chunked reader fast."""
    if isinstance(values, np.ndarray) and values.dtype == _SD:
        return np.strings.strip(values)
    arr = np.asarray(values, dtype=object)
    missing = pd.isna(arr)
    if missing.any():
        arr = arr.copy()
        arr[missing] = ""
    return np.strings.strip(np.asarray(arr, dtype=_SD))


def _text_series(arr: np.ndarray) -> pd.Series:
    return pd.Series(arr.astype(object), dtype="str")


def _mask(values: pd.Series) -> np.ndarray:
    return np.asarray(values.fillna(False).to_numpy(), dtype=bool)


# --- numbers ---------------------------------------------------------------------------------

NA_WORDS = frozenset({"", "n/a", "na", "-", "--", "\u2014", "none", "null", "nan", "?"})
"""Cell values that mean "no value" (unknown), compared case-insensitively."""

_PLAIN = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_THOUSANDS = r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?"
_AMBIGUOUS = r"[+-]?\d{1,3},\d{3}"
_DECIMAL_COMMA = r"[+-]?\d*,\d+"
_DOT_THOUSANDS_DECIMAL_COMMA = r"[+-]?\d{1,3}(?:\.\d{3})+,\d+"


def _numbers_slow(s: pd.Series, decimal_comma: bool) -> tuple[np.ndarray, np.ndarray]:
    """The full rules with regular expressions, for the cells the fast path leaves."""
    s = s.str.replace("[\u00a0\u202f\u2009]", "", regex=True).str.strip()
    blank = s.str.lower().isin(NA_WORDS).to_numpy(dtype=bool)
    thousands = _mask(s.str.fullmatch(_THOUSANDS))
    ambiguous = _mask(s.str.fullmatch(_AMBIGUOUS))
    comma = _mask(s.str.fullmatch(_DECIMAL_COMMA))
    dot_thousands = _mask(s.str.fullmatch(_DOT_THOUSANDS_DECIMAL_COMMA))
    use_thousands = thousands & ~(ambiguous & decimal_comma)
    text = s.to_numpy(dtype=object).copy()
    if use_thousands.any():
        text[use_thousands] = (
            s[use_thousands].str.replace(",", "", regex=False).to_numpy(dtype=object)
        )
    use_comma = comma & ~use_thousands
    if use_comma.any():
        text[use_comma] = s[use_comma].str.replace(",", ".", regex=False).to_numpy(dtype=object)
    if dot_thousands.any():
        fixed = (
            s[dot_thousands].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        )
        text[dot_thousands] = fixed.to_numpy(dtype=object)
    normal = pd.Series(text, dtype="str")
    readable = _mask(normal.str.fullmatch(_PLAIN)) & ~blank
    numbers = np.full(len(s), np.nan)
    if readable.any():
        numbers[readable] = pd.to_numeric(normal[readable], errors="coerce").to_numpy(dtype=float)
    return numbers, blank


def parse_numbers(values: object, *, decimal_comma: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Read a column of raw strings as numbers.

    Accepted: ``12``, ``1.5``, ``.5``, ``1e3``, thousands separators (``1,656``, ``1,234.5``) and
    decimal commas (``1,5``; ``1.234,5``). The one ambiguous shape, a single comma followed by
    exactly three digits (``1,500``), is a thousands separator unless ``decimal_comma`` (the file
    is ``;``-separated, as files written where the comma is the decimal mark are).
    Non-breaking and thin spaces are ignored. Blank cells and :data:`NA_WORDS` are unknown.

    Plain numbers (digits, one point, one sign) are converted by numpy directly; only the other
    cells go through the regular expressions.

    Returns:
        ``(numbers, invalid)``: float64 array with ``NaN`` for unknown or unreadable cells, and a
        boolean array marking the unreadable ones (not blank, not a finite number).
    """
    x = strings(values)
    n = len(x)
    numbers = np.full(n, np.nan)
    blank = np.strings.str_len(x) == 0
    unsigned = np.strings.lstrip(x, "+-")
    one_sign = np.strings.str_len(x) - np.strings.str_len(unsigned) <= 1
    simple = one_sign & np.strings.isdecimal(np.strings.replace(unsigned, ".", "", 1)) & ~blank
    if simple.any():
        try:
            numbers[simple] = x[simple].astype(np.float64)
        except ValueError:  # a digit numpy will not convert (non-ASCII): take the slow path
            simple[:] = False
    rest = ~simple & ~blank
    if rest.any():
        slow, slow_blank = _numbers_slow(_text_series(x[rest]), decimal_comma)
        numbers[rest] = slow
        blank[rest] = slow_blank
    numbers[~np.isfinite(numbers)] = np.nan
    invalid = ~blank & np.isnan(numbers)
    return numbers, invalid


def parse_number(text: str, *, decimal_comma: bool = False) -> float | None:
    """One cell by :func:`parse_numbers`' rules: ``None`` if blank, ``ValueError`` if unreadable."""
    numbers, invalid = parse_numbers([text], decimal_comma=decimal_comma)
    if invalid[0]:
        raise ValueError(f"not a number: {text!r}")
    return None if np.isnan(numbers[0]) else float(numbers[0])


# --- dates -----------------------------------------------------------------------------------

_TIME_TAIL = (
    r"(?:(?:T|,?\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_ISO_DATE = r"^\s*(\d{4})([-/])(\d{1,2})\2(\d{1,2})" + _TIME_TAIL + r"\s*$"
_DMY_DATE = r"^\s*(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})\.?" + _TIME_TAIL + r"\s*$"

# Kinds of date cell.
_NONE, _ISO, _SLASH, _DOT = 0, 1, 2, 3


@dataclass
class _DateParts:
    """A date column taken apart: per cell its kind and numbers (``NaN`` where not a date).

    For ``_ISO`` cells ``a`` is the month and ``b`` the day; for ``_SLASH`` (``a/b/YYYY`` and
    ``a-b-YYYY``) and ``_DOT`` (``a.b.YYYY``) the order is decided later.
    """

    kind: np.ndarray
    year: np.ndarray
    a: np.ndarray
    b: np.ndarray


def _split3(x: np.ndarray, sep: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``"a<sep>b<sep>c"`` -> ``(a, b, c, ok)`` with ``ok`` where both separators were found."""
    sep_arr = np.asarray(sep, dtype=_SD)
    first, s1, rest = np.strings.partition(x, sep_arr)
    second, s2, third = np.strings.partition(rest, sep_arr)
    ok = (s1 == sep) & (s2 == sep)
    return first, second, third, ok


def _ascii_int(x: np.ndarray, low: int, high: int) -> tuple[np.ndarray, np.ndarray]:
    """``(value, ok)`` of strings of ``low``..``high`` ASCII digits, read through a fixed-width
    unicode view of the code points (integer arithmetic, no per-cell conversion)."""
    length = np.strings.str_len(x)
    fits = (length >= low) & (length <= high)
    # astype truncates longer strings; ``fits`` rejects them.
    codes = x.astype(f"U{high}").view(np.uint32).reshape(len(x), high).astype(np.int64)
    present = codes != 0
    digit = (codes >= 48) & (codes <= 57)
    ok = fits & np.all(digit | ~present, axis=1)
    value = np.zeros(len(x), dtype=np.int64)
    for k in range(high):
        value = np.where(present[:, k], value * 10 + codes[:, k] - 48, value)
    return value.astype(float), ok


def _date_parts(texts: object) -> _DateParts:
    x = strings(texts)
    n = len(x)
    kind = np.full(n, _NONE, dtype=np.int8)
    year, a, b = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    todo = np.ones(n, dtype=bool)
    for sep in ("-", "/", "."):
        rows = np.flatnonzero(todo & (np.strings.find(x, sep) >= 0))
        if not len(rows):
            continue
        todo[rows] = False
        p1, p2, p3, ok = _split3(x[rows], sep)
        v2, ok2 = _ascii_int(p2, 1, 2)
        v1, ok1 = _ascii_int(p1, 1, 2)
        v3, ok3 = _ascii_int(p3, 4, 4)
        dmy = ok & ok1 & ok2 & ok3
        hit = rows[dmy]
        kind[hit] = _DOT if sep == "." else _SLASH
        year[hit], a[hit], b[hit] = v3[dmy], v1[dmy], v2[dmy]
        if sep == "-":  # ISO yyyy-mm-dd
            y1, oky = _ascii_int(p1, 4, 4)
            d3, okd = _ascii_int(p3, 1, 2)
            iso = ok & oky & ok2 & okd
            hit = rows[iso]
            kind[hit] = _ISO
            year[hit], a[hit], b[hit] = y1[iso], v2[iso], d3[iso]
    rest = (kind == _NONE) & (np.strings.str_len(x) > 0)
    if rest.any():
        s = _text_series(x[rest])
        iso = s.str.extract(_ISO_DATE)
        dmy = s.str.extract(_DMY_DATE)
        is_iso = _mask(iso[0].notna())
        is_dmy = _mask(dmy[0].notna()) & ~is_iso
        sub_kind = np.where(
            is_iso, _ISO, np.where(is_dmy, np.where(_mask(dmy[1] == "."), _DOT, _SLASH), _NONE)
        )

        def num(col: pd.Series) -> np.ndarray:
            return pd.to_numeric(col, errors="coerce").to_numpy(dtype=float)

        kind[rest] = sub_kind
        year[rest] = np.where(is_iso, num(iso[0]), num(dmy[3]))
        a[rest] = np.where(is_iso, num(iso[2]), num(dmy[0]))
        b[rest] = np.where(is_iso, num(iso[3]), num(dmy[2]))
    return _DateParts(kind, year, a, b)


@dataclass(frozen=True)
class DateEvidence:
    """What a column's ``a/b/YYYY`` dates say about their order (first example of each kind).

    ``dayfirst`` is a date whose first number is above 12 (``13/1/2024``), ``monthfirst`` one whose
    second is (``1/13/2024``), ``ambiguous`` one that reads both ways as different days
    (``1/2/2024``). Each is ``(line, text)`` or ``None``. Dotted dates (``1.2.2024``) are not
    counted: they are day-first by convention.
    """

    dayfirst: tuple[int, str] | None = None
    monthfirst: tuple[int, str] | None = None
    ambiguous: tuple[int, str] | None = None

    @property
    def settled(self) -> bool:
        """Whether some date fixes the order (more evidence cannot change the decision)."""
        return bool(self.dayfirst or self.monthfirst)

    def merged(self, later: DateEvidence) -> DateEvidence:
        """This evidence followed by ``later`` evidence from further down the file."""
        return DateEvidence(
            self.dayfirst or later.dayfirst,
            self.monthfirst or later.monthfirst,
            self.ambiguous or later.ambiguous,
        )


def _first(mask: np.ndarray, lines: np.ndarray, texts: object) -> tuple[int, str] | None:
    hits = np.flatnonzero(mask)
    if not len(hits):
        return None
    i = int(hits[0])
    return int(lines[i]), str(np.asarray(texts, dtype=object)[i]).strip()


def date_evidence(texts: object, lines: np.ndarray) -> DateEvidence:
    """Collect :class:`DateEvidence` from a column of raw date strings (``lines`` per value)."""
    x = strings(texts)
    dash = np.strings.find(x, "-")
    # Only a/b/yyyy and a-b-yyyy cells can say anything; ISO cells (dash at 4) are left out fast.
    candidates = np.flatnonzero((np.strings.find(x, "/") >= 0) | ((dash >= 1) & (dash <= 2)))
    if not len(candidates):
        return DateEvidence()
    x, lines = x[candidates], np.asarray(lines)[candidates]
    texts = x
    parts = _date_parts(x)
    slash, a, b = parts.kind == _SLASH, parts.a, parts.b
    with np.errstate(invalid="ignore"):
        day_first = slash & (a > 12) & (b <= 12)
        month_first = slash & (b > 12) & (a <= 12)
        ambiguous = slash & (a <= 12) & (b <= 12) & (a != b)
    return DateEvidence(
        _first(day_first, lines, texts),
        _first(month_first, lines, texts),
        _first(ambiguous, lines, texts),
    )


def resolve_dayfirst(
    evidence: DateEvidence,
    *,
    dayfirst: bool | None,
    default: bool | None,
    source: str,
    column: str,
    app: str = "",
) -> tuple[bool, tuple[str, ...]]:
    """Decide the order of ``a/b/YYYY`` dates: the caller's choice; else the first date in the file
    that settles it (a number above 12); else the app's known order, with a warning; else a
    :class:`DataFileError` asking the user. Dates that contradict the order become error rows.

    Returns:
        ``(dayfirst, warnings)``.
    """
    if dayfirst is not None:
        return dayfirst, ()
    if evidence.dayfirst and evidence.monthfirst:
        (dl, dt), (ml, mt) = evidence.dayfirst, evidence.monthfirst
        first_is_day = dl < ml
        return first_is_day, (
            f"the dates mix day-first ({dt!r}, line {dl}) and month-first ({mt!r}, line {ml}): "
            f"read {'day' if first_is_day else 'month'}-first as the first of them shows; the "
            "rows that do not fit are errors (pass --dayfirst or --monthfirst to choose)",
        )
    if evidence.dayfirst:
        return True, ()
    if evidence.monthfirst:
        return False, ()
    if evidence.ambiguous is None:
        return False, ()
    line, text = evidence.ambiguous
    if default is not None:
        order = "day-first (DD/MM/YYYY)" if default else "month-first (MM/DD/YYYY)"
        other = "--monthfirst" if default else "--dayfirst"
        return default, (
            f"dates such as {text!r} (line {line}) read {order} as {app or 'the app'} writes them; "
            f"pass {other} if that is wrong",
        )
    raise DataFileError(
        f"the dates can be read day-first or month-first ({text!r} on line {line} is either)",
        source=source,
        line=line,
        key=column,
        text=text,
        hint="pass --dayfirst (31/12/2024) or --monthfirst (12/31/2024), "
        "or write dates as 2024-12-31",
    )


def parse_dates(texts: object, *, dayfirst: bool, dots_dayfirst: bool = True) -> pd.Series:
    """Read a column of raw date strings: ISO ``2024-05-01`` (a time after it is ignored),
    ``a/b/YYYY`` or ``a-b-YYYY`` in the order ``dayfirst`` says, ``a.b.YYYY`` in the order
    ``dots_dayfirst`` says. Years outside 1900-2200 are unreadable.

    Returns:
        ``datetime64`` values, ``NaT`` where blank or unreadable.
    """
    parts = _date_parts(texts)
    day_first_rows = np.where(parts.kind == _DOT, dots_dayfirst, dayfirst)
    iso = parts.kind == _ISO
    month = np.where(iso, parts.a, np.where(day_first_rows, parts.b, parts.a))
    day = np.where(iso, parts.b, np.where(day_first_rows, parts.a, parts.b))
    with np.errstate(invalid="ignore"):
        ok = (parts.kind != _NONE) & (parts.year >= 1900) & (parts.year <= 2200)
        ok &= (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31)
    frame = pd.DataFrame(
        {
            "year": np.where(ok, parts.year, 2000),
            "month": np.where(ok, month, 1),
            "day": np.where(ok, day, 1),
        }
    ).astype(np.int64)
    result = pd.to_datetime(frame, errors="coerce")
    return result.where(ok)


DATE_HINT = "write dates as 2024-05-01, 5/1/2024 or 1.5.2024"


def table_dates(
    table: Table,
    position: int,
    *,
    dayfirst: bool | None,
    default: bool | None = None,
    app: str = "",
) -> tuple[list[datetime.date | None], list[str | None], tuple[str, ...]]:
    """Read a table's date column: ``(dates, reasons, warnings)``, where ``reasons[i]`` says why
    record ``i`` has no date (``None`` when it has one). See :func:`resolve_dayfirst`."""
    texts = table.column(position)
    order, warnings = resolve_dayfirst(
        date_evidence(texts, table.lines),
        dayfirst=dayfirst,
        default=default,
        source=table.source,
        column=table.header[position],
        app=app,
    )
    parsed = parse_dates(texts, dayfirst=order, dots_dayfirst=dayfirst is not False)
    dates = [to_date(v) for v in parsed]
    reasons: list[str | None] = []
    for text, day in zip(texts, dates, strict=True):
        if not str(text).strip():
            reasons.append("no date")
        elif day is None:
            reasons.append(f"unreadable date: {DATE_HINT}")
        else:
            reasons.append(None)
    return dates, reasons, warnings


def to_date(value: object) -> datetime.date | None:
    """A ``datetime64``/``Timestamp`` cell as a ``date`` (``None`` for ``NaT``)."""
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return None
    return pd.Timestamp(value).date()  # type: ignore[arg-type]


# --- units -----------------------------------------------------------------------------------


def key_of(alias: str) -> str:
    """The registry key of a nutrient named by alias (so no module here spells a key)."""
    nutrient = nutrients.by_alias(alias)
    if nutrient is None:  # pragma: no cover - a programming error, caught by the tests
        raise KeyError(f"no nutrient is called {alias!r}")
    return nutrient.key


_UNIT_IN_HEADER = re.compile(r"^(?P<name>.*?)\s*\((?P<unit>[^()]*)\)\s*$")
_MASS_UNITS: Mapping[str, str] = MappingProxyType(
    {
        "g": "gram", "gram": "gram", "grams": "gram", "gr": "gram",
        "kg": "kilogram", "kilogram": "kilogram", "kilograms": "kilogram",
        "mg": "milligram",
        "oz": "ounce", "ounce": "ounce", "ounces": "ounce",
        "lb": "pound", "lbs": "pound", "pound": "pound", "pounds": "pound",
    }
)  # fmt: skip
"""Unit words that state a weight (only these reach pint, never free unit text)."""
_SHORT_MASS: Mapping[str, str] = MappingProxyType(
    {"gram": "g", "kilogram": "kg", "milligram": "mg", "ounce": "oz", "pound": "lb"}
)
_NUTRIENT_UNITS: Mapping[str, str] = MappingProxyType(
    {"ug": "microgram", "mg": "milligram", "g": "gram", "kcal": "kilocalorie", "kj": "kilojoule"}
)


def normalise_unit(unit: str) -> str:
    """A unit as written, compared: trimmed, case-folded, ``µ``/``μ``/``u``/``mcg`` all ``ug``."""
    u = " ".join(unit.split()).casefold().replace("\u00b5", "u").replace("\u03bc", "u")
    return "ug" if u == "mcg" else u


def grams_per_unit(unit: str | None) -> float | None:
    """Grams in one ``unit`` if it is a weight unit (``g``, ``oz``, ``kg``...), else ``None``."""
    if not unit:
        return None
    name = _MASS_UNITS.get(normalise_unit(unit).rstrip("."))
    # pint's factor, from the package's factor table (no pint import for a generic diary)
    return None if name is None else units.grams_per(_SHORT_MASS[name])


PERCENT_UNITS = frozenset({"%", "%dv", "% dv", "dv", "%daily value", "% daily value"})
"""Header units that mean "% Daily Value"."""


def is_unit(text: str) -> bool:
    """Whether a header's parenthesised text is a unit read here (``mg``, ``µg``, ``IU``, ``%``)."""
    u = normalise_unit(text)
    return u in _NUTRIENT_UNITS or u == "iu" or u in PERCENT_UNITS


def split_header_unit(header: str) -> tuple[str, str | None]:
    """``"B1 (Thiamine) (mg)"`` -> ``("B1 (Thiamine)", "mg")``; ``"Iron"`` -> ``("Iron", None)``;
    ``"B1 (Thiamine)"`` -> ``("B1 (Thiamine)", None)`` (the parentheses hold a name, not a unit)."""
    text = header.strip()
    m = _UNIT_IN_HEADER.match(text)
    whole_known = nutrients.by_alias(text) is not None
    if m is not None:
        name, unit = m["name"].strip(), m["unit"].strip()
        if is_unit(unit) or not whole_known:
            return name, unit
    return text, None


def unit_factor(nutrient: nutrients.Nutrient, unit: str) -> float | None:
    """How many of the nutrient's registry unit one ``unit`` is (IU through the nutrient's own
    factor); ``None`` when the unit is unknown or cannot apply (vitamin E in IU: form unknown)."""
    import pint  # only for exports that carry nutrient columns (Cronometer, MyFitnessPal)

    u = normalise_unit(unit)
    try:
        if u == "iu":
            return float(units.from_iu(nutrient.key, 1.0).magnitude)
        name = _NUTRIENT_UNITS.get(u)
        if name is None:
            return None
        return float(units.Q_(1.0, name).to(nutrient.unit).magnitude)
    except (UnitError, pint.DimensionalityError):
        return None


@dataclass(frozen=True)
class NutrientColumn:
    """A header column that carries a registry nutrient."""

    position: int
    header: str
    nutrient: nutrients.Nutrient
    unit: str
    factor: float


def nutrient_columns(
    header: Sequence[str], *, default_units: Mapping[str, str] | None = None
) -> tuple[dict[str, NutrientColumn], list[str]]:
    """Find the registry nutrients among header cells such as ``Iron (mg)`` or ``Vitamin D (IU)``.

    A header without a unit uses ``default_units`` (nutrient key -> unit) or is left out. When two
    columns give the same nutrient the one already in the registry unit wins.

    Returns:
        ``(columns by nutrient key, warnings)``.
    """
    found: dict[str, NutrientColumn] = {}
    warnings: list[str] = []
    for position, raw in enumerate(header):
        name, unit = split_header_unit(raw)
        nutrient = nutrients.by_alias(name)
        if nutrient is None:
            continue
        if unit is None:
            unit = (default_units or {}).get(nutrient.key)
            if unit is None:
                warnings.append(
                    f"column {raw!r} gives no unit; {nutrient.name} is not read from it"
                )
                continue
        factor = unit_factor(nutrient, unit)
        if factor is None:
            warnings.append(
                f"column {raw!r}: {unit!r} cannot be converted to {nutrient.symbol}; "
                f"{nutrient.name} is unknown for this file"
            )
            continue
        col = NutrientColumn(position, raw, nutrient, unit, factor)
        previous = found.get(nutrient.key)
        if previous is None:
            found[nutrient.key] = col
        else:
            keep = col if factor == 1.0 and previous.factor != 1.0 else previous
            found[nutrient.key] = keep
            warnings.append(
                f"columns {previous.header!r} and {raw!r} both give {nutrient.name}; "
                f"{keep.header!r} is used"
            )
    return found, warnings


def nutrient_values(
    table: Table, columns: Mapping[str, NutrientColumn]
) -> tuple[dict[str, np.ndarray], list[list[str]]]:
    """Read nutrient columns in registry units: ``NaN`` = unknown. Unreadable or negative cells
    become unknown with a note for their row (returned per record)."""
    notes: list[list[str]] = [[] for _ in table.records]
    values: dict[str, np.ndarray] = {}
    decimal_comma = table.delimiter == ";"
    for key, col in columns.items():
        numbers, invalid = parse_numbers(table.column(col.position), decimal_comma=decimal_comma)
        with np.errstate(invalid="ignore"):
            negative = numbers < 0
        for i in np.flatnonzero(invalid | negative):
            raw = table.records[i][1][col.position]
            what = "not a number" if invalid[i] else "negative"
            notes[i].append(f"{col.header} {raw!r} is {what}: read as unknown")
        numbers = np.where(negative, np.nan, numbers)
        values[key] = numbers * col.factor
    return values, notes


def row_nutrients(values: Mapping[str, np.ndarray], i: int) -> Mapping[str, float | None]:
    """Record ``i`` of :func:`nutrient_values` as an immutable ``{key: value or None}``."""
    return MappingProxyType(
        {k: (None if np.isnan(v[i]) else float(v[i])) for k, v in values.items()}
    )


# --- assembling a result ---------------------------------------------------------------------


class Collector:
    """Collects one outcome per data row and builds the :class:`DiaryFile`."""

    def __init__(self, table: Table, fmt: str) -> None:
        self.table = table
        self.format = fmt
        self.rows: list[DiaryRow] = []
        self.issues: list[RowIssue] = []
        self.warnings: list[str] = list(table.warnings)
        self.day_flags: dict[datetime.date, list[str]] = {}

    def use(self, row: DiaryRow) -> None:
        self.rows.append(row)

    def skip(
        self, line: int, reason: str, column: str | None = None, value: str | None = None
    ) -> None:
        self.issues.append(RowIssue(line, column, value, reason, SKIPPED))

    def error(
        self, line: int, reason: str, column: str | None = None, value: str | None = None
    ) -> None:
        self.issues.append(RowIssue(line, column, value, reason, ERROR))

    def flag(self, day: datetime.date | None, flag: str) -> None:
        if day is not None and flag not in self.day_flags.setdefault(day, []):
            self.day_flags[day].append(flag)

    def result(
        self,
        *,
        absent: Iterable[str] = (),
        not_supplied: Iterable[str] = (),
        hint: str | None = None,
    ) -> DiaryFile:
        """The :class:`DiaryFile`; a :class:`DataFileError` when no row could be used."""
        total = len(self.table.records)
        assert len(self.rows) + len(self.issues) == total, "every row has exactly one outcome"
        if not self.rows:
            raise no_usable_rows(self.table.source, total, self.issues, hint)
        return DiaryFile(
            path=self.table.source,
            format=self.format,
            rows=tuple(self.rows),
            issues=tuple(sorted(self.issues, key=lambda i: i.row)),
            absent_nutrients=frozenset(absent),
            not_supplied=frozenset(not_supplied),
            day_flags=MappingProxyType({d: tuple(f) for d, f in sorted(self.day_flags.items())}),
            warnings=tuple(self.warnings),
            total_rows=total,
            encoding=self.table.encoding,
            delimiter=self.table.delimiter,
        )


def no_usable_rows(
    source: str,
    total: int,
    issues: Sequence[RowIssue],
    hint: str | None = None,
    *,
    skipped: int | None = None,
) -> DataFileError:
    """The error for a file with no row that could be used, showing the first reasons.

    ``skipped``: how many rows were skipped, when ``issues`` lists only the first rows not used.
    """
    if total == 0:
        return DataFileError(
            "the file has a header but no data rows", source=source, hint=DOCS_HINT
        )
    if skipped is None:
        skipped = sum(i.kind == SKIPPED for i in issues)
    shown = "; ".join(str(i) for i in sorted(issues, key=lambda i: i.row)[:3])
    return DataFileError(
        f"no usable row: {total} read, {skipped} skipped, {total - skipped} with errors ({shown})",
        source=source,
        hint=hint,
    )


def missing_columns(
    table: Table, fmt: str, wanted: Iterable[str], sniffed: str | None
) -> DataFileError:
    """The error for a file forced to a format whose columns it lacks."""
    absent = ", ".join(repr(w) for w in wanted)
    hint = (
        f"it looks like {sniffed}: use --format auto" if sniffed and sniffed != fmt else DOCS_HINT
    )
    return DataFileError(
        f"not a {fmt} file: no column {absent}",
        source=table.source,
        line=table.header_line,
        text=table.delimiter.join(table.header),
        hint=hint,
    )


def check_overlong(table: Table, collector: Collector) -> list[bool]:
    """Record an error for every row with values past the header; ``True`` for those rows."""
    out = []
    for (line, _), over in zip(table.records, table.overlong(), strict=True):
        if over is not None:
            collector.error(
                line,
                f"{over[0]} fields where the header has {len(table.header)}: "
                "a separator inside an unquoted value?",
                None,
                over[1],
            )
        out.append(over is not None)
    return out
