"""The README's examples are run, so the docs cannot drift.

* every ```console block: each ``$ nutricheck ...`` command is run (click's CliRunner, from the
  project root, NO_COLOR set) and its output must equal the lines under it, exactly, except that a
  line holding only ``...`` stands for any lines (doctest's ELLIPSIS), so a long report can be shown
  in part;
* every ```python block: run as a doctest (``>>>`` lines and their output).
"""

from __future__ import annotations

import doctest
import re
import shlex

import pytest
from click.testing import CliRunner
from conftest import ROOT

from nutricheck.cli import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
CONSOLE = re.findall(r"```console\n(.*?)```", README, flags=re.S)
PYTHON = re.findall(r"```python\n(.*?)```", README, flags=re.S)


def _sessions():
    for block in CONSOLE:
        command, expected = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    yield command, "\n".join(expected)
                command, expected = line[2:], []
            else:
                expected.append(line)
        if command is not None:
            yield command, "\n".join(expected)


SESSIONS = [s for s in _sessions() if s[0].startswith("nutricheck ")]


def test_readme_has_examples():
    assert SESSIONS and PYTHON


@pytest.mark.parametrize(("command", "expected"), SESSIONS, ids=[s[0][:60] for s in SESSIONS])
def test_console_example(command, expected, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    result = CliRunner().invoke(cli, shlex.split(command)[1:])
    got, want = result.output.rstrip("\n") + "\n", expected.rstrip("\n") + "\n"
    if doctest.OutputChecker().check_output(want, got, doctest.ELLIPSIS):
        return
    assert got == want  # shows the difference


@pytest.mark.parametrize("block", PYTHON, ids=[f"python-{i}" for i in range(len(PYTHON))])
def test_python_example(block, monkeypatch):
    monkeypatch.chdir(ROOT)
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.failures == 0


def test_ci_runs_the_readme_test_command():
    """The README's second command is what .ci/run runs, so the two cannot drift apart."""
    blocks = re.findall(r"```\n(.*?)```", README, flags=re.S)
    test_command = blocks[1].strip()
    assert "pytest" in test_command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci
