"""Each report format: JSON against its schema, HTML parsed (chart, escaping), CSV injection, Markdown, text."""

from __future__ import annotations

import csv
import io
import json
import os
from html.parser import HTMLParser

import jsonschema
import pytest
from conftest import ROOT

from nutricheck import FoodAmount, Profile, analyze
from nutricheck.render import render

SCHEMA = json.loads((ROOT / "docs" / "report-schema.json").read_text(encoding="utf-8"))
PERSON = Profile.create("female", 30)


@pytest.fixture(scope="module")
def day():
    # A small day given as structured entries (food key + grams), so this file tests rendering only.
    return analyze(
        [
            FoodAmount("sr28:09040", 118, "a banana"),
            FoodAmount("sr28:11457", 60, "<script>alert('spinach')</script>"),
            FoodAmount("sr28:01123", 100, '=HYPERLINK("http://evil")'),
            FoodAmount("sr28:99999", 50, "mystery"),
        ],
        PERSON,
    )


def test_json_matches_its_schema(day):
    data = json.loads(render(day, "json"))
    jsonschema.validate(data, SCHEMA)
    assert data["schema_version"] == "1.0"
    assert data["totals"]["iron_mg"]["unit"] == "mg"
    assert [u["text"] for u in data["unparsed"]] == ["mystery"]


def test_json_round_trips_to_dict(day):
    assert json.loads(render(day, "json")) == json.loads(json.dumps(day.to_dict()))


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.scripts, self.text, self.external = [], 0, [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "script":
            self.scripts += 1
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):
                self.external.append(value)

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_with_a_chart_and_escapes_user_text(day):
    page = render(day, "html")
    parser = _Page()
    parser.feed(page)
    assert "svg" in parser.tags and "rect" in parser.tags
    assert parser.scripts == 0  # the food name's <script> was escaped, and we add none
    assert parser.external == []  # no external assets
    assert "<script>alert('spinach')</script>" in "".join(parser.text)  # shown as text
    assert page.count("<rect") == 8  # one bar per target nutrient


def test_csv_row_per_nutrient_and_no_formula_cells(day):
    rows = list(csv.DictReader(io.StringIO(render(day, "csv"))))
    assert [r["nutrient"] for r in rows] == list(day.totals)
    for row in rows:
        for value in row.values():
            assert (
                not value.startswith(("=", "+", "@", "-"))
                or value.startswith("'")
                or _is_number(value)
            )
    iron = next(r for r in rows if r["nutrient"] == "iron_mg")
    assert iron["unit"] == "mg" and iron["target"] == "18.0"


def test_csv_neutralises_formula_cells():
    from nutricheck.render.data import neutralise

    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("-2+3") == "'-2+3"
    assert neutralise("banana") == "banana"
    assert neutralise(-2.5) == -2.5


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_markdown_table_and_escaping(day):
    md = render(day, "markdown")
    assert "| Nutrient | Total | Target | % | Status | Known |" in md
    assert "<script>" not in md


def test_text_has_a_bar_per_nutrient_and_no_colour_by_default(day):
    text = render(day, "text")
    assert "\033[" not in text
    assert sum("█" in line or "░" in line for line in text.splitlines()) >= 8
    coloured = render(day, "text", color=True)
    assert "\033[31m" in coloured or "\033[33m" in coloured


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown format"):
        render(None, "pdf")  # type: ignore[arg-type]


def test_an_unknown_total_has_an_empty_dotted_bar():
    from nutricheck.render.text import BAR_WIDTH, bar

    assert bar(None) == "·" * BAR_WIDTH
    assert bar(50.0) == "█" * (BAR_WIDTH // 2) + "░" * (BAR_WIDTH // 2)


def test_json_text_keeps_numbers_numbers_whatever_their_type():
    # orjson hands numpy scalars and float subclasses to its default; they must not become text
    import datetime
    from pathlib import Path

    import numpy as np

    from nutricheck.render._common import json_text

    class Grams(float):
        pass

    data = {
        "np_float": np.float64(1.5),
        "np_int": np.int64(3),
        "np_bool": np.bool_(True),
        "subclass": Grams(2.5),
        "nan": float("nan"),
        "date": datetime.date(2026, 1, 2),
        "path": Path("a") / "b.csv",
        "text": "µg ½",
    }
    text = json_text(data)
    assert json.loads(text) == {
        "np_float": 1.5,
        "np_int": 3,
        "np_bool": True,
        "subclass": 2.5,
        "nan": None,  # JSON has no NaN: unknown is null
        "date": "2026-01-02",
        "path": str(Path("a") / "b.csv"),
        "text": "µg ½",
    }
    assert text.startswith('{\n  "np_float"')  # indented
    assert text.endswith("}\n")  # a final newline


def test_json_text_writes_a_name_that_is_not_utf8_as_replacement_characters():
    from nutricheck.render._common import json_text

    # "café.txt" in Latin-1, as Python decodes a POSIX file name (a lone surrogate per bad byte)
    name = os.fsdecode(b"caf\xe9.txt")
    data = json.loads(json_text({"source": name, "other": "\ud800", name: [name]}))
    assert data["source"] == "caf\ufffd.txt"
    assert data["caf\ufffd.txt"] == ["caf\ufffd.txt"]
    assert set(data["other"]) == {"\ufffd"}


@pytest.mark.skipif(os.name != "posix", reason="a file name of raw bytes is a POSIX thing")
def test_report_json_of_a_file_whose_name_is_not_utf8(tmp_path):
    from click.testing import CliRunner

    from nutricheck.cli import cli

    path = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("1 banana\n")
    name = os.fsdecode(path)
    result = CliRunner().invoke(
        cli, ["report", name, "--sex", "female", "--age", "30", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["source"].endswith("caf\ufffd.txt")
