"""Lose It! food rows: the account export's ``food-logs.csv`` and the Weekly Summary spreadsheet.

* ``food-logs.csv``: ``Date,Name,Icon,Meal,Quantity,Units,Calories,Deleted,...,Sodium (mg)``;
* Weekly Summary ("Export to spreadsheet"): ``Date,Name,Type,Quantity,Units,Calories,...``, where
  ``Type`` holds the meal (and ``Exercise`` for workouts).

Lose It! exports no micronutrients besides sodium, so every row is resolved through the food table:
``food`` = Name, ``amount`` = Quantity, ``unit`` = Units, ``nutrients`` = ``None``. The export's own
``Calories`` and ``Sodium (mg)`` are kept in ``reported`` for cross-checks. Deleted rows, exercise
rows (``Exercise`` meal/type, or negative calories) and zero quantities are skipped with a reason.
Numbers may carry thousands separators (``"1,656"``); ``n/a`` is unknown. Dates are ``MM/DD/YYYY``
(month-first unless the file shows otherwise or ``dayfirst`` says) or ISO.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import numpy as np

from nutricheck.diary._common import (
    LOSEIT,
    Collector,
    DiaryFile,
    DiaryRow,
    check_overlong,
    grams_per_unit,
    key_of,
    missing_columns,
    nutrient_columns,
    nutrient_values,
    parse_numbers,
    read_table,
    table_dates,
)
from nutricheck.diary.sniff import format_of_header

DELETED = frozenset({"true", "yes", "y", "1", "deleted"})
NOT_DELETED = frozenset({"", "false", "no", "n", "0"})
EXERCISE = frozenset({"exercise", "exercises"})


def read_loseit(
    path: str | Path, *, dayfirst: bool | None = None, complete_only: bool = False
) -> DiaryFile:
    """Read Lose It! food rows: one :class:`DiaryRow` per food, resolved through the food table.

    Raises:
        DataFileError: not such an export, or no usable row.
    """
    table = read_table(path)
    date_at, name_at = table.find("date"), table.find("name")
    meal_at = table.find("meal", "type")
    quantity_at, units_at = table.find("quantity"), table.find("units", "unit")
    needed = (
        ("Date", date_at),
        ("Name", name_at),
        ("Meal", meal_at),
        ("Quantity", quantity_at),
        ("Units", units_at),
    )
    if any(p is None for _, p in needed):
        raise missing_columns(
            table, LOSEIT, [n for n, p in needed if p is None], format_of_header(table.header)
        )
    assert date_at is not None
    assert name_at is not None
    assert meal_at is not None
    assert quantity_at is not None
    assert units_at is not None
    collector = Collector(table, LOSEIT)
    if complete_only:
        collector.warnings.append(
            "--complete-only has no effect: Lose It!'s export does not say which days are complete"
        )
    dates, date_problems, warnings = table_dates(
        table, date_at, dayfirst=dayfirst, default=False, app="Lose It!"
    )
    collector.warnings.extend(warnings)
    energy_key = key_of("energy")
    reported_columns, _ = nutrient_columns(table.header, default_units={energy_key: "kcal"})
    reported, reported_notes = nutrient_values(table, reported_columns)
    energy_column = reported_columns.get(energy_key)
    calories = (
        parse_numbers(table.column(energy_column.position))[0]
        if energy_column is not None
        else np.full(len(table.records), np.nan)
    )  # read apart: nutrient_values turns negatives (exercise) into unknowns
    quantity, bad_quantity = parse_numbers(
        table.column(quantity_at), decimal_comma=table.delimiter == ";"
    )
    deleted_at = table.find("deleted")
    overlong = check_overlong(table, collector)

    def cell(fields: list[str], position: int | None) -> str:
        return fields[position].strip() if position is not None and position < len(fields) else ""

    for i, (line, fields) in enumerate(table.records):
        if overlong[i]:
            continue
        name, meal, quantity_text = (
            cell(fields, name_at),
            cell(fields, meal_at),
            cell(fields, quantity_at),
        )
        deleted = cell(fields, deleted_at).casefold()
        if deleted in DELETED:
            collector.skip(
                line, "deleted in Lose It!", table.header[deleted_at or 0], cell(fields, deleted_at)
            )
            continue
        if deleted not in NOT_DELETED:
            collector.error(
                line,
                "Deleted is neither true nor false",
                table.header[deleted_at or 0],
                cell(fields, deleted_at),
            )
            continue
        if date_problems[i]:
            collector.error(
                line, date_problems[i] or "", table.header[date_at], cell(fields, date_at)
            )
            continue
        if meal.casefold() in EXERCISE or calories[i] < 0:
            collector.skip(line, "an exercise entry, not food", table.header[meal_at], meal)
            continue
        if not name:
            collector.error(line, "no food name", table.header[name_at], name)
            continue
        if bad_quantity[i] or quantity[i] < 0:
            collector.error(
                line,
                "the quantity is not a usable number",
                table.header[quantity_at],
                quantity_text,
            )
            continue
        if quantity[i] == 0:
            collector.skip(line, "zero quantity", table.header[quantity_at], quantity_text)
            continue
        amount = None if np.isnan(quantity[i]) else float(quantity[i])
        unit = cell(fields, units_at) or None
        per_gram = grams_per_unit(unit)
        collector.use(
            DiaryRow(
                row=line,
                source_format=LOSEIT,
                date=dates[i],
                meal=meal or None,
                food=name,
                amount=amount,
                unit=unit,
                grams=amount * per_gram if amount is not None and per_gram else None,
                reported=MappingProxyType(
                    {k: (None if np.isnan(v[i]) else float(v[i])) for k, v in reported.items()}
                ),
                notes=tuple(reported_notes[i]),
            )
        )
    return collector.result()
