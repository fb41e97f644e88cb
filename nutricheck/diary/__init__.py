"""Diary files from the apps people already use, read into one shape.

>>> diary = read_diary("tests/data/diaries/generic_text.csv")  # doctest: +SKIP
>>> diary.format, len(diary.rows), diary.total_rows  # doctest: +SKIP
('generic', 5, 7)

:func:`read_diary` returns a :class:`DiaryFile`: the used rows (:class:`DiaryRow`), one
:class:`RowIssue` for every row that was skipped or could not be read (with its line, column and
value), the nutrients the export cannot tell (``absent_nutrients``, ``not_supplied``), per-day flags
and warnings. Every failure to read the file itself (missing, empty, binary, not a diary, no usable
row) is a :class:`~nutricheck.errors.DataFileError` naming the file.

For generic files too large to hold as Python objects, :func:`iter_generic_chunks` yields pandas
DataFrames of bounded size, and :func:`nutricheck.days.build_generic_report` reports on them
without holding their rows. The formats are described in docs/diary-formats.md.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from nutricheck.diary._common import (
    CRONOMETER_DAILY,
    CRONOMETER_SERVINGS,
    FLAG_COMPLETED,
    FLAG_MICRONUTRIENTS_UNKNOWN,
    FLAG_NOT_COMPLETED,
    FLAG_QUICK_ADD_SKIPPED,
    FORMATS,
    GENERIC,
    LOSEIT,
    MYFITNESSPAL,
    DiaryFile,
    DiaryRow,
    RowIssue,
)
from nutricheck.diary.cronometer import read_daily, read_servings
from nutricheck.diary.generic import CHUNK_COLUMNS, iter_generic_chunks, read_generic
from nutricheck.diary.loseit import read_loseit
from nutricheck.diary.myfitnesspal import read_myfitnesspal
from nutricheck.diary.sniff import NOT_A_DIARY, sniff_format
from nutricheck.errors import DataFileError

__all__ = [
    "CHUNK_COLUMNS",
    "CRONOMETER_DAILY",
    "CRONOMETER_SERVINGS",
    "FLAG_COMPLETED",
    "FLAG_MICRONUTRIENTS_UNKNOWN",
    "FLAG_NOT_COMPLETED",
    "FLAG_QUICK_ADD_SKIPPED",
    "FORMATS",
    "GENERIC",
    "LOSEIT",
    "MYFITNESSPAL",
    "DiaryFile",
    "DiaryRow",
    "RowIssue",
    "diary_format",
    "iter_generic_chunks",
    "read_diary",
    "sniff_format",
]

_Reader = Callable[..., DiaryFile]
_READERS: dict[str, _Reader] = {
    GENERIC: read_generic,
    CRONOMETER_SERVINGS: read_servings,
    CRONOMETER_DAILY: read_daily,
    MYFITNESSPAL: read_myfitnesspal,
    LOSEIT: read_loseit,
}


def read_diary(
    path: str | Path,
    format: str = "auto",
    *,
    dayfirst: bool | None = None,
    complete_only: bool = False,
) -> DiaryFile:
    """Read a diary export.

    Args:
        path: the CSV file.
        format: ``"auto"`` (sniffed from the header) or one of :data:`FORMATS`.
        dayfirst: how to read ``a/b/YYYY`` dates: ``True`` day-first, ``False`` month-first,
            ``None`` from the file (a value above 12 decides), else the app's own order
            (MyFitnessPal and Lose It! are month-first); a generic file that cannot tell is an
            error.
        complete_only: Cronometer Daily Nutrition: skip days not marked completed.

    Raises:
        DataFileError: the file cannot be read, is not the format, has ambiguous dates, or has no
            usable row.
    """
    format = diary_format(path, format)
    return _READERS[format](path, dayfirst=dayfirst, complete_only=complete_only)


def diary_format(path: str | Path, format: str = "auto") -> str:
    """The format a diary file will be read as: sniffed from its header (``"auto"``), or
    ``format`` checked against the header. Reads only the first lines.

    Raises:
        DataFileError: an unknown format, a header that contradicts ``format``, or (``"auto"``)
            a file that is unreadable or matches no format.
    """
    if format != "auto" and format not in _READERS:
        raise DataFileError(
            f"unknown diary format {format!r}",
            key="--format",
            hint=f"one of: auto, {', '.join(FORMATS)}",
        )
    sniffed = _sniff_or_none(path) if format != "auto" else sniff_format(path)
    if format == "auto":
        assert sniffed is not None
        return sniffed
    if sniffed is not None and sniffed != format:
        raise DataFileError(
            f"this is a {sniffed} file, not {format}",
            source=str(path),
            hint=f"use --format auto (or --format {sniffed})",
        )
    return format


def _sniff_or_none(path: str | Path) -> str | None:
    """The sniffed format, or ``None`` when the header matches none (the reader then explains)."""
    try:
        return sniff_format(path)
    except DataFileError as exc:
        if exc.problem == NOT_A_DIARY:
            return None
        raise
