"""The FoodData Central HTTP client: the only module of nutricheck that talks to the network.

* The key comes from ``FDC_API_KEY`` (``DEMO_KEY`` with a warning when unset) and travels in the
  ``X-Api-Key`` header, never in the URL; it never appears in a log message, an exception or the
  cache, and every text that leaves this module is redacted once more for good measure.
* ``FDC_API_URL`` points the client at a mirror or a test server.
* Every request has a timeout. 429 and 5xx answers are retried with exponential back-off,
  honouring ``Retry-After`` up to ``max_wait`` seconds (longer waits give up at once with the
  time the service asked for). Connection failures and timeouts are not retried: they say the
  service could not be reached, and foods fetched before keep working from the cache.
* ``GET /food/{id}`` in the full format answers 404 (with an empty body) for some foods that exist
  (328637, 746767); the client then asks again with ``format=abridged``.
"""

from __future__ import annotations

import email.utils
import logging
import math
import os
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

import requests

from nutricheck.fdc import (
    FDCAuthError,
    FDCConnectionError,
    FDCError,
    FDCNotFoundError,
    FDCQueryError,
    FDCRateLimitError,
    FDCResponseError,
)
from nutricheck.fdc.cache import FDCCache
from nutricheck.fdc.parse import SearchHit, fdc_id_of, normalize_data_type, parse_food, parse_search
from nutricheck.foods import Food

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.nal.usda.gov/fdc/v1"
KEY_ENV = "FDC_API_KEY"
URL_ENV = "FDC_API_URL"
DEMO_KEY = "DEMO_KEY"
SIGNUP_URL = "https://fdc.nal.usda.gov/api-key-signup"
BATCH_SIZE = 20
"""``POST /foods`` takes at most 20 ids."""
MAX_PAGE_SIZE = 200
SEARCH_MAX_AGE = 24 * 3600.0
"""A cached search younger than this is used without asking; an older one only when offline."""
FORMATS = ("full", "abridged")

_OFFLINE_HINT = (
    "check the network connection; foods fetched before still work offline from the cache, "
    "and the bundled USDA table and your own foods (`nutricheck foods add --name ...`) "
    "need no network"
)
_KEY_HINT = f"set FDC_API_KEY to your own key (free at {SIGNUP_URL})"
_KEY_PARAM = re.compile(r"(?i)(api[_-]?key[=:]\s*)[^&\s'\"]+")


