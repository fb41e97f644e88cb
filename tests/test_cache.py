"""The on-disk caches of built indexes (nutricheck/_diskcache.py): the food table's record index,
the matcher's word index and the parsed YAML of targets and explanations.

What matters is that a cache never changes an answer: a result read back equals the one built
afresh; a change to an input is a new key, so the stale entry is never read; a damaged entry is
discarded with a warning and rebuilt. conftest.py points NUTRICHECK_CACHE_DIR at a fresh folder
for every test, so each test starts with an empty cache.
"""

from __future__ import annotations

import csv
import os
import pickle
import subprocess
import sys

import pytest
from conftest import ROOT

from nutricheck import _diskcache, explain, foods, matching, nutrients, targets
from nutricheck.foods import FoodTable, default_table
from nutricheck.matching import Matcher, read_aliases


def _entries(name: str) -> list:
    return sorted((_diskcache.cache_root() / "index").glob(f"{name}-*.pickle"))


# -- the store itself ---------------------------------------------------------------------------


def test_the_cache_root_is_nutricheck_cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("NUTRICHECK_CACHE_DIR", str(tmp_path / "here"))
    assert _diskcache.cache_root() == tmp_path / "here"
    path = _diskcache.save("thing", "k1", {"a": 1})
    assert path is not None
    assert path.parent == tmp_path / "here" / "index"


def test_saved_then_loaded_is_equal():
    value = {"words": ["banana", "raw"], "n": 3, "set": frozenset({"a"})}
    _diskcache.save("thing", "k1", value)
    assert _diskcache.load("thing", "k1") == value


def test_another_key_is_not_read_and_replaces_the_old_entry():
    _diskcache.save("thing", "k1", "old")
    assert _diskcache.load("thing", "k2") is None
    _diskcache.save("thing", "k2", "new")
    assert [p.name for p in _entries("thing")] == ["thing-k2.pickle"]  # one entry per name
    assert _diskcache.load("thing", "k2") == "new"


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # emptied by a full disk
        b"\x80\x05not a pickle",
        pickle.dumps({"name": "thing", "key": "another", "value": 1}),  # a renamed file
        pickle.dumps([1, 2, 3]),  # not an entry at all
    ],
    ids=["empty", "garbage", "wrong-key", "not-an-entry"],
)
def test_a_damaged_entry_is_discarded_with_a_warning(caplog, damage):
    path = _diskcache.save("thing", "k1", "value")
    path.write_bytes(damage)
    with caplog.at_level("WARNING", logger="nutricheck._diskcache"):
        assert _diskcache.load("thing", "k1") is None
    assert "discarding the unreadable cache entry" in caplog.text
    assert not path.exists()


def test_a_truncated_entry_is_discarded(caplog):
    path = _diskcache.save("thing", "k1", list(range(1000)))
    path.write_bytes(path.read_bytes()[:100])
    with caplog.at_level("WARNING"):
        assert _diskcache.load("thing", "k1") is None
    assert "discarding" in caplog.text


def test_a_cache_folder_that_cannot_be_written_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("NUTRICHECK_CACHE_DIR", str(blocker))
    assert _diskcache.save("thing", "k1", "value") is None
    assert _diskcache.load("thing", "k1") is None


def test_writes_leave_no_temporary_files():
    _diskcache.save("thing", "k1", "value")
    assert [p.name for p in (_diskcache.cache_root() / "index").iterdir()] == ["thing-k1.pickle"]


def test_memo_builds_once_per_key():
    calls = []

    def build():
        calls.append(1)
        return {"built": len(calls)}

    assert _diskcache.memo("m", ("a",), build) == {"built": 1}
    assert _diskcache.memo("m", ("a",), build) == {"built": 1}  # read back, not built
    assert _diskcache.memo("m", ("b",), build) == {"built": 2}  # another input: built again
    assert len(calls) == 2


def test_digest_separates_its_parts():
    assert _diskcache.digest("ab", "c") != _diskcache.digest("a", "bc")
    assert _diskcache.digest("ab", "c") == _diskcache.digest(b"ab", b"c")


# -- the food table -----------------------------------------------------------------------------


def _bundled_paths():
    data = ROOT / "data"
    return data / "foods.csv", data / "portions.csv"


def test_the_bundled_table_read_back_equals_the_one_built_afresh():
    built = foods._load(*_bundled_paths(), cache=True)  # empty cache: built and saved
    assert len(_entries("foods")) == 1
    read_back = foods._load(*_bundled_paths(), cache=True)
    assert read_back._lazy.index == built._lazy.index  # type: ignore[attr-defined]
    assert read_back.fingerprint == built.fingerprint
    assert list(read_back) == list(built)
    assert dict(read_back.items()) == dict(built.items())  # every one of the 14,220 foods


