"""A self-contained HTML page: no external assets, an inline SVG chart, every user string escaped."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

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
    from nutricheck.report import Report

_FILL = {
    assess.VERY_LIKELY_SHORT: "#c0392b",
    assess.POSSIBLY_SHORT: "#e67e22",
    assess.BELOW_AI: "#e6b422",
    assess.MEETS: "#27ae60",
    assess.OVER_UL: "#8e44ad",
    assess.ABOVE_CDRR: "#8e44ad",
    assess.UNKNOWN: "#95a5a6",
    assess.NO_TARGET: "#95a5a6",
}
CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
table{border-collapse:collapse;margin:1rem 0}td,th{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left}
td.n{text-align:right}.note{color:#555;font-size:.95em}.ev{color:#555;font-size:.9em}
"""


def chart(report: Report) -> str:
    """Horizontal bars of percent of target (drawn to at most 150%), with the 100% line."""
    rows = [r for r in report.totals.values() if r.target is not None]
    width, label_w, bar_w, row_h = 640, 130, 440, 26
    scale = bar_w / 150
    height = row_h * len(rows) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Percent of target per nutrient" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
    ]
    for i, r in enumerate(rows):
        y = 10 + i * row_h
        pct = r.percent or 0.0
        w = min(pct, 150) * scale
        parts.append(f'<text x="0" y="{y + 15}" font-size="13">{escape(r.name)}</text>')
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="18" fill="{_FILL[r.status]}">'
            f"<title>{escape(r.name)}: {escape(percent_text(r))} of target</title></rect>"
        )
        parts.append(
            f'<text x="{label_w + w + 4:.1f}" y="{y + 14}" font-size="12">{escape(percent_text(r))}</text>'
        )
    x100 = label_w + 100 * scale
    parts.append(
        f'<line x1="{x100:.1f}" y1="5" x2="{x100:.1f}" y2="{height - 15}" stroke="#333" stroke-dasharray="4 3"/>'
    )
    parts.append(f'<text x="{x100 - 14:.1f}" y="{height - 2}" font-size="11">100%</text>')
    parts.append("</svg>")
    return "".join(parts)


def _claims(items: list[Any]) -> str:
    out = []
    for c in items:
        text = escape(str(c.get("text", "")))
        srcs = ", ".join(
            escape(str(s.get("title") or s.get("citation") or s.get("id")))
            for s in c.get("sources", [])
        )
        ev = c.get("evidence")
        note = c.get("evidence_note")
        extra = (
            f' <span class="ev">Evidence: {escape(str(ev))}{" - " + escape(str(note)) if note else ""}.</span>'
            if ev
            else ""
        )
        out.append(f"<li>{text} <span class='ev'>Source: {srcs}.</span>{extra}</li>")
    return "<ul>" + "".join(out) + "</ul>"


def render_html(report: Report) -> str:
    e = escape
    body = [
        f"<h1>nutricheck report: {e(report.source)}</h1>",
        f"<p>For: {e(report.targets.life_stage_label)}</p>",
        chart(report),
    ]
    body.append(
        "<table><tr><th>Nutrient</th><th>Total</th><th>Target</th><th>%</th><th>Status</th><th>Known</th></tr>"
    )
    for r in report.totals.values():
        body.append(
            f"<tr><td>{e(r.name)}</td><td class=n>{e(amount(r.value, r.symbol))}</td><td class=n>{e(target_text(r))}</td>"
            f"<td class=n>{e(percent_text(r))}</td><td>{e(status_text(r) if r.target else '')}</td><td class=n>{e(coverage_text(r))}</td></tr>"
        )
    body.append("</table>")
    low = [r for r in report.totals.values() if r.low_coverage and r.target is not None]
    if low:
        body.append("<h2>Totals that may be low because data is missing</h2><ul>")
        body += [
            f"<li>{e(r.name)}: only {e(coverage_text(r))} had a value; no value for {e(', '.join(r.missing))}</li>"
            for r in low
        ]
        body.append("</ul>")
    body.append("<h2>Entries</h2><ul>")
    body += [
        f"<li>line {x.line}: {e(x.text.strip())} &rarr; {e(x.description or '')}, {e(entry_amount(x))}</li>"
        for x in report.entries
        if x.ok
    ]
    body.append("</ul>")
    if report.unparsed:
        body.append("<h2>Not understood</h2><ul>")
        body += [
            f"<li>line {x.line}: <code>{e(x.text.strip())}</code>: {e(unparsed_text(x))}</li>"
            for x in report.unparsed
        ]
        body.append("</ul>")
    ex = report.explanations.to_dict()
    if report.shortfalls:
        body.append("<h2>What a shortfall may have to do with heavy legs and cramps</h2>")
        for item in ex.get("explanations", []):
            body.append(f"<h3>{e(str(item.get('name') or item.get('nutrient')))}</h3>")
            if item.get("summary"):
                body.append(
                    f"<p>{e(str(item['summary'].get('text', '')) if isinstance(item['summary'], dict) else e(str(item['summary'])))}</p>"
                )
            body.append(_claims(item.get("links", [])))
        if ex.get("other_factors"):
            body.append("<h3>Other factors</h3>" + _claims(ex["other_factors"]))
        rf = ex.get("red_flags") or {}
        if rf:
            body.append("<h3>When to see a doctor</h3>")
            for group, items in rf.items():
                body.append(f"<h4>{e(group.replace('_', ' '))}</h4>" + _claims(items))
        body.append("<h2>Foods that would close the gap</h2>")
        for key, items in report.suggestions.items():
            r = report.totals[key]
            body.append(f"<h3>{e(r.name)}</h3><ul>")
            body += [
                f"<li>{e(s.line or s.portion + ' ' + s.name)} ({s.grams:.0f} g): +{e(number(s.adds[key]))} {e(r.symbol)}</li>"
                for s in items
            ]
            body.append("</ul>")
    body.append(f"<p class=note>{e(report.explanations.disclaimer)}</p>")
    body += [f"<p class=note>{e(n)}</p>" for n in report.notes]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>nutricheck report: {e(report.source)}</title><style>{CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )
