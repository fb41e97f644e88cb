"""Dietary Reference Intakes for a profile: data/targets.yaml -> :class:`Targets`.

:func:`load_target_table` reads the bundled data/targets.yaml through :mod:`importlib.resources`
(parsed once per process; the YAML parse, plain data, is kept in the user cache dir between runs,
see :mod:`nutricheck._diskcache`) or a user's own file, and validates it completely: every life
stage has all eight nutrients, numbers are positive, units are ones pint reads and of the right
dimension, EAR < RDA, UL > target, and the life stages cover every age without gap or overlap. Any
problem raises :class:`~nutricheck.errors.DataFileError` naming the file and the dotted key path
(``life_stages.females_19_30.iron_mg.ear``); malformed YAML names the line.

:func:`targets_for` picks the life stage for a :class:`~nutricheck.profile.Profile` and applies the
modifiers it asks for (vegetarian: iron x1.8), saying so with the source. Every value is per day,
in the nutrient registry's unit: a table written in another unit of the same dimension (g for mg)
is converted when it is read.

>>> t = targets_for(Profile.create("female", 25, vegetarian=True))
>>> t.life_stage_label, t.by_nutrient["iron_mg"].value, t.by_nutrient["iron_mg"].kind
('Females 19-30 y', 32.4, 'RDA')
"""

from __future__ import annotations

import functools
import math
import numbers
import os
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, NoReturn, TypeVar

from nutricheck import nutrients as registry
from nutricheck.errors import DataFileError, UnitError
from nutricheck.profile import (
    MAX_AGE_YEARS,
    MIN_AGE_YEARS,
    MODIFIER_FLAGS,
    PREGNANCY_BELOW_AGE,
    PREGNANCY_MIN_AGE,
    SEXES,
    Condition,
    Profile,
    Sex,
    parse_yaml,
)

if TYPE_CHECKING:
    import pint

Kind = Literal["RDA", "AI"]
UlScope = Literal["total", "supplements"]

KINDS: tuple[Kind, ...] = ("RDA", "AI")
UL_SCOPES: tuple[UlScope, ...] = ("total", "supplements")
CONDITIONS: tuple[Condition, ...] = ("pregnant", "lactating")

_UL_SCOPE_TEXT: Mapping[str, str] = MappingProxyType(
    {"total": "total intake", "supplements": "supplements only"}
)


# --- the table ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A report the table cites.

    Attributes:
        id: the id under ``sources:`` (``"iom_2001_iron"``).
        author: ``"IOM"`` or ``"NASEM"``.
        year: year of the report.
        title: title as the reference notes cite it (``"DRI for Calcium and Vitamin D"``).
        nap: National Academies Press record number (``13050``), ``None`` if it has none.
        pages: the tables and pages used (``"pp. 8, 440-445"``; the YAML keeps the en dash).
        checked_against: independent copies the values were compared with.
    """

    id: str
    author: str
    year: int
    title: str
    nap: int | None
    pages: str = ""
    checked_against: str = ""

    @property
    def short(self) -> str:
        """``"IOM 2011, NAP 13050"``: enough to find the report."""
        nap = f", NAP {self.nap}" if self.nap is not None else ""
        return f"{self.author} {self.year}{nap}"

    @property
    def reference(self) -> str:
        """``"IOM 2011, DRI for Calcium and Vitamin D (NAP 13050)"``."""
        nap = f" (NAP {self.nap})" if self.nap is not None else ""
        return f"{self.author} {self.year}, {self.title}{nap}"

    @property
    def citation(self) -> str:
        """The reference with the pages used."""
        return f"{self.reference}, {self.pages}" if self.pages else self.reference

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "author": self.author,
            "year": self.year,
            "title": self.title,
            "nap": self.nap,
            "pages": self.pages,
            "citation": self.citation,
        }


@dataclass(frozen=True)
class Note:
    """A short point needed to apply a value correctly, with its source."""

    text: str
    source: Source
    pages: str = ""

    def __str__(self) -> str:
        pages = f", {self.pages}" if self.pages else ""
        return f"{self.text} [{self.source.short}{pages}]"


@dataclass(frozen=True)
class NutrientRule:
    """What holds for a nutrient at every life stage (``nutrients:`` in the YAML).

    Attributes:
        key: the registry key.
        unit: the registry's unit; the table's values are converted to it.
        source: the report the nutrient's table comes from.
        ul_applies_to: ``"total"`` intake, ``"supplements"`` only, or ``None`` (no UL at all).
        notes: points needed to apply the values.
    """

    key: str
    unit: str
    source: Source
    ul_applies_to: UlScope | None
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class DriValues:
    """One nutrient at one life stage, in the registry's unit, per day.

    Attributes:
        value: the RDA or AI.
        kind: ``"RDA"`` or ``"AI"``.
        ear: Estimated Average Requirement; ``None`` where there is none (always for an AI).
        ul: Tolerable Upper Intake Level; ``None`` where not determined.
        cdrr: Chronic Disease Risk Reduction intake (sodium); not a UL.
        ear_note: a caveat on the EAR, if any.
    """

    value: float
    kind: Kind
    ear: float | None
    ul: float | None
    cdrr: float | None = None
    ear_note: Note | None = None


@dataclass(frozen=True)
class LifeStage:
    """A row of the DRI tables.

    Attributes:
        id: the id under ``life_stages:`` (``"females_19_30"``).
        label: ``"Females 19-30 y"``.
        sex: ``"female"``, ``"male"`` or ``None`` (infants and children: either).
        condition: ``"pregnant"``, ``"lactating"`` or ``None``.
        age_from: first age in years the row covers.
        age_below: the row covers ages below this; ``None`` = no upper end.
        values: the values by nutrient key, in registry order.
    """

    id: str
    label: str
    sex: Sex | None
    condition: Condition | None
    age_from: float
    age_below: float | None
    values: Mapping[str, DriValues]

    def covers(self, profile: Profile) -> bool:
        """Whether this row is the one for ``profile``."""
        return (
            self.condition == profile.condition
            and self.sex in (None, profile.sex)
            and self.age_from <= profile.age_years
            and (self.age_below is None or profile.age_years < self.age_below)
        )


@dataclass(frozen=True)
class Multiplier:
    """How a modifier scales one nutrient's target and EAR (the UL never changes)."""

    value: float
    ear: float


