"""Shortfall -> explanation: what a nutrient below target may have to do with heavy legs and cramps.

The knowledge lives in data/explanations.yaml, kept by hand: for each of the eight target nutrients,
the links the source articles make to leg symptoms (in our own words), each with its sources and a
grade of how well research supports it, plus the non-nutrient causes the articles name, the red
flags that call for a doctor and a disclaimer. This module loads and validates that file and turns a
nutrient's status into an :class:`Explanation`; it never diagnoses. The bundled file's YAML parse
(plain data) is kept in the user cache dir between runs (:mod:`nutricheck._diskcache`), so a report
does not import PyYAML; it is validated on every load all the same.

    >>> from nutricheck import explain, nutrients
    >>> iron = nutrients.by_alias("iron").key
    >>> e = explain.explain(iron, "very_likely_short")
    >>> e.status_label, e.links[0].evidence
    ('below the EAR', 'strong')
    >>> s = explain.explain_shortfalls({iron: "possibly_short"})
    >>> [x.nutrient for x in s.explanations] == [iron]
    True

Statuses are the strings of :data:`STATUSES`; the first three (:data:`SHORTFALL_STATUSES`) are the
shortfalls that get an explanation.
"""

from __future__ import annotations

import functools
import os
import re
import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from nutricheck import assess, nutrients
from nutricheck.errors import DataFileError

EVIDENCE_LEVELS: tuple[str, ...] = ("strong", "moderate", "weak", "very_weak", "not_supported")
"""The evidence scale, strongest first (defined in words at the top of data/explanations.yaml)."""

STATUSES: tuple[str, ...] = assess.STATUSES
"""Every status :mod:`nutricheck.assess` gives a nutrient: below the EAR; between EAR and RDA; below
an Adequate Intake (not judged a deficit); at or above target; above the upper level; sodium above
its CDRR; no data. data/explanations.yaml must word each one."""

SHORTFALL_STATUSES: tuple[str, ...] = tuple(s for s in STATUSES if s in assess.SHORTFALL_STATUSES)
"""The statuses that count as short of target and get an explanation."""

_TOP_KEYS = (
    "evidence_scale",
    "statuses",
    "documents",
    "references",
    "nutrients",
    "other_factors",
    "red_flags",
    "disclaimer",
)
_STATEMENT_KEYS = ("text", "sources")
_GRADE_KEYS = ("evidence", "evidence_note", "evidence_sources")
_CLAIM_KEYS = ("id", "topic", "text", "sources", *_GRADE_KEYS)
_NUTRIENT_KEYS = ("summary", "links", "symptoms", "who_is_at_risk", "caution")
_RED_FLAG_KEYS = ("urgent", "see_a_gp")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

if TYPE_CHECKING:
    import yaml


# --------------------------------------------------------------------------------------------------
# Result types


@dataclass(frozen=True)
class Source:
    """A document or research reference that a statement rests on.

    Attributes:
        id: key in data/explanations.yaml (``documents:`` or ``references:``).
        kind: ``"document"`` (one of the five source articles) or ``"reference"`` (research).
        title: a document's title exactly as the article gives it; a reference's short label.
        file: a document's file name in shared/seeds; ``None`` for references.
        citation: a reference's full citation; ``None`` for documents.
    """

    id: str
    kind: str
    title: str
    file: str | None = None
    citation: str | None = None

    @property
    def label(self) -> str:
        """How the source is shown next to a claim: title, plus the file name of a document."""
        return f"{self.title} ({self.file})" if self.file else self.title

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "file": self.file,
            "citation": self.citation,
        }


@dataclass(frozen=True)
class Statement:
    """One sourced sentence (a summary, a symptom, a risk group, a caution or a red flag).

    Attributes:
        text: the statement, in the project's own words.
        sources: what it rests on; never empty.
    """

    text: str
    sources: tuple[Source, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "sources": [s.to_dict() for s in self.sources]}


