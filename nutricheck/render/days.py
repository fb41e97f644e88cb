"""Renderers for many-day diary reports: a section per day and the summary across days."""

from __future__ import annotations

import csv
import io
from html import escape
from typing import TYPE_CHECKING

from nutricheck.render._common import (
    amount,
    json_text,
    number,
    percent_text,
    status_text,
    target_text,
    unparsed_text,
)
from nutricheck.render.data import neutralise
from nutricheck.render.html import _FILL, CSS
from nutricheck.render.markdown import cell
from nutricheck.render.text import _COLORS, _RESET, _table, bar

if TYPE_CHECKING:
    from nutricheck.days import DiaryReport, NutrientSummary, RowGroup


def _day(d: object) -> str:
    return "undated" if d is None else d.isoformat()  # type: ignore[attr-defined]


def _lines(g: RowGroup) -> str:
    more = ", ..." if g.count > len(g.lines) else ""
    return f"line{'s' if g.count > 1 else ''} " + ", ".join(str(n) for n in g.lines) + more


def issue_group_text(g: RowGroup) -> str:
    """A group of rows not used, in one line: ``12 rows: error: unreadable date (column ...)``."""
    column = f", column {g.column!r}" if g.column else ""
    return (
        f"{g.count:,} row{'s' if g.count > 1 else ''}: {g.kind}: {g.reason} ({_lines(g)}{column})"
    )


def unparsed_group_text(g: RowGroup) -> str:
    """A group of entries not understood: ``'bananna' x 40 (lines 3, 9, ...): no food matches``."""
    from nutricheck.entries import Entry

    first = Entry(
        line=g.lines[0],
        text=g.text or "",
        status=g.kind,
        reason=g.reason,
        suggestions=g.suggestions,
    )
    return f"{first.text.strip()!r} x {g.count:,} ({_lines(g)}): {unparsed_text(first)}"


def _issue_lines(report: DiaryReport) -> list[str]:
    """Rows not used: each one, or when the report does not list them all, by reason."""
    if report.issues_complete:
        return [str(i) for i in report.issues]
    return [issue_group_text(g) for g in report.issues_by_reason]


def _summary_row(s: NutrientSummary, color: bool) -> list[str]:
    r = s.result
    b = bar(r.percent) if r.target is not None else " " * 20
    if color:
        b = _COLORS[r.status] + b + _RESET
    status = s.unknown_reason or (status_text(r) if r.target else "")
    short = f"{s.days_short}/{s.days_with_data}" if r.target is not None else ""
    return [r.name, amount(s.mean, r.symbol), target_text(r), percent_text(r), b, short, status]


