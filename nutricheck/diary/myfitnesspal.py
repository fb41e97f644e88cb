"""MyFitnessPal Premium export, "Nutrition Summary": one row per meal, no food names.

``Date,Meal,Calories,Fat (g),...,Sodium (mg),Potassium,...,Vitamin A,Vitamin C,Calcium,Iron,Note``.
Meals are named by the user (``Breakfast``, ``PreWorkout``); a meal with no entries has no row.

What each column becomes:

* ``Calories`` -> energy (kcal); ``Sodium (mg)`` -> sodium; ``Potassium`` -> potassium in mg.
* ``Iron`` and ``Calcium`` are **% Daily Value**, converted with the US label Daily Values of the
  2016 Nutrition Facts rule (21 CFR 101.9(c)(8)(iv), 81 FR 33742): iron 18 mg, calcium 1,300 mg.
  The results are marked ``estimated``. Labels before that rule used 1,000 mg for calcium, so an
  older food entry's calcium is over-read by up to 30 %; iron's 18 mg did not change.
  A header that states a unit (``Iron (mg)``) is read in that unit, not as % DV.
* A **0** in sodium, potassium, calcium or iron is read as *not entered* (unknown), with a note:
  MyFitnessPal writes 0 when the foods logged lack the value (quick-add calories, foods entered with
  calories only), and a meal's true total of exactly 0 mg is rare. Reading 0 as zero would report a
  shortfall nobody measured. A row whose every value is 0 is an empty meal and is skipped.
* Vitamin D, vitamin E, thiamin and magnesium are never in this export: ``not_supplied``.
* A converted % DV above 200 in one meal is kept but noted (the food entry may hold mg where
  MyFitnessPal expects % DV, as ``Calcium 900`` in a 930 kcal breakfast suggests).

Dates are ISO or ``M/D/YYYY`` (month-first unless the file shows otherwise or ``dayfirst`` says).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import MappingProxyType

import numpy as np

from nutricheck import nutrients, units
from nutricheck.diary._common import (
    MYFITNESSPAL,
    PERCENT_UNITS,
    Collector,
    DiaryFile,
    DiaryRow,
    check_overlong,
    key_of,
    missing_columns,
    normalise_unit,
    parse_numbers,
    read_table,
    split_header_unit,
    table_dates,
    unit_factor,
)
from nutricheck.diary.sniff import format_of_header

LABEL_DAILY_VALUES = MappingProxyType(
    {
        key_of("iron"): (18.0, "mg"),  # 21 CFR 101.9(c)(8)(iv); the same before and after 2016
        key_of("calcium"): (1300.0, "mg"),  # 21 CFR 101.9(c)(8)(iv) as amended 2016 (was 1,000 mg)
    }
)
"""US label Daily Values, (value, unit), used to turn MyFitnessPal's % DV into amounts."""

BARE_UNITS = MappingProxyType(
    {
        key_of("energy"): "kcal",
        key_of("sodium"): "mg",
        key_of("potassium"): "mg",
        key_of("iron"): "%DV",
        key_of("calcium"): "%DV",
    }
)
"""How MyFitnessPal's headers without a unit are read."""

NOT_SUPPLIED = frozenset(key_of(n) for n in ("vitamin d", "vitamin e", "thiamin", "magnesium"))
"""Nutrients the Nutrition Summary export never carries."""

ZERO_IS_UNKNOWN = frozenset(key_of(n) for n in ("sodium", "potassium", "calcium", "iron"))
"""Nutrients whose 0 means "not entered" in this export."""

_IMPLAUSIBLE_PERCENT = 200.0