@dataclass(frozen=True)
class Claim:
    """A link an article makes to leg symptoms, with how well research supports it.

    Attributes:
        id: key of the claim, unique within its nutrient (or among the other factors).
        text: what the articles claim, in the project's own words.
        sources: the articles (or references) that make the claim; never empty.
        evidence: one of :data:`EVIDENCE_LEVELS`; ``None`` only for an other factor that the
            evidence notes do not grade.
        evidence_note: how strong the evidence is and why, in plain words ("" when not graded).
        evidence_sources: the research the grade rests on (empty when not graded).
        topic: a short label (``"cramps"``, ``"Hydration and sweat losses"``).
    """

    id: str
    text: str
    sources: tuple[Source, ...]
    evidence: str | None
    evidence_note: str = ""
    evidence_sources: tuple[Source, ...] = ()
    topic: str = ""

    @property
    def evidence_rank(self) -> int:
        """Position on the scale, 0 = strong; ``len(EVIDENCE_LEVELS)`` when not graded."""
        return EVIDENCE_LEVELS.index(self.evidence) if self.evidence else len(EVIDENCE_LEVELS)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "topic": self.topic,
            "text": self.text,
            "sources": [s.to_dict() for s in self.sources],
            "evidence": self.evidence,
            "evidence_note": self.evidence_note,
            "evidence_sources": [s.to_dict() for s in self.evidence_sources],
        }


@dataclass(frozen=True)
class StatusText:
    """How a status is worded.

    Attributes:
        status: one of :data:`STATUSES`.
        label: a short phrase (``"below the EAR"``).
        text: one or two sentences; ``{name}`` stands for the nutrient's display name.
        sources: where the wording's meaning comes from (the DRI assessment reports).
    """

    status: str
    label: str
    text: str
    sources: tuple[Source, ...]

    def for_nutrient(self, name: str) -> str:
        return self.text.replace("{name}", name)


@dataclass(frozen=True)
class NutrientKnowledge:
    """Everything data/explanations.yaml says about one nutrient, whatever its status.

    Attributes:
        key: the nutrient's key in the registry (:mod:`nutricheck.nutrients`).
        summary: what it does for muscles and legs.
        links: the articles' links to leg symptoms, each graded.
        symptoms: symptom words the articles link to it.
        who_is_at_risk: groups more likely to run low.
        cautions: what to check before supplementing.
    """

    key: str
    summary: Statement
    links: tuple[Claim, ...]
    symptoms: tuple[Statement, ...]
    who_is_at_risk: tuple[Statement, ...]
    cautions: tuple[Statement, ...]


@dataclass(frozen=True)
class Explanation:
    """What one nutrient's status may have to do with heavy legs and cramps.

    Attributes:
        nutrient: the nutrient's key.
        name: its display name (``"Iron"``).
        status: one of :data:`STATUSES`.
        status_label: the status in a few words (``"below the Adequate Intake"``).
        status_text: what the status means, worded for this nutrient (a below-AI status says it
            cannot be judged a deficit).
        summary: what the nutrient does for muscles and legs.
        links: the articles' links to leg symptoms, each with its evidence grade.
        symptoms: symptom words the articles link to the nutrient.
        who_is_at_risk: groups more likely to run low.
        cautions: what to check before supplementing.
        status_sources: where the status wording comes from.
    """

    nutrient: str
    name: str
    status: str
    status_label: str
    status_text: str
    summary: Statement
    links: tuple[Claim, ...]
    symptoms: tuple[Statement, ...]
    who_is_at_risk: tuple[Statement, ...]
    cautions: tuple[Statement, ...]
    status_sources: tuple[Source, ...] = ()

    @property
    def is_shortfall(self) -> bool:
        return self.status in SHORTFALL_STATUSES

    def statements(self) -> Iterator[Statement | Claim]:
        """Every sourced statement, in display order."""
        yield self.summary
        yield from self.links
        yield from self.symptoms
        yield from self.who_is_at_risk
        yield from self.cautions

    def to_dict(self) -> dict[str, Any]:
        return {
            "nutrient": self.nutrient,
            "name": self.name,
            "status": self.status,
            "status_label": self.status_label,
            "status_text": self.status_text,
            "status_sources": [s.to_dict() for s in self.status_sources],
            "summary": self.summary.to_dict(),
            "links": [c.to_dict() for c in self.links],
            "symptoms": [s.to_dict() for s in self.symptoms],
            "who_is_at_risk": [s.to_dict() for s in self.who_is_at_risk],
            "cautions": [s.to_dict() for s in self.cautions],
        }


@dataclass(frozen=True)
class RedFlags:
    """When to see a doctor.

    Attributes:
        urgent: signs that need urgent or emergency care.
        see_a_gp: reasons to book a routine appointment.
    """

    urgent: tuple[Statement, ...]
    see_a_gp: tuple[Statement, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "urgent": [s.to_dict() for s in self.urgent],
            "see_a_gp": [s.to_dict() for s in self.see_a_gp],
        }