def test_the_lazy_table_has_what_the_csv_module_reads():
    # An independent reading of the same files: csv.DictReader over the whole file.
    table = default_table()
    with (ROOT / "data" / "foods.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with (ROOT / "data" / "portions.csv").open(newline="", encoding="utf-8") as fh:
        portions: dict[str, list[dict[str, str]]] = {}
        for row in csv.DictReader(fh):
            portions.setdefault(row["food_key"], []).append(row)
    assert list(table) == [r["food_key"] for r in rows]
    for row in rows:
        food = table[row["food_key"]]
        assert food.description == row["description"]
        assert food.category == row["category"]
        for key in nutrients.KEYS:
            assert food.per_100g[key] == (float(row[key]) if row[key] else None)
        assert [(p.description, p.grams) for p in food.portions] == [
            (p["description"], float(p["grams"])) for p in portions.get(row["food_key"], [])
        ]


def _user_files(tmp_path, description="Granola, homemade"):
    foods_csv = tmp_path / "foods.csv"
    foods_csv.write_text(
        f'food_key,description,iron_mg\nuser:granola,"{description}",3.5\nuser:bar,"Bar, nut",2\n',
        encoding="utf-8",
    )
    portions_csv = tmp_path / "portions.csv"
    portions_csv.write_text(
        "food_key,seq,amount,unit,description,grams\nuser:granola,1,1,cup,1 cup,122\n",
        encoding="utf-8",
    )
    return foods_csv, portions_csv


def test_a_changed_foods_file_is_read_afresh(tmp_path):
    paths = _user_files(tmp_path)
    first = foods._load(*paths, cache=True)
    assert first["user:granola"].description == "Granola, homemade"
    old = _entries("foods")
    _user_files(tmp_path, description="Granola, toasted, with a longer name")
    second = foods._load(*paths, cache=True)
    assert second["user:granola"].description == "Granola, toasted, with a longer name"
    assert second["user:bar"].description == "Bar, nut"
    assert second.fingerprint != first.fingerprint
    assert _entries("foods") != old  # a new entry under a new key, the old one gone
    assert len(_entries("foods")) == 1


def test_a_damaged_foods_entry_is_rebuilt(tmp_path, caplog):
    paths = _user_files(tmp_path)
    expected = dict(foods._load(*paths, cache=True).items())
    (entry,) = _entries("foods")
    entry.write_bytes(b"garbage")
    with caplog.at_level("WARNING"):
        again = foods._load(*paths, cache=True)
    assert "discarding the unreadable cache entry" in caplog.text
    assert dict(again.items()) == expected
    assert len(_entries("foods")) == 1  # written again


def test_merging_a_user_table_keeps_a_fingerprint(tmp_path):
    user = FoodTable.load(*_user_files(tmp_path))
    merged = default_table().merged(user)
    assert merged.fingerprint not in (None, default_table().fingerprint)
    assert default_table().merged(FoodTable()).fingerprint == default_table().fingerprint
    in_memory = FoodTable([foods.Food(key="user:x", description="X")])
    assert in_memory.fingerprint is None
    assert default_table().merged(in_memory).fingerprint is None


# -- the matcher's index ------------------------------------------------------------------------

# Names through every tier: aliases, exact descriptions in any order, typos, measure words, fuzzy,
# unknown (suggestions only).
NAMES = [
    "rice", "spinach", "salmon", "raw banana", "bananas raw", "bananna", "brocolli", "peanutbutter",
    "sausage links", "celery 2 stalks", "grilled chicken breast", "apple", "kale chps",
    "cheerios", "mac and cheese", "rest day", "chocolate milk", "milk chocolate", "oat milk",
]  # fmt: skip


def _answers(matcher: Matcher, names) -> list:
    return [
        (matcher.get(n), matcher.search(n, limit=10), matcher.suggest(n), matcher.is_dish(n))
        for n in names
    ]


@pytest.fixture(scope="module")
def alias_names():
    return [a.alias for a in read_aliases()]


def test_the_matcher_read_back_answers_as_the_one_built_afresh(alias_names):
    table = default_table()
    built = Matcher(table)  # empty cache: built and saved
    assert len(_entries("matcher")) == 1
    read_back = Matcher(table)
    assert isinstance(read_back._docs, matching._LazyDocs)  # it did come from the cache
    assert not isinstance(built._docs, matching._LazyDocs)
    names = NAMES + alias_names
    assert _answers(read_back, names) == _answers(built, names)


def test_a_matcher_over_foods_made_in_memory_is_not_cached(tmp_path):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,food_key,note\n", encoding="utf-8")
    table = FoodTable([foods.Food(key="user:x", description="Oatmeal, cooked")])
    Matcher(table, aliases_path=aliases)
    assert _entries("matcher") == []


def test_a_changed_alias_file_rebuilds_the_index(tmp_path):
    foods_csv, portions_csv = _user_files(tmp_path)
    table = FoodTable.load(foods_csv, portions_csv)
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,food_key,note\nmuesli,user:granola,\n", encoding="utf-8")
    assert Matcher(table, aliases_path=aliases).get("muesli").food_key == "user:granola"
    aliases.write_text("alias,food_key,note\nmuesli,user:bar,\n", encoding="utf-8")
    assert Matcher(table, aliases_path=aliases).get("muesli").food_key == "user:bar"
    assert len(_entries("matcher")) == 1


def test_a_changed_food_table_rebuilds_the_index(tmp_path):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,food_key,note\n", encoding="utf-8")
    paths = _user_files(tmp_path)
    assert Matcher(FoodTable.load(*paths), aliases_path=aliases).get("granola homemade") is not None
    _user_files(tmp_path, description="Porridge, oat")
    rebuilt = Matcher(FoodTable.load(*paths), aliases_path=aliases)
    assert rebuilt.get("porridge oat").food_key == "user:granola"
    assert rebuilt.get("granola homemade") is None  # the old description is gone from the index


def test_a_damaged_matcher_entry_is_rebuilt_with_the_same_answers(caplog):
    table = default_table()
    expected = _answers(Matcher(table), NAMES)
    (entry,) = _entries("matcher")
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    with caplog.at_level("WARNING"):
        again = Matcher(table)
    assert "discarding the unreadable cache entry" in caplog.text
    assert not isinstance(again._docs, matching._LazyDocs)  # built afresh
    assert _answers(again, NAMES) == expected
    assert isinstance(Matcher(table)._docs, matching._LazyDocs)  # and saved again


def test_a_cached_index_of_another_shape_is_rebuilt():
    table = default_table()
    Matcher(table)
    (entry,) = _entries("matcher")
    key = entry.stem.split("-", 1)[1]
    _diskcache.save("matcher", key, {"_keys": []})  # readable, but not an index of this table
    again = Matcher(table)
    assert not isinstance(again._docs, matching._LazyDocs)  # built afresh
    assert again.get("raw banana").description == "Bananas, raw"


# -- the YAML files -----------------------------------------------------------------------------


def test_targets_read_back_equal_those_parsed_afresh():
    resource = ROOT / "data" / "targets.yaml"
    afresh = targets.parse_target_table(resource.read_text(encoding="utf-8"), "x")
    first = targets._bundled_table.__wrapped__()  # parses and saves
    assert len(_entries("targets-yaml")) == 1
    second = targets._bundled_table.__wrapped__()  # reads back
    assert first == second
    assert (first.life_stages, first.nutrients, first.modifiers, first.notes) == (
        afresh.life_stages,
        afresh.nutrients,
        afresh.modifiers,
        afresh.notes,
    )


def test_explanations_read_back_equal_those_parsed_afresh():
    text = (ROOT / "data" / "explanations.yaml").read_text(encoding="utf-8")
    afresh = explain._parse(text, "x")
    first = explain._bundled.__wrapped__()
    assert len(_entries("explanations-yaml")) == 1
    second = explain._bundled.__wrapped__()
    assert first == second
    assert (first.nutrients, first.statuses, first.red_flags) == (
        afresh.nutrients,
        afresh.statuses,
        afresh.red_flags,
    )


def test_a_damaged_yaml_entry_is_parsed_again(caplog):
    expected = targets._bundled_table.__wrapped__()
    (entry,) = _entries("targets-yaml")
    entry.write_bytes(b"\x00")
    with caplog.at_level("WARNING"):
        assert targets._bundled_table.__wrapped__() == expected
    assert "discarding" in caplog.text


def test_a_report_is_the_same_from_a_cold_and_a_warm_cache_kept_in_nutricheck_cache_dir(tmp_path):
    env = {
        **os.environ,
        "NUTRICHECK_CACHE_DIR": str(tmp_path / "cache"),
        "HOME": str(tmp_path / "home"),
        "XDG_CACHE_HOME": str(tmp_path / "xdg"),
    }
    command = [sys.executable, "-m", "nutricheck", "report", "examples/day.txt", "--sex", "female",
               "--age", "34"]  # fmt: skip

    def run() -> str:
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    cold = run()
    names = {p.name.split("-")[0] for p in (tmp_path / "cache" / "index").glob("*.pickle")}
    assert names == {"foods", "matcher", "targets", "explanations"}
    assert run() == cold
    assert not (tmp_path / "home").exists()
    assert not (tmp_path / "xdg").exists()
