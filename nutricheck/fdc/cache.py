"""The on-disk JSON cache of FoodData Central answers: a food fetched once works offline.

One file per request, named by a hash of the endpoint and its parameters (never the API key,
which is sent as a header and is not a parameter), in ``<user cache dir>/fdc``:

* ``NUTRICHECK_CACHE_DIR`` (the nutricheck cache root; the FDC cache is its ``fdc`` folder), else
  ``platformdirs.user_cache_path("nutricheck") / "fdc"``; or a folder given to :class:`FDCCache`.

Writes are atomic: the entry goes to a temporary file in the same folder, is flushed and fsynced,
then renamed over the old one with :func:`os.replace`, so a crash leaves either the old entry or
the new one, never half a file. An entry that cannot be read later (truncated by a full disk,
edited by hand) is discarded with a logged warning and fetched again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

log = logging.getLogger(__name__)

CACHE_ENV = "NUTRICHECK_CACHE_DIR"
"""Environment variable naming nutricheck's cache root (the FDC cache is its ``fdc`` folder)."""

FORMAT_VERSION = 1
"""Bumped when an entry's layout changes; entries of another version are discarded."""

_FORBIDDEN_PARAMS = frozenset({"api_key", "apikey", "x-api-key"})


def default_cache_dir() -> Path:
    """The FDC cache folder: ``$NUTRICHECK_CACHE_DIR/fdc`` or the platform's user cache dir."""
    root = os.environ.get(CACHE_ENV)
    base = Path(root).expanduser() if root else platformdirs.user_cache_path("nutricheck")
    return base / "fdc"


def _canonical(endpoint: str, params: Mapping[str, Any] | None) -> str:
    clean = {
        str(k): v for k, v in (params or {}).items() if str(k).lower() not in _FORBIDDEN_PARAMS
    }
    return json.dumps(
        {"endpoint": endpoint.strip("/"), "params": clean}, sort_keys=True, separators=(",", ":")
    )


@dataclass(frozen=True)
class CacheEntry:
    """One cached answer.

    Attributes:
        endpoint: the API path, e.g. ``"food/170720"``.
        params: the request's parameters (the key is never one).
        fetched: when it was fetched, seconds since the epoch.
        data: the decoded JSON answer.
    """

    endpoint: str
    params: Mapping[str, Any]
    fetched: float
    data: Any

    @property
    def age(self) -> float:
        """Seconds since the answer was fetched."""
        return max(0.0, time.time() - self.fetched)


class FDCCache:
    """JSON answers on disk, keyed by endpoint + parameters.

    Args:
        directory: the folder to keep entries in; default :func:`default_cache_dir`, read when
            the cache is made. It is created on the first write.
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.directory = (
            Path(directory).expanduser() if directory is not None else default_cache_dir()
        )

    def __repr__(self) -> str:
        return f"FDCCache({str(self.directory)!r})"

    def path_for(self, endpoint: str, params: Mapping[str, Any] | None = None) -> Path:
        """The file an entry for this request lives in (whether or not it exists)."""
        digest = hashlib.sha256(_canonical(endpoint, params).encode("utf-8")).hexdigest()
        return self.directory / f"{digest}.json"

    def get_entry(
        self,
        endpoint: str,
        params: Mapping[str, Any] | None = None,
        *,
        max_age: float | None = None,
    ) -> CacheEntry | None:
        """The cached answer to a request, or ``None`` when absent, older than ``max_age`` seconds,
        or unreadable (a corrupt entry is deleted with a warning)."""
        path = self.path_for(endpoint, params)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("FDC cache entry %s cannot be read (%s); ignoring it", path, exc.strerror)
            return None
        entry = self._decode(text, endpoint, params)
        if entry is None:
            log.warning("FDC cache entry %s is corrupt; discarding it", path)
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        if max_age is not None and entry.age > max_age:
            return None
        return entry

    def get(
        self,
        endpoint: str,
        params: Mapping[str, Any] | None = None,
        *,
        max_age: float | None = None,
    ) -> Any:
        """The cached JSON answer to a request, or ``None`` (see :meth:`get_entry`)."""
        entry = self.get_entry(endpoint, params, max_age=max_age)
        return None if entry is None else entry.data

    @staticmethod
    def _decode(text: str, endpoint: str, params: Mapping[str, Any] | None) -> CacheEntry | None:
        try:
            raw = json.loads(text)
        except ValueError:
            return None
        if not isinstance(raw, dict) or raw.get("version") != FORMAT_VERSION or "data" not in raw:
            return None
        fetched = raw.get("fetched")
        if not isinstance(fetched, (int, float)) or isinstance(fetched, bool):
            return None
        # The request stored must be the one asked for (a renamed or copied file is not trusted).
        if _canonical(str(raw.get("endpoint", "")), raw.get("params") or {}) != _canonical(
            endpoint, params
        ):
            return None
        return CacheEntry(
            endpoint=raw["endpoint"],
            params=raw.get("params") or {},
            fetched=float(fetched),
            data=raw["data"],
        )

    def put(self, endpoint: str, params: Mapping[str, Any] | None, data: Any) -> Path:
        """Store an answer atomically; returns the entry's path.

        Raises:
            OSError: the folder cannot be created or the file written (no partial file remains).
            TypeError, ValueError: ``data`` is not JSON-serialisable.
        """
        clean = json.loads(_canonical(endpoint, params))
        body = json.dumps(
            {
                "version": FORMAT_VERSION,
                "endpoint": clean["endpoint"],
                "params": clean["params"],
                "fetched": time.time(),
                "data": data,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        path = self.path_for(endpoint, params)
        self.directory.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, body)
        return path

    def entries(self) -> Iterator[Path]:
        """The entry files in the cache folder (none when it does not exist)."""
        if self.directory.is_dir():
            yield from sorted(self.directory.glob("*.json"))

    def clear(self) -> int:
        """Delete every entry; returns how many were deleted."""
        count = 0
        for path in self.entries():
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                count += 1
        return count


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so readers see the old file or the new one, never a part.

    The text goes to a temporary file in the same folder (same file system, so the rename is
    atomic), is flushed and fsynced, then renamed over ``path`` with :func:`os.replace`. On any
    failure the temporary file is removed and the error propagates.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