@dataclass(frozen=True)
class ExplanationSet:
    """The explanations for a whole record: one per shortfall, and the shared parts once.

    Attributes:
        explanations: one per nutrient short of target, in registry order.
        other_factors: non-nutrient causes of heavy legs and cramps the articles name.
        red_flags: when to see a doctor.
        disclaimer: one plain line (information, one day is not usual intake, not a diagnosis).
        no_data: keys of nutrients that could not be assessed (status ``"unknown"``), so a renderer
            can say so instead of staying silent.
        evidence_scale: the grade names and what each means, strongest first.
    """

    explanations: tuple[Explanation, ...]
    other_factors: tuple[Claim, ...]
    red_flags: RedFlags
    disclaimer: str
    no_data: tuple[str, ...] = ()
    evidence_scale: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def sources(self) -> tuple[Source, ...]:
        """Every source cited anywhere in the set, in order of first citation."""
        seen: dict[str, Source] = {}
        for item in self._statements():
            cited = item.sources + (item.evidence_sources if isinstance(item, Claim) else ())
            for source in cited:
                seen.setdefault(source.id, source)
        for explanation in self.explanations:
            for source in explanation.status_sources:
                seen.setdefault(source.id, source)
        return tuple(seen.values())

    def _statements(self) -> Iterator[Statement | Claim]:
        for explanation in self.explanations:
            yield from explanation.statements()
        yield from self.other_factors
        yield from self.red_flags.urgent
        yield from self.red_flags.see_a_gp

    def to_dict(self) -> dict[str, Any]:
        return {
            "disclaimer": self.disclaimer,
            "explanations": [e.to_dict() for e in self.explanations],
            "no_data": list(self.no_data),
            "other_factors": [c.to_dict() for c in self.other_factors],
            "red_flags": self.red_flags.to_dict(),
            "evidence_scale": dict(self.evidence_scale),
        }


@dataclass(frozen=True)
class ExplanationData:
    """The validated contents of data/explanations.yaml.

    Attributes:
        evidence_scale: grade -> definition, strongest first.
        statuses: status -> its wording.
        sources: every document and reference by id (documents first).
        nutrients: nutrient key -> what the file says about it, in registry order.
        other_factors: non-nutrient causes the articles name.
        red_flags: when to see a doctor.
        disclaimer: one plain line.
        path: where the data was read from.
    """

    evidence_scale: Mapping[str, str]
    statuses: Mapping[str, StatusText]
    sources: Mapping[str, Source]
    nutrients: Mapping[str, NutrientKnowledge]
    other_factors: tuple[Claim, ...]
    red_flags: RedFlags
    disclaimer: str
    path: str = ""

    def explain(self, nutrient_key: str, status: str) -> Explanation:
        """The explanation of one nutrient with one status (see :func:`explain`)."""
        _check_status(status)
        nutrient = nutrients.get(nutrient_key)  # KeyError naming the known keys
        try:
            knowledge = self.nutrients[nutrient.key]
        except KeyError:
            raise KeyError(
                f"no explanation for {nutrient.key!r}; explained: {', '.join(self.nutrients)}"
            ) from None
        wording = self.statuses[status]
        return Explanation(
            nutrient=nutrient.key,
            name=nutrient.name,
            status=status,
            status_label=wording.label,
            status_text=wording.for_nutrient(nutrient.name),
            summary=knowledge.summary,
            links=knowledge.links,
            symptoms=knowledge.symptoms,
            who_is_at_risk=knowledge.who_is_at_risk,
            cautions=knowledge.cautions,
            status_sources=wording.sources,
        )

    def explain_shortfalls(self, statuses: Mapping[str, str]) -> ExplanationSet:
        """The explanations for a record's shortfalls (see :func:`explain_shortfalls`)."""
        for key, status in statuses.items():
            _check_status(status, key)
            nutrients.get(key)
            if key not in self.nutrients:
                raise KeyError(
                    f"no explanation for {key!r}; explained: {', '.join(self.nutrients)}"
                )
        ordered = [key for key in self.nutrients if key in statuses]
        return ExplanationSet(
            explanations=tuple(
                self.explain(key, statuses[key])
                for key in ordered
                if statuses[key] in SHORTFALL_STATUSES
            ),
            other_factors=self.other_factors,
            red_flags=self.red_flags,
            disclaimer=self.disclaimer,
            no_data=tuple(key for key in ordered if statuses[key] == assess.UNKNOWN),
            evidence_scale=self.evidence_scale,
        )


def _check_status(status: str, key: str | None = None) -> None:
    if status not in STATUSES:
        where = f" for {key!r}" if key else ""
        raise ValueError(f"unknown status {status!r}{where}; known: {', '.join(STATUSES)}")


