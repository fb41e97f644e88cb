"""docs/diary-formats.md is run: its example CSV files are written to a folder and its Python
blocks run there as doctests, so the page cannot drift from the code."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

DOC = Path(__file__).parents[1] / "docs" / "diary-formats.md"
TEXT = DOC.read_text(encoding="utf-8")
FILES = re.findall(r"<!-- file: (\S+) -->\n```csv\n(.*?)```", TEXT, flags=re.S)
PYTHON = re.findall(r"```python\n(.*?)```", TEXT, flags=re.S)


def test_the_page_has_examples_for_every_format():
    assert len(FILES) >= 7
    assert len(PYTHON) >= 8
    for fmt in ("generic", "cronometer-servings", "cronometer-daily", "myfitnesspal", "loseit"):
        assert f"`{fmt}`" in TEXT


def test_the_examples_run(tmp_path, monkeypatch):
    for name, content in FILES:
        (tmp_path / name).write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    globs: dict[str, object] = {}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for i, block in enumerate(PYTHON):
        test = parser.get_doctest(block, globs, f"block {i}", str(DOC), 0)
        runner.run(test, clear_globs=False)
        globs.update(test.globs)  # DocTest copies its globals: carry names to the next block
    assert runner.failures == 0


@pytest.mark.parametrize(("name", "content"), FILES, ids=[name for name, _ in FILES])
def test_every_example_file_accounts_for_its_rows(tmp_path, name, content):
    from nutricheck.diary import read_diary

    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    diary = read_diary(path)
    assert len(diary.rows) + len(diary.issues) == diary.total_rows