def render_days_text(report: DiaryReport, *, color: bool = False) -> str:
    out = [
        f"nutricheck diary report: {report.source} ({report.format})",
        f"For: {report.targets.life_stage_label}",
    ]
    out.append(
        f"Rows: {report.total_rows} read, {report.rows_used} used, "
        f"{report.count_issues('skipped')} skipped, {report.count_issues('error')} errors"
    )
    out.append(f"Days: {len(report.days)}, {len(report.included_days)} counted in the mean")
    out += ["", "Mean per day over the counted days:"]
    out += _table(
        [_summary_row(s, color) for s in report.summary.values()],
        ["Nutrient", "Mean/day", "Target", "%", "of target", "Days short", "Status"],
    )
    worst = [(s.result.name, s.worst) for s in report.summary.values() if s.worst and s.days_short]
    if worst:
        out += ["", "Worst days:"]
        for name, days in worst:
            out.append(
                f"  {name}: "
                + "; ".join(
                    f"{_day(d)} {number(v)} ({'-' if p is None else f'{p:.0f}%'})"
                    for d, v, p in days
                )
            )
    out += ["", "Per day:"]
    for d in report.days:
        short = ", ".join(d.totals[k].name for k in d.shortfalls) or "none"
        mark = "" if d.included else "  [not counted: " + "; ".join(d.flags) + "]"
        extra = "" if not d.included or not d.flags else "  [" + "; ".join(d.flags) + "]"
        out.append(f"  {_day(d.date)}: {d.used} entries, short: {short}{mark}{extra}")
    if report.issues:
        out += ["", "Rows not used:" if report.issues_complete else "Rows not used, by reason:"]
        out += [f"  {line}" for line in _issue_lines(report)]
    if report.entries_listed and report.unparsed:
        out += ["", "Entries not understood:"]
        out += [f"  line {e.line}: {e.text.strip()!r}: {unparsed_text(e)}" for e in report.unparsed]
    elif report.unparsed_total:
        groups = report.unparsed_by_text
        out += ["", f"Entries not understood ({report.unparsed_total:,}), by text, most first:"]
        out += [f"  {unparsed_group_text(g)}" for g in groups]
        shown = sum(g.count for g in groups)
        if shown < report.unparsed_total:
            out.append(f"  and {report.unparsed_total - shown:,} more in other texts")
    if report.shortfalls:
        from nutricheck.explain import format_explanations_text

        out += ["", "What a shortfall may have to do with heavy legs and cramps:", ""]
        out.append(format_explanations_text(report.explanations, title=None).rstrip())
        out += ["", "Foods that would close the gap:"]
        for key, items in report.suggestions.items():
            r = report.summary[key].result
            out.append(
                f"  {r.name}: "
                + "; ".join(
                    f"{s.line or s.portion + ' ' + s.name} (+{number(s.adds[key])} {r.symbol})" for s in items
                )
            )
    else:
        out += ["", report.explanations.disclaimer]
    out += ["", *report.warnings, *report.notes]
    return "\n".join(out).rstrip() + "\n"


def render_days_json(report: DiaryReport) -> str:
    """The report as indented JSON."""
    return json_text(report.to_dict())