@dataclass(frozen=True)
class Modifier:
    """A change to the targets a profile can ask for (``modifiers:`` in the YAML).

    Attributes:
        id: ``"vegetarian"`` or ``"endurance"``, the profile flag that asks for it.
        description: what it does and why, one sentence.
        multiply: factors by nutrient key; empty when the modifier only adds notes.
        source: the report behind it.
        pages: where in the report.
        notes: further points it brings.
    """

    id: str
    description: str
    multiply: Mapping[str, Multiplier]
    source: Source
    pages: str = ""
    notes: tuple[Note, ...] = ()

    def __str__(self) -> str:
        pages = f", {self.pages}" if self.pages else ""
        return f"{self.id}: {self.description} [{self.source.short}{pages}]"


@dataclass(frozen=True)
class TargetTable:
    """A validated targets file.

    Attributes:
        source: the file it was read from.
        sources: cited reports by id.
        nutrients: per-nutrient rules by key, in registry order.
        life_stages: the DRI rows by id, in file order.
        modifiers: modifiers by id.
        notes: notes for every life stage.
    """

    source: str
    sources: Mapping[str, Source]
    nutrients: Mapping[str, NutrientRule]
    life_stages: Mapping[str, LifeStage]
    modifiers: Mapping[str, Modifier]
    notes: tuple[Note, ...] = ()

    def life_stage_for(self, profile: Profile) -> LifeStage:
        """The row for ``profile``: by pregnancy or lactation, sex and age band.

        Age bands count completed years, as the DRI tables do ("19-30 y" runs from the 19th to the
        31st birthday); infants are 0-6 months below 0.5 years, then 7-12 months.

        Raises:
            DataFileError: the table has no row for the profile (only possible for a user's table).
        """
        for stage in self.life_stages.values():
            if stage.covers(profile):
                return stage
        raise DataFileError(
            f"no life stage for a profile of {profile.describe()}",
            source=self.source,
            key="life_stages",
        )

    def modifier(self, name: str) -> Modifier:
        """The modifier ``name``; ``DataFileError`` if the table lacks it."""
        try:
            return self.modifiers[name]
        except KeyError:
            raise DataFileError(
                f"the profile asks for the {name!r} modifier, which this targets file lacks",
                source=self.source,
                key=f"modifiers.{name}",
                hint=f"add modifiers.{name} to the file, or set {name} to false in the profile",
            ) from None


