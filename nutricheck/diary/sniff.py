"""Which diary format a file is, decided from its header line alone.

The rules, tried in this order on the case-folded header cells:

==================== ===========================================================================
format               the header has
==================== ===========================================================================
cronometer-servings  ``Day`` (or ``Date``), ``Food Name`` and ``Amount``
cronometer-daily     ``Date``, no ``Meal``/``Food Name``, and ``Completed`` or three nutrient
                     columns with a unit (``Iron (mg)``)
myfitnesspal         ``Date``, ``Meal``, ``Calories``, no food name, and a bare ``Iron``,
                     ``Calcium`` or ``Potassium`` column
loseit               ``Date``, ``Name``, ``Quantity``, ``Units`` and ``Meal`` or ``Type``
generic              ``text``, ``food``, ``food_key`` or ``fdc_id``; or ``id`` and ``grams`` (nutra)
==================== ===========================================================================
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from nutricheck import nutrients
from nutricheck.diary._common import (
    CRONOMETER_DAILY,
    CRONOMETER_SERVINGS,
    DOCS_HINT,
    GENERIC,
    LOSEIT,
    MYFITNESSPAL,
    detect_encoding,
    normalise_header,
    read_header,
    split_header_unit,
)
from nutricheck.errors import DataFileError

NOT_A_DIARY = "not a diary format nutricheck knows"

GENERIC_CONTENT = ("text", "food", "food_key", "fdc_id")
"""Generic columns that say what was eaten; a generic file has at least one (or nutra's ``id``)."""


def generic_name(name: str) -> str:
    """A normalised header as the generic format compares it: ``Food Key`` -> ``food_key``."""
    return name.replace(" ", "_").replace("-", "_")


def _unit_nutrient_columns(names: Iterable[str]) -> int:
    count = 0
    for name in names:
        base, unit = split_header_unit(name)
        if unit is not None and nutrients.by_alias(base) is not None:
            count += 1
    return count


def format_of_header(cells: Iterable[str]) -> str | None:
    """The format a header belongs to (see the module table), or ``None``."""
    names = {normalise_header(c) for c in cells}
    if names & {"day", "date"} and {"food name", "amount"} <= names:
        return CRONOMETER_SERVINGS
    if "date" in names and not names & {"meal", "food name", "name", "food", "text"}:
        if "completed" in names or _unit_nutrient_columns(names) >= 3:
            return CRONOMETER_DAILY
    if {"date", "meal", "calories"} <= names and not names & {"food", "name", "text", "food name"}:
        if names & {"iron", "calcium", "potassium"}:
            return MYFITNESSPAL
    if {"date", "name", "quantity", "units"} <= names and names & {"meal", "type"}:
        return LOSEIT
    generic = {generic_name(n) for n in names}
    if generic & set(GENERIC_CONTENT) or {"id", "grams"} <= generic:
        return GENERIC
    return None


def sniff_format(path: str | Path) -> str:
    """The diary format of a file, from its header.

    >>> sniff_format("tests/data/diaries/cronometer_servings.csv")  # doctest: +SKIP
    'cronometer-servings'

    Raises:
        DataFileError: the file cannot be read, or its header matches no known format.
    """
    encoding, _ = detect_encoding(path)
    line, _, raw, cells = read_header(path, encoding)
    fmt = format_of_header(cells)
    if fmt is None:
        raise DataFileError(
            NOT_A_DIARY,
            source=str(path),
            line=line,
            text=raw.strip(),
            hint="a generic diary needs a header such as date,meal,text or "
            f"date,meal,food,amount,unit; {DOCS_HINT}",
        )
    return fmt
