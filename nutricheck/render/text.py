"""The terminal report: an aligned table with a bar per nutrient, then the details."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from nutricheck import assess
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
    from nutricheck.report import NutrientResult, Report

BAR_WIDTH = 20
_COLORS = {
    assess.VERY_LIKELY_SHORT: "\033[31m",  # red
    assess.POSSIBLY_SHORT: "\033[33m",  # yellow
    assess.BELOW_AI: "\033[33m",
    assess.MEETS: "\033[32m",  # green
    assess.OVER_UL: "\033[35m",  # magenta
    assess.ABOVE_CDRR: "\033[35m",
    assess.UNKNOWN: "\033[2m",  # dim
    assess.NO_TARGET: "",
}
_RESET = "\033[0m"


def bar(percent: float | None, width: int = BAR_WIDTH) -> str:
    """``█`` for each 1/width of the target reached (capped at 100%), ``░`` for the rest."""
    if percent is None:
        return "·" * width  # no total to draw: a dotted, empty bar (the status says unknown)
    filled = max(0, min(width, round(percent / 100 * width)))
    return "█" * filled + "░" * (width - filled)


def _row(r: NutrientResult, color: bool) -> list[str]:
    b = bar(r.percent) if r.target is not None else " " * BAR_WIDTH
    if color:
        b = _COLORS[r.status] + b + _RESET
    return [
        r.name,
        amount(r.value, r.symbol),
        target_text(r),
        percent_text(r),
        b,
        status_text(r) if r.target else "",
        coverage_text(r),
    ]


def _table(rows: list[list[str]], header: list[str]) -> list[str]:
    import re

    plain = [[re.sub(r"\033\[[0-9;]*m", "", c) for c in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in plain) for i in range(len(header))]
    right = {1, 2, 3}
    out = []
    for row, prow in zip([header, *rows], plain, strict=True):
        cells = []
        for i, (cell, pcell) in enumerate(zip(row, prow, strict=True)):
            pad = " " * (widths[i] - len(pcell))
            cells.append(pad + cell if i in right else cell + pad)
        out.append("  ".join(cells).rstrip())
    return out


def render_text(report: Report, *, color: bool = False) -> str:
    p = report.profile
    lines = [
        f"nutricheck report: {report.source}",
        f"For: {report.targets.life_stage_label}" + (", vegetarian" if p.vegetarian else ""),
    ]
    used = sum(e.ok for e in report.entries)
    lines.append(f"Foods counted: {used} of {sum(not e.blank for e in report.entries)} entries")
    lines.append("")
    rows = [_row(r, color) for r in report.totals.values()]
    lines += _table(rows, ["Nutrient", "Total", "Target", "%", "of target", "Status", "Known"])
    lines.append("")
    lines.append("Known = share of what you logged (by weight) that had a value for the nutrient.")

    low = [r for r in report.totals.values() if r.low_coverage and r.target is not None]
    if low:
        lines += ["", "Totals that may be low because data is missing:"]
        for r in low:
            names = ", ".join(r.missing[:5]) + (
                f" and {len(r.missing) - 5} more" if len(r.missing) > 5 else ""
            )
            lines.append(
                f"  {r.name}: only {coverage_text(r)} of the intake had a value; no value for {names}"
            )

    lines += ["", "Where it came from:"]
    for r in report.totals.values():
        if r.top and r.target is not None:
            parts = [
                f"{c.description} {number(c.amount)} {r.symbol} ({100 * c.share:.0f}%)"
                for c in r.top[:3]
            ]
            lines.append(f"  {r.name}: " + "; ".join(parts))

    lines += ["", "Entries:"]
    for e in report.entries:
        if e.ok:
            lines.append(f"  line {e.line}: {e.text.strip()} -> {e.description}, {entry_amount(e)}")
    if report.unparsed:
        lines += ["", f"Not understood ({len(report.unparsed)}):"]
        for e in report.unparsed:
            lines.append(f"  line {e.line}: {e.text.strip()!r}: {unparsed_text(e)}")

    if report.shortfalls:
        from nutricheck.explain import format_explanations_text

        lines += ["", "What a shortfall may have to do with heavy legs and cramps:", ""]
        lines.append(format_explanations_text(report.explanations, title=None).rstrip())
        lines += ["", "Foods that would close the gap:"]
        for key, items in report.suggestions.items():
            r = report.totals[key]
            lines.append(f"  {r.name}:")
            for s in items:
                also = [report.totals[k].name for k in s.helps if k != key]
                text = (
                    f"{s.line or s.portion + ' ' + s.name} ({s.grams:.0f} g) adds {number(s.adds[key])} {r.symbol}"
                )
                if also:
                    text += f"; also helps {', '.join(also)}"
                lines.append("    - " + text)
    else:
        judged = [r for r in report.totals.values() if r.target is not None]
        unknown = [r.name for r in judged if r.status == assess.UNKNOWN]
        if len(unknown) == len(judged):
            lines += ["", "No food was counted, so no nutrient can be judged."]
        elif unknown:
            names = ", ".join(unknown)
            lines += ["", f"No nutrient with data is short of its target; no data for {names}."]
        else:
            lines += ["", "No nutrient is short of its target in what was logged."]
        lines.append(report.explanations.disclaimer)
    if report.notes:
        lines += [""] + [textwrap.fill(n, 88) for n in report.notes]
    return "\n".join(lines) + "\n"