def read_myfitnesspal(
    path: str | Path, *, dayfirst: bool | None = None, complete_only: bool = False
) -> DiaryFile:
    """Read a MyFitnessPal "Nutrition Summary" export: one :class:`DiaryRow` per meal.

    Raises:
        DataFileError: not such an export, or no usable row.
    """
    table = read_table(path)
    date_at, meal_at = table.find("date"), table.find("meal")
    if date_at is None or meal_at is None:
        wanted = [n for n, p in (("Date", date_at), ("Meal", meal_at)) if p is None]
        raise missing_columns(table, MYFITNESSPAL, wanted, format_of_header(table.header))
    collector = Collector(table, MYFITNESSPAL)
    if complete_only:
        collector.warnings.append(
            "--complete-only has no effect: MyFitnessPal's export does not say which days are "
            "complete"
        )
    dates, date_problems, warnings = table_dates(
        table, date_at, dayfirst=dayfirst, default=False, app="MyFitnessPal"
    )
    collector.warnings.extend(warnings)

    # nutrient key -> (position, header, factor, % DV?): an amount is value * factor in the registry
    # unit, or for % DV value * DV / 100 (so 10 % DV of iron is exactly 10 * 18 / 100 = 1.8 mg).
    columns: dict[str, tuple[int, str, float, bool]] = {}
    for position, raw in enumerate(table.header):
        name, unit = split_header_unit(raw)
        nutrient = nutrients.by_alias(name)
        if nutrient is None or nutrient.key in columns:
            continue
        unit = unit or BARE_UNITS.get(nutrient.key)
        if unit is None:
            collector.warnings.append(f"column {raw!r} gives no unit; {nutrient.name} is not read")
            continue
        if normalise_unit(unit) in PERCENT_UNITS and nutrient.key in LABEL_DAILY_VALUES:
            value, unit_ = LABEL_DAILY_VALUES[nutrient.key]
            dv = (
                value
                if unit_ == nutrient.unit
                else units.quantity(value, unit_).to(nutrient.unit).magnitude
            )
            columns[nutrient.key] = (position, raw, dv, True)
            continue
        factor = unit_factor(nutrient, unit)
        if factor is None:
            collector.warnings.append(
                f"column {raw!r}: {unit!r} cannot be read; {nutrient.name} unknown"
            )
            continue
        columns[nutrient.key] = (position, raw, factor, False)
    if not columns:
        raise missing_columns(table, MYFITNESSPAL, ["Calories"], format_of_header(table.header))

    values: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for key, (position, _, _, _) in columns.items():
        values[key] = parse_numbers(table.column(position))
    zero_counts: Counter[str] = Counter()
    overlong = check_overlong(table, collector)
    for i, (line, fields) in enumerate(table.records):
        if overlong[i]:
            continue
        if date_problems[i]:
            raw = fields[date_at].strip() if date_at < len(fields) else ""
            collector.error(line, date_problems[i] or "", table.header[date_at], raw)
            continue
        meal = fields[meal_at].strip() if meal_at < len(fields) else ""
        amounts: dict[str, float | None] = {}
        estimated: set[str] = set()
        notes: list[str] = []
        zeros: list[str] = []
        implausible: list[str] = []
        raw_values: list[float] = []
        for key, (position, header, factor, percent) in columns.items():
            numbers, invalid = values[key]
            raw_text = fields[position].strip() if position < len(fields) else ""
            value = float(numbers[i])
            amounts[key] = None
            if invalid[i] or value < 0:
                notes.append(f"{header} {raw_text!r} is not a usable number: read as unknown")
                continue
            if np.isnan(value):
                continue
            raw_values.append(value)
            if value == 0 and key in ZERO_IS_UNKNOWN:
                zeros.append(header)
                notes.append(f"{header} 0 read as not entered")
                continue
            amounts[key] = value * factor / 100 if percent else value * factor
            if percent:
                estimated.add(key)
                if value > _IMPLAUSIBLE_PERCENT:
                    symbol = nutrients.get(key).symbol
                    amount = value * factor / 100
                    implausible.append(
                        f"{header} {value:g} % DV ({amount:,.0f} {symbol}) in one meal is "
                        "implausible: the food entry may hold mg where % DV belongs"
                    )
        if not raw_values:
            collector.skip(line, "no values: an empty meal")
            continue
        if not any(raw_values):
            collector.skip(line, "every value is 0: an empty meal")
            continue
        zero_counts.update(zeros)
        collector.warnings.extend(f"line {line}: {text}" for text in implausible)
        collector.use(
            DiaryRow(
                row=line,
                source_format=MYFITNESSPAL,
                date=dates[i],
                meal=meal or None,
                nutrients=MappingProxyType(amounts),
                estimated=frozenset(estimated),
                notes=(*notes, *implausible),
            )
        )
    if zero_counts:
        counted = ", ".join(f"{h} {n}" for h, n in zero_counts.items())
        collector.warnings.append(
            "zeros read as not entered (unknown), as MyFitnessPal writes 0 for a missing value: "
            + counted
        )
    found = set(columns)
    not_supplied = NOT_SUPPLIED - found
    absent = set(nutrients.KEYS) - found - not_supplied
    return collector.result(absent=absent, not_supplied=not_supplied)
