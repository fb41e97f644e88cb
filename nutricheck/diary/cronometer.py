"""Cronometer exports: "Food & Recipe Entries" (``servings.csv``) and "Daily Nutrition"
(``dailysummary.csv``).

Both carry Cronometer's own nutrient amounts, so rows are not resolved through the food table.
Nutrient columns are found by header name with the unit read from the header (``Iron (mg)``,
``Vitamin D (IU)``, ``B12 (Cobalamin) (µg)``) and converted to the registry unit: IU through the
nutrient's own factor, ``µ``/``μ``/``ug``/``mcg`` all as micrograms. A blank cell is unknown. The
column set follows the user's display settings and the export's age (a 2020 export has no vitamin D
and no sodium column): a registry nutrient without a column is in ``absent_nutrients``.

Servings rows that are not foods are skipped with a reason: zero-amount placeholders (``0.00 g``:
foods Cronometer keeps on a day's list but that were not eaten) and quick-add rows (food name
``Calorie``, ``Protein``, ``Carbs`` or ``Fat`` with unit ``1``). A quick-add row has no
micronutrients; its energy is not counted either (it is not a food the rest of nutricheck can
explain), and its day is flagged ``quick-add-skipped`` so a report can say that day's energy is low.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nutricheck import nutrients
from nutricheck.diary._common import (
    CRONOMETER_DAILY,
    CRONOMETER_SERVINGS,
    FLAG_COMPLETED,
    FLAG_MICRONUTRIENTS_UNKNOWN,
    FLAG_NOT_COMPLETED,
    FLAG_QUICK_ADD_SKIPPED,
    Collector,
    DiaryFile,
    DiaryRow,
    Table,
    check_overlong,
    grams_per_unit,
    missing_columns,
    nutrient_columns,
    nutrient_values,
    parse_numbers,
    read_table,
    row_nutrients,
    table_dates,
)
from nutricheck.diary.sniff import format_of_header

QUICK_ADD_FOODS = frozenset({"calorie", "calories", "protein", "carbs", "fat"})
"""Cronometer's quick-add "foods" (with unit ``1``): bare energy or macros, not foods."""

_AMOUNT = r"^\s*(?P<number>[+-]?(?:\d[\d.,]*|\.\d+))\s*(?P<unit>.*?)\s*$"
_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})


def _nutrients_setup(
    table: Table, collector: Collector
) -> tuple[dict[str, np.ndarray], list[list[str]], set[str]]:
    columns, warnings = nutrient_columns(table.header)
    collector.warnings.extend(warnings)
    absent = set(nutrients.KEYS) - set(columns)
    missing = [nutrients.get(k).name for k in nutrients.TARGET_KEYS if k in absent]
    if missing:
        collector.warnings.append(
            f"the export has no column for {', '.join(missing)}: unknown for every day "
            "(Cronometer exports the nutrients shown in the account's settings)"
        )
    values, notes = nutrient_values(table, columns)
    return values, notes, absent


def _cell(fields: list[str], position: int | None) -> str:
    return fields[position].strip() if position is not None and position < len(fields) else ""


def read_servings(
    path: str | Path, *, dayfirst: bool | None = None, complete_only: bool = False
) -> DiaryFile:
    """Read a Cronometer "Food & Recipe Entries" export: one :class:`DiaryRow` per food eaten.

    ``Day`` (``Date`` in older exports), optional ``Time``, ``Group`` (the meal), ``Food Name``,
    ``Amount`` (``"<number> <unit text>"``, e.g. ``2.00 x 20.0 pieces`` -> amount 2.0, unit
    ``x 20.0 pieces``) and the nutrient columns. The amount is informational (the nutrients are
    already for the amount eaten), so an amount without a leading number keeps the row, with a note.

    Raises:
        DataFileError: not such an export, or no usable row.
    """
    table = read_table(path)
    day_at, food_at, amount_at = (
        table.find("day", "date"),
        table.find("food name"),
        table.find("amount"),
    )
    if day_at is None or food_at is None or amount_at is None:
        wanted = [
            n
            for n, p in (("Day", day_at), ("Food Name", food_at), ("Amount", amount_at))
            if p is None
        ]
        raise missing_columns(table, CRONOMETER_SERVINGS, wanted, format_of_header(table.header))
    collector = Collector(table, CRONOMETER_SERVINGS)
    values, notes, absent = _nutrients_setup(table, collector)
    dates, date_problems, warnings = table_dates(table, day_at, dayfirst=dayfirst)
    collector.warnings.extend(warnings)
    if complete_only:
        collector.warnings.append(
            "--complete-only has no effect on a servings export: use Cronometer's Daily Nutrition "
            "export, which says which days are completed"
        )
    amounts = table.column(amount_at).str.extract(_AMOUNT)
    number, bad_number = parse_numbers(amounts["number"].fillna(""))
    units = amounts["unit"].fillna("").tolist()
    time_at, group_at = table.find("time"), table.find("group")
    overlong = check_overlong(table, collector)
    for i, (line, fields) in enumerate(table.records):
        if overlong[i]:
            continue
        food, amount_text = _cell(fields, food_at), _cell(fields, amount_at)
        if date_problems[i]:
            collector.error(
                line, date_problems[i] or "", table.header[day_at], _cell(fields, day_at)
            )
            continue
        if not food:
            collector.error(line, "no food name", table.header[food_at], food)
            continue
        row_notes = list(notes[i])
        amount: float | None = None if np.isnan(number[i]) else float(number[i])
        unit: str | None = units[i] or None
        if bad_number[i] or (amount is not None and amount < 0):
            amount, unit = None, amount_text or None
            row_notes.append(f"amount {amount_text!r} is not readable")
        elif amount is None and amount_text:
            unit = amount_text
            row_notes.append(f"amount {amount_text!r} has no leading number")
        if food.casefold() in QUICK_ADD_FOODS and unit == "1":
            calories = food.casefold().startswith("calorie")
            what = (
                f"{amount:g} {'kcal' if calories else 'g'}" if amount is not None else amount_text
            )
            collector.skip(
                line,
                f"a quick-add {food} entry ({what}), not a food: not counted",
                table.header[food_at],
                food,
            )
            collector.flag(dates[i], FLAG_QUICK_ADD_SKIPPED)
            continue
        if amount == 0:
            collector.skip(
                line,
                "zero amount: a placeholder for a food not eaten",
                table.header[amount_at],
                amount_text,
            )
            continue
        per_gram = grams_per_unit(unit)
        collector.use(
            DiaryRow(
                row=line,
                source_format=CRONOMETER_SERVINGS,
                date=dates[i],
                meal=_cell(fields, group_at) or None,
                time=_cell(fields, time_at) or None,
                food=food,
                amount=amount,
                unit=unit,
                grams=amount * per_gram if amount is not None and per_gram else None,
                nutrients=row_nutrients(values, i),
                notes=tuple(row_notes),
            )
        )
    return collector.result(absent=absent)


