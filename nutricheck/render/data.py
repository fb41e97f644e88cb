"""JSON and CSV renderers."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from nutricheck.render._common import json_text

if TYPE_CHECKING:
    from nutricheck.report import Report

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> object:
    """Make a text cell safe to open in a spreadsheet (OWASP CSV injection): a cell that starts
    with a formula character gets a leading apostrophe. Numbers are left alone."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def render_json(report: Report) -> str:
    return json_text(report.to_dict())


CSV_COLUMNS = (
    "nutrient",
    "name",
    "value",
    "unit",
    "target",
    "target_kind",
    "ear",
    "ul",
    "percent",
    "status",
    "coverage",
    "estimated",
    "missing_values",
    "top_source",
)


def render_csv(report: Report) -> str:
    """A row per nutrient."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for key, r in report.totals.items():
        d = r.to_dict()
        top = r.top[0].description if r.top else ""
        row = [
            key,
            d["name"],
            d["value"],
            d["unit"],
            d["target"],
            d["target_kind"],
            d["ear"],
            d["ul"],
            d["percent"],
            d["status"],
            d["coverage"],
            d["estimated"],
            "; ".join(r.missing),
            top,
        ]
        writer.writerow(["" if c is None else neutralise(c) for c in row])
    return out.getvalue()