class FDCClient:
    """A client for the FoodData Central REST API (https://api.nal.usda.gov/fdc/v1).

    Args:
        api_key: the data.gov API key; default ``FDC_API_KEY``, else ``DEMO_KEY`` (logged warning:
            30 requests an hour, 50 a day per IP).
        base_url: default ``FDC_API_URL``, else :data:`DEFAULT_BASE_URL`.
        timeout: seconds to wait for the connection and for each read, on every request.
        retries: how many times a 429 or 5xx answer is retried.
        backoff: first wait between retries in seconds, doubled each time (when the answer has no
            ``Retry-After``).
        session: a ``requests.Session`` to use (one is made otherwise).
        cache: an :class:`~nutricheck.fdc.cache.FDCCache`; ``None`` or ``True`` for the default
            one (``NUTRICHECK_CACHE_DIR``), ``False`` for none.
        max_wait: the longest single wait, in seconds; a ``Retry-After`` beyond it ends the retries.

    Example (needs the network)::

        client = FDCClient()
        hits = client.search("cheddar cheese", data_types=["Foundation"])
        food = client.get_food(hits[0].fdc_id)     # nutricheck.foods.Food, cached on disk
    """

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = 10,
        retries: int = 3,
        backoff: float = 0.5,
        session: requests.Session | None = None,
        cache: FDCCache | bool | None = None,
        *,
        max_wait: float = 30.0,
    ) -> None:
        key = api_key if api_key is not None else os.environ.get(KEY_ENV, "")
        key = key.strip()
        if not key:
            key = DEMO_KEY
            log.warning(
                "FDC_API_KEY is not set: using DEMO_KEY, which allows only 30 requests an hour "
                "and 50 a "
                "day per IP address; get a free key at %s",
                SIGNUP_URL,
            )
        if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in key):
            raise FDCAuthError("the API key contains spaces or control characters", hint=_KEY_HINT)
        self._key = key
        url = base_url if base_url is not None else os.environ.get(URL_ENV, "")
        self.base_url = (url.strip() or DEFAULT_BASE_URL).rstrip("/")
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FDCQueryError(
                "the FDC API URL must start with http:// or https:// and name a host",
                text=self.redact(self.base_url),
                key=URL_ENV,
            )
        if parts.query or parts.fragment:
            # Not shown: a query here is most likely someone's ?api_key=...
            raise FDCQueryError(
                "the FDC API URL must not have a query or fragment",
                key=URL_ENV,
                hint="give the key in FDC_API_KEY, not in the URL",
            )
        if not (timeout > 0 and math.isfinite(timeout)):
            raise FDCQueryError("timeout must be a positive number of seconds", text=str(timeout))
        if retries < 0 or backoff < 0 or max_wait < 0:
            raise FDCQueryError("retries, backoff and max_wait must not be negative")
        self.timeout = float(timeout)
        self.retries = int(retries)
        self.backoff = float(backoff)
        self.max_wait = float(max_wait)
        self._session = session if session is not None else requests.Session()
        if cache is None or cache is True:
            self.cache: FDCCache | None = FDCCache()
        elif cache is False:
            self.cache = None
        else:
            self.cache = cache

    def __repr__(self) -> str:  # never the key
        url = self.redact(self.base_url)
        return f"FDCClient(base_url={url!r}, timeout={self.timeout:g}, cache={self.cache!r})"

    @property
    def uses_demo_key(self) -> bool:
        """True when no key was given and the low-limit ``DEMO_KEY`` is used."""
        return self._key == DEMO_KEY

    # ----------------------------------------------------------------------------------- public

    def search(
        self,
        query: str,
        data_types: Iterable[str] | None = None,
        page_size: int = 25,
        page: int = 1,
    ) -> list[SearchHit]:
        """Foods matching ``query`` (``GET /foods/search``), best first.

        ``data_types`` filters by data type ("Foundation", "SR Legacy", "Survey (FNDDS)",
        "Branded"; any case, or ``sr``/``fndds``). A search younger than a day is answered from the
        cache; an older one only when the service cannot be reached (with a warning).
        """
        query = " ".join(str(query).split())
        if not query:
            raise FDCQueryError("the search query is empty")
        if not 1 <= int(page_size) <= MAX_PAGE_SIZE:
            raise FDCQueryError(
                f"page_size must be between 1 and {MAX_PAGE_SIZE}", text=str(page_size)
            )
        if int(page) < 1:
            raise FDCQueryError("page must be 1 or more", text=str(page))
        params: dict[str, Any] = {
            "query": query,
            "pageSize": int(page_size),
            "pageNumber": int(page),
        }
        if data_types:
            types = list(dict.fromkeys(normalize_data_type(t) for t in data_types))
            params["dataType"] = ",".join(types)
        endpoint = "foods/search"
        cached = self._cache_get(endpoint, params, max_age=SEARCH_MAX_AGE)
        if cached is not None:
            return parse_search(cached)
        try:
            data = self._request("GET", endpoint, params=params)
        except FDCConnectionError:
            stale = self._cache_get(endpoint, params)
            if stale is None:
                raise
            log.warning(
                "FoodData Central could not be reached; showing a cached search for %r", query
            )
            return parse_search(stale)
        hits = parse_search(data)  # check the shape before caching it
        self._cache_put(endpoint, params, data)
        return hits

    def food(self, fdc_id: int | str, format: str = "full") -> dict[str, Any]:
        """One food's raw JSON (``GET /food/{id}``), from the cache when it was fetched before.

        When the full format answers 404 (an API quirk for some Foundation foods), the abridged
        format is asked for instead: it has the nutrients but no portions.

        Raises:
            FDCNotFoundError: neither format knows the id.
            FDCError: the service failed (see the subclasses).
        """
        ident = fdc_id_of(fdc_id)
        if format not in FORMATS:
            raise FDCQueryError(f"format must be one of {', '.join(FORMATS)}", text=str(format))
        endpoint = f"food/{ident}"
        cached = self._cache_get(endpoint, {"format": format})
        if isinstance(cached, dict):
            return cached
        try:
            data = self._request("GET", endpoint, params={"format": format})
        except FDCNotFoundError:
            if format != "full":
                raise FDCNotFoundError(
                    f"FoodData Central has no food with id {ident}",
                    status=404,
                    key=str(ident),
                    hint="find ids with `nutricheck fdc search WORDS`",
                ) from None
            log.info(
                "FDC food %d: the full format answered 404; asking for format=abridged "
                "(a known API quirk)",
                ident,
            )
            data = self.food(ident, format="abridged")
            # Remember the substitute under the full request too: the next call (online or not)
            # is answered from the cache instead of asking for the 404 again.
            self._cache_put(endpoint, {"format": format}, data)
            return data
        food = self._food_object(data, ident)
        self._cache_put(endpoint, {"format": format}, food)
        return food

    def foods(self, ids: Iterable[int | str], format: str = "full") -> list[dict[str, Any]]:
        """Several foods' raw JSON (``POST /foods``, at most 20 ids a request), in the order asked.

        Foods in the cache are not asked for again; ids the service does not return are left out
        with a warning naming them.
        """
        idents = list(dict.fromkeys(fdc_id_of(i) for i in ids))
        if format not in FORMATS:
            raise FDCQueryError(f"format must be one of {', '.join(FORMATS)}", text=str(format))
        found: dict[int, dict[str, Any]] = {}
        for ident in idents:
            cached = self._cache_get(f"food/{ident}", {"format": format})
            if isinstance(cached, dict):
                found[ident] = cached
        for batch in chunks([i for i in idents if i not in found]):
            data = self._request("POST", "foods", json_body={"fdcIds": batch, "format": format})
            if not isinstance(data, list):
                raise FDCResponseError(
                    "the answer to POST /foods is not a JSON list", source=self._where("foods")
                )
            for item in data:
                got = item.get("fdcId") if isinstance(item, dict) else None
                if isinstance(got, int) and got in batch:
                    found[got] = item
                    self._cache_put(f"food/{got}", {"format": format}, item)
            missing = [i for i in batch if i not in found]
            if missing:
                log.warning(
                    "FoodData Central returned no food for id(s) %s", ", ".join(map(str, missing))
                )
        return [found[i] for i in idents if i in found]

    def get_food(self, fdc_id: int | str) -> Food:
        """One food as a :class:`~nutricheck.foods.Food` (key ``fdc:<id>``), fetched, parsed and
        cached."""
        return parse_food(self.food(fdc_id))

    # --------------------------------------------------------------------------------- plumbing

    def _where(self, endpoint: str) -> str:
        return f"{self.base_url}/{endpoint}"

    def redact(self, text: str) -> str:
        """``text`` with the API key and any ``api_key=...`` parameter replaced by ``***``."""
        if self._key:
            text = text.replace(self._key, "***")
        return _KEY_PARAM.sub(r"\1***", text)

    def _food_object(self, data: Any, ident: int) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise FDCResponseError(
                f"the answer for food {ident} is not a JSON object",
                source=self._where(f"food/{ident}"),
            )
        return data

    def _cache_get(
        self, endpoint: str, params: Mapping[str, Any], max_age: float | None = None
    ) -> Any:
        if self.cache is None:
            return None
        return self.cache.get(endpoint, params, max_age=max_age)

    def _cache_put(self, endpoint: str, params: Mapping[str, Any], data: Any) -> None:
        if self.cache is None:
            return
        try:
            self.cache.put(endpoint, params, data)
        except (OSError, TypeError, ValueError) as exc:
            # A cache that cannot be written costs offline use, not the answer.
            log.warning(
                "FDC cache not written (%s): %s", self.cache.directory, self.redact(str(exc))
            )

    def _retry_after(self, response: requests.Response) -> float | None:
        """``Retry-After`` in seconds (number or HTTP date); ``None`` if absent or unreadable."""
        value = response.headers.get("Retry-After", "").strip()
        if not value:
            return None
        try:
            seconds = float(value)
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return None
            if when.tzinfo is None:
                when = when.replace(tzinfo=timezone.utc)
            seconds = (when - datetime.now(timezone.utc)).total_seconds()
        return max(0.0, seconds) if math.isfinite(seconds) else None

    def _request(
        self,
        method: str,
        endpoint: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
    ) -> Any:
        """Send one request (with retries) and return the decoded JSON of a 2xx answer."""
        where = self._where(endpoint)
        headers = {"X-Api-Key": self._key, "Accept": "application/json"}
        attempt = 0
        while True:
            try:
                response = self._session.request(
                    method,
                    where,
                    params=params,
                    json=json_body,
                    headers=headers,
                    timeout=self.timeout,
                )
            except requests.Timeout:
                raise FDCConnectionError(
                    f"FoodData Central could not be reached: no answer within {self.timeout:g} s",
                    source=self.redact(where),
                    hint=_OFFLINE_HINT,
                ) from None
            except requests.ConnectionError as exc:
                log.debug("FDC connection error: %s", self.redact(str(exc)))
                raise FDCConnectionError(
                    "FoodData Central could not be reached "
                    f"(no connection to {urlsplit(where).netloc})",
                    source=self.redact(where),
                    hint=_OFFLINE_HINT,
                ) from None
            except requests.RequestException as exc:
                raise FDCError(
                    f"the request to FoodData Central failed: {self.redact(str(exc))}",
                    source=self.redact(where),
                ) from None
            status = response.status_code
            if status == 429 or 500 <= status <= 599:
                wait = self._retry_after(response)
                asked = wait is not None
                if wait is None:
                    wait = min(self.backoff * 2**attempt, self.max_wait)
                if attempt < self.retries and wait <= self.max_wait:
                    log.warning(
                        "FoodData Central answered HTTP %d; retry %d of %d in %.1f s%s",
                        status,
                        attempt + 1,
                        self.retries,
                        wait,
                        " (Retry-After)" if asked else "",
                    )
                    time.sleep(wait)
                    attempt += 1
                    continue
                self._raise_for_status(
                    response, where, attempts=attempt + 1, asked_wait=wait if asked else None
                )
            if not 200 <= status <= 299:
                self._raise_for_status(response, where, attempts=attempt + 1)
            return self._decode(response, where)

    def _decode(self, response: requests.Response, where: str) -> Any:
        body = response.content
        if not body.strip():
            raise FDCResponseError(
                f"FoodData Central sent an empty answer (HTTP {response.status_code})",
                status=response.status_code,
                source=self.redact(where),
                hint="try again later; if it persists, the API may have changed",
            )
        try:
            return response.json()
        except ValueError:
            snippet = body[:60].decode("utf-8", "replace")
            raise FDCResponseError(
                f"FoodData Central sent an answer that is not JSON (HTTP {response.status_code})",
                status=response.status_code,
                source=self.redact(where),
                text=self.redact(snippet),
                hint="a proxy or captive portal may be answering; "
                "check FDC_API_URL and the network",
            ) from None

    def _server_message(self, response: requests.Response) -> str:
        """The error code/message of an api.data.gov error answer, redacted, or ``""``."""
        try:
            data = response.json()
        except ValueError:
            return ""
        error = data.get("error") if isinstance(data, dict) else None
        if isinstance(error, dict):
            parts = [str(error.get(k)) for k in ("code", "message") if error.get(k)]
            return self.redact(": ".join(parts))[:200]
        if isinstance(data, dict) and data.get("message"):
            return self.redact(str(data["message"]))[:200]
        return ""

    def _raise_for_status(
        self,
        response: requests.Response,
        where: str,
        *,
        attempts: int,
        asked_wait: float | None = None,
    ) -> None:
        status = response.status_code
        source = self.redact(where)
        said = self._server_message(response)
        said_text = f": {said}" if said else ""
        if status in (401, 403):
            which = "DEMO_KEY" if self.uses_demo_key else "the key in FDC_API_KEY"
            raise FDCAuthError(
                f"FoodData Central refused {which} (HTTP {status}){said_text}",
                status=status,
                source=source,
                hint=_KEY_HINT,
            )
        if status == 404:
            raise FDCNotFoundError(
                f"FoodData Central has no such resource (HTTP 404){said_text}",
                status=status,
                source=source,
            )
        tries = f"after {attempts} attempt{'s' if attempts != 1 else ''}"
        if asked_wait is not None and asked_wait > self.max_wait:
            tries = f"and asks to wait {asked_wait:.0f} s"
        if status == 429:
            hint = (
                f"DEMO_KEY allows 30 requests an hour; {_KEY_HINT}"
                if self.uses_demo_key
                else "a key allows 1,000 requests an hour; wait and try again"
            )
            raise FDCRateLimitError(
                f"FoodData Central is rate-limiting us (HTTP 429) {tries}",
                status=status,
                source=source,
                hint=hint,
            )
        if 500 <= status <= 599:
            raise FDCError(
                f"FoodData Central is failing (HTTP {status}) {tries}{said_text}",
                status=status,
                source=source,
                hint="try again later; foods fetched before still work offline",
            )
        raise FDCError(
            f"FoodData Central rejected the request (HTTP {status}){said_text}",
            status=status,
            source=source,
        )


def chunks(items: Sequence[int], size: int = BATCH_SIZE) -> list[list[int]]:
    """``items`` in lists of at most ``size``."""
    return [list(items[i : i + size]) for i in range(0, len(items), size)]