def render_days_csv(report: DiaryReport) -> str:
    """A row per day per nutrient, then the summary rows (date ``mean``)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        [
            "date",
            "included",
            "nutrient",
            "value",
            "unit",
            "target",
            "percent",
            "status",
            "coverage",
            "days_short",
        ]
    )
    for d in report.days:
        for key, r in d.totals.items():
            w.writerow(
                [
                    neutralise(_day(d.date)),
                    d.included,
                    key,
                    "" if r.value is None else round(r.value, 3),
                    r.unit,
                    "" if r.target is None else r.target.value,
                    "" if r.percent is None else round(r.percent, 1),
                    r.status,
                    "" if r.coverage is None else round(r.coverage, 3),
                    "",
                ]
            )
    for key, s in report.summary.items():
        r = s.result
        w.writerow(
            [
                "mean",
                "",
                key,
                "" if s.mean is None else round(s.mean, 3),
                r.unit,
                "" if r.target is None else r.target.value,
                "" if r.percent is None else round(r.percent, 1),
                s.unknown_reason or r.status,
                "" if r.coverage is None else round(r.coverage, 3),
                s.days_short,
            ]
        )
    return buf.getvalue()


def render_days_markdown(report: DiaryReport) -> str:
    out = [
        f"# nutricheck diary report: {cell(report.source)} ({report.format})",
        "",
        f"{len(report.days)} days, {len(report.included_days)} counted in the mean. For: {report.targets.life_stage_label}",
        "",
        "| Nutrient | Mean/day | Target | % | Days short | Status |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for s in report.summary.values():
        r = s.result
        out.append(
            f"| {r.name} | {amount(s.mean, r.symbol)} | {target_text(r)} | {percent_text(r)} | "
            f"{s.days_short}/{s.days_with_data} | {cell(s.unknown_reason or (status_text(r) if r.target else ''))} |"
        )
    out += ["", "## Days", ""]
    for d in report.days:
        short = ", ".join(d.totals[k].name for k in d.shortfalls) or "none"
        out.append(
            f"- **{_day(d.date)}**{'' if d.included else ' (not counted)'}: short: {short}"
            + (f"; {cell('; '.join(d.flags))}" if d.flags else "")
        )
    if report.issues:
        out += ["", "## Rows not used", ""] + [f"- {cell(line)}" for line in _issue_lines(report)]
    if report.shortfalls:
        from nutricheck.explain import format_explanations_markdown

        out += ["", "## What a shortfall may have to do with heavy legs and cramps", ""]
        out.append(format_explanations_markdown(report.explanations, level=2, title=None).rstrip())
    out += ["", report.explanations.disclaimer] + [f"> {n}" for n in report.notes]
    return "\n".join(out) + "\n"


def day_chart(report: DiaryReport, key: str) -> str:
    """Percent of target per counted day for one nutrient, as inline SVG columns."""
    days = [d for d in report.days if d.included]
    width, height = max(200, 24 * len(days) + 60), 160
    scale = (height - 40) / 150
    name = escape(report.summary[key].result.name)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{name}: percent of target per day" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
    ]
    base = height - 25
    for i, d in enumerate(days):
        r = d.totals[key]
        h = min(r.percent or 0.0, 150) * scale
        x = 40 + i * 24
        parts.append(
            f'<rect x="{x}" y="{base - h:.1f}" width="18" height="{h:.1f}" fill="{_FILL[r.status]}">'
            f"<title>{escape(_day(d.date))}: {escape(percent_text(r))}</title></rect>"
        )
    y100 = base - 100 * scale
    parts.append(
        f'<line x1="35" y1="{y100:.1f}" x2="{width}" y2="{y100:.1f}" stroke="#333" stroke-dasharray="4 3"/>'
    )
    parts.append(f'<text x="0" y="{y100 + 4:.1f}" font-size="11">100%</text>')
    parts.append(f'<text x="40" y="{height - 5}" font-size="12">{name}</text></svg>')
    return "".join(parts)


def render_days_html(report: DiaryReport) -> str:
    e = escape
    body = [
        f"<h1>nutricheck diary report: {e(report.source)}</h1>",
        f"<p>{len(report.days)} days ({e(report.format)}), {len(report.included_days)} counted in the mean. "
        f"For: {e(report.targets.life_stage_label)}</p>",
        "<table><tr><th>Nutrient</th><th>Mean/day</th><th>Target</th><th>%</th><th>Days short</th><th>Status</th></tr>",
    ]
    for s in report.summary.values():
        r = s.result
        body.append(
            f"<tr><td>{e(r.name)}</td><td class=n>{e(amount(s.mean, r.symbol))}</td><td class=n>{e(target_text(r))}</td>"
            f"<td class=n>{e(percent_text(r))}</td><td class=n>{s.days_short}/{s.days_with_data}</td>"
            f"<td>{e(s.unknown_reason or (status_text(r) if r.target else ''))}</td></tr>"
        )
    body.append("</table><h2>Across the days</h2>")
    for key, s in report.summary.items():
        if s.result.target is not None:
            body.append(day_chart(report, key))
    body.append("<h2>Days</h2><ul>")
    for d in report.days:
        short = ", ".join(d.totals[k].name for k in d.shortfalls) or "none"
        body.append(
            f"<li>{e(_day(d.date))}{'' if d.included else ' (not counted)'}: short: {e(short)}"
            f"{'; ' + e('; '.join(d.flags)) if d.flags else ''}</li>"
        )
    body.append("</ul>")
    if report.issues:
        body.append(
            "<h2>Rows not used</h2><ul>"
            + "".join(f"<li>{e(line)}</li>" for line in _issue_lines(report))
            + "</ul>"
        )
    body.append(f"<p class=note>{e(report.explanations.disclaimer)}</p>")
    body += [f"<p class=note>{e(n)}</p>" for n in report.notes]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>nutricheck diary report: {e(report.source)}</title><style>{CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )


def render_days(report: DiaryReport, fmt: str, *, color: bool = False) -> str:
    if fmt == "text":
        return render_days_text(report, color=color)
    renderers = {
        "json": render_days_json,
        "csv": render_days_csv,
        "markdown": render_days_markdown,
        "html": render_days_html,
    }
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}")
    return renderers[fmt](report)
