"""Many days: a diary file read into per-day reports and a summary across days.

Each :class:`~nutricheck.diary.DiaryRow` becomes entries: rows that carry the app's own nutrient
values (Cronometer, MyFitnessPal) are used as they are; rows with free text or a food name and an
amount go through the same parser, matcher and grams as a typed food log. Days with too little
logged (under ``min_kcal`` kcal, or for food-level files fewer than ``min_entries`` entries) are
flagged and left out of the mean, because a half-logged day would read as a shortfall.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from nutricheck import assess, nutrients
from nutricheck.entries import OK, UNKNOWN_FOOD, Entry, EntryReader, nutrients_for
from nutricheck.intake import totals
from nutricheck.report import SCHEMA_VERSION, NutrientResult, result_for

if TYPE_CHECKING:
    from nutricheck.diary import DiaryFile, DiaryRow, RowIssue
    from nutricheck.explain import ExplanationSet
    from nutricheck.foods import FoodTable
    from nutricheck.profile import Profile
    from nutricheck.suggest import Suggestion
    from nutricheck.targets import Targets

MIN_KCAL = 800.0
MIN_ENTRIES = 3
FOOD_LEVEL_FORMATS = frozenset({"generic", "cronometer-servings", "loseit"})
"""Formats with a row per food: only there does a count of entries say how complete a day is."""

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
    """

    date: datetime.date | None
    entries: tuple[Entry, ...]
    totals: Mapping[str, NutrientResult]
    included: bool
    flags: tuple[str, ...]

    @property
    def shortfalls(self) -> tuple[str, ...]:
        return tuple(k for k, r in self.totals.items() if r.shortfall)

    def to_dict(self, *, entries: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "date": None if self.date is None else self.date.isoformat(),
            "included": self.included,
            "flags": list(self.flags),
            "totals": {k: r.to_dict() for k, r in self.totals.items()},
            "shortfalls": list(self.shortfalls),
            "entry_count": sum(e.ok for e in self.entries),
        }
        if entries:
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
                {"date": None if d is None else d.isoformat(), "value": round(v, 3), "percent": None if p is None else round(p, 1)}
                for d, v, p in self.worst
            ],
            "unknown_reason": self.unknown_reason,
        }