# --- targets for a profile ---------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """The daily target for one nutrient.

    Attributes:
        nutrient: registry key (``"iron_mg"``).
        value: the RDA or AI, modifiers applied, in ``unit``.
        unit: the registry's unit (``"mg"``, ``"ug"``), as pint reads it.
        kind: ``"RDA"`` or ``"AI"``.
        ear: Estimated Average Requirement in ``unit``, modifiers applied; ``None`` if none.
        ul: Tolerable Upper Intake Level in ``unit``; ``None`` if not determined.
        ul_applies_to: ``"total"`` intake or ``"supplements"`` only; ``None`` when ``ul`` is.
        cdrr: sodium's Chronic Disease Risk Reduction intake (reduce intake above it); not a UL.
        source: the report the values come from (author, year, title, NAP number).
        source_id: its id in the targets file.
        notes: points needed to apply the values, each with its source.
    """

    nutrient: str
    value: float
    unit: str
    kind: Kind
    ear: float | None
    ul: float | None
    ul_applies_to: UlScope | None
    cdrr: float | None
    source: str
    source_id: str = ""
    notes: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """Display name from the registry (``"Iron"``)."""
        return registry.get(self.nutrient).name

    @property
    def symbol(self) -> str:
        """Unit as people print it (``"µg"``)."""
        return registry.get(self.nutrient).symbol

    @property
    def quantity(self) -> pint.Quantity[Any]:
        """``value`` as a pint quantity."""
        from nutricheck.units import Q_

        return Q_(self.value, self.unit)

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "kind": self.kind,
            "ear": self.ear,
            "ul": self.ul,
            "ul_applies_to": self.ul_applies_to,
            "cdrr": self.cdrr,
            "source": self.source,
            "source_id": self.source_id,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Targets:
    """The daily targets for a profile.

    Attributes:
        profile: who they are for.
        life_stage: id of the DRI row used (``"females_19_30"``).
        life_stage_label: its label (``"Females 19-30 y"``).
        by_nutrient: a :class:`Target` per nutrient key, in registry order.
        modifiers: the modifiers applied, each described with its source.
        notes: points that apply to every nutrient (and those the modifiers bring), with sources.
        sources: every report cited, in first-cited order.
        table_source: the targets file used.
    """

    profile: Profile
    life_stage: str
    life_stage_label: str
    by_nutrient: Mapping[str, Target]
    modifiers: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    table_source: str = ""

    def to_dict(self) -> dict[str, object]:
        """JSON-ready data: profile, life_stage, targets by nutrient, modifiers, notes, sources."""
        return {
            "profile": self.profile.to_dict(),
            "life_stage": self.life_stage,
            "life_stage_label": self.life_stage_label,
            "targets": {key: t.to_dict() for key, t in self.by_nutrient.items()},
            "modifiers": list(self.modifiers),
            "notes": list(self.notes),
            "sources": [s.to_dict() for s in self.sources],
        }


def targets_for(profile: Profile, path: str | os.PathLike[str] | None = None) -> Targets:
    """The daily targets for ``profile`` from the bundled table, or from the targets file ``path``.

    Modifiers the profile asks for are applied and listed with their source: ``vegetarian``
    multiplies the iron RDA and EAR by 1.8 (not the UL); ``endurance`` only adds notes.

    Raises:
        DataFileError: the targets file is malformed, has no row for the profile, or lacks a
            modifier the profile asks for.
    """
    table = load_target_table(path)
    stage = table.life_stage_for(profile)
    applied = [table.modifier(name) for name in profile.modifiers]
    cited: dict[str, Source] = {}

    def cite(notes: Sequence[Note]) -> tuple[str, ...]:
        for note in notes:
            cited.setdefault(note.source.id, note.source)
        return tuple(str(n) for n in notes)

    by_nutrient: dict[str, Target] = {}
    for key in registry.TARGET_KEYS:
        rule, cell = table.nutrients[key], stage.values[key]
        cited.setdefault(rule.source.id, rule.source)
        value, ear = cell.value, cell.ear
        scaled_by: list[str] = []
        for modifier in applied:
            factor = modifier.multiply.get(key)
            if factor is not None:
                value = _tidy(value * factor.value)
                ear = _tidy(ear * factor.ear) if ear is not None else None
                scaled_by.append(f"{modifier.id} x{factor.value:g}")
        notes = cite([*rule.notes, *([cell.ear_note] if cell.ear_note else [])])
        if scaled_by:
            notes += (
                f"Target and EAR include {', '.join(scaled_by)} (table value {cell.value:g}).",
            )
        if rule.ul_applies_to == "total" and cell.ul is not None and value > cell.ul:
            symbol = registry.get(key).symbol
            notes += (
                f"The target ({value:g} {symbol}) is above the UL ({cell.ul:g} {symbol}) for total "
                "intake; both are the reports' figures and nutricheck does not reconcile them.",
            )
        by_nutrient[key] = Target(
            nutrient=key,
            value=value,
            unit=rule.unit,
            kind=cell.kind,
            ear=ear,
            ul=cell.ul,
            ul_applies_to=rule.ul_applies_to if cell.ul is not None else None,
            cdrr=cell.cdrr,
            source=rule.source.reference,
            source_id=rule.source.id,
            notes=notes,
        )
    for modifier in applied:
        cited.setdefault(modifier.source.id, modifier.source)
    notes = cite([*table.notes, *(n for m in applied for n in m.notes)])
    return Targets(
        profile=profile,
        life_stage=stage.id,
        life_stage_label=stage.label,
        by_nutrient=MappingProxyType(by_nutrient),
        modifiers=tuple(str(m) for m in applied),
        notes=notes,
        sources=tuple(cited.values()),
        table_source=table.source,
    )


def _tidy(x: float) -> float:
    """Drop float noise from arithmetic on table values (18 * 1.8 = 32.4, not 32.400000000000006)"""
    return float(f"{x:.10g}")


# --- plain text --------------------------------------------------------------------------------


def format_targets_text(targets: Targets, *, notes: bool = True, width: int = 100) -> str:
    """An aligned plain-text table of the targets, with modifiers, notes and sources below.

    Unknown or not determined values show as ``-``; vitamin D also in IU; the UL says what it
    applies to, and sodium shows its CDRR. ``notes=False`` leaves the notes out.
    """
    rows = [("Nutrient", "Target", "Kind", "EAR", "Upper limit")]
    rows += [
        (t.name, _amount(t, t.value), t.kind, _amount(t, t.ear), _upper(t))
        for t in targets.by_nutrient.values()
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        f"Daily targets (Dietary Reference Intakes): {targets.life_stage_label}",
        f"Profile: {targets.profile.describe()}",
        "",
    ]
    for i, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))

    def section(title: str, items: Sequence[str]) -> None:
        if items:
            lines.extend(["", f"{title}:"])
            for item in items:
                wrapped = textwrap.wrap(
                    _glue(item), width, initial_indent="  - ", subsequent_indent="    "
                )
                lines.extend(line.replace(_NBSP, " ") for line in wrapped)

    section("Modifiers", targets.modifiers)
    if notes:
        per_nutrient = [f"{t.name}: {n}" for t in targets.by_nutrient.values() for n in t.notes]
        section("Notes", [*targets.notes, *per_nutrient])
    section("Sources", [s.citation for s in targets.sources])
    return "\n".join(lines) + "\n"


_NBSP = "\u00a0"  # textwrap breaks lines only at ASCII whitespace
_CITATION = re.compile(r"\[[^\[\]]*\]$")
_PAGE = re.compile(r"\b(p|pp|ch)\. (?=\d)|(?<=\d,) (?=\d)")


def _glue(text: str) -> str:
    """Glue with NBSPs what must stay on one line: a closing "[IOM 1998, NAP 6015, p. 82]"."""
    text = _CITATION.sub(lambda m: m.group(0).replace(" ", _NBSP), text)
    return _PAGE.sub(lambda m: m.group(0).replace(" ", _NBSP), text)


def _number(x: float) -> str:
    return f"{x:g}"


def _amount(target: Target, value: float | None) -> str:
    """``"15 µg (600 IU)"`` for a nutrient with one IU convention, ``"18 mg"`` otherwise."""
    if value is None:
        return "-"
    text = f"{_number(value)} {target.symbol}"
    if len(registry.get(target.nutrient).iu_factors) == 1:
        from nutricheck.units import iu_count

        # A target is in the registry's unit (rule.unit), so the nutrient's own IU factor applies
        # to the number as it is; no need to build pint's registry for it.
        iu = iu_count(target.nutrient, value)
        # The reports round IU to 2 figures (63 µg is "2,500 IU"); "≈" says rounding changed it.
        shown = float(f"{iu:.2g}") if iu >= 100 else round(iu, 1)
        text += f" ({'' if math.isclose(shown, iu) else '≈'}{_number(shown)} IU)"
    return text


def _upper(target: Target) -> str:
    parts = []
    if target.ul is not None:
        scope = _UL_SCOPE_TEXT.get(target.ul_applies_to or "", "")
        ul = _amount(target, target.ul)
        parts.append(f"{ul} ({scope})" if scope else ul)
    if target.cdrr is not None:
        parts.append(f"CDRR {_amount(target, target.cdrr)}")
    return "; ".join(parts) or "-"


# --- reading and validating the file -----------------------------------------------------------


def load_target_table(path: str | os.PathLike[str] | None = None) -> TargetTable:
    """The targets table: the bundled data/targets.yaml (parsed once) or the file ``path``.

    Raises:
        DataFileError: the file is missing, unreadable or malformed; ``key`` is the dotted YAML key
            path of the problem, or ``line`` its line for a YAML syntax error.
    """
    if path is None:
        return _bundled_table()
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError("no targets file here", source=str(file)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read the targets file: {exc}", source=str(file)) from exc
    return parse_target_table(text, str(file))


@functools.cache
def _bundled_table() -> TargetTable:
    from nutricheck import _diskcache

    resource = resources.files("nutricheck") / "data" / "targets.yaml"
    text, source = resource.read_text(encoding="utf-8"), str(resource)
    # Importing PyYAML and parsing the file is most of the cost, and gives only plain data: that is
    # kept in the user cache dir, keyed by the text and the parsing code; validated every time.
    raw = _diskcache.memo(
        "targets-yaml",
        (text, _diskcache.source_digest("yaml", "nutricheck.profile")),
        lambda: parse_yaml(text, source),
    )
    return _Reader(source).table(raw)


def parse_target_table(text: str, source: str = "<targets>") -> TargetTable:
    """Parse and validate the text of a targets file; ``source`` names it in errors."""
    return _Reader(source).table(parse_yaml(text, source))


_T = TypeVar("_T", bound=str)
_MISSING = object()
_STAGE_KEYS = ("label", "sex", "condition", "ages")


def _show(value: object) -> str:
    """A YAML value as the user wrote it, for an error's ``text``."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def _join(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