def _completed(text: str) -> bool | None:
    t = text.strip().casefold()
    return True if t in _TRUE else False if t in _FALSE else None


def read_daily(
    path: str | Path, *, dayfirst: bool | None = None, complete_only: bool = False
) -> DiaryFile:
    """Read a Cronometer "Daily Nutrition" export: one :class:`DiaryRow` per day, with nutrients.

    ``Completed`` gives the day flag ``completed`` or ``not-completed``; with ``complete_only`` a
    day not marked completed is skipped with a reason. A day whose compared nutrients are all blank
    (only quick-add energy or protein logged) keeps them unknown and is flagged
    ``micronutrients-unknown``.

    Raises:
        DataFileError: not such an export, or no usable row (every day skipped, for example).
    """
    table = read_table(path)
    date_at = table.find("date", "day")
    if date_at is None:
        raise missing_columns(table, CRONOMETER_DAILY, ["Date"], format_of_header(table.header))
    collector = Collector(table, CRONOMETER_DAILY)
    values, notes, absent = _nutrients_setup(table, collector)
    if set(nutrients.KEYS) <= absent:
        raise missing_columns(
            table, CRONOMETER_DAILY, ["Iron (mg)"], format_of_header(table.header)
        )
    dates, date_problems, warnings = table_dates(table, date_at, dayfirst=dayfirst)
    collector.warnings.extend(warnings)
    completed_at = table.find("completed")
    if complete_only and completed_at is None:
        collector.warnings.append(
            "--complete-only has no effect: this export has no Completed column"
        )
    overlong = check_overlong(table, collector)
    targets = [k for k in nutrients.TARGET_KEYS if k in values]
    seen: dict[object, int] = {}
    for i, (line, fields) in enumerate(table.records):
        if overlong[i]:
            continue
        if date_problems[i]:
            collector.error(
                line, date_problems[i] or "", table.header[date_at], _cell(fields, date_at)
            )
            continue
        day = dates[i]
        raw_completed = _cell(fields, completed_at)
        completed = _completed(raw_completed)
        row_notes = list(notes[i])
        if raw_completed.strip() and completed is None:
            row_notes.append(f"Completed {raw_completed!r} is neither true nor false")
        if complete_only and completed_at is not None and completed is not True:
            collector.skip(
                line,
                "day not marked completed in Cronometer (--complete-only)",
                table.header[completed_at],
                raw_completed,
            )
            continue
        known = row_nutrients(values, i)
        if all(v is None for v in known.values()):
            collector.skip(line, "no values: an empty day")
            continue
        if day in seen:
            collector.warnings.append(
                f"day {day} appears on lines {seen[day]} and {line}; both are used"
            )
        seen.setdefault(day, line)
        if completed is True:
            collector.flag(day, FLAG_COMPLETED)
        elif completed is False:
            collector.flag(day, FLAG_NOT_COMPLETED)
        if targets and all(known[k] is None for k in targets):
            collector.flag(day, FLAG_MICRONUTRIENTS_UNKNOWN)
        collector.use(
            DiaryRow(
                row=line,
                source_format=CRONOMETER_DAILY,
                date=day,
                nutrients=known,
                notes=tuple(row_notes),
            )
        )
    hint = None
    if complete_only and not collector.rows:
        hint = "no day is marked completed: drop --complete-only to use them"
    return collector.result(absent=absent, hint=hint)
