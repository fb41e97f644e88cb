"""The Markdown report (for notes, issues and chat)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nutricheck.render._common import (
    amount,
    coverage_text,
    entry_amount,
    number,
    percent_text,
    status_text,
    target_text,
    unparsed_text,
)

if TYPE_CHECKING:
    from nutricheck.report import Report


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, no line breaks, no raw HTML."""
    return (
        text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\n", " ")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def render_markdown(report: Report) -> str:
    out = [
        f"# nutricheck report: {cell(report.source)}",
        "",
        f"For: {report.targets.life_stage_label}",
        "",
    ]
    out += ["| Nutrient | Total | Target | % | Status | Known |", "|---|---:|---:|---:|---|---:|"]
    for r in report.totals.values():
        out.append(
            f"| {r.name} | {amount(r.value, r.symbol)} | {target_text(r)} | {percent_text(r)} | {status_text(r) if r.target else ''} | {coverage_text(r)} |"
        )
    low = [r for r in report.totals.values() if r.low_coverage and r.target is not None]
    if low:
        out += ["", "## Totals that may be low because data is missing", ""]
        out += [
            f"- **{r.name}**: only {coverage_text(r)} had a value; no value for {cell(', '.join(r.missing))}"
            for r in low
        ]
    out += ["", "## Entries", ""]
    for e in report.entries:
        if e.ok:
            out.append(
                f"- line {e.line}: {cell(e.text.strip())} → {cell(e.description or '')}, {cell(entry_amount(e))}"
            )
    if report.unparsed:
        out += ["", "## Not understood", ""]
        out += [
            f"- line {e.line}: `{cell(e.text.strip())}`: {cell(unparsed_text(e))}"
            for e in report.unparsed
        ]
    if report.shortfalls:
        from nutricheck.explain import format_explanations_markdown

        out += ["", "## What a shortfall may have to do with heavy legs and cramps", ""]
        out.append(format_explanations_markdown(report.explanations, level=2, title=None).rstrip())
        out += ["", "## Foods that would close the gap", ""]
        for key, items in report.suggestions.items():
            r = report.totals[key]
            out.append(
                f"- **{r.name}**: "
                + "; ".join(
                    f"{cell(s.line or s.portion + ' ' + s.name)} (+{number(s.adds[key])} {r.symbol})"
                    for s in items
                )
            )
    else:
        out += ["", report.explanations.disclaimer]
    if report.notes:
        out += [""] + [f"> {n}" for n in report.notes]
    return "\n".join(out) + "\n"
