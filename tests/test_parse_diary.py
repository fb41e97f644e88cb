"""``nutricheck parse`` on a diary CSV reads it as the report does, row by row: the header is not a
food, every row is either read or listed as not used with its line."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import ROOT

from nutricheck.cli import cli

DIARIES = ROOT / "tests" / "data" / "diaries"


def test_parse_reads_a_generic_diary_by_row():
    # generic_text.csv: header on line 1; rows on lines 2, 4, 5 (no text), 6, 7 (bad date), 8
    result = CliRunner().invoke(cli, ["parse", str(DIARIES / "generic_text.csv"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    lines = sorted({e["line"] for e in data["entries"]})
    assert lines == [2, 4, 6, 8]  # the header (line 1) is not read as "date, meal, text" foods
    assert {e["text"] for e in data["entries"]} >= {"1 banana", "150 g salmon"}
    not_used = {(r["row"], r["kind"]) for r in data["rows_not_used"]}
    assert not_used == {(5, "skipped"), (7, "error")}
    assert all(e["status"] == "ok" for e in data["entries"])


def test_parse_text_lists_rows_not_used_of_a_cronometer_export():
    result = CliRunner().invoke(cli, ["parse", str(DIARIES / "cronometer_servings.csv")])
    assert result.exit_code == 0, result.output
    assert "quick-add Calorie entry" in result.output
    assert "[values from the diary]" in result.output  # Cronometer's own nutrients, not matched
    assert "Food Name" not in result.output.split("\n")[-2]  # no header row as a food


def test_parse_of_an_unreadable_diary_exits_2(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text("this,is,not\na,diary,header\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code == 2
    assert "broken.csv" in result.output
    assert "Traceback" not in result.output


def test_parse_shows_a_size_only_with_a_unit_it_scales(tmp_path):
    # "2 large eggs (100 g)" was shown as "100 large g"
    path = tmp_path / "log.txt"
    path.write_text("2 large eggs (100 g)\nlarge bowl of porridge\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code == 0
    assert "-> 100 g Egg" in result.output
    assert "-> 1 large bowl Oatmeal" in result.output