class _Reader:
    """Turns parsed YAML into a :class:`TargetTable`, failing at the first problem with its key."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(
        self, key: str, problem: str, *, value: object = _MISSING, hint: str | None = None
    ) -> NoReturn:
        raise DataFileError(
            problem,
            source=self.source,
            key=key or None,
            text=None if value is _MISSING else _show(value),
            hint=hint,
        )

    # -- shapes --

    def mapping(
        self, value: object, key: str, required: Sequence[str] = (), optional: Sequence[str] = ()
    ) -> dict[str, object]:
        """A mapping with text keys; with ``required``/``optional`` given, exactly those keys."""
        if not isinstance(value, Mapping):
            self.fail(key, "must be a mapping of keys to values", value=value)
        out: dict[str, object] = {}
        for k, v in value.items():
            if not isinstance(k, str):
                self.fail(_join(key, k), "keys must be text", value=k)
            out[k] = v
        if required or optional:
            known = (*required, *optional)
            for k in out:
                if k not in known:
                    self.fail(_join(key, k), "unknown key", hint=f"known here: {', '.join(known)}")
            for k in required:
                if k not in out:
                    self.fail(_join(key, k), "missing", hint=f"needed here: {', '.join(required)}")
        return out

    def text(self, value: object, key: str, *, empty: bool = False) -> str:
        if not isinstance(value, str) or not (empty or value.strip()):
            self.fail(key, "must be text" if empty else "must be non-empty text", value=value)
        return value.strip()

    def choice(self, value: object, key: str, choices: tuple[_T, ...]) -> _T:
        for choice in choices:
            if value == choice:
                return choice
        self.fail(key, f"must be one of {', '.join(choices)}", value=value)

    def optional_choice(self, value: object, key: str, choices: tuple[_T, ...]) -> _T | None:
        if value is None:
            return None
        for choice in choices:
            if value == choice:
                return choice
        self.fail(key, f"must be one of {', '.join(choices)}, or null", value=value)

    def number(self, value: object, key: str, *, zero: bool = False) -> float:
        """A positive (or, with ``zero``, non-negative) finite number; YAML ``true`` is not one."""
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            hint = "a bare number: each nutrient's unit is under nutrients:"
            self.fail(key, "must be a number", value=value, hint=hint)
        number = float(value)
        if not (math.isfinite(number) and (number > 0 or (zero and number == 0))):
            problem = "must be 0 or more" if zero else "must be a positive number"
            self.fail(key, problem, value=value)
        return number

    def optional_number(self, value: object, key: str) -> float | None:
        return None if value is None else self.number(value, key)

    def integer(self, value: object, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.fail(key, "must be a positive whole number", value=value)
        return value

    # -- sections --

    def table(self, data: object) -> TargetTable:
        if data is None:
            self.fail("", "the targets file is empty")
        root = self.mapping(
            data,
            "",
            required=("sources", "nutrients", "life_stages"),
            optional=("modifiers", "notes"),
        )
        sources = self.sources(root["sources"])
        rules, factors = self.nutrients(root["nutrients"], sources)
        stages = self.life_stages(root["life_stages"], rules, factors, sources)
        self.coverage(stages)
        return TargetTable(
            source=self.source,
            sources=MappingProxyType(sources),
            nutrients=MappingProxyType(rules),
            life_stages=MappingProxyType(stages),
            modifiers=MappingProxyType(self.modifiers(root.get("modifiers"), sources)),
            notes=self.notes(root.get("notes"), "notes", sources),
        )

    def sources(self, value: object) -> dict[str, Source]:
        out: dict[str, Source] = {}
        for sid, entry in self.mapping(value, "sources").items():
            key = f"sources.{sid}"
            e = self.mapping(
                entry,
                key,
                required=("author", "year", "title", "nap", "pages"),
                optional=("checked_against",),
            )
            out[sid] = Source(
                id=sid,
                author=self.text(e["author"], f"{key}.author"),
                year=self.integer(e["year"], f"{key}.year"),
                title=self.text(e["title"], f"{key}.title"),
                nap=None if e["nap"] is None else self.integer(e["nap"], f"{key}.nap"),
                pages=self.text(e["pages"], f"{key}.pages", empty=True),
                checked_against=self.text(
                    e.get("checked_against", ""), f"{key}.checked_against", empty=True
                ),
            )
        if not out:
            self.fail("sources", "no sources: every nutrient's values need one")
        return out

    def source_ref(self, value: object, key: str, sources: Mapping[str, Source]) -> Source:
        sid = self.text(value, key)
        if sid not in sources:
            self.fail(
                key, "no such source under sources:", value=sid, hint=f"known: {', '.join(sources)}"
            )
        return sources[sid]

    def note(self, value: object, key: str, sources: Mapping[str, Source]) -> Note:
        e = self.mapping(value, key, required=("text", "source"), optional=("pages",))
        return Note(
            text=" ".join(self.text(e["text"], f"{key}.text").split()),
            source=self.source_ref(e["source"], f"{key}.source", sources),
            pages=self.text(e.get("pages", ""), f"{key}.pages", empty=True),
        )

    def notes(self, value: object, key: str, sources: Mapping[str, Source]) -> tuple[Note, ...]:
        if value is None:
            return ()
        if isinstance(value, (str, Mapping)) or not isinstance(value, Sequence):
            self.fail(key, "must be a list of notes ({text, source, pages})", value=value)
        return tuple(self.note(item, f"{key}[{i}]", sources) for i, item in enumerate(value))

    def nutrients(
        self, value: object, sources: Mapping[str, Source]
    ) -> tuple[dict[str, NutrientRule], dict[str, float]]:
        """The rules by key, and the factor from each nutrient's unit in the file to the registry's.

        A file may give a nutrient in another unit of the same dimension (g for mg); its values are
        converted, so every :class:`DriValues` is in the registry's unit.
        """
        entries = self.mapping(value, "nutrients", required=registry.TARGET_KEYS)
        rules: dict[str, NutrientRule] = {}
        factors: dict[str, float] = {}
        for nkey in registry.TARGET_KEYS:
            key = f"nutrients.{nkey}"
            e = self.mapping(
                entries[nkey],
                key,
                required=("unit", "source", "ul_applies_to"),
                optional=("notes",),
            )
            factors[nkey] = self.unit_factor(e["unit"], f"{key}.unit", nkey)
            rules[nkey] = NutrientRule(
                key=nkey,
                unit=registry.get(nkey).unit,
                source=self.source_ref(e["source"], f"{key}.source", sources),
                ul_applies_to=self.optional_choice(
                    e["ul_applies_to"], f"{key}.ul_applies_to", UL_SCOPES
                ),
                notes=self.notes(e.get("notes"), f"{key}.notes", sources),
            )
        return rules, factors

    def unit_factor(self, value: object, key: str, nkey: str) -> float:
        """How many of the registry's unit one of the file's unit is (1.0 for the same unit)."""
        unit = self.text(value, key)
        nutrient = registry.get(nkey)
        if unit == nutrient.unit:
            return (
                1.0  # the bundled table's case: no need to build pint's registry (about a second)
            )
        # pint is imported here, not at module level, so importing nutricheck stays cheap.
        from nutricheck.units import quantity, to_nutrient_unit

        try:
            one = quantity(1.0, unit)
        except UnitError:
            self.fail(key, "not a unit pint can read", value=unit, hint=f"use {nutrient.unit}")
        try:
            return to_nutrient_unit(nkey, one)
        except UnitError:
            wanted = quantity(1.0, nutrient.unit).dimensionality
            self.fail(
                key,
                f"{nutrient.name} is measured in {nutrient.unit} ({wanted}); "
                f"this unit is {one.dimensionality}",
                value=unit,
                hint=f"use {nutrient.unit}",
            )

    def life_stages(
        self,
        value: object,
        rules: Mapping[str, NutrientRule],
        factors: Mapping[str, float],
        sources: Mapping[str, Source],
    ) -> dict[str, LifeStage]:
        out: dict[str, LifeStage] = {}
        for sid, entry in self.mapping(value, "life_stages").items():
            key = f"life_stages.{sid}"
            e = self.mapping(entry, key, required=(*_STAGE_KEYS, *registry.TARGET_KEYS))
            sex = self.optional_choice(e["sex"], f"{key}.sex", SEXES)
            condition = self.optional_choice(e["condition"], f"{key}.condition", CONDITIONS)
            if condition is not None and sex != "female":
                self.fail(
                    f"{key}.sex", f"a {condition} life stage must have sex: female", value=e["sex"]
                )
            age_from, age_below = self.ages(e["ages"], f"{key}.ages")
            out[sid] = LifeStage(
                id=sid,
                label=self.text(e["label"], f"{key}.label"),
                sex=sex,
                condition=condition,
                age_from=age_from,
                age_below=age_below,
                values=MappingProxyType(
                    {
                        n: self.cell(e[n], f"{key}.{n}", rules[n], factors[n], sources)
                        for n in registry.TARGET_KEYS
                    }
                ),
            )
        if not out:
            self.fail("life_stages", "no life stages")
        return out

    def ages(self, value: object, key: str) -> tuple[float, float | None]:
        if isinstance(value, (str, Mapping)) or not isinstance(value, Sequence) or len(value) != 2:
            self.fail(
                key,
                "must be [from, below] in years",
                value=value,
                hint="e.g. [19, 31]; [71, null] for no upper end",
            )
        start, below = value
        age_from = self.number(start, f"{key}[0]", zero=True)
        age_below = None if below is None else self.number(below, f"{key}[1]")
        if age_below is not None and age_below <= age_from:
            self.fail(key, "the end must be above the start", value=value)
        return age_from, age_below

    def cell(
        self,
        value: object,
        key: str,
        rule: NutrientRule,
        factor: float,
        sources: Mapping[str, Source],
    ) -> DriValues:
        e = self.mapping(
            value, key, required=("value", "kind", "ear", "ul"), optional=("cdrr", "ear_note")
        )
        amount = self.number(e["value"], f"{key}.value")
        kind = self.choice(e["kind"], f"{key}.kind", KINDS)
        ear = self.optional_number(e["ear"], f"{key}.ear")
        ul = self.optional_number(e["ul"], f"{key}.ul")
        cdrr = self.optional_number(e.get("cdrr"), f"{key}.cdrr")
        raw_note = e.get("ear_note")
        ear_note = None if raw_note is None else self.note(raw_note, f"{key}.ear_note", sources)
        if kind == "RDA" and ear is None:
            self.fail(
                f"{key}.ear",
                "an RDA needs its EAR (RDA = EAR + 2 SD)",
                value=None,
                hint="give the EAR, or kind: AI if the report sets an AI",
            )
        if kind == "AI" and ear is not None:
            self.fail(
                f"{key}.ear",
                "an AI has no EAR: an AI is set where no EAR exists",
                value=ear,
                hint="set ear: null, or kind: RDA",
            )
        if ear is not None and not ear < amount:
            self.fail(f"{key}.ear", f"the EAR must be below the RDA ({amount:g})", value=e["ear"])
        if ear_note is not None and ear is None:
            self.fail(f"{key}.ear_note", "an ear_note needs an EAR")
        if ul is not None and rule.ul_applies_to is None:
            self.fail(
                f"{key}.ul",
                f"nutrients.{rule.key}.ul_applies_to is null, so there is no UL",
                value=e["ul"],
                hint="set ul: null, or say what the UL applies to under nutrients:",
            )
        # A UL for supplements only (magnesium) is not comparable with the total-intake target:
        # magnesium's 350 mg supplement UL is below the adult RDA, rightly.
        if ul is not None and rule.ul_applies_to == "total" and not ul > amount:
            self.fail(f"{key}.ul", f"the UL must be above the {kind} ({amount:g})", value=e["ul"])
        if cdrr is not None and not cdrr > amount:
            self.fail(
                f"{key}.cdrr", f"the CDRR must be above the {kind} ({amount:g})", value=e["cdrr"]
            )

        def scale(x: float) -> float:
            return x if factor == 1 else _tidy(x * factor)

        return DriValues(
            value=scale(amount),
            kind=kind,
            ear=None if ear is None else scale(ear),
            ul=None if ul is None else scale(ul),
            cdrr=None if cdrr is None else scale(cdrr),
            ear_note=ear_note,
        )

    def coverage(self, stages: Mapping[str, LifeStage]) -> None:
        """Every profile that Profile allows has exactly one row: no gap, no overlap."""
        groups: list[tuple[str, Sex, Condition | None, float, float]] = [
            ("females", "female", None, MIN_AGE_YEARS, MAX_AGE_YEARS),
            ("males", "male", None, MIN_AGE_YEARS, MAX_AGE_YEARS),
            ("pregnancy", "female", "pregnant", PREGNANCY_MIN_AGE, PREGNANCY_BELOW_AGE),
            ("lactation", "female", "lactating", PREGNANCY_MIN_AGE, PREGNANCY_BELOW_AGE),
        ]
        for who, sex, condition, start, end in groups:
            chain = sorted(
                (s for s in stages.values() if s.condition == condition and s.sex in (None, sex)),
                key=lambda s: s.age_from,
            )
            reached = start
            for i, stage in enumerate(chain):
                where = f"life_stages.{stage.id}.ages"
                if stage.age_from > reached:
                    gap = f"{reached:g} to {stage.age_from:g} y"
                    self.fail(where, f"no life stage covers {who} from {gap}")
                if i > 0 and stage.age_from < reached:
                    self.fail(where, f"overlaps the {who} life stage before it (to {reached:g} y)")
                reached = math.inf if stage.age_below is None else stage.age_below
            # Profile allows ages up to 120 inclusive, and pregnancy or lactation below 51.
            if reached < end or (condition is None and reached == end):
                self.fail("life_stages", f"no life stage covers {who} from {reached:g} y")

    def modifiers(self, value: object, sources: Mapping[str, Source]) -> dict[str, Modifier]:
        if value is None:
            return {}
        out: dict[str, Modifier] = {}
        for mid, entry in self.mapping(value, "modifiers").items():
            key = f"modifiers.{mid}"
            if mid not in MODIFIER_FLAGS:
                self.fail(
                    key,
                    "no profile flag asks for this modifier",
                    hint=f"modifiers are named after profile flags: {', '.join(MODIFIER_FLAGS)}",
                )
            e = self.mapping(
                entry,
                key,
                required=("description", "multiply", "source"),
                optional=("pages", "notes"),
            )
            mkey = f"{key}.multiply"
            factors = {} if e["multiply"] is None else self.mapping(e["multiply"], mkey)
            multiply: dict[str, Multiplier] = {}
            for nkey, factor in factors.items():
                fkey = f"{mkey}.{nkey}"
                if nkey not in registry.TARGET_KEYS:
                    known = ", ".join(registry.TARGET_KEYS)
                    self.fail(fkey, "not a nutrient key", hint=f"known: {known}")
                f = self.mapping(factor, fkey, required=("value", "ear"))
                multiply[nkey] = Multiplier(
                    value=self.number(f["value"], f"{fkey}.value"),
                    ear=self.number(f["ear"], f"{fkey}.ear"),
                )
            out[mid] = Modifier(
                id=mid,
                description=" ".join(self.text(e["description"], f"{key}.description").split()),
                multiply=MappingProxyType(multiply),
                source=self.source_ref(e["source"], f"{key}.source", sources),
                pages=self.text(e.get("pages", ""), f"{key}.pages", empty=True),
                notes=self.notes(e.get("notes"), f"{key}.notes", sources),
            )
        return out
