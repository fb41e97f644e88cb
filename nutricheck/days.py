"""Many days: a diary file read into per-day reports and a summary across days.

Each :class:`~nutricheck.diary.DiaryRow` becomes entries: rows that carry the app's own nutrient
values (Cronometer, MyFitnessPal) are used as they are; rows with free text or a food name and an
amount go through the same parser, matcher and grams as a typed food log. Days with too little
logged (under ``min_kcal`` kcal, or for food-level files fewer than ``min_entries`` entries) are
flagged and left out of the mean, because a half-logged day would read as a shortfall.

Two builders give the same :class:`DiaryReport`:

* :func:`build_diary_report` from a :class:`~nutricheck.diary.DiaryFile` already read (every
  format): an :class:`~nutricheck.entries.Entry` per food eaten, added up day by day.
* :func:`build_generic_report` from a generic CSV file of any length: the file is read in chunks
  (:class:`~nutricheck.diary.generic.GenericReader`), each distinct text, or distinct (food,
  amount, unit) or (food key, amount, unit), is resolved once through the same
  :func:`row_entries`, and each day's totals, coverage, largest sources and foods without a value
  are added up as arrays, in file order, so they are the same numbers. Memory is bounded by the
  chunk and the number of days, not the number of rows: no Entry is kept per row unless the file
  has at most :data:`LIST_LIMIT` data rows, when the report lists every entry as the other
  builder does. docs/scale.md says what a report of a larger diary lists instead.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nutricheck import assess, nutrients
from nutricheck.entries import OK, UNKNOWN_FOOD, Entry, EntryReader, nutrients_for
from nutricheck.intake import Contribution, totals
from nutricheck.report import SCHEMA_VERSION, NutrientResult, nutrient_result, result_for

if TYPE_CHECKING:
    import numpy as np

    from nutricheck.diary import DiaryFile, DiaryRow, RowIssue
    from nutricheck.diary.generic import ParsedChunk
    from nutricheck.explain import ExplanationSet
    from nutricheck.foods import FoodTable
    from nutricheck.profile import Profile
    from nutricheck.suggest import Suggestion
    from nutricheck.targets import Targets

MIN_KCAL = 800.0
MIN_ENTRIES = 3
FOOD_LEVEL_FORMATS = frozenset({"generic", "cronometer-servings", "loseit"})
"""Formats with a row per food: only there does a count of entries say how complete a day is."""

LIST_LIMIT = 10_000
"""A generic diary with at most this many data rows is reported entry by entry (every entry of
every day with each nutrient's largest sources, every row not used); a larger one gives each day's
totals, coverage, foods without a value and counts (no ``top`` sources: they are entries), the
first :data:`ISSUE_LIMIT` rows not used and entries not understood of each kind, and
:class:`RowGroup` summaries of all of them."""
ISSUE_LIMIT = 1_000
"""Rows not used (of each kind) and entries not understood listed one by one in a large report."""
GROUP_LIMIT = 1_000
"""Groups listed in :attr:`DiaryReport.unparsed_groups` (most rows first)."""
SAMPLE_LINES = 10
"""Lines shown in each :class:`RowGroup`."""

_COUNT_UNITS = {"each", "ea", "x", "item", "items", "whole", ""}
_SERVING_UNITS = {"serving", "servings", "srv", "portion", "portions"}


@dataclass(frozen=True)
class DayResult:
    """One day of a diary.

    Attributes:
        date: the day (``None`` for rows without a date).
        entries: the day's entries, understood or not.
        totals: per nutrient key, the day's :class:`~nutricheck.report.NutrientResult`.
        included: counted in the mean (not flagged for too little logged).
        flags: why the day is flagged, and what the file says of it (``not-completed``, ...).
        entry_count: entries understood and counted; ``None`` = count them in ``entries``.
        listed: ``entries`` holds every entry of the day (``False`` in the report of a large
            diary, where ``entries`` is empty).
    """

    date: datetime.date | None
    entries: tuple[Entry, ...]
    totals: Mapping[str, NutrientResult]
    included: bool
    flags: tuple[str, ...]
    entry_count: int | None = None
    listed: bool = True

    @property
    def used(self) -> int:
        """Entries understood and counted on this day."""
        return self.entry_count if self.entry_count is not None else sum(e.ok for e in self.entries)

    @property
    def shortfalls(self) -> tuple[str, ...]:
        return tuple(k for k, r in self.totals.items() if r.shortfall)

    def to_dict(self, *, entries: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "date": None if self.date is None else self.date.isoformat(),
            "included": self.included,
            "flags": list(self.flags),
            "totals": {k: r.to_day_dict() for k, r in self.totals.items()},
            "shortfalls": list(self.shortfalls),
            "entry_count": self.used,
        }
        if entries and self.listed:
            out["entries"] = [e.to_dict() for e in self.entries]
        return out


@dataclass(frozen=True)
class NutrientSummary:
    """A nutrient across the included days.

    Attributes:
        mean: mean per day over the included days that had a value (registry unit); ``None`` if none.
        result: the mean judged against the target (status, percent).
        days_short: included days on which the nutrient was short of target.
        days_with_data: included days with a known total.
        worst: up to three ``(date, value, percent)`` of the lowest included days.
        unknown_reason: ``"not supplied by this export"`` or ``"no column in this export"`` when the
            file cannot tell this nutrient at all.
    """

    key: str
    mean: float | None
    result: NutrientResult
    days_short: int
    days_with_data: int
    worst: tuple[tuple[datetime.date | None, float, float | None], ...]
    unknown_reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.result.to_dict(),
            "mean": None if self.mean is None else round(self.mean, 3),
            "days_short": self.days_short,
            "days_with_data": self.days_with_data,
            "worst_days": [
                {
                    "date": None if d is None else d.isoformat(),
                    "value": round(v, 3),
                    "percent": None if p is None else round(p, 1),
                }
                for d, v, p in self.worst
            ],
            "unknown_reason": self.unknown_reason,
        }


@dataclass(frozen=True)
class RowGroup:
    """Rows alike: entries with the same text not understood for the same reason, or rows not used
    for the same reason.

    Attributes:
        kind: an entry status (``unknown_food``, ``not_food``, ...), or ``skipped``/``error``.
        text: the text not understood (``None`` for rows not used).
        reason: why.
        count: how many entries (or rows).
        lines: the first :data:`SAMPLE_LINES` of their lines, in file order (a line naming two
            foods not understood alike appears twice).
        column: for rows not used, the column at fault as the file spells it.
        values: for rows not used, the offending value of each line in ``lines``.
        suggestions: for unknown foods, ``(key, description)`` pairs.
    """

    kind: str
    text: str | None
    reason: str | None
    count: int
    lines: tuple[int, ...]
    column: str | None = None
    values: tuple[str | None, ...] = ()
    suggestions: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.text is not None:
            out["text"] = self.text
        else:
            out["column"] = self.column
        out |= {"reason": self.reason, "count": self.count, "lines": list(self.lines)}
        if self.text is None:
            out["values"] = list(self.values)
        else:
            out["suggestions"] = [{"key": k, "description": d} for k, d in self.suggestions]
        return out


def unparsed_groups(entries: Iterable[Entry]) -> tuple[RowGroup, ...]:
    """Entries not understood, grouped by (text, status, reason), most entries first."""
    groups: dict[tuple[str, str, str | None], list[Entry]] = {}
    for e in sorted(entries, key=lambda e: e.line):  # file order (a report lists them by day)
        if e.status != OK:
            groups.setdefault((e.text, e.status, e.reason), []).append(e)
    out = [
        RowGroup(
            status,
            text,
            reason,
            len(es),
            tuple(e.line for e in es[:SAMPLE_LINES]),
            suggestions=es[0].suggestions,
        )
        for (text, status, reason), es in groups.items()
    ]
    return tuple(sorted(out, key=lambda g: -g.count)[:GROUP_LIMIT])  # stable: ties by first entry


def issue_groups(issues: Iterable[RowIssue]) -> tuple[RowGroup, ...]:
    """Rows not used, grouped by (kind, column, reason), in order of their first row."""
    groups: dict[tuple[str, str | None, str], list[RowIssue]] = {}
    for i in issues:
        groups.setdefault((i.kind, i.column, i.reason), []).append(i)
    return tuple(
        RowGroup(
            kind,
            None,
            reason,
            len(rows),
            tuple(i.row for i in rows[:SAMPLE_LINES]),
            column=column,
            values=tuple(i.value for i in rows[:SAMPLE_LINES]),
        )
        for (kind, column, reason), rows in groups.items()
    )


@dataclass(frozen=True)
class DiaryReport:
    """A diary of many days against a person's targets.

    ``issues`` lists the rows not used (all of them, or in the report of a large generic diary the
    first :data:`ISSUE_LIMIT` of each kind); ``issue_groups`` and ``issue_counts`` account for all.
    ``entries_listed`` says whether each day's ``entries`` hold every entry; when not,
    ``unparsed_sample`` holds the first entries not understood and ``unparsed_groups`` and
    ``unparsed_count`` account for all of them.
    """

    schema_version = SCHEMA_VERSION

    profile: Profile
    targets: Targets
    source: str
    format: str
    days: tuple[DayResult, ...]
    summary: Mapping[str, NutrientSummary]
    shortfalls: tuple[str, ...]
    explanations: ExplanationSet
    suggestions: Mapping[str, tuple[Suggestion, ...]]
    rows_used: int
    issues: tuple[RowIssue, ...]
    total_rows: int
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    thresholds: Mapping[str, float] = field(default_factory=dict)
    entries_listed: bool = True
    unparsed_sample: tuple[Entry, ...] = ()
    unparsed_count: int | None = None
    unparsed_groups: tuple[RowGroup, ...] | None = None
    issue_counts: Mapping[str, int] | None = None
    issue_groups: tuple[RowGroup, ...] | None = None

    @property
    def included_days(self) -> tuple[DayResult, ...]:
        return tuple(d for d in self.days if d.included)

    @property
    def unparsed(self) -> tuple[Entry, ...]:
        """Entries not understood: all of them, or the first ones when entries are not listed."""
        if not self.entries_listed:
            return self.unparsed_sample
        return tuple(e for d in self.days for e in d.entries if e.status != OK)

    @property
    def unparsed_total(self) -> int:
        return self.unparsed_count if self.unparsed_count is not None else len(self.unparsed)

    @property
    def unparsed_by_text(self) -> tuple[RowGroup, ...]:
        if self.unparsed_groups is not None:
            return self.unparsed_groups
        return unparsed_groups(self.unparsed)

    def count_issues(self, kind: str) -> int:
        """Rows skipped (``"skipped"``) or with errors (``"error"``), listed or not."""
        if self.issue_counts is not None:
            return self.issue_counts.get(kind, 0)
        return sum(i.kind == kind for i in self.issues)

    @property
    def issues_complete(self) -> bool:
        """Whether ``issues`` lists every row not used."""
        return len(self.issues) == self.count_issues("skipped") + self.count_issues("error")

    @property
    def issues_by_reason(self) -> tuple[RowGroup, ...]:
        return self.issue_groups if self.issue_groups is not None else issue_groups(self.issues)

    def to_dict(self, *, entries: bool = True) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": "diary",
            "source": self.source,
            "format": self.format,
            "profile": self.profile.to_dict(),
            "life_stage": self.targets.life_stage_label,
            "thresholds": dict(self.thresholds),
            "status_labels": dict(assess.STATUS_LABELS),
            "days": [d.to_dict(entries=entries) for d in self.days],
            "summary": {
                "days": len(self.days),
                "included_days": len(self.included_days),
                "excluded_days": [
                    {"date": None if d.date is None else d.date.isoformat(), "flags": list(d.flags)}
                    for d in self.days
                    if not d.included
                ],
                "nutrients": {k: s.to_dict() for k, s in self.summary.items()},
                "shortfalls": list(self.shortfalls),
            },
            "shortfalls": list(self.shortfalls),
            "explanations": self.explanations.to_dict(),
            "suggestions": {k: [s.to_dict() for s in v] for k, v in self.suggestions.items()},
            "rows": {
                "total": self.total_rows,
                "used": self.rows_used,
                "skipped": [_issue(i) for i in self.issues if i.kind == "skipped"],
                "errors": [_issue(i) for i in self.issues if i.kind == "error"],
                "skipped_count": self.count_issues("skipped"),
                "error_count": self.count_issues("error"),
                "by_reason": [g.to_dict() for g in self.issues_by_reason],
            },
            "entries_listed": self.entries_listed,
            "unparsed": [
                {
                    "line": e.line,
                    "text": e.text,
                    "status": e.status,
                    "reason": e.reason,
                    "suggestions": [{"key": k, "description": d} for k, d in e.suggestions],
                }
                for e in self.unparsed
            ],
            "unparsed_count": self.unparsed_total,
            "unparsed_by_text": [g.to_dict() for g in self.unparsed_by_text],
            "warnings": list(self.warnings),
            "notes": list(self.notes),
        }


def _issue(i: RowIssue) -> dict[str, Any]:
    return {"row": i.row, "column": i.column, "value": i.value, "reason": i.reason}


def row_entries(row: DiaryRow, reader: EntryReader, unknown: frozenset[str]) -> list[Entry]:
    """The entries one diary row stands for (several when a text row names several foods)."""
    where = {"date": row.date, "meal": row.meal}
    if row.nutrients is not None:
        values = {k: (None if k in unknown else row.nutrients.get(k)) for k in nutrients.KEYS}
        label = row.food or (f"{row.meal} (meal total)" if row.meal else "day total")
        return [
            Entry(
                line=row.row,
                text=label,
                status=OK,
                description=label,
                grams=row.grams,
                nutrients=values,
                estimated=row.estimated,
                notes=tuple(row.notes),
                **where,
            )
        ]
    if row.food_key is not None:
        return [replace(e, **where) for e in _keyed(row, reader)]
    if row.text is not None:
        entries = reader.read_line(row.text, row.row)
    elif row.amount is None or row.amount != row.amount:  # NaN: no amount
        # a diary's food column names one food: never split at its commas or "and"s
        entries = reader.read_line(_unit_and_food(row.unit, row.food), row.row, whole=True)
    else:  # each food and unit read once, whatever the amount
        entries = reader.read_amount(
            row.amount, _unit_and_food(row.unit, row.food), row.row, whole=True
        )
    return [replace(e, **where) for e in entries]


def _structured_text_of(amount: float | None, unit: str | None, food: str | None) -> str:
    """``amount unit food`` as a person would type it: the text of a structured row's entries."""
    number = "" if amount is None or amount != amount else f"{amount:g}"  # NaN: no amount
    return " ".join(p for p in (number, _unit_and_food(unit, food)) if p)


def _unit_and_food(unit: str | None, food: str | None) -> str:
    unit = (unit or "").strip()
    if unit.lower() in _COUNT_UNITS:
        unit = ""
    elif unit.lower() in _SERVING_UNITS:
        unit = "serving"
    return " ".join(p for p in (unit, food or "") if p)


def _keyed(row: DiaryRow, reader: EntryReader) -> list[Entry]:
    """A row that names its food by key: no matching, only the grams."""
    key = row.food_key or ""
    text = row.food or row.text or key
    if key not in reader.table:
        return [
            Entry(line=row.row, text=text, status=UNKNOWN_FOOD, reason=f"unknown food key {key!r}")
        ]
    food = reader.table[key]
    if row.grams is not None:
        grams, portion = row.grams, None
    else:
        from nutricheck.amounts import to_grams
        from nutricheck.logparse import parse_line

        amount = "" if row.amount is None else f"{row.amount:g}"
        parsed = parse_line(f"{amount} {row.unit or ''} food".strip(), row.row)
        if not parsed.entries:
            return [
                Entry(
                    line=row.row,
                    text=text,
                    status="no_amount",
                    food_key=key,
                    description=food.description,
                    reason="no amount given",
                )
            ]
        g = to_grams(parsed.entries[0], food)
        if g.grams is None:
            return [
                Entry(
                    line=row.row,
                    text=text,
                    status="unconvertible",
                    food_key=key,
                    description=food.description,
                    reason=g.reason,
                )
            ]
        grams, portion = g.grams, g.portion
    return [
        Entry(
            line=row.row,
            text=text,
            status=OK,
            food_key=key,
            description=food.description,
            quantity=row.amount,
            unit=row.unit,
            grams=grams,
            portion=portion,
            match_kind="key",
            match_score=1.0,
            nutrients=nutrients_for(food, grams),
        )
    ]


def _day_flags(
    used: int, energy: float | None, food_level: bool, min_kcal: float, min_entries: int
) -> tuple[str, ...]:
    flags = []
    if energy is not None and energy < min_kcal:
        flags.append(f"too little logged: {energy:.0f} kcal (under {min_kcal:.0f})")
    if food_level and used < min_entries:
        flags.append(f"too little logged: {used} entries (under {min_entries})")
    if used == 0:
        flags.append("nothing understood on this day")
    return tuple(flags)


def build_diary_report(
    diary: DiaryFile,
    profile: Profile,
    *,
    table: FoodTable | None = None,
    targets: Targets | None = None,
    min_kcal: float = MIN_KCAL,
    min_entries: int = MIN_ENTRIES,
) -> DiaryReport:
    """Per-day results and the summary across days for a diary file already read."""
    from nutricheck.targets import targets_for

    reader = EntryReader(table)
    targets = targets if targets is not None else targets_for(profile)
    target_map = targets.by_nutrient
    unknown = diary.unknown_nutrients
    by_day: dict[datetime.date | None, list[Entry]] = {}
    for row in diary.rows:
        by_day.setdefault(row.date, []).extend(row_entries(row, reader, unknown))
    food_level = diary.format in FOOD_LEVEL_FORMATS
    energy_key = _energy_key(target_map)

    days = []
    for date in sorted(by_day, key=_day_order):
        entries = by_day[date]
        sums = totals(entries)
        results = {k: result_for(sums[k], target_map.get(k)) for k in nutrients.KEYS}
        used = sum(e.ok for e in entries)
        flags = _day_flags(used, sums[energy_key].value, food_level, min_kcal, min_entries)
        file_flags = tuple(diary.day_flags.get(date, ())) if date is not None else ()
        days.append(DayResult(date, tuple(entries), results, not flags, flags + file_flags))
    estimated = any(k in e.estimated for d in days for e in d.entries for k in nutrients.KEYS)
    return _report(
        days,
        profile=profile,
        targets=targets,
        table=reader.table,
        source=diary.path,
        format=diary.format,
        rows_used=len(diary.rows),
        issues=tuple(diary.issues),
        total_rows=diary.total_rows,
        warnings=tuple(diary.warnings),
        unknown=unknown,
        not_supplied=diary.not_supplied,
        absent=diary.absent_nutrients,
        estimated=estimated,
        min_kcal=min_kcal,
        min_entries=min_entries,
    )


def _energy_key(target_map: Mapping[str, Any]) -> str:
    return next(k for k in nutrients.KEYS if k not in target_map)  # energy: no DRI target


def _day_order(d: datetime.date | None) -> tuple[bool, datetime.date]:
    return (d is None, d or datetime.date.min)


def _report(
    days: Sequence[DayResult],
    *,
    profile: Profile,
    targets: Targets,
    table: FoodTable,
    source: str,
    format: str,
    rows_used: int,
    issues: tuple[RowIssue, ...],
    total_rows: int,
    warnings: tuple[str, ...],
    unknown: frozenset[str],
    not_supplied: frozenset[str],
    absent: frozenset[str],
    estimated: bool,
    min_kcal: float,
    min_entries: int,
    **listing: Any,
) -> DiaryReport:
    """The summary across days, explanations and suggestions, around the days already built."""
    from nutricheck.explain import explain_shortfalls
    from nutricheck.suggest import gaps_from, suggest

    target_map = targets.by_nutrient
    food_level = format in FOOD_LEVEL_FORMATS
    included = [d for d in days if d.included]
    summary = {}
    for key in nutrients.KEYS:
        target = target_map.get(key)
        known = [
            (d.date, d.totals[key].value, d.totals[key].percent)
            for d in included
            if d.totals[key].value is not None
        ]
        mean = sum(v for _, v, _ in known) / len(known) if known else None
        coverages = [d.totals[key].coverage for d in included if d.totals[key].coverage is not None]
        base = result_for(sums_like(key, mean, coverages), target)
        reason = None
        if key in not_supplied:
            reason = "not supplied by this export"
        elif key in absent:
            reason = "no column in this export"
        summary[key] = NutrientSummary(
            key=key,
            mean=mean,
            result=base,
            days_short=sum(d.totals[key].shortfall for d in included),
            days_with_data=len(known),
            worst=tuple(sorted(known, key=lambda t: t[1])[:3]) if target is not None else (),
            unknown_reason=reason,
        )
    shortfalls = tuple(k for k, s in summary.items() if s.result.shortfall)
    explanations = explain_shortfalls(
        {k: s.result.status for k, s in summary.items() if s.result.target is not None}
    )
    gaps = gaps_from(
        {k: s.mean for k, s in summary.items()},
        {k: t.value for k, t in target_map.items()},
        shortfalls,
    )
    notes = [
        f"Days under {min_kcal:.0f} kcal"
        + (f" or with fewer than {min_entries} entries" if food_level else "")
        + " are flagged and left out of the mean."
    ]
    if not included:
        notes.append(
            "No day had enough logged to count, so there is no mean: lower --min-kcal or "
            "--min-entries if your days are complete."
        )
    if unknown:
        names = ", ".join(nutrients.get(k).name for k in nutrients.KEYS if k in unknown)
        notes.append(f"This export cannot tell {names}: shown as unknown, never as zero.")
    if estimated:
        notes.append("Some values are estimates converted from % Daily Value on food labels.")
    if not listing.get("entries_listed", True):
        notes.append(
            f"A diary of more than {LIST_LIMIT:,} rows is reported by day: entries (and "
            "each day's largest sources) are counted, not listed, and the rows not used "
            "and entries not understood are grouped by reason and text (docs/scale.md)."
        )
    return DiaryReport(
        profile=profile,
        targets=targets,
        source=source,
        format=format,
        days=tuple(days),
        summary=summary,
        shortfalls=shortfalls,
        explanations=explanations,
        suggestions={
            k: tuple(v) for k, v in suggest(gaps, table, vegetarian=profile.vegetarian).items()
        },
        rows_used=rows_used,
        issues=issues,
        total_rows=total_rows,
        warnings=warnings,
        notes=tuple(notes),
        thresholds={"min_kcal": min_kcal, "min_entries": float(min_entries)},
        **listing,
    )


def sums_like(key: str, mean: float | None, coverages: Sequence[float]) -> Any:
    """An Intake-like value for the mean, so the mean is judged by the same rules as a day."""
    from nutricheck.intake import Intake

    coverage = sum(coverages) / len(coverages) if coverages else None
    return Intake(
        key=key, value=mean, coverage=coverage, basis="days", missing=(), top=(), estimated=False
    )


# --- a generic diary of any length ---------------------------------------------------------------


def build_generic_report(
    path: str | Path,
    profile: Profile,
    *,
    table: FoodTable | None = None,
    targets: Targets | None = None,
    min_kcal: float = MIN_KCAL,
    min_entries: int = MIN_ENTRIES,
    dayfirst: bool | None = None,
    complete_only: bool = False,
    chunksize: int = 250_000,
    progress: Callable[[int], None] | None = None,
) -> DiaryReport:
    """The report of a generic CSV diary, read in chunks of ``chunksize`` rows.

    Gives the report :func:`build_diary_report` gives for ``read_diary(path, "generic")`` (the
    same days, totals, summary and row accounting; tests/test_days.py compares them), without
    holding the rows: each distinct row is resolved once and the days are added up as arrays.
    A file of more than :data:`LIST_LIMIT` data rows is reported by day (see :class:`DiaryReport`).
    ``progress`` is called after each chunk with the number of data rows read so far.

    Raises:
        DataFileError: as :func:`~nutricheck.diary.read_diary`: unreadable, not a generic diary,
            ambiguous dates, malformed CSV, or no usable row.
    """
    from nutricheck.diary._common import GENERIC, no_usable_rows
    from nutricheck.diary.generic import GenericReader, WiderRowsError
    from nutricheck.targets import targets_for

    file = GenericReader(path, dayfirst, chunksize, lazy_dates=True)
    reader = EntryReader(table)
    targets = targets if targets is not None else targets_for(profile)
    for narrow in (True, False):  # the fast read first; see diary.generic._read_csv
        tally = _Tally(reader)
        try:
            for chunk in file.parsed(narrow=narrow):
                tally.add(chunk)
                if progress is not None:
                    progress(tally.total_rows)
        except WiderRowsError:
            continue
        break
    if not tally.rows_used:
        skipped = tally.issue_counts.get("skipped", 0)
        raise no_usable_rows(file.layout.source, tally.total_rows, tally.issues, skipped=skipped)
    warnings = list(file.warnings)
    if complete_only:
        warnings.append(
            "--complete-only has no effect: a generic diary does not say which days are complete"
        )
    days = tally.days(targets, min_kcal=min_kcal, min_entries=min_entries)
    listed = tally.listed
    return _report(
        days,
        profile=profile,
        targets=targets,
        table=reader.table,
        source=file.layout.source,
        format=GENERIC,
        rows_used=tally.rows_used,
        issues=tally.listed_issues(),
        total_rows=tally.total_rows,
        warnings=tuple(warnings),
        unknown=frozenset(),
        not_supplied=frozenset(),
        absent=frozenset(),
        estimated=False,
        min_kcal=min_kcal,
        min_entries=min_entries,
        entries_listed=listed,
        unparsed_sample=() if listed else tally.unparsed_sample(),
        unparsed_count=tally.unparsed_count,
        unparsed_groups=tally.unparsed_groups(),
        issue_counts=dict(tally.issue_counts),
        issue_groups=tally.issue_groups(),
    )


class _Sources:
    """Each distinct input of a diary resolved once: its entries (as :func:`row_entries` gives
    them, for line 1) and, per entry ("part"), arrays the rows index into."""

    def __init__(self, reader: EntryReader) -> None:
        import numpy as np

        from nutricheck.frame import _matrix_of

        self.reader = reader
        matrix = _matrix_of(reader.table)
        self.per_100g = matrix.to_numpy(dtype=np.float64)  # rows: foods, columns: nutrients.KEYS
        self._position = matrix.index
        self.index: dict[tuple[Any, ...], int] = {}
        self.templates: list[tuple[Entry, ...]] = []
        self.row_grams: list[bool] = []  # the entries' grams are the row's grams column
        self.parts: list[Entry] = []
        self.part_source: list[int] = []
        self.descriptions: dict[str, int] = {}
        self._arrays: dict[str, np.ndarray] = {}
        self._built = 0

    def source(self, key: tuple[Any, ...], row: DiaryRow) -> int:
        """The id of the source ``key`` stands for, resolving ``row`` if it is new."""
        found = self.index.get(key)
        if found is not None:
            return found
        entries = tuple(row_entries(row, self.reader, frozenset()))
        sid = len(self.templates)
        self.index[key] = sid
        self.templates.append(entries)
        self.row_grams.append(row.food_key is not None and row.grams is not None)
        for e in entries:
            self.parts.append(e)
            self.part_source.append(sid)
            self.descriptions.setdefault(e.description or e.text, len(self.descriptions))
        return sid

    def arrays(self) -> dict[str, np.ndarray]:
        """Per source: ``start`` and ``count`` of its parts, ``row_grams``; per part: ``pos``
        (row of the nutrient matrix, -1 unless ``ok``), ``ok``, ``grams`` (``NaN`` unless ok),
        ``desc`` (the description's id)."""
        import numpy as np

        if self._built == len(self.templates):
            return self._arrays
        counts = np.array([len(t) for t in self.templates], dtype=np.intp)
        parts = self.parts
        ok = np.array([e.ok for e in parts], dtype=bool)
        keys = [e.food_key if e.ok else None for e in parts]
        pos = self._position.get_indexer(keys) if parts else np.zeros(0, dtype=np.intp)
        assert (pos[ok] >= 0).all(), "the matrix is built from the reader's own table"
        descriptions = [self.descriptions[e.description or e.text] for e in parts]
        self._arrays = {
            "start": np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.intp),
            "count": counts,
            "row_grams": np.array(self.row_grams, dtype=bool),
            "pos": np.where(ok, pos, -1).astype(np.intp),
            "ok": ok & (pos >= 0),
            "grams": np.array([e.grams if e.ok and e.grams is not None else np.nan for e in parts]),
            "desc": np.array(descriptions, dtype=np.int64),
        }
        self._built = len(self.templates)
        return self._arrays


