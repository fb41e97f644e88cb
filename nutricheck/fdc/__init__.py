"""USDA FoodData Central (FDC): search the online database and turn its foods into our rows.

The package keeps HTTP apart from parsing:

* :mod:`nutricheck.fdc.client`: :class:`FDCClient`, the only module that talks HTTP (timeouts,
  retries on 429/5xx, the API key from ``FDC_API_KEY``, never shown anywhere);
* :mod:`nutricheck.fdc.parse`: pure functions from the API's JSON to :class:`SearchHit` and
  :class:`~nutricheck.foods.Food`, tested offline on recorded responses;
* :mod:`nutricheck.fdc.cache`: :class:`FDCCache`, the on-disk JSON cache that makes a food
  fetched once usable offline;
* :mod:`nutricheck.fdc.lookup`: :class:`FDCLookup`, which finds a food for words no local table
  knows (``--online``): searches, takes only a hit whose description fits, fetches and caches it.

The errors are defined here so every module of the package (and a caller) can import them without
importing ``requests`` or ``pint``; the rest is imported lazily on first use, so importing
``nutricheck.fdc.commands`` for ``nutricheck --help`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from nutricheck.errors import NutricheckError

if TYPE_CHECKING:
    from nutricheck.fdc.cache import FDCCache, default_cache_dir
    from nutricheck.fdc.client import DEFAULT_BASE_URL, FDCClient
    from nutricheck.fdc.lookup import FDCLookup
    from nutricheck.fdc.parse import (
        DATA_TYPES,
        ParsedFood,
        SearchHit,
        normalize_data_type,
        parse_food,
        parse_food_details,
        parse_search,
    )

__all__ = [
    "DATA_TYPES",
    "DEFAULT_BASE_URL",
    "FDCAuthError",
    "FDCCache",
    "FDCClient",
    "FDCConnectionError",
    "FDCError",
    "FDCLookup",
    "FDCNotFoundError",
    "FDCQueryError",
    "FDCRateLimitError",
    "FDCResponseError",
    "ParsedFood",
    "SearchHit",
    "default_cache_dir",
    "normalize_data_type",
    "parse_food",
    "parse_food_details",
    "parse_search",
]


class FDCError(NutricheckError, OSError):
    """FoodData Central could not give an answer we can use (base of every FDC error).

    Attributes (besides :class:`~nutricheck.errors.NutricheckError`'s):
        status: the HTTP status of the last answer, if there was one.
    """

    def __init__(self, problem: str, *, status: int | None = None, **kwargs: Any) -> None:
        super().__init__(problem, **kwargs)
        self.status = status


class FDCConnectionError(FDCError):
    """The service could not be reached: no connection, DNS failure or a timeout."""


class FDCAuthError(FDCError):
    """The API key was refused (HTTP 401/403) or is unusable."""


class FDCRateLimitError(FDCError):
    """The service kept answering 429 Too Many Requests (or asked us to wait too long)."""


class FDCNotFoundError(FDCError, LookupError):
    """No food with that FDC id (HTTP 404 in both the full and the abridged format)."""


class FDCResponseError(FDCError, ValueError):
    """The service answered, but not with JSON of the shape we expect (empty, malformed, ...)."""


class FDCQueryError(NutricheckError, ValueError):
    """A request that cannot be sent: an unknown data type, an FDC id that is not a number, ..."""


_LAZY = {
    "DEFAULT_BASE_URL": "nutricheck.fdc.client",
    "FDCClient": "nutricheck.fdc.client",
    "FDCCache": "nutricheck.fdc.cache",
    "FDCLookup": "nutricheck.fdc.lookup",
    "default_cache_dir": "nutricheck.fdc.cache",
    "DATA_TYPES": "nutricheck.fdc.parse",
    "ParsedFood": "nutricheck.fdc.parse",
    "SearchHit": "nutricheck.fdc.parse",
    "normalize_data_type": "nutricheck.fdc.parse",
    "parse_food": "nutricheck.fdc.parse",
    "parse_food_details": "nutricheck.fdc.parse",
    "parse_search": "nutricheck.fdc.parse",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
