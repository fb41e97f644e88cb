"""nutricheck.fdc.cache: location, keys, atomic writes, corrupt entries."""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs
import pytest

from nutricheck.fdc import cache as cache_module
from nutricheck.fdc.cache import FORMAT_VERSION, FDCCache, atomic_write_text, default_cache_dir

FOOD = {"fdcId": 170720, "description": "McDONALD'S, BIG MAC", "foodNutrients": []}


@pytest.fixture
def cache(tmp_path):
    return FDCCache(tmp_path / "fdc")


def leftovers(directory: Path) -> list[str]:
    return (
        sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))
        if directory.exists()
        else []
    )


def test_default_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("NUTRICHECK_CACHE_DIR", str(tmp_path / "root"))
    assert default_cache_dir() == tmp_path / "root" / "fdc"
    assert FDCCache().directory == tmp_path / "root" / "fdc"


def test_default_dir_without_the_environment(monkeypatch):
    monkeypatch.delenv("NUTRICHECK_CACHE_DIR", raising=False)
    assert default_cache_dir() == platformdirs.user_cache_path("nutricheck") / "fdc"


def test_constructor_argument_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("NUTRICHECK_CACHE_DIR", str(tmp_path / "env"))
    assert FDCCache(tmp_path / "mine").directory == tmp_path / "mine"


def test_nothing_is_created_until_the_first_write(cache):
    assert cache.get("food/1", {"format": "full"}) is None
    assert not cache.directory.exists()


def test_round_trip(cache):
    path = cache.put("food/170720", {"format": "full"}, FOOD)
    assert path.parent == cache.directory
    assert cache.get("food/170720", {"format": "full"}) == FOOD
    entry = cache.get_entry("food/170720", {"format": "full"})
    assert entry is not None
    assert entry.endpoint == "food/170720"
    assert entry.age < 60
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["version"] == FORMAT_VERSION
    assert stored["params"] == {"format": "full"}


def test_keys_depend_on_endpoint_and_params_not_their_order(cache):
    a = cache.path_for("foods/search", {"query": "cheddar", "pageSize": 10})
    b = cache.path_for("foods/search", {"pageSize": 10, "query": "cheddar"})
    c = cache.path_for("foods/search", {"query": "cheddar", "pageSize": 11})
    d = cache.path_for("/foods/search/", {"query": "cheddar", "pageSize": 10})
    assert a == b == d != c
    assert cache.path_for("food/1", {"format": "full"}) != cache.path_for(
        "food/1", {"format": "abridged"}
    )


def test_an_api_key_parameter_is_never_part_of_the_key_or_the_file(cache):
    secret = "SECRET-KEY-123"
    assert cache.path_for("food/1", {"format": "full", "api_key": secret}) == cache.path_for(
        "food/1", {"format": "full"}
    )
    path = cache.put("food/1", {"format": "full", "api_key": secret}, FOOD)
    assert secret not in path.read_text(encoding="utf-8")
    assert secret not in path.name


def test_max_age(cache):
    cache.put("foods/search", {"query": "x"}, {"foods": []})
    assert cache.get("foods/search", {"query": "x"}, max_age=3600) == {"foods": []}
    assert cache.get("foods/search", {"query": "x"}, max_age=-1) is None
    assert cache.get("foods/search", {"query": "x"}) == {"foods": []}  # no limit: offline use


def test_atomic_write_failure_leaves_no_partial_file(cache, monkeypatch):
    cache.put("food/1", {"format": "full"}, {"old": True})
    real_replace = os.replace
    calls = []

    def crash_once(src, dst):
        calls.append((src, dst))
        if len(calls) == 1:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(cache_module.os, "replace", crash_once)
    with pytest.raises(OSError, match="No space left"):
        cache.put("food/1", {"format": "full"}, {"new": True})
    assert leftovers(cache.directory) == []  # the temporary file was removed
    assert cache.get("food/1", {"format": "full"}) == {"old": True}  # the old entry is intact
    cache.put("food/1", {"format": "full"}, {"new": True})
    assert cache.get("food/1", {"format": "full"}) == {"new": True}
    assert leftovers(cache.directory) == []


def test_atomic_write_text_fsyncs_before_replacing(tmp_path, monkeypatch):
    order = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(
        cache_module.os, "fsync", lambda fd: (order.append("fsync"), real_fsync(fd))[1]
    )
    monkeypatch.setattr(
        cache_module.os, "replace", lambda a, b: (order.append("replace"), real_replace(a, b))[1]
    )
    atomic_write_text(tmp_path / "x.json", "{}")
    assert order == ["fsync", "replace"]
    assert (tmp_path / "x.json").read_text() == "{}"


CORRUPT = [
    ("truncated", '{"version": 1, "endpoint": "food/1", "par'),
    ("not-json", "\x00\x01garbage"),
    ("a-list", "[1, 2, 3]"),
    (
        "old-version",
        json.dumps(
            {
                "version": 0,
                "endpoint": "food/1",
                "params": {"format": "full"},
                "fetched": 1.0,
                "data": {},
            }
        ),
    ),
    (
        "no-data",
        json.dumps(
            {"version": 1, "endpoint": "food/1", "params": {"format": "full"}, "fetched": 1.0}
        ),
    ),
    (
        "bad-time",
        json.dumps(
            {
                "version": 1,
                "endpoint": "food/1",
                "params": {"format": "full"},
                "fetched": "now",
                "data": {},
            }
        ),
    ),
    # A file copied under another request's name is not trusted.
    (
        "other-request",
        json.dumps(
            {
                "version": 1,
                "endpoint": "food/2",
                "params": {"format": "full"},
                "fetched": 1.0,
                "data": {},
            }
        ),
    ),
]


@pytest.mark.parametrize(("name", "text"), CORRUPT, ids=[c[0] for c in CORRUPT])
def test_corrupt_entry_is_discarded_with_a_warning(cache, caplog, name, text):
    path = cache.path_for("food/1", {"format": "full"})
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    assert cache.get("food/1", {"format": "full"}) is None
    assert not path.exists()
    assert any(r.levelname == "WARNING" and "corrupt" in r.getMessage() for r in caplog.records)
    cache.put("food/1", {"format": "full"}, FOOD)  # and it can be fetched and stored again
    assert cache.get("food/1", {"format": "full"}) == FOOD


def test_entries_and_clear(cache):
    assert list(cache.entries()) == []
    cache.put("food/1", {"format": "full"}, FOOD)
    cache.put("food/2", {"format": "full"}, FOOD)
    assert len(list(cache.entries())) == 2
    assert cache.clear() == 2
    assert list(cache.entries()) == []


def test_unserialisable_data_raises_and_writes_nothing(cache):
    with pytest.raises(TypeError):
        cache.put("food/1", {}, {"x": object()})
    assert list(cache.entries()) == []