@dataclass(frozen=True)
class DiaryReport:
    """A diary of many days against a person's targets."""

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

    @property
    def included_days(self) -> tuple[DayResult, ...]:
        return tuple(d for d in self.days if d.included)

    @property
    def unparsed(self) -> tuple[Entry, ...]:
        return tuple(e for d in self.days for e in d.entries if e.status != OK)

    def to_dict(self, *, entries: bool = True) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": "diary",
            "source": self.source,
            "format": self.format,
            "profile": self.profile.to_dict(),
            "life_stage": self.targets.life_stage_label,
            "thresholds": dict(self.thresholds),
            "days": [d.to_dict(entries=entries) for d in self.days],
            "summary": {
                "days": len(self.days),
                "included_days": len(self.included_days),
                "excluded_days": [
                    {"date": None if d.date is None else d.date.isoformat(), "flags": list(d.flags)}
                    for d in self.days if not d.included
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
            },
            "unparsed": [
                {"line": e.line, "text": e.text, "status": e.status, "reason": e.reason,
                 "suggestions": [{"key": k, "description": d} for k, d in e.suggestions]}
                for e in self.unparsed
            ],
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
        return [Entry(line=row.row, text=label, status=OK, description=label, grams=row.grams,
                      nutrients=values, estimated=row.estimated, notes=tuple(row.notes), **where)]
    if row.food_key is not None:
        return [replace(e, **where) for e in _keyed(row, reader)]
    text = row.text if row.text is not None else _structured_text(row)
    return [replace(e, **where) for e in reader.read_line(text, row.row)]


def _structured_text(row: DiaryRow) -> str:
    """``amount unit food`` as a person would type it, for the line parser."""
    unit = (row.unit or "").strip()
    if unit.lower() in _COUNT_UNITS:
        unit = ""
    elif unit.lower() in _SERVING_UNITS:
        unit = "serving"
    amount = "" if row.amount is None else f"{row.amount:g}"
    return " ".join(p for p in (amount, unit, row.food or "") if p)


def _keyed(row: DiaryRow, reader: EntryReader) -> list[Entry]:
    """A row that names its food by key: no matching, only the grams."""
    key = row.food_key or ""
    text = row.food or row.text or key
    if key not in reader.table:
        return [Entry(line=row.row, text=text, status=UNKNOWN_FOOD, reason=f"unknown food key {key!r}")]
    food = reader.table[key]
    if row.grams is not None:
        grams, portion = row.grams, None
    else:
        from nutricheck.amounts import to_grams
        from nutricheck.logparse import parse_line

        amount = "" if row.amount is None else f"{row.amount:g}"
        parsed = parse_line(f"{amount} {row.unit or ''} food".strip(), row.row)
        if not parsed.entries:
            return [Entry(line=row.row, text=text, status="no_amount", food_key=key,
                          description=food.description, reason="no amount given")]
        g = to_grams(parsed.entries[0], food)
        if g.grams is None:
            return [Entry(line=row.row, text=text, status="unconvertible", food_key=key,
                          description=food.description, reason=g.reason)]
        grams, portion = g.grams, g.portion
    return [Entry(line=row.row, text=text, status=OK, food_key=key, description=food.description,
                  quantity=row.amount, unit=row.unit, grams=grams, portion=portion, match_kind="key",
                  match_score=1.0, nutrients=nutrients_for(food, grams))]


def _day_flags(day_entries: Sequence[Entry], energy: float | None, food_level: bool,
               min_kcal: float, min_entries: int) -> tuple[str, ...]:
    flags = []
    if energy is not None and energy < min_kcal:
        flags.append(f"too little logged: {energy:.0f} kcal (under {min_kcal:.0f})")
    used = sum(e.ok for e in day_entries)
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
    from nutricheck.explain import explain_shortfalls
    from nutricheck.suggest import gaps_from, suggest
    from nutricheck.targets import targets_for

    reader = EntryReader(table)
    targets = targets if targets is not None else targets_for(profile)
    target_map = targets.by_nutrient
    unknown = diary.unknown_nutrients
    by_day: dict[datetime.date | None, list[Entry]] = {}
    for row in diary.rows:
        by_day.setdefault(row.date, []).extend(row_entries(row, reader, unknown))
    food_level = diary.format in FOOD_LEVEL_FORMATS
    energy_key = next(k for k in nutrients.KEYS if k not in target_map)  # energy: no DRI target

    days = []
    for date in sorted(by_day, key=lambda d: (d is None, d or datetime.date.min)):
        entries = by_day[date]
        sums = totals(entries)
        results = {k: result_for(sums[k], target_map.get(k)) for k in nutrients.KEYS}
        flags = _day_flags(entries, sums[energy_key].value, food_level, min_kcal, min_entries)
        file_flags = tuple(diary.day_flags.get(date, ())) if date is not None else ()
        days.append(DayResult(date, tuple(entries), results, not flags, flags + file_flags))

    included = [d for d in days if d.included]
    summary = {}
    for key in nutrients.KEYS:
        target = target_map.get(key)
        known = [(d.date, d.totals[key].value, d.totals[key].percent) for d in included if d.totals[key].value is not None]
        mean = sum(v for _, v, _ in known) / len(known) if known else None
        coverages = [d.totals[key].coverage for d in included if d.totals[key].coverage is not None]
        base = result_for(sums_like(key, mean, coverages), target)
        reason = None
        if key in diary.not_supplied:
            reason = "not supplied by this export"
        elif key in diary.absent_nutrients:
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
    explanations = explain_shortfalls({k: s.result.status for k, s in summary.items() if s.result.target is not None})
    gaps = gaps_from({k: s.mean for k, s in summary.items()}, {k: t.value for k, t in target_map.items()}, shortfalls)
    notes = [f"Days under {min_kcal:.0f} kcal" + (f" or with fewer than {min_entries} entries" if food_level else "")
             + " are flagged and left out of the mean."]
    if not included:
        notes.append("No day had enough logged to count, so there is no mean: lower --min-kcal or "
                     "--min-entries if your days are complete.")
    if unknown:
        names = ", ".join(nutrients.get(k).name for k in nutrients.KEYS if k in unknown)
        notes.append(f"This export cannot tell {names}: shown as unknown, never as zero.")
    if any(k in e.estimated for d in days for e in d.entries for k in nutrients.KEYS):
        notes.append("Some values are estimates converted from % Daily Value on food labels.")
    return DiaryReport(
        profile=profile,
        targets=targets,
        source=diary.path,
        format=diary.format,
        days=tuple(days),
        summary=summary,
        shortfalls=shortfalls,
        explanations=explanations,
        suggestions={k: tuple(v) for k, v in suggest(gaps, reader.table, vegetarian=profile.vegetarian).items()},
        rows_used=len(diary.rows),
        issues=tuple(diary.issues),
        total_rows=diary.total_rows,
        warnings=tuple(diary.warnings),
        notes=tuple(notes),
        thresholds={"min_kcal": min_kcal, "min_entries": float(min_entries)},
    )


def sums_like(key: str, mean: float | None, coverages: Sequence[float]) -> Any:
    """An Intake-like value for the mean, so the mean is judged by the same rules as a day."""
    from nutricheck.intake import Intake

    coverage = sum(coverages) / len(coverages) if coverages else None
    return Intake(key=key, value=mean, coverage=coverage, basis="days", missing=(), top=(), estimated=False)
