"""nutricheck.entries: what EntryReader does with lines beyond parsing and matching."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nutricheck.entries import EntryReader


def test_a_repeated_line_is_renumbered_like_dataclasses_replace(table):
    # read_line copies the memoised entries of a repeated line with the new line number; the copy
    # must be exactly what dataclasses.replace would give.
    reader = EntryReader(table)
    text = "2 large eggs and 1 cup cooked spinach"
    first = reader.read_line(text, 1)
    assert len(first) == 2
    again = reader.read_line(text, 7)
    assert again == [replace(e, line=7) for e in first]
    assert [e.line for e in again] == [7, 7]
    assert [e.line for e in reader.read_line(text, 1)] == [1, 1]


@pytest.mark.parametrize("enabled", [True, False])
def test_read_lines_leaves_the_garbage_collector_as_it_found_it(enabled):
    import gc

    from nutricheck.entries import EntryReader

    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        EntryReader().read_lines(["2 large eggs", "2 large eggs"])
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
