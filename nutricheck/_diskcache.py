"""Things built from data files, kept on disk between runs in the user cache dir, rebuilt whenever
their inputs change.

A one-day report needs the matcher's word index over the 14,220 bundled foods (about a second to
build), where each food's record is in data/foods.csv and data/portions.csv (a third of a second)
and the parsed YAML of data/targets.yaml and data/explanations.yaml (importing PyYAML and parsing:
a tenth). Read back from a pickle they cost a few hundredths (docs/benchmarks.md). This module keeps
such objects, and nothing else:

* **Where.** ``<root>/index/<name>-<key>.pickle``, the root being ``NUTRICHECK_CACHE_DIR`` or else
  ``platformdirs.user_cache_path("nutricheck")``, the same root as the FoodData Central cache.
* **Keyed by the inputs.** ``key`` is a digest (:func:`digest`) of everything the object was built
  from: the data files' bytes, the source of the code that built it, the Python version. A change
  to any of them gives another file name, so a stale entry is never read; it is removed when the
  new one is written, so the folder holds one entry per name.
* **Atomic writes.** An entry is written to a temporary file in the same folder and renamed over
  the final name with :func:`os.replace`: a crash leaves the old entry or the new one, never half a
  file. It is not fsynced: an entry lost or truncated by a power cut is only rebuilt.
* **Never fatal.** An entry that cannot be read (truncated, edited by hand, written by another
  version) is deleted with a logged warning and the caller rebuilds; a folder that cannot be
  written (read-only home) only means the object is rebuilt next time (logged at debug level).

The files are pickles, read only from the user's own cache folder, as pint's own registry cache is.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

_T = TypeVar("_T")

log = logging.getLogger(__name__)

CACHE_ENV = "NUTRICHECK_CACHE_DIR"
"""Environment variable naming nutricheck's cache root (shared with :mod:`nutricheck.fdc.cache`)."""

_FOLDER = "index"
_SUFFIX = ".pickle"


def cache_root() -> Path:
    """nutricheck's cache root: ``$NUTRICHECK_CACHE_DIR`` or the platform's user cache dir."""
    root = os.environ.get(CACHE_ENV)
    if root:
        return Path(root).expanduser()
    import platformdirs

    return platformdirs.user_cache_path("nutricheck")


def digest(*parts: bytes | str) -> str:
    """A short hex digest of ``parts``, in order (each part's length is hashed too, so parts that
    run together differently never collide)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def entry_path(name: str, key: str) -> Path:
    """The file of ``name``'s entry for ``key`` (it may not exist)."""
    return cache_root() / _FOLDER / f"{name}-{key}{_SUFFIX}"


def load(name: str, key: str) -> Any | None:
    """The object stored for ``name`` and ``key``; ``None`` when there is none or it is unreadable.

    An unreadable entry is deleted, with a logged warning, so that the caller's rebuild replaces it.
    """
    path = entry_path(name, key)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        # Reading back tens of thousands of small objects: the cyclic garbage collector would run
        # many times for nothing (none of them is garbage), about half the time of the load.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            stored = pickle.loads(data)  # the user's own cache folder, written by save()
        finally:
            if gc_was_enabled:
                gc.enable()
        if not isinstance(stored, dict) or (stored.get("name"), stored.get("key")) != (name, key):
            raise ValueError("the entry is not the one its file name says")
        return stored["value"]
    except Exception as exc:  # a corrupt pickle can raise almost anything; never let it crash a run
        log.warning(
            "discarding the unreadable cache entry %s (%s: %s); rebuilding it",
            path,
            type(exc).__name__,
            exc,
        )
        with contextlib.suppress(OSError):
            path.unlink()
        return None


def save(name: str, key: str, value: Any) -> Path | None:
    """Store ``value`` for ``name`` and ``key`` atomically, replacing ``name``'s older entries.

    Returns the file written, or ``None`` when the cache folder cannot be written (the object is
    then simply rebuilt next time).
    """
    import tempfile

    path = entry_path(name, key)
    payload = pickle.dumps({"name": name, "key": key, "value": value}, pickle.HIGHEST_PROTOCOL)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        log.debug("cannot write the cache entry %s: %s", path, exc)
        return None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    for old in path.parent.glob(f"{name}-*{_SUFFIX}"):
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()
    return path


def source_digest(*modules: str) -> str:
    """A digest of the source files of ``modules`` (dotted names, imported or not, never imported
    here): part of a key whenever the cached object is what that code made of its input."""
    import importlib.util

    parts: list[bytes | str] = []
    for name in modules:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        try:
            parts.append(Path(origin).read_bytes() if origin else name)
        except OSError:  # not a plain file (a zip import): the package's version stands in
            from importlib.metadata import version

            parts.append(f"{name} {version('nutricheck')}")
    return digest(*parts)


def memo(name: str, key_parts: Sequence[bytes | str], build: Callable[[], _T]) -> _T:
    """``build()``, or what it returned last time for the same ``key_parts`` (Python's version is
    always part of the key). A ``None`` result is never stored."""
    import sys

    key = digest(sys.version, *key_parts)
    found = load(name, key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = build()
    if value is not None:
        save(name, key, value)
    return value