# --------------------------------------------------------------------------------------------------
# Public functions


def load_explanations(path: str | os.PathLike[str] | None = None) -> ExplanationData:
    """Load and validate data/explanations.yaml (the bundled file when ``path`` is None).

    The bundled file is read through :mod:`importlib.resources` and cached; a file given by path is
    read afresh each time.

    Raises:
        DataFileError: the file cannot be read, is not valid YAML (``line`` set), or breaks the
            schema (``key`` set to the dotted key path, e.g. ``nutrients.<key>.links[0].sources``).
    """
    if path is None:
        return _bundled()
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"cannot read the file: {exc.strerror or exc}", source=where) from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(f"not a UTF-8 text file: {exc}", source=where) from exc
    return _parse(text, where)


@functools.cache
def _bundled() -> ExplanationData:
    from nutricheck import _diskcache

    resource = resources.files("nutricheck") / "data" / "explanations.yaml"
    where = str(resource)
    try:
        text = resource.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"cannot read the bundled file: {exc}", source=where) from exc
    # Importing PyYAML and parsing is most of the cost, and gives only plain data: that is kept in
    # the user cache dir, keyed by the text and the parsing code. It is validated every time.
    raw = _diskcache.memo(
        "explanations-yaml",
        (text, _diskcache.source_digest("yaml", "nutricheck.explain")),
        lambda: _parse_yaml(text, where),
    )
    return _Reader(where).data(raw)


def explain(nutrient_key: str, status: str, *, data: ExplanationData | None = None) -> Explanation:
    """What a nutrient with this status may have to do with heavy legs and cramps.

    Any status is accepted (the wording differs by status); :func:`explain_shortfalls` keeps only
    the shortfalls.

    Raises:
        KeyError: the key is not in the nutrient registry or has no explanation.
        ValueError: the status is not one of :data:`STATUSES`.
    """
    return (data or load_explanations()).explain(nutrient_key, status)


def explain_shortfalls(
    statuses: Mapping[str, str], *, data: ExplanationData | None = None
) -> ExplanationSet:
    """Explanations for every nutrient short of target, with the shared parts once.

    ``statuses`` maps nutrient keys to statuses; nutrients left out are treated as not assessed
    and simply not mentioned. The explanations come in registry order, whatever the mapping's order.

    Raises:
        KeyError: a key is not in the nutrient registry or has no explanation.
        ValueError: a status is not one of :data:`STATUSES`.
    """
    return (data or load_explanations()).explain_shortfalls(statuses)


# --------------------------------------------------------------------------------------------------
# Rendering

TITLE = "Heavy legs and cramps: what your shortfalls may have to do with them"
"""Default title of :func:`format_explanations_text` and :func:`format_explanations_markdown`."""

_EVIDENCE_WORDS = {level: level.replace("_", " ") for level in EVIDENCE_LEVELS}
_NOT_GRADED = "not graded - the project's evidence notes do not rate this link"


def _evidence_line(claim: Claim) -> str:
    if claim.evidence is None:
        return f"Evidence: {_NOT_GRADED}."
    return f"Evidence: {_EVIDENCE_WORDS[claim.evidence]} - {claim.evidence_note}"


def _checked_line(sources: Iterable[Source]) -> str:
    return "Checked against: " + "; ".join(s.title for s in sources)


def _sources_line(sources: Iterable[Source]) -> str:
    return "Sources: " + "; ".join(s.label for s in sources)


def _union(statements: Iterable[Statement]) -> tuple[Source, ...]:
    seen: dict[str, Source] = {}
    for statement in statements:
        for source in statement.sources:
            seen.setdefault(source.id, source)
    return tuple(seen.values())


def _name(key: str) -> str:
    return nutrients.get(key).name


