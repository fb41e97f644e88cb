"""`nutricheck report` end to end: exit codes, errors, --output, stdin, colour, profiles (issue 4).

Expected numbers come from the hand-worked files in tests/data/logs (see tests/logcases.py).
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import ROOT, TARGET_KEYS
from logcases import case

from nutricheck.cli import cli

ANSI = "\033["


def run(*args, input=None, env=None, color=False):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, env=env, color=color)


def report_json(*args, input=None):
    result = run("report", *args, "--format", "json", input=input)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ----------------------------------------------------------------------------------- exit codes
def test_report_exits_0_and_starts_with_who_it_is_for():
    c = case("runner_day")
    result = run("report", c.path, *c.cli_profile)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        f"nutricheck report: {c.path}",
        "For: Females 31-50 y",
        "Foods counted: 9 of 11 entries",  # 11 lines: 9 foods, a comment and a run
    ]
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("runner_day", 1),  # calcium 773.1 mg < EAR 800, sodium below AI, iron below RDA
        ("vegetarian_day", 1),
        ("meets_all_day", 0),  # every target met: see meets_all_day.expected.yaml
    ],
)
def test_fail_on_shortfall(name, code):
    c = case(name)
    short = [
        k
        for k in TARGET_KEYS
        if c.expected["status"][k] in ("very_likely_short", "possibly_short", "below_ai")
    ]
    assert bool(short) == bool(code)  # the expected file agrees with the exit code asked for
    result = run("report", c.path, *c.cli_profile, "--fail-on-shortfall", "--format", "json")
    assert result.exit_code == code, result.output
    assert json.loads(result.stdout)["shortfalls"] == short  # the report is still printed in full
    assert run("report", c.path, *c.cli_profile).exit_code == 0  # without the flag: 0


def test_the_same_log_is_judged_against_the_profile_given():
    # runner_day is short for a woman of 34 (calcium, sodium, iron), but a man of 40 has iron RDA 8
    # and EAR 6 (targets.yaml males_31_50): 14.52 mg meets it. Calcium (773.1 < EAR 800) stays
    # short.
    c = case("runner_day")
    data = report_json(c.path, "--sex", "male", "--age", "40")
    assert data["totals"]["iron_mg"]["status"] == "meets"
    assert data["totals"]["calcium_mg"]["status"] == "very_likely_short"


# ----------------------------------------------------------------------------------- errors
def _errors(tmp_path, *, write=True):
    bad_yaml = tmp_path / "bad.yaml"
    bad_age = tmp_path / "old.yaml"
    if write:
        bad_yaml.write_text("sex: female\nage: [34\n", encoding="utf-8")
        bad_age.write_text("sex: female\nage: 300\n", encoding="utf-8")
    log = str(case("runner_day").path)
    person = ["--sex", "female", "--age", "34"]
    return [
        (
            "missing-file",
            ["report", str(tmp_path / "nope.txt"), *person],
            ["nope.txt", "cannot read the file"],
        ),
        ("directory", ["report", str(tmp_path), *person], ["cannot read the file"]),
        (
            "age-not-a-number",
            ["report", log, "--sex", "female", "--age", "abc"],
            ["Invalid value for '--age'"],
        ),
        (
            "age-too-high",
            ["report", log, "--sex", "female", "--age", "200"],
            ["--age", "outside 0-120"],
        ),
        ("no-profile", ["report", log], ["missing --sex and --age"]),
        (
            "bad-format",
            ["report", log, *person, "--format", "pdf"],
            ["Invalid value for '--format'"],
        ),
        (
            "malformed-profile-yaml",
            ["report", log, "--profile", str(bad_yaml)],
            [f"{bad_yaml}, line 3", "invalid YAML"],
        ),
        (
            "profile-age-out-of-range",
            ["report", log, "--profile", str(bad_age)],
            [str(bad_age), "age"],
        ),
        (
            "missing-profile-file",
            ["report", log, "--profile", str(tmp_path / "none.yaml")],
            ["none.yaml"],
        ),
        (
            "unwritable-output",
            ["report", log, *person, "-o", str(tmp_path / "no" / "dir" / "r.txt")],
            ["cannot write the report"],
        ),
    ]


ERROR_IDS = [e[0] for e in _errors(ROOT / "nowhere", write=False)]


@pytest.mark.parametrize("which", ERROR_IDS)
def test_errors_exit_2_with_a_message_and_no_traceback(which, tmp_path):
    _, args, fragments = next(e for e in _errors(tmp_path) if e[0] == which)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""  # the message is on stderr; nothing half-written on stdout
    for fragment in fragments:
        assert fragment in result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("content", ["", "\n\n   \n"], ids=["empty", "blank-lines"])
def test_an_empty_log_is_an_input_error(content, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text(content, encoding="utf-8")
    result = run("report", path, "--sex", "female", "--age", "34")
    assert result.exit_code == 2
    assert "error:" in result.stderr
    assert "empty" in result.stderr
    assert "Traceback" not in result.output


# ----------------------------------------------------------------------------------- --output
@pytest.mark.parametrize("fmt", ["text", "json", "csv", "markdown", "html"])
def test_output_writes_the_file_and_nothing_to_stdout(fmt, tmp_path):
    c = case("runner_day")
    target = tmp_path / f"report.{fmt}"
    result = run("report", c.path, *c.cli_profile, "--format", fmt, "--output", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.strip() == f"wrote {target}"
    written = target.read_text(encoding="utf-8")
    assert ANSI not in written
    echoed = run("report", c.path, *c.cli_profile, "--format", fmt).stdout
    assert written == echoed
    if fmt == "json":
        assert json.loads(written)["totals"]["calcium_mg"]["status"] == "very_likely_short"
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(written)))
        assert [r["nutrient"] for r in rows][:8] == list(TARGET_KEYS)
    elif fmt == "html":
        assert written.startswith("<!DOCTYPE html>")
        assert "<svg" in written
    elif fmt == "markdown":
        assert "| Nutrient | Total | Target | % | Status | Known |" in written


# ----------------------------------------------------------------------------------- stdin
def test_stdin_dash_gives_the_same_totals_as_the_file():
    c = case("runner_day")
    from_stdin = report_json("-", *c.cli_profile, input=c.path.read_text(encoding="utf-8"))
    from_file = report_json(c.path, *c.cli_profile)
    assert from_stdin["source"] == "<stdin>"
    assert from_stdin["totals"] == from_file["totals"]
    assert from_stdin["totals"]["iron_mg"]["value"] == pytest.approx(
        c.expected["totals"]["iron_mg"], abs=1e-3
    )


def test_stdin_with_a_byte_order_mark():
    c = case("meets_all_day")
    data = report_json("-", *c.cli_profile, input="\ufeff" + c.path.read_text(encoding="utf-8"))
    assert [e["status"] for e in data["entries"]] == ["ok"] * 6
    assert data["shortfalls"] == []


# ----------------------------------------------------------------------------------- colour
def test_no_colour_when_stdout_is_not_a_terminal():
    # color=True stops click from stripping escapes itself, so this sees what nutricheck decided.
    c = case("runner_day")
    result = run("report", c.path, *c.cli_profile, color=True)
    assert result.exit_code == 0
    assert ANSI not in result.output
    assert "█" in result.output  # the bars are there, only uncoloured


def _run_on_a_terminal(args, env_extra):
    """Run the real command with stdout on a pseudo-terminal; return (exit code, stdout text)."""
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update(env_extra)
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "nutricheck", *map(str, args)],
        stdout=slave,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    proc.wait(timeout=120)
    proc.stderr.close()
    return proc.returncode, b"".join(chunks).decode("utf-8", errors="replace")


@pytest.mark.slow
def test_colour_on_a_terminal_and_none_with_no_color(tmp_path):
    c = case("runner_day")
    args = ["report", c.path, *c.cli_profile]
    code, out = _run_on_a_terminal(args, {})
    assert code == 0
    assert "\033[31m" in out  # calcium is very likely short: red
    assert "\033[32m" in out  # vitamin D meets: green
    code, out = _run_on_a_terminal(args, {"NO_COLOR": "1"})
    assert code == 0
    assert ANSI not in out
    assert "█" in out
    target = tmp_path / "r.txt"
    code, out = _run_on_a_terminal([*args, "-o", target], {})
    assert code == 0
    assert ANSI not in target.read_text(encoding="utf-8")
    assert out.strip() == ""  # the "wrote" note goes to stderr


# ----------------------------------------------------------------------------------- profiles
def test_profile_file_from_examples():
    # examples/profile.yaml: sex female, age 34, vegetarian false.
    c = case("runner_day")
    data = report_json(c.path, "--profile", ROOT / "examples" / "profile.yaml")
    assert data["profile"]["sex"] == "female"
    assert data["profile"]["age_years"] == 34
    assert data["life_stage"] == "Females 31-50 y"
    assert {k: data["totals"][k]["status"] for k in TARGET_KEYS} == c.expected["status"]
    assert data == report_json(c.path, "--sex", "female", "--age", "34")


def test_options_override_the_profile_file():
    c = case("vegetarian_day")
    data = report_json(c.path, "--profile", ROOT / "examples" / "profile.yaml", "--vegetarian")
    assert data["profile"]["vegetarian"] is True
    assert data["totals"]["iron_mg"]["target"] == pytest.approx(18 * 1.8)
    assert {k: data["totals"][k]["status"] for k in TARGET_KEYS} == c.expected["status"]


def test_saved_default_profile_is_used_without_options():
    c = case("vegetarian_day")
    assert "missing --sex and --age" in run("report", c.path).stderr  # nothing saved yet
    saved = run("profile", "save", "--sex", "female", "--age", "34", "--vegetarian")
    assert saved.exit_code == 0, saved.output
    # conftest points NUTRICHECK_CONFIG_DIR at a temporary folder: the real one is untouched.
    assert saved.stdout.startswith(f"saved {os.environ['NUTRICHECK_CONFIG_DIR']}")
    data = report_json(c.path)
    assert data["profile"] == {
        **data["profile"],
        "sex": "female",
        "age_years": 34,
        "vegetarian": True,
    }
    assert {k: data["totals"][k]["status"] for k in TARGET_KEYS} == c.expected["status"]
    # An option still wins over the saved profile.
    male = report_json(c.path, "--sex", "male")
    assert male["life_stage"] == "Males 31-50 y"


def test_endurance_flag_changes_no_number():
    # targets.yaml: the endurance modifier multiplies nothing (no separate DRI exists).
    c = case("runner_day")
    plain = report_json(c.path, *c.cli_profile)
    runner = report_json(c.path, *c.cli_profile, "--endurance")
    assert runner["totals"] == plain["totals"]


def test_a_binary_file_is_an_input_error_and_utf16_is_read(tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = run("report", binary, "--sex", "female", "--age", "34")
    assert result.exit_code == 2
    assert "binary" in result.stderr
    utf16 = tmp_path / "notepad.txt"
    utf16.write_bytes("2 large eggs\n".encode("utf-16"))  # with its byte-order mark
    result = run("report", utf16, "--sex", "female", "--age", "34", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["totals"]["iron_mg"]["value"] == pytest.approx(1.75)  # 100 g egg
