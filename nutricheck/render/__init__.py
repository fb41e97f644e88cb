"""Pure renderers: Report -> str, one module per format. Nothing here computes a number."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nutricheck.report import Report

FORMATS = ("text", "json", "csv", "markdown", "html")


def render(report: Report, fmt: str = "text", *, color: bool = False) -> str:
    """Render a report in one of :data:`FORMATS` (``color`` only affects ``text``)."""
    if fmt == "text":
        from nutricheck.render.text import render_text

        return render_text(report, color=color)
    renderers: dict[str, Callable[[Report], str]] = {}
    if fmt in ("json", "csv"):
        from nutricheck.render.data import render_csv, render_json

        renderers = {"json": render_json, "csv": render_csv}
    elif fmt == "markdown":
        from nutricheck.render.markdown import render_markdown

        renderers = {"markdown": render_markdown}
    elif fmt == "html":
        from nutricheck.render.html import render_html

        renderers = {"html": render_html}
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return renderers[fmt](report)