def format_explanations_text(
    explanation_set: ExplanationSet, *, width: int = 88, title: str | None = TITLE
) -> str:
    """Plain text wrapped to ``width`` columns; every claim is followed by its sources and grade.

    ``title=None`` leaves out the title line, for a report that gives the section its own heading.
    """
    out: list[str] = []

    def para(text: str, indent: str = "", subsequent: str | None = None) -> None:
        out.extend(
            textwrap.wrap(
                text,
                width=width,
                initial_indent=indent,
                subsequent_indent=indent if subsequent is None else subsequent,
                break_on_hyphens=False,
            )
        )

    def claim(item: Claim | Statement, indent: str = "  ") -> None:
        para(item.text, indent + "- ", indent + "  ")
        para(_sources_line(item.sources), indent + "  ")
        if isinstance(item, Claim):
            para(_evidence_line(item), indent + "  ")
            if item.evidence_sources:
                para(_checked_line(item.evidence_sources), indent + "  ")

    def heading(text: str, underline: str) -> None:
        if out:
            out.append("")
        lines = textwrap.wrap(text, width=width, break_on_hyphens=False)
        out.extend(lines)
        out.append(underline * max(len(line) for line in lines))

    if title:
        heading(title, "=")
    para(explanation_set.disclaimer)
    if not explanation_set.explanations:
        out.append("")
        para("No nutrient was short of its target in this record.")
    if explanation_set.no_data:
        out.append("")
        para(
            "Not assessed (no data): " + ", ".join(_name(k) for k in explanation_set.no_data) + "."
        )

    for e in explanation_set.explanations:
        heading(f"{e.name}: {e.status_label}", "-")
        para(e.status_text)
        para(_sources_line(e.status_sources), "  ")
        out.append("")
        para(f"What it does: {e.summary.text}")
        para(_sources_line(e.summary.sources), "  ")
        out.append("")
        out.append("What the articles say, and how strong the evidence is:")
        for link in e.links:
            claim(link)
        if e.symptoms:
            out.append("")
            para("Symptoms the articles link to it: " + ", ".join(s.text for s in e.symptoms) + ".")
            para(_sources_line(_union(e.symptoms)), "  ")
        if e.who_is_at_risk:
            out.append("")
            out.append("Who is more likely to run low:")
            for statement in e.who_is_at_risk:
                claim(statement)
        if e.cautions:
            out.append("")
            out.append("Cautions:")
            for statement in e.cautions:
                claim(statement)

    heading("Other things that can make legs heavy or cause cramps", "-")
    for factor in explanation_set.other_factors:
        claim(
            Claim(
                id=factor.id,
                text=f"{factor.topic}: {factor.text}" if factor.topic else factor.text,
                sources=factor.sources,
                evidence=factor.evidence,
                evidence_note=factor.evidence_note,
                evidence_sources=factor.evidence_sources,
            )
        )

    heading("When to see a doctor", "-")
    out.append("Get help urgently:")
    for statement in explanation_set.red_flags.urgent:
        claim(statement)
    out.append("")
    out.append("Book an appointment with a GP:")
    for statement in explanation_set.red_flags.see_a_gp:
        claim(statement)

    if explanation_set.evidence_scale:
        heading("Evidence scale", "-")
        for level, meaning in explanation_set.evidence_scale.items():
            para(f"{_EVIDENCE_WORDS.get(level, level)}: {meaning}", "  ", "    ")

    heading("Sources", "-")
    for source in explanation_set.sources():
        detail = source.citation if source.kind == "reference" else f"article, file {source.file}"
        para(f"{source.title}: {detail}", "  ", "    ")
    return "\n".join(out) + "\n"


