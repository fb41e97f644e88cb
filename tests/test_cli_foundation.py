"""`nutricheck targets` and `nutricheck foods`: exact output and exit codes, every error path exits 2."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import TARGET_KEYS

from nutricheck.cli import cli


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_targets_json_has_the_names_apps_read():
    result = run("targets", "--sex", "female", "--age", "25", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    iron = data["targets"]["iron_mg"]
    # dri.md: females 19-30 iron RDA 18 mg, EAR 8.1 mg, UL 45 mg on total intake.
    assert (
        iron["value"],
        iron["unit"],
        iron["kind"],
        iron["ear"],
        iron["ul"],
        iron["ul_applies_to"],
    ) == (18, "mg", "RDA", 8.1, 45, "total")
    assert data["profile"]["sex"] == "female"
    assert set(data["targets"]) == set(TARGET_KEYS)


def test_targets_text_shows_units_and_kinds():
    result = run("targets", "--sex", "male", "--age", "45")
    assert result.exit_code == 0
    assert "Males 31-50 y" in result.output
    # dri.md: men 31-50 magnesium RDA 420 mg, EAR 350 mg, UL 350 mg supplements only.
    line = next(x for x in result.output.splitlines() if x.startswith("Magnesium"))
    assert line.split() == [
        "Magnesium",
        "420",
        "mg",
        "RDA",
        "350",
        "mg",
        "350",
        "mg",
        "(supplements",
        "only)",
    ]


def test_targets_vegetarian_iron():
    data = json.loads(
        run("targets", "--sex", "female", "--age", "30", "--vegetarian", "--format", "json").output
    )
    assert data["targets"]["iron_mg"]["value"] == pytest.approx(18 * 1.8)


def test_targets_infant_in_months():
    data = json.loads(
        run("targets", "--sex", "male", "--age-months", "4", "--format", "json").output
    )
    # dri.md: infants 0-6 months iron AI 0.27 mg.
    assert data["targets"]["iron_mg"]["value"] == 0.27
    assert data["targets"]["iron_mg"]["kind"] == "AI"


ERRORS = [
    ("age-too-high", ["targets", "--sex", "female", "--age", "121"], "outside 0-120"),
    ("age-negative", ["targets", "--sex", "female", "--age", "-1"], "outside 0-120"),
    ("unknown-sex", ["targets", "--sex", "robot", "--age", "30"], "unknown sex"),
    (
        "pregnant-male",
        ["targets", "--sex", "male", "--age", "30", "--pregnant"],
        "male profile cannot be pregnant",
    ),
    (
        "lactating-male",
        ["targets", "--sex", "male", "--age", "30", "--lactating"],
        "cannot be lactating",
    ),
    (
        "both-flags",
        ["targets", "--sex", "female", "--age", "30", "--pregnant", "--lactating"],
        "both pregnant and lactating",
    ),
    ("no-profile", ["targets"], "missing --sex and --age"),
    (
        "age-and-months",
        ["targets", "--sex", "female", "--age", "1", "--age-months", "4"],
        "not both",
    ),
    (
        "bad-format",
        ["targets", "--sex", "female", "--age", "30", "--format", "xml"],
        "Invalid value for '--format'",
    ),
    ("unknown-food-key", ["foods", "show", "sr28:00000"], "no food matches 'sr28:00000'"),
]


@pytest.mark.parametrize(("args", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_errors_exit_2_with_a_message(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_malformed_targets_file_names_file_and_line(tmp_path):
    bad = tmp_path / "targets.yaml"
    bad.write_text("life_stages: [\n", encoding="utf-8")
    result = run("targets", "--sex", "female", "--age", "30", "--targets", str(bad))
    assert result.exit_code == 2
    assert f"{bad}, line 2" in result.output


def test_targets_file_with_a_wrong_value_names_the_key(tmp_path):
    from conftest import ROOT

    text = (ROOT / "data" / "targets.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "targets.yaml"
    bad.write_text(text.replace("unit: mg", "unit: parsec", 1), encoding="utf-8")
    result = run("targets", "--sex", "female", "--age", "30", "--targets", str(bad))
    assert result.exit_code == 2
    assert str(bad) in result.output and "key 'nutrients." in result.output


@pytest.mark.parametrize(
    ("content", "where", "what"),
    [
        (
            "food_key,description,iron_mg\nx:1,Thing,-1\n",
            "line 2, column 'iron_mg'",
            "non-negative number",
        ),
        (
            "food_key,description,iron_mg\nx:1,Thing,lots\n",
            "line 2, column 'iron_mg'",
            "non-negative number",
        ),
        ("food_key,iron_mg\nx:1,1\n", "line 1", "missing column(s) description"),
        (
            "food_key,description\nx:1,Thing\nx:1,Other\n",
            "line 3, column 'food_key'",
            "duplicate food_key",
        ),
        (
            "food_key,description\nx:1,Thing,extra\n",
            "line 2",
            "this row has 3 cells, the header has 2",
        ),
    ],
    ids=["negative", "not-a-number", "missing-column", "duplicate-key", "ragged-row"],
)
def test_malformed_foods_file(tmp_path, content, where, what):
    path = tmp_path / "foods.csv"
    path.write_text(content, encoding="utf-8")
    result = run("foods", "show", "x:1", "--foods", str(path))
    assert result.exit_code == 2
    assert f"error: {path}, {where}" in result.output
    assert what in result.output


def test_missing_foods_file(tmp_path):
    result = run("foods", "show", "x:1", "--foods", str(tmp_path / "nope.csv"))
    assert result.exit_code == 2
    assert "cannot read the file" in result.output


def test_user_foods_file_unknown_column_is_unknown_not_zero(tmp_path):
    path = tmp_path / "foods.csv"
    path.write_text("food_key,description,iron_mg\nmy:bar,Protein bar,2.5\n", encoding="utf-8")
    result = run("foods", "show", "my:bar", "--foods", str(path), "--format", "json")
    data = json.loads(result.output)
    assert data["per_100g"]["iron_mg"]["value"] == 2.5
    assert data["per_100g"]["vitamin_d_ug"]["value"] is None


def test_foods_show_banana():
    result = run("foods", "show", "sr28:09040")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Bananas, raw  [sr28:09040]"
    assert "  Potassium      358 mg" in lines
    assert any(
        x.startswith('  1 medium (7" to 7-7/8" long)') and x.endswith("118 g") for x in lines
    )


def test_foods_show_unknown_value_is_shown_as_unknown(table):
    key = next(k for k in table if k.startswith("sr28:") and table[k].value("vitamin_d_ug") is None)
    result = run("foods", "show", key, "--format", "json")
    assert json.loads(result.output)["per_100g"]["vitamin_d_ug"]["value"] is None
    text = run("foods", "show", key).output
    assert "  Vitamin D      unknown" in text.splitlines()


def test_python_dash_m_runs():
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "nutricheck", "--help"], capture_output=True, text=True, check=True
    )
    assert "Usage: nutricheck" in out.stdout
