"""The report: a set of entries against a person's targets, explained, with foods to close gaps.

:func:`analyze` is the library's front door (the CLI's ``report`` calls it too). A :class:`Report`
is a frozen value: renderers in :mod:`nutricheck.render` turn it into text, JSON, CSV, Markdown or
HTML without computing anything themselves.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

from nutricheck import assess, nutrients
from nutricheck._frozen import make
from nutricheck.entries import OK, Entry, EntryReader, FoodAmount
from nutricheck.errors import DataFileError
from nutricheck.intake import COVERAGE_WARNING, Contribution, Intake, totals

if TYPE_CHECKING:
    import pandas as pd

    from nutricheck.explain import ExplanationSet
    from nutricheck.fdc.lookup import FDCLookup
    from nutricheck.foods import FoodTable
    from nutricheck.profile import Profile
    from nutricheck.suggest import Suggestion
    from nutricheck.targets import Target, Targets

SCHEMA_VERSION = "1.0"

Source = str | os.PathLike[str] | Iterable[str] | Sequence[FoodAmount] | Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class NutrientResult:
    """One nutrient of the report.

    Attributes:
        key / name / unit: the nutrient (``unit`` as pint reads it; ``symbol`` as printed).
        value: total eaten, ``None`` when no food had a value (unknown, not zero).
        target: the DRI for this person, ``None`` for energy.
        percent: value as a percentage of the target value.
        status: one of :mod:`nutricheck.assess`'s statuses.
        coverage: share of the logged intake with a known value (0..1).
        missing: foods without a value for it; listed when coverage is low.
        top: the entries that gave most of it.
        estimated: part of the value is an estimate (e.g. converted from % Daily Value).
    """

    key: str
    name: str
    unit: str
    symbol: str
    value: float | None
    target: Target | None
    percent: float | None
    status: str
    coverage: float | None
    coverage_basis: str
    missing: tuple[str, ...]
    top: tuple[Contribution, ...]
    estimated: bool = False

    @property
    def low_coverage(self) -> bool:
        return self.coverage is not None and self.coverage < COVERAGE_WARNING

    @property
    def shortfall(self) -> bool:
        return self.status in assess.SHORTFALL_STATUSES

    def to_dict(self) -> dict[str, Any]:
        t = self.target
        return {
            "name": self.name,
            "value": None if self.value is None else round(self.value, 3),
            "unit": self.unit,
            "target": None if t is None else t.value,
            "target_kind": None if t is None else t.kind,
            "ear": None if t is None else t.ear,
            "ul": None if t is None else t.ul,
            "ul_applies_to": None if t is None else t.ul_applies_to,
            "cdrr": None if t is None else t.cdrr,
            "percent": None if self.percent is None else round(self.percent, 1),
            "status": self.status,
            "status_label": assess.STATUS_LABELS[self.status],
            "coverage": None if self.coverage is None else round(self.coverage, 3),
            "coverage_basis": self.coverage_basis,
            "low_coverage": self.low_coverage,
            "missing_values": list(self.missing),
            "estimated": self.estimated,
            "top_sources": self._top_sources(),
        }

    def to_day_dict(self) -> dict[str, Any]:
        """What :meth:`to_dict` gives less what is the same on every day of a diary (the name,
        unit, target and status label, given once per nutrient in the diary report's summary):
        a ten-year diary has 36,500 of these."""
        value, percent, coverage = self.value, self.percent, self.coverage
        return {
            "value": None if value is None else round(value, 3),
            "percent": None if percent is None else round(percent, 1),
            "status": self.status,
            "coverage": None if coverage is None else round(coverage, 3),
            "coverage_basis": self.coverage_basis,
            "low_coverage": self.low_coverage,
            "missing_values": list(self.missing),
            "estimated": self.estimated,
            "top_sources": self._top_sources() if self.top else [],
        }

    def _top_sources(self) -> list[dict[str, Any]]:
        return [
            {
                "line": c.line,
                "text": c.text,
                "food": c.description,
                "value": round(c.amount, 3),
                "share": round(c.share, 3),
            }
            for c in self.top
        ]


@dataclass(frozen=True)
class Report:
    """What a set of entries gives against a person's targets.

    Attributes:
        profile: who the targets are for.
        targets: the DRIs applied.
        entries: every entry, understood or not, in input order.
        totals: per nutrient key, the :class:`NutrientResult`.
        shortfalls: keys of the nutrients short of target, in registry order.
        explanations: what the source documents link those shortfalls to, with evidence strength.
        suggestions: per shortfall, foods and portions that would close the gap.
        source: what was read (a file name, ``<stdin>``, ``<text>``).
        notes: things the reader should know (one day is not usual intake, ...).
    """

    schema_version: ClassVar[str] = SCHEMA_VERSION

    profile: Profile
    targets: Targets
    entries: tuple[Entry, ...]
    totals: Mapping[str, NutrientResult]
    shortfalls: tuple[str, ...]
    explanations: ExplanationSet
    suggestions: Mapping[str, tuple[Suggestion, ...]]
    source: str = "<text>"
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def unparsed(self) -> tuple[Entry, ...]:
        """Entries that were not used, each with its line, text and reason (blank lines aside)."""
        return tuple(e for e in self.entries if e.status != OK and not e.blank)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (schema in docs/report-schema.json)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "source": self.source,
            "profile": self.profile.to_dict(),
            "life_stage": self.targets.life_stage_label,
            "entries": [e.to_dict() for e in self.entries],
            "totals": {k: r.to_dict() for k, r in self.totals.items()},
            "shortfalls": list(self.shortfalls),
            "explanations": self.explanations.to_dict(),
            "suggestions": {k: [s.to_dict() for s in v] for k, v in self.suggestions.items()},
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
            "notes": list(self.notes),
        }

    def to_frame(self) -> pd.DataFrame:
        """A row per nutrient: value, unit, target, percent, status, coverage (a pandas DataFrame)."""
        import pandas as pd

        rows = []
        for key, r in self.totals.items():
            d = r.to_dict()
            rows.append(
                {
                    "nutrient": key,
                    **{
                        k: d[k]
                        for k in (
                            "name",
                            "value",
                            "unit",
                            "target",
                            "target_kind",
                            "percent",
                            "status",
                            "coverage",
                        )
                    },
                }
            )
        return pd.DataFrame(rows).set_index("nutrient")


def judged(value: float | None, target: Target | None) -> tuple[str, float | None]:
    """A total's status and percent of target (``None`` without a total or a target)."""
    if target is None:
        return (assess.UNKNOWN if value is None else assess.NO_TARGET), None
    return assess.assess(value, target), (None if value is None else 100.0 * value / target.value)


def nutrient_result(
    n: nutrients.Nutrient,
    value: float | None,
    target: Target | None,
    *,
    coverage: float | None,
    basis: str,
    missing: tuple[str, ...],
    top: tuple[Contribution, ...],
    estimated: bool = False,
) -> NutrientResult:
    """A nutrient's total judged against its target (the one place a result is made).

    Made with :func:`nutricheck._frozen.make`: a ten-year diary makes 36,500 of them.
    """
    status, percent = judged(value, target)
    return make(
        NutrientResult,
        {
            "key": n.key,
            "name": n.name,
            "unit": n.unit,
            "symbol": n.symbol,
            "value": value,
            "target": target,
            "percent": percent,
            "status": status,
            "coverage": coverage,
            "coverage_basis": basis,
            "missing": missing,
            "top": top,
            "estimated": estimated,
        },
    )


def result_for(intake: Intake, target: Target | None) -> NutrientResult:
    """Combine a total with its target into a :class:`NutrientResult`."""
    return nutrient_result(
        nutrients.get(intake.key),
        intake.value,
        target,
        coverage=intake.coverage,
        basis=intake.basis,
        missing=intake.missing,
        top=intake.top,
        estimated=intake.estimated,
    )


def build_report(
    entries: Sequence[Entry],
    profile: Profile,
    *,
    table: FoodTable,
    targets: Targets | None = None,
    source: str = "<text>",
    days: int = 1,
) -> Report:
    """The report for entries already read (used by :func:`analyze` and by diary imports)."""
    from nutricheck.explain import explain_shortfalls
    from nutricheck.suggest import gaps_from, suggest
    from nutricheck.targets import targets_for

    targets = targets if targets is not None else targets_for(profile)
    target_map = targets.by_nutrient
    sums = totals(entries)
    results = {k: result_for(sums[k], target_map.get(k)) for k in nutrients.KEYS}
    shortfalls = tuple(k for k, r in results.items() if r.shortfall)
    explanations = explain_shortfalls(
        {k: r.status for k, r in results.items() if r.target is not None}
    )
    gaps = gaps_from(
        {k: r.value for k, r in results.items()},
        {k: t.value for k, t in target_map.items()},
        shortfalls,
    )
    suggestions = suggest(gaps, table, vegetarian=profile.vegetarian)
    notes = []
    if days == 1:
        notes.append(
            "One day of eating is not your usual intake: read shortfalls as a pattern to watch, not a verdict."
        )
    low = [r.name for r in results.values() if r.low_coverage and r.target is not None]
    if low:
        notes.append(
            f"Some foods had no value for {', '.join(low)}: those totals may be low because data is missing."
        )
    if any(e.assumed for e in entries):
        notes.append("Lines without an amount were counted at a typical portion, marked 'assumed'.")
    return Report(
        profile=profile,
        targets=targets,
        entries=tuple(entries),
        # Read-only views: a frozen Report should not be changeable through its mappings either.
        totals=MappingProxyType(results),
        shortfalls=shortfalls,
        explanations=explanations,
        suggestions=MappingProxyType({k: tuple(v) for k, v in suggestions.items()}),
        source=source,
        notes=tuple(notes),
    )


def read_source(source: Source, reader: EntryReader) -> tuple[list[Entry], str]:
    """Entries from any accepted source, and a name for it.

    * ``str``: the text of a food log (one food per line);
    * ``pathlib.Path`` / ``os.PathLike``: a food-log text file;
    * an iterable of ``str``: lines;
    * a sequence of :class:`FoodAmount` or of mappings with ``food_key`` and ``grams``: structured entries.
    """
    if isinstance(source, str):
        return reader.read_lines(source.splitlines() or [""]), "<text>"
    if isinstance(source, os.PathLike):
        path = Path(source)
        return reader.read_lines(read_text_file(path).splitlines()), str(path)
    items = list(source)
    if items and all(isinstance(i, FoodAmount | Mapping) for i in items):
        amounts = []
        for n, i in enumerate(items, start=1):
            if isinstance(i, FoodAmount):
                amounts.append(i)
                continue
            try:
                amounts.append(FoodAmount(str(i["food_key"]), float(i["grams"]), i.get("label")))
            except (KeyError, TypeError, ValueError) as exc:
                raise DataFileError(
                    "a structured entry needs food_key and grams (a number)",
                    source="<entries>",
                    line=n,
                    text=repr(i),
                ) from exc
        return reader.read_amounts(amounts), "<entries>"
    return reader.read_lines(str(i) for i in items), "<lines>"


def read_text_file(path: Path) -> str:
    """A food log's text: UTF-8 (BOM allowed) or UTF-16 with its BOM; undecodable bytes are replaced
    (each line is then reported on its own); a file with NUL bytes is binary, an input error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataFileError(
            f"cannot read the file: {exc.strerror}",
            source=str(path),
            hint="check the path; use - to read standard input",
        ) from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")  # Notepad's "Unicode"
    if b"\x00" in data[:8192]:
        raise DataFileError(
            "this is not a text file (it holds binary data)",
            source=str(path),
            hint="a food log is plain text, one food per line; diaries are CSV files",
        )
    return data.decode("utf-8-sig", errors="replace")


def analyze(
    source: Source,
    profile: Profile,
    *,
    table: FoodTable | None = None,
    targets: Targets | None = None,
    online: bool | FDCLookup = False,
    name: str | None = None,
    region: str = "auto",
) -> Report:
    """Analyse what someone ate against their targets.

    >>> from nutricheck import Profile, analyze
    >>> report = analyze("2 large eggs\\n1 cup cooked spinach", Profile(sex="female", age_years=30))
    >>> report.totals["iron_mg"].unit
    'mg'

    Args:
        source: text, lines, a path, or structured entries (see :func:`read_source`).
        profile: the person (sex, age, pregnancy, lactation, vegetarian).
        table: the food table (default: the bundled USDA table, plus nothing else).
        targets: targets to use instead of the DRIs for ``profile``.
        online: look foods neither table knows up in USDA FoodData Central (``True``, or an
            :class:`~nutricheck.fdc.lookup.FDCLookup` to choose the client); needs the network the
            first time, then the cache (docs/fdc.md). A failed lookup leaves the food unknown and
            says why; it never raises.
        name: what to call the source in the report and in errors (a file name); by default
            ``<text>``, ``<lines>``, the path or ``<entries>``.
        region: read the log as ``"us"`` or ``"uk"`` usage (a pint is 473 or 568 ml;
            "chips" are crisps or fries), or ``"auto"`` (the default): British when the log
            uses more British-only words than American ones. The report says which when British.
    """
    lookup: FDCLookup | None
    if isinstance(online, bool):
        from nutricheck.fdc.lookup import FDCLookup

        lookup = FDCLookup() if online else None
    else:
        lookup = online
    reader = EntryReader(table, online=lookup, region=region)
    entries, read_as = read_source(source, reader)
    name = name or read_as
    if not any(e.text.strip() for e in entries):
        # Nothing logged is an input error, not a report of eight unknowns that a script's
        # --fail-on-shortfall check would pass.
        raise DataFileError(
            "the food log is empty: there is no line to report on",
            source=name,
            hint="write one food per line, e.g. '2 large eggs'",
        )
    report = build_report(entries, profile, table=reader.table, targets=targets, source=name)
    if reader.read_as[0] == "uk":
        from dataclasses import replace

        note = (
            f"Read as British usage ({reader.read_as[1]}): a pint is 568 ml, and 'chips' are "
            "fries. --region us reads it as American."
        )
        report = replace(report, notes=(*report.notes, note))
    return _with_online_notes(report, lookup)


def _with_online_notes(report: Report, lookup: FDCLookup | None) -> Report:
    """The report with a note on the foods looked up online, and on a lookup that failed."""
    if lookup is None:
        return report
    from dataclasses import replace

    from nutricheck.entries import ONLINE_MATCH

    notes = list(report.notes)
    online = [e for e in report.entries if e.match_kind == ONLINE_MATCH]
    if online:
        lines: dict[str, list[str]] = {}
        for e in online:
            lines.setdefault(e.food_key or "", []).append(str(e.line))
        found = []
        for key, numbers in lines.items():
            hit = lookup.found.get(key)
            kind = f", {hit.data_type}" if hit is not None and hit.data_type else ""
            name = hit.food.description if hit is not None else key
            where = "line" + ("s " if len(numbers) > 1 else " ") + ", ".join(numbers)
            found.append(f"{name} ({key}{kind}) for {where}")
        notes.append(
            "Looked up in USDA FoodData Central (--online) and cached for offline use: "
            + "; ".join(found)
            + "."
        )
    if lookup.failure is not None:
        notes.append(
            "The FoodData Central lookup failed, so foods not in the table stay unknown: "
            f"{lookup.failure}."
        )
    return replace(report, notes=tuple(notes))