def format_explanations_markdown(
    explanation_set: ExplanationSet, *, level: int = 1, title: str | None = TITLE
) -> str:
    """Markdown: a section per shortfall; claims are bullets with sources and evidence grade.

    The title is a heading of ``level`` and sections are one level below it, so a report can nest
    the whole text under its own heading: ``level=2, title=None`` gives ``###`` sections.
    """
    if not 1 <= level <= 4:
        raise ValueError(f"level must be 1 to 4, got {level}")
    out: list[str] = []
    h2, h3 = "#" * (level + 1), "#" * (level + 2)

    def sources_md(sources: Iterable[Source]) -> str:
        return "; ".join(f"*{s.title}* (`{s.file}`)" if s.file else s.title for s in sources)

    def bullet(item: Claim | Statement, prefix: str = "") -> None:
        out.append(f"- {prefix}{item.text}")
        out.append(f"  - Sources: {sources_md(item.sources)}")
        if isinstance(item, Claim):
            if item.evidence is None:
                out.append(f"  - **Evidence: {_NOT_GRADED}.**")
            else:
                level = _EVIDENCE_WORDS[item.evidence]
                out.append(f"  - **Evidence: {level}** - {item.evidence_note}")
            if item.evidence_sources:
                out.append(f"  - {_checked_line(item.evidence_sources)}")

    if title:
        out += ["#" * level + " " + title, ""]
    out.append(f"> {explanation_set.disclaimer}")
    if not explanation_set.explanations:
        out += ["", "No nutrient was short of its target in this record."]
    if explanation_set.no_data:
        out += [
            "",
            "Not assessed (no data): " + ", ".join(_name(k) for k in explanation_set.no_data) + ".",
        ]

    for e in explanation_set.explanations:
        out += ["", f"{h2} {e.name}: {e.status_label}", "", e.status_text]
        out += ["", f"**What it does:** {e.summary.text} ({sources_md(e.summary.sources)})"]
        out += ["", f"{h3} What the articles say, and how strong the evidence is", ""]
        for link in e.links:
            bullet(link)
        if e.symptoms:
            out += [
                "",
                "**Symptoms the articles link to it:** "
                + ", ".join(s.text for s in e.symptoms)
                + f" ({sources_md(_union(e.symptoms))})",
            ]
        if e.who_is_at_risk:
            out += ["", f"{h3} Who is more likely to run low", ""]
            for statement in e.who_is_at_risk:
                bullet(statement)
        if e.cautions:
            out += ["", f"{h3} Cautions", ""]
            for statement in e.cautions:
                bullet(statement)

    out += ["", f"{h2} Other things that can make legs heavy or cause cramps", ""]
    for factor in explanation_set.other_factors:
        bullet(factor, f"**{factor.topic}:** " if factor.topic else "")

    out += ["", f"{h2} When to see a doctor", "", f"{h3} Urgently", ""]
    for statement in explanation_set.red_flags.urgent:
        bullet(statement)
    out += ["", f"{h3} Book an appointment with a GP", ""]
    for statement in explanation_set.red_flags.see_a_gp:
        bullet(statement)

    if explanation_set.evidence_scale:
        out += ["", f"{h2} Evidence scale", ""]
        for grade, meaning in explanation_set.evidence_scale.items():
            out.append(f"- **{_EVIDENCE_WORDS.get(grade, grade)}**: {meaning}")

    out += ["", f"{h2} Sources", ""]
    for source in explanation_set.sources():
        if source.kind == "reference":
            out.append(f"- **{source.title}**: {source.citation}")
        else:
            out.append(f"- *{source.title}* (article, file `{source.file}`)")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------------
# Loading and validation


def _parse(text: str, where: str) -> ExplanationData:
    """YAML text -> validated data; every problem is a DataFileError naming ``where``."""
    return _Reader(where).data(_parse_yaml(text, where))


def _parse_yaml(text: str, where: str) -> Any:
    """YAML text -> plain data (a repeated key is an error); DataFileError naming ``where``."""
    import yaml

    # libyaml's loader when PyYAML was built with it (about ten times faster), else the pure one.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _reject_duplicate_keys(node, where)
        raw = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        hint = "check the indentation and quoting on that line"
        if (
            context
            and context_mark is not None
            and (mark is None or context_mark.line != mark.line)
        ):
            hint = f"{context} that starts on line {context_mark.line + 1}; " + hint
        at = mark if mark is not None else context_mark
        raise DataFileError(
            f"not valid YAML: {getattr(exc, 'problem', None) or exc}",
            source=where,
            line=at.line + 1 if at is not None else None,
            hint=hint,
        ) from exc
    finally:
        loader.dispose()
    return raw


def _reject_duplicate_keys(node: yaml.Node, where: str) -> None:
    """PyYAML keeps the last of two equal keys silently; a hand-kept file wants to hear about it."""
    import yaml

    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in current.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in seen:
                        raise DataFileError(
                            f"duplicate key {key_node.value!r}",
                            source=where,
                            line=key_node.start_mark.line + 1,
                            hint="each key may appear once in a mapping",
                        )
                    seen.add(key_node.value)
                stack.append(value_node)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