class _Tally:
    """What a generic diary adds up to, chunk by chunk: per day and nutrient the sums (added in
    file order, as :func:`nutricheck.intake.total` adds them), coverage, largest sources and foods
    without a value; the rows not used and the entries not understood."""

    TOP = 5

    def __init__(self, reader: EntryReader) -> None:
        import numpy as np

        self.sources = _Sources(reader)
        self.total_rows = 0
        self.rows_used = 0
        self.seq = 0  # entries so far: the file order of entries
        self.day_ids: dict[int, int] = {}
        self.day_dates: list[datetime.date | None] = []
        nk = len(nutrients.KEYS)
        self.sums = np.zeros((nk, 0))
        self.known = np.zeros((nk, 0), dtype=np.int64)
        self.known_grams = np.zeros((nk, 0))
        self.grams = np.zeros(0)
        self.used = np.zeros(0, dtype=np.int64)
        # per nutrient: candidates for the largest sources (day, amount, seq, part, line)
        self.top: list[tuple[np.ndarray, ...]] = [_empty_top() for _ in range(nk)]
        # per nutrient: (day << 32 | description, first seq) of foods without a value
        self.missing: list[list[tuple[np.ndarray, np.ndarray]]] = [[] for _ in range(nk)]
        self.listing: list[DiaryRow] | None = []
        self.issues: list[RowIssue] = []
        self.issue_counts: dict[str, int] = {}
        self._groups: dict[tuple[str, str | None, str], list[Any]] = {}
        self.unparsed_count = 0
        self._unparsed_first: list[tuple[int, int, int]] = []  # (seq, line, part)
        self._part_counts = np.zeros(0, dtype=np.int64)
        self._part_lines: dict[int, list[tuple[int, int]]] = {}  # part -> first (seq, line)

    # -- reading ---------------------------------------------------------------------------------

    def add(self, chunk: ParsedChunk) -> None:
        import numpy as np

        from nutricheck.diary.generic import chunk_issues, diary_rows

        n = len(chunk)
        self.total_rows += n
        self._add_issues(chunk)
        ok = np.flatnonzero(chunk.problem == 0)
        self.rows_used += len(ok)
        if self.listing is not None:
            if self.total_rows <= LIST_LIMIT:
                self.listing.extend(diary_rows(chunk, ok))
            else:
                self.listing = None
        if self.total_rows <= LIST_LIMIT:
            self.issues.extend(chunk_issues(chunk))
        if not len(ok):
            return
        source = self._sources_of(chunk, ok)
        self._add_entries(chunk, ok, source)

    def _add_issues(self, chunk: ParsedChunk) -> None:
        import numpy as np

        from nutricheck.diary.generic import chunk_issues

        if not chunk.problems:
            return
        for i, p in enumerate(chunk.problems, start=1):
            rows = np.flatnonzero(chunk.problem == i)
            self.issue_counts[p.kind] = self.issue_counts.get(p.kind, 0) + len(rows)
            group = self._groups.setdefault((p.kind, p.column, p.reason), [0, []])
            group[0] += len(rows)
            room = SAMPLE_LINES - len(group[1])
            if room > 0:
                values = chunk.values(i)[:room]
                group[1].extend(zip(chunk.lines[rows[:room]].tolist(), values, strict=True))
        if self.total_rows > LIST_LIMIT:  # past the listing: the first ISSUE_LIMIT of each kind
            kinds = {k: sum(i.kind == k for i in self.issues) for k in self.issue_counts}
            if any(kinds.get(k, 0) < ISSUE_LIMIT for k in self.issue_counts):
                for issue in chunk_issues(chunk):
                    if kinds.get(issue.kind, 0) < ISSUE_LIMIT:
                        self.issues.append(issue)
                        kinds[issue.kind] = kinds.get(issue.kind, 0) + 1

    def _sources_of(self, chunk: ParsedChunk, ok: np.ndarray) -> np.ndarray:
        """The source id of each used row: rows alike are resolved once (see
        :func:`row_entries`: a row with a food key by key, label, and grams or amount and unit;
        any other by its text)."""
        import numpy as np
        import pandas as pd

        from nutricheck.diary.generic import diary_rows

        def codes(name: str) -> tuple[np.ndarray, int]:
            c = chunk.column(name)
            return c.codes[ok], len(c.values)

        keyed = chunk.column("food_key").given[ok]
        has_text = chunk.column("text").given[ok]
        amount = chunk.amount[ok]
        grams_given = ~np.isnan(chunk.grams[ok])
        amount_codes, amount_values = pd.factorize(amount, use_na_sentinel=False)
        kind = np.where(keyed, 1, np.where(has_text, 2, 3))
        use_amount = (kind == 3) | ((kind == 1) & ~grams_given)
        fields = [
            (np.where(kind == 1, grams_given, 0), 2),
            (*codes("food_key"),),
            (np.where(kind != 2, codes("food")[0], 0), codes("food")[1]),
            (np.where(kind != 3, codes("text")[0], 0), codes("text")[1]),
            (np.where(use_amount, codes("unit")[0], 0), codes("unit")[1]),
            (np.where(use_amount, amount_codes, 0), max(len(amount_values), 1)),
        ]
        combo = kind.astype(np.int64)
        if np.prod([float(size) for _, size in fields]) * 4 < 2.0**62:  # one number per combo
            for values, size in fields:
                combo = combo * size + values
            combo, _ = pd.factorize(combo)
        else:
            for values, size in fields:
                combo, _ = pd.factorize(combo * size + values)
                combo = combo.astype(np.int64)
        _, first = np.unique(combo, return_index=True)
        ids = np.empty(len(first), dtype=np.intp)
        names = ("food_key", "food", "text", "unit")
        cells = {name: chunk.column(name).cells()[ok[first]] for name in names}
        keys: list[tuple[Any, ...]] = []
        new: dict[tuple[Any, ...], int] = {}  # key not resolved yet -> its first row in the chunk
        index = self.sources.index
        for j, i in enumerate(first.tolist()):
            food_key, food, text, unit = (cells[c][j] for c in names)
            if food_key:
                how: Any = "grams" if grams_given[i] else (_amount_text(amount[i]), unit)
                key: tuple[Any, ...] = ("key", food_key, food or text or food_key, how)
            elif text:
                key = ("text", text)
            else:
                key = ("text", _structured_text_of(amount[i], unit, food))
            keys.append(key)
            if key not in index and key not in new:
                new[key] = i
        if new:  # the new rows made at once, resolved in the order they come
            rows = diary_rows(chunk, ok[list(new.values())])
            for key, row in zip(new, rows, strict=True):
                self.sources.source(key, row)
        for j, key in enumerate(keys):
            ids[j] = index[key]
        return ids[combo]

    def _day_of(self, dates: np.ndarray) -> np.ndarray:
        import numpy as np
        import pandas as pd

        from nutricheck.diary._common import to_date

        codes, uniques = pd.factorize(dates.view(np.int64))
        _, first = np.unique(codes, return_index=True)
        ids = np.empty(len(uniques), dtype=np.intp)
        for j, stamp in enumerate(uniques.tolist()):
            day = self.day_ids.get(stamp)
            if day is None:
                day = self.day_ids[stamp] = len(self.day_dates)
                self.day_dates.append(to_date(dates[first[j]]))
            ids[j] = day
        grow = len(self.day_dates) - self.grams.shape[0]
        if grow:
            nk = len(nutrients.KEYS)
            self.sums = np.concatenate([self.sums, np.zeros((nk, grow))], axis=1)
            self.known = np.concatenate([self.known, np.zeros((nk, grow), dtype=np.int64)], axis=1)
            self.known_grams = np.concatenate([self.known_grams, np.zeros((nk, grow))], axis=1)
            self.grams = np.concatenate([self.grams, np.zeros(grow)])
            self.used = np.concatenate([self.used, np.zeros(grow, dtype=np.int64)])
        return ids[codes]

    def _add_entries(self, chunk: ParsedChunk, ok: np.ndarray, source: np.ndarray) -> None:
        import numpy as np

        a = self.sources.arrays()
        counts = a["count"][source]
        if (counts == 1).all():
            row_of = np.arange(len(ok))
            part = a["start"][source]
        else:
            row_of = np.repeat(np.arange(len(ok)), counts)
            offset = np.arange(len(row_of)) - np.repeat(np.cumsum(counts) - counts, counts)
            part = a["start"][source][row_of] + offset
        n = len(part)
        seq = self.seq + np.arange(n, dtype=np.int64)
        self.seq += n
        lines = chunk.lines[ok][row_of]
        day = self._day_of(chunk.dates[ok])[row_of]
        row_grams = chunk.grams[ok][row_of]
        grams = np.where(a["row_grams"][source][row_of], row_grams, a["grams"][part])
        used = a["ok"][part]
        self._add_unparsed(part, seq, lines, used)

        d, g = day[used], grams[used]
        pos, seq_u, part_u, line_u = a["pos"][part[used]], seq[used], part[used], lines[used]
        ndays = len(self.day_dates)
        self.used += np.bincount(d, minlength=ndays)
        np.add.at(self.grams, d, g)
        factor = g / 100.0  # as entries.nutrients_for: per-100 g value x (grams / 100)
        desc = a["desc"][part_u]
        for k in range(len(nutrients.KEYS)):
            per_100g = self.sources.per_100g[pos, k]
            known = ~np.isnan(per_100g)
            amount = per_100g[known] * factor[known]
            dk = d[known]
            np.add.at(self.sums[k], dk, amount)
            np.add.at(self.known_grams[k], dk, g[known])
            self.known[k] += np.bincount(dk, minlength=ndays)
            if self.total_rows <= LIST_LIMIT:  # the largest sources are listed with the entries
                positive = amount > 0
                self._add_top(
                    k,
                    dk[positive],
                    amount[positive],
                    seq_u[known][positive],
                    part_u[known][positive],
                    line_u[known][positive],
                )
            unknown = ~known
            if unknown.any():
                pair = (d[unknown].astype(np.int64) << 32) | desc[unknown]
                _, first = np.unique(pair, return_index=True)
                self.missing[k].append((pair[first], seq_u[unknown][first]))

    def _add_top(
        self,
        k: int,
        day: np.ndarray,
        amount: np.ndarray,
        seq: np.ndarray,
        part: np.ndarray,
        line: np.ndarray,
    ) -> None:
        """Keep the :attr:`TOP` largest amounts of each day (ties: the earlier entry)."""
        import numpy as np

        if len(day):
            # The chunk's own top of each day, in rounds over its entries grouped by day: the
            # largest amount left, the first of equals, taken out; then merged with the days so far.
            order = np.argsort(day, kind="stable")  # keeps file order within a day
            a = amount[order]
            d = day[order]
            starts = np.flatnonzero(np.r_[True, d[1:] != d[:-1]])
            segment = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(d)]))
            position = np.arange(len(a))
            picked = []
            for _ in range(self.TOP):
                best = np.maximum.reduceat(a, starts)
                win = (a == best[segment]) & (best[segment] > 0)
                first = np.minimum.reduceat(np.where(win, position, len(a)), starts)
                first = first[first < len(a)]
                if not len(first):
                    break
                picked.append(first)
                a[first] = 0.0
            keep = order[np.concatenate(picked)] if picked else order[:0]
            day, amount, seq, part, line = (x[keep] for x in (day, amount, seq, part, line))
        new = (day, amount, seq, part, line)
        cand = tuple(np.concatenate([o, c]) for o, c in zip(self.top[k], new, strict=True))
        order = np.lexsort((cand[2], -cand[1], cand[0]))
        day_sorted = cand[0][order]
        starts = np.flatnonzero(np.r_[True, day_sorted[1:] != day_sorted[:-1]])
        rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
        keep = order[rank < self.TOP]
        self.top[k] = tuple(c[keep] for c in cand)

    def _add_unparsed(
        self, part: np.ndarray, seq: np.ndarray, lines: np.ndarray, used: np.ndarray
    ) -> None:
        """Count the entries not understood per part; keep the first of them and their lines."""
        import numpy as np

        bad = np.flatnonzero(~used)
        if not len(bad):
            return
        self.unparsed_count += len(bad)
        nparts = len(self.sources.parts)
        if len(self._part_counts) < nparts:
            grow = np.zeros(nparts - len(self._part_counts), dtype=np.int64)
            self._part_counts = np.concatenate([self._part_counts, grow])
        self._part_counts += np.bincount(part[bad], minlength=nparts)
        room = ISSUE_LIMIT - len(self._unparsed_first)
        if room > 0:
            take = bad[:room]
            first = zip(seq[take].tolist(), lines[take].tolist(), part[take].tolist(), strict=True)
            self._unparsed_first += first
        order = bad[np.argsort(part[bad], kind="stable")]
        ps = part[order]
        starts = np.flatnonzero(np.r_[True, ps[1:] != ps[:-1]])
        for s0, s1 in zip(starts, np.r_[starts[1:], len(order)], strict=True):
            p = int(ps[s0])
            got = self._part_lines.setdefault(p, [])
            if len(got) < SAMPLE_LINES:
                rows = order[s0:s1][: SAMPLE_LINES - len(got)]
                got += zip(seq[rows].tolist(), lines[rows].tolist(), strict=True)

    # -- results ---------------------------------------------------------------------------------

    @property
    def listed(self) -> bool:
        return self.listing is not None and self.total_rows <= LIST_LIMIT

    def days(self, targets: Targets, *, min_kcal: float, min_entries: int) -> list[DayResult]:
        target_map = targets.by_nutrient
        energy = nutrients.KEYS.index(_energy_key(target_map))
        parts = self.sources.parts
        missing = [self._missing(k) for k in range(len(nutrients.KEYS))]
        top = [self._tops(k) if self.listed else {} for k in range(len(nutrients.KEYS))]
        listed: dict[datetime.date | None, list[Entry]] | None = None
        if self.listed:
            assert self.listing is not None
            listed = {}
            reader = self.sources.reader
            for row in self.listing:
                listed.setdefault(row.date, []).extend(row_entries(row, reader, frozenset()))
        # Plain Python lists (not a numpy scalar per value) and each nutrient's constants looked up
        # once: this loop makes a NutrientResult per day per nutrient.
        keys = nutrients.KEYS
        info = [(nutrients.get(k), target_map.get(k)) for k in keys]
        sums, known = self.sums.tolist(), self.known.tolist()
        known_grams, day_grams, day_used = (
            self.known_grams.tolist(),
            self.grams.tolist(),
            self.used.tolist(),
        )
        out = []
        for day in sorted(range(len(self.day_dates)), key=lambda i: _day_order(self.day_dates[i])):
            date = self.day_dates[day]
            used = day_used[day]
            grams = day_grams[day]
            basis = "grams" if used else "entries"
            results = {}
            for k, (n, target) in enumerate(info):
                value = sums[k][day] if known[k][day] else None
                tops = top[k].get(day)
                contributions = (
                    tuple(
                        Contribution(
                            line,
                            parts[p].text,
                            parts[p].description or parts[p].text,
                            amount,
                            amount / value if value else 0.0,
                        )
                        for amount, line, p in tops
                    )
                    if tops
                    else ()
                )
                results[n.key] = nutrient_result(
                    n,
                    value,
                    target,
                    coverage=known_grams[k][day] / grams if grams > 0 else None,
                    basis=basis,
                    missing=missing[k].get(day, ()),
                    top=contributions,
                )
            energy_value = sums[energy][day] if known[energy][day] else None
            flags = _day_flags(used, energy_value, True, min_kcal, min_entries)
            entries = tuple(listed.get(date, ())) if listed is not None else ()
            out.append(
                DayResult(
                    date,
                    entries,
                    results,
                    not flags,
                    flags,
                    entry_count=used,
                    listed=listed is not None,
                )
            )
        return out

    def _missing(self, k: int) -> dict[int, tuple[str, ...]]:
        import numpy as np

        if not self.missing[k]:
            return {}
        pair = np.concatenate([p for p, _ in self.missing[k]])
        seq = np.concatenate([s for _, s in self.missing[k]])
        order = np.lexsort((seq, pair))
        pair, seq = pair[order], seq[order]
        first = np.r_[True, pair[1:] != pair[:-1]]
        pair, seq = pair[first], seq[first]
        day = pair >> 32
        order = np.lexsort((seq, day))
        names = list(self.sources.descriptions)
        out: dict[int, list[str]] = {}
        for d, desc in zip(day[order].tolist(), (pair[order] & 0xFFFFFFFF).tolist(), strict=True):
            out.setdefault(d, []).append(names[desc])
        return {d: tuple(v) for d, v in out.items()}

    def _tops(self, k: int) -> dict[int, list[tuple[float, int, int]]]:
        import numpy as np

        day, amount, seq, part, line = self.top[k]
        order = np.lexsort((seq, -amount, day))
        out: dict[int, list[tuple[float, int, int]]] = {}
        columns = (x[order].tolist() for x in (day, amount, line, part))
        for d, a, li, p in zip(*columns, strict=True):
            out.setdefault(d, []).append((a, li, p))
        return out

    def listed_issues(self) -> tuple[RowIssue, ...]:
        """Every row not used, or past :data:`LIST_LIMIT` rows the first ones of each kind."""
        if self.total_rows <= LIST_LIMIT:
            return tuple(self.issues)
        kept: list[RowIssue] = []
        seen: dict[str, int] = {}
        for issue in self.issues:
            seen[issue.kind] = seen.get(issue.kind, 0) + 1
            if seen[issue.kind] <= ISSUE_LIMIT:
                kept.append(issue)
        return tuple(kept)

    def issue_groups(self) -> tuple[RowGroup, ...]:
        groups = [
            RowGroup(
                kind,
                None,
                reason,
                count,
                tuple(line for line, _ in sample),
                column=column,
                values=tuple(v for _, v in sample),
            )
            for (kind, column, reason), (count, sample) in self._groups.items()
        ]
        return tuple(sorted(groups, key=lambda g: g.lines[0]))

    def unparsed_sample(self) -> tuple[Entry, ...]:
        parts = self.sources.parts
        return tuple(replace(parts[p], line=line) for _, line, p in self._unparsed_first)

    def unparsed_groups(self) -> tuple[RowGroup, ...]:
        parts = self.sources.parts
        groups: dict[tuple[str, str, str | None], list[Any]] = {}
        for p, count in enumerate(self._part_counts.tolist()):
            if not count:
                continue
            e = parts[p]
            group = groups.setdefault((e.text, e.status, e.reason), [0, [], e.suggestions])
            group[0] += count
            group[1] += self._part_lines.get(p, [])
        ordered = sorted(groups.items(), key=lambda item: min(item[1][1]))  # by first entry
        out = [
            RowGroup(
                status,
                text,
                reason,
                count,
                tuple(line for _, line in sorted(lines)[:SAMPLE_LINES]),
                suggestions=suggestions,
            )
            for (text, status, reason), (count, lines, suggestions) in ordered
        ]
        return tuple(sorted(out, key=lambda g: -g.count)[:GROUP_LIMIT])


def _empty_top() -> tuple[np.ndarray, ...]:
    import numpy as np

    return (
        np.zeros(0, dtype=np.intp),
        np.zeros(0),
        np.zeros(0, dtype=np.int64),
        np.zeros(0, dtype=np.intp),
        np.zeros(0, dtype=np.int64),
    )


def _amount_text(amount: float | None) -> str:
    return "" if amount is None or amount != amount else f"{amount:g}"  # NaN: no amount