class _Reader:
    """Turns the raw YAML tree into dataclasses, checking as it goes; errors name the key path."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.sources: dict[str, Source] = {}

    def fail(
        self, problem: str, key: str | None, value: object = None, hint: str | None = None
    ) -> DataFileError:
        text = None if value is None else _short(value)
        return DataFileError(problem, source=self.where, key=key or None, text=text, hint=hint)

    # -- shapes ------------------------------------------------------------------------------------

    def mapping(
        self,
        value: object,
        key: str,
        required: Sequence[str] = (),
        optional: Sequence[str] = (),
        *,
        closed: bool = True,
    ) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(f"expected a mapping, got {_kind(value)}", key, value)
        for name in value:
            if not isinstance(name, str):
                raise self.fail("keys must be strings", key, name)
            if closed and name not in required and name not in optional:
                known = ", ".join((*required, *optional))
                raise self.fail(
                    f"unknown key {name!r}", _join(key, name), hint=f"known keys: {known}"
                )
        for name in required:
            if name not in value:
                raise self.fail(f"missing key {name!r}", _join(key, name))
        return value

    def sequence(self, value: object, key: str, *, non_empty: bool = False) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(f"expected a list, got {_kind(value)}", key, value)
        if non_empty and not value:
            raise self.fail("must not be empty", key)
        return value

    def text(self, value: object, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"expected non-empty text, got {_kind(value)}", key, value)
        return " ".join(value.split())

    def source_ids(self, value: object, key: str, *, non_empty: bool = True) -> tuple[Source, ...]:
        items = self.sequence(value, key, non_empty=non_empty)
        found: list[Source] = []
        for i, item in enumerate(items):
            at = f"{key}[{i}]"
            if not isinstance(item, str):
                raise self.fail(f"a source id must be text, got {_kind(item)}", at, item)
            source = self.sources.get(item)
            if source is None:
                raise self.fail(
                    f"unknown source id {item!r}",
                    at,
                    hint="add it under documents: or references:, or use one of: "
                    + ", ".join(self.sources),
                )
            if source in found:
                raise self.fail(f"source {item!r} listed twice", at)
            found.append(source)
        return tuple(found)

    # -- parts -------------------------------------------------------------------------------------

    def statement(self, value: object, key: str) -> Statement:
        m = self.mapping(value, key, _STATEMENT_KEYS)
        return Statement(
            text=self.text(m["text"], _join(key, "text")),
            sources=self.source_ids(m["sources"], _join(key, "sources")),
        )

    def statements(self, value: object, key: str) -> tuple[Statement, ...]:
        return tuple(
            self.statement(item, f"{key}[{i}]") for i, item in enumerate(self.sequence(value, key))
        )

    def claim(self, value: object, key: str, *, graded: bool, topic_required: bool) -> Claim:
        required: tuple[str, ...] = ("id", "text", "sources")
        required += ("topic",) if topic_required else ()
        required += _GRADE_KEYS if graded else ()
        m = self.mapping(value, key, required, [k for k in _CLAIM_KEYS if k not in required])
        evidence: str | None = None
        note = ""
        evidence_sources: tuple[Source, ...] = ()
        if any(name in m for name in _GRADE_KEYS):
            for name in _GRADE_KEYS:
                if name not in m:
                    raise self.fail(
                        f"missing key {name!r}",
                        _join(key, name),
                        hint="a graded claim needs evidence, evidence_note and evidence_sources",
                    )
            evidence = m["evidence"]
            if evidence not in EVIDENCE_LEVELS:
                raise self.fail(
                    "unknown evidence level",
                    _join(key, "evidence"),
                    evidence,
                    hint=f"use one of: {', '.join(EVIDENCE_LEVELS)}",
                )
            note = self.text(m["evidence_note"], _join(key, "evidence_note"))
            evidence_sources = self.source_ids(
                m["evidence_sources"], _join(key, "evidence_sources")
            )
        return Claim(
            id=self.identifier(m["id"], _join(key, "id")),
            text=self.text(m["text"], _join(key, "text")),
            sources=self.source_ids(m["sources"], _join(key, "sources")),
            evidence=evidence,
            evidence_note=note,
            evidence_sources=evidence_sources,
            topic=self.text(m["topic"], _join(key, "topic")) if "topic" in m else "",
        )

    def claims(
        self, value: object, key: str, *, graded: bool, topic_required: bool
    ) -> tuple[Claim, ...]:
        items = self.sequence(value, key, non_empty=True)
        claims: list[Claim] = []
        for i, item in enumerate(items):
            claim = self.claim(item, f"{key}[{i}]", graded=graded, topic_required=topic_required)
            if any(c.id == claim.id for c in claims):
                raise self.fail(f"duplicate claim id {claim.id!r}", f"{key}[{i}].id")
            claims.append(claim)
        return tuple(claims)

    def identifier(self, value: object, key: str) -> str:
        if not isinstance(value, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", value):
            raise self.fail("an id must be lower_snake_case text", key, value)
        return value

    # -- whole file --------------------------------------------------------------------------------

    def data(self, raw: object) -> ExplanationData:
        top = self.mapping(raw, "", _TOP_KEYS)
        scale = self.evidence_scale(top["evidence_scale"])
        self.read_sources(top["documents"], top["references"])
        statuses = self.statuses(top["statuses"])

        nutrient_map = self.mapping(top["nutrients"], "nutrients", nutrients.TARGET_KEYS)
        knowledge = {key: self.nutrient(nutrient_map[key], key) for key in nutrients.TARGET_KEYS}
        flags = self.mapping(top["red_flags"], "red_flags", _RED_FLAG_KEYS)
        return ExplanationData(
            evidence_scale=MappingProxyType(scale),
            statuses=MappingProxyType(statuses),
            sources=MappingProxyType(dict(self.sources)),
            nutrients=MappingProxyType(knowledge),
            other_factors=self.claims(
                top["other_factors"], "other_factors", graded=False, topic_required=True
            ),
            red_flags=RedFlags(
                urgent=self.non_empty_statements(flags["urgent"], "red_flags.urgent"),
                see_a_gp=self.non_empty_statements(flags["see_a_gp"], "red_flags.see_a_gp"),
            ),
            disclaimer=self.text(top["disclaimer"], "disclaimer"),
            path=self.where,
        )

    def non_empty_statements(self, value: object, key: str) -> tuple[Statement, ...]:
        self.sequence(value, key, non_empty=True)
        return self.statements(value, key)

    def evidence_scale(self, value: object) -> dict[str, str]:
        m = self.mapping(value, "evidence_scale", EVIDENCE_LEVELS)
        if tuple(m) != EVIDENCE_LEVELS:
            raise self.fail(
                "levels must be listed strongest first",
                "evidence_scale",
                ", ".join(m),
                hint=f"order: {', '.join(EVIDENCE_LEVELS)}",
            )
        return {level: self.text(m[level], f"evidence_scale.{level}") for level in EVIDENCE_LEVELS}

    def read_sources(self, documents: object, references: object) -> None:
        for section, value, kind, detail in (
            ("documents", documents, "document", "file"),
            ("references", references, "reference", "citation"),
        ):
            entries = self.mapping(value, section, closed=False)
            if not entries:
                raise self.fail("must not be empty", section)
            for source_id, entry in entries.items():
                key = _join(section, source_id)
                self.identifier(source_id, key)
                if source_id in self.sources:
                    raise self.fail(f"source id {source_id!r} is used twice", key)
                m = self.mapping(entry, key, ("title", detail))
                title = self.text(m["title"], _join(key, "title"))
                extra = self.text(m[detail], _join(key, detail))
                self.sources[source_id] = Source(
                    id=source_id,
                    kind=kind,
                    title=title,
                    file=extra if kind == "document" else None,
                    citation=extra if kind == "reference" else None,
                )

    def statuses(self, value: object) -> dict[str, StatusText]:
        m = self.mapping(value, "statuses", STATUSES)
        out: dict[str, StatusText] = {}
        for status in STATUSES:
            key = f"statuses.{status}"
            entry = self.mapping(m[status], key, ("label", "text", "sources"))
            text = self.text(entry["text"], f"{key}.text")
            for placeholder in _PLACEHOLDER.findall(text):
                if placeholder != "name":
                    raise self.fail(
                        f"unknown placeholder {{{placeholder}}}",
                        f"{key}.text",
                        text,
                        hint="only {name} (the nutrient's display name) is filled in",
                    )
            out[status] = StatusText(
                status=status,
                label=self.text(entry["label"], f"{key}.label"),
                text=text,
                sources=self.source_ids(entry["sources"], f"{key}.sources"),
            )
        return out

    def nutrient(self, value: object, nutrient_key: str) -> NutrientKnowledge:
        key = f"nutrients.{nutrient_key}"
        m = self.mapping(value, key, _NUTRIENT_KEYS)
        return NutrientKnowledge(
            key=nutrient_key,
            summary=self.statement(m["summary"], f"{key}.summary"),
            links=self.claims(m["links"], f"{key}.links", graded=True, topic_required=False),
            symptoms=self.statements(m["symptoms"], f"{key}.symptoms"),
            who_is_at_risk=self.statements(m["who_is_at_risk"], f"{key}.who_is_at_risk"),
            cautions=self.statements(m["caution"], f"{key}.caution"),
        )


def _join(key: str, name: object) -> str:
    return f"{key}.{name}" if key else str(name)


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


def _short(value: object) -> str:
    return value if isinstance(value, str) else repr(value)


__all__ = [
    "EVIDENCE_LEVELS",
    "SHORTFALL_STATUSES",
    "STATUSES",
    "TITLE",
    "Claim",
    "Explanation",
    "ExplanationData",
    "ExplanationSet",
    "NutrientKnowledge",
    "RedFlags",
    "Source",
    "Statement",
    "StatusText",
    "explain",
    "explain_shortfalls",
    "format_explanations_markdown",
    "format_explanations_text",
    "load_explanations",
]
