"""Unknown foods looked up in FoodData Central (``--online``): search, pick a hit that fits, fetch.

:class:`FDCLookup` is what :class:`~nutricheck.entries.EntryReader` asks when neither the bundled
table nor the user's foods know a line's food (``EntryReader(table, online=FDCLookup())``):

1. **Search** FDC for the food words, first in the data types with measured, generic foods
   (Foundation, SR Legacy, Survey (FNDDS)), then, only if none of those fits, in Branded foods.
2. **Pick a hit that fits** (:func:`fit`): every word of the query must be a word of the hit's
   description (or, for a Branded food, of its brand), ignoring case, punctuation, plural endings
   and what the description says the food has *not* ("without sauce"); a word of five letters or
   more may be one edit away ("chedar"). FDC's search is generous (its top hits for a phrase are
   often products sharing one word with it), so a hit that leaves a word of the query unexplained
   is never taken: an unknown food reported is better than a wrong food counted. Among the hits
   that fit: the closest spellings, then the fewest words the query did not ask for, then
   Foundation, SR Legacy, Survey (FNDDS), Branded, then FDC's order.
3. **Fetch** the food's detail (:meth:`FDCClient.food`, which asks for ``format=abridged`` when the
   full format answers 404) and read it with :func:`~nutricheck.fdc.parse.parse_food_details`:
   a :class:`~nutricheck.foods.Food` with key ``fdc:<id>``, values per 100 g and FDC's household
   measures as portions.

Everything is cached on disk in the FDC cache (:class:`~nutricheck.fdc.cache.FDCCache`): the food
for good (as every FDC food), the search answers for a day, and the decision *query -> fdc_id* for
good (an entry of the pseudo-endpoint :data:`LOOKUP_ENDPOINT`), so the same text is never searched
again and a later run finds the food without the network. "Nothing fits" is remembered for a day.

Failures never raise: :meth:`FDCLookup.lookup` returns a :class:`LookupResult` whose ``failure``
says why (the API key never appears: the client redacts every message). After a failure that will
not mend within the run (no connection, a refused key, rate limiting, a failing service) the
service is not asked again; one warning is logged, and foods looked up in earlier runs still come
from the cache.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nutricheck.errors import NutricheckError
from nutricheck.fdc import FDCError, FDCNotFoundError, FDCResponseError

if TYPE_CHECKING:
    from nutricheck.fdc.cache import FDCCache
    from nutricheck.fdc.client import FDCClient
    from nutricheck.fdc.parse import SearchHit
    from nutricheck.foods import Food

log = logging.getLogger(__name__)

GENERIC_TYPES: tuple[str, ...] = ("Foundation", "SR Legacy", "Survey (FNDDS)")
"""Data types searched first, in the order preferred among equally fitting hits."""
BRANDED = "Branded"
_TYPE_RANK = {t: i for i, t in enumerate((*GENERIC_TYPES, BRANDED))}

LOOKUP_ENDPOINT = "nutricheck/lookup"
"""The FDC cache's name for a lookup decision (not an API endpoint; nothing is sent there)."""
LOOKUP_VERSION = 1
"""Bumped when the rules that pick a hit change, so older decisions are made again."""
NOT_FOUND_MAX_AGE = 24 * 3600.0
"""How long "no food in FDC fits" is remembered, in seconds (a found food is kept for good)."""
PAGE_SIZE = 25
NEAR_SIMILARITY = 0.8
"""Least normalised similarity (optimal string alignment) for a word of the query to count as a
misspelling of a word of the description; only for words of :data:`NEAR_MIN_LENGTH` or more."""
NEAR_MIN_LENGTH = 5

# What a description says the food has not: "BIG MAC (without Big Mac Sauce)" has no sauce.
_NEGATION = re.compile(r"\b(?:without|no|not|non)\b[^,;()]*", re.IGNORECASE)


@dataclass(frozen=True)
class OnlineFood:
    """A food found in FoodData Central for a food name.

    Attributes:
        query: the food words that were looked up, e.g. ``"big mac"``.
        food: the food (key ``fdc:<id>``, values per 100 g, FDC's household measures).
        data_type: FDC's data type, e.g. ``"SR Legacy"``.
        score: how well the description fits the query (1 = every word found as spelt; less when
            a word was taken as a misspelling).
        notes: what a user should know about how the answer was read (IU conversions, ...).
    """

    query: str
    food: Food
    data_type: str
    score: float = 1.0
    notes: tuple[str, ...] = ()

    @property
    def fdc_id(self) -> str:
        return self.food.fdc_id or self.food.key.removeprefix("fdc:")

    @property
    def note(self) -> str:
        """What an entry says: ``looked up in FoodData Central (fdc_id 170720, SR Legacy)``."""
        kind = f", {self.data_type}" if self.data_type else ""
        return f"looked up in FoodData Central (fdc_id {self.fdc_id}{kind})"


@dataclass(frozen=True)
class LookupResult:
    """What an online lookup gave.

    Attributes:
        query: the food words looked up.
        found: the food, or ``None``.
        failure: why FoodData Central could not answer (``None`` when it did; ``found`` is then
            ``None`` only because no food fits). Never contains the API key.
    """

    query: str
    found: OnlineFood | None = None
    failure: str | None = None


def _similarity(a: str, b: str) -> float:
    from rapidfuzz.distance import OSA

    return float(OSA.normalized_similarity(a, b))


def _words(text: str) -> tuple[str, ...]:
    from nutricheck.matching import tokens

    return tokens(text)


def fit(query: str, description: str, brand: str = "") -> float | None:
    """How well a description fits a food name: ``None`` when a word of the name is missing from it.

    Every word of ``query`` must be a word of ``description`` (or of ``brand``), after the
    description's negations are removed; a word of 5 letters or more may be a near spelling
    (similarity 0.8 or more), which lowers the score from 1.

    >>> fit("cheddar cheese", "Cheese, cheddar")
    1.0
    >>> fit("big mac sauce", "McDONALD'S, BIG MAC (without Big Mac Sauce)") is None
    True
    """
    wanted = _words(query)
    if not wanted:
        return None
    have = set(_words(_NEGATION.sub(" ", description))) | set(_words(brand))
    scores = []
    for word in wanted:
        if word in have:
            scores.append(1.0)
            continue
        if len(word) < NEAR_MIN_LENGTH:
            return None
        best = max(
            (_similarity(word, w) for w in have if len(w) >= NEAR_MIN_LENGTH - 1), default=0.0
        )
        if best < NEAR_SIMILARITY:
            return None
        scores.append(best)
    return sum(scores) / len(scores)


def best_hit(
    query: str, hits: Iterable[SearchHit], data_types: Iterable[str] | None = None
) -> tuple[SearchHit, float] | None:
    """The hit that fits ``query`` best (see the module docstring) and its fit; ``None``: none fits.

    ``data_types``: only hits of these types are considered (an answer may hold others).
    """
    allowed = None if data_types is None else set(data_types)
    wanted = set(_words(query))
    ranked = []
    for position, hit in enumerate(hits):
        if allowed is not None and hit.data_type not in allowed:
            continue
        brand = (hit.brand_name or hit.brand_owner) if hit.data_type == BRANDED else ""
        score = fit(query, hit.description, brand)
        if score is None:
            continue
        extra = len(set(_words(hit.description)) - wanted)
        ranked.append(
            (
                (-round(score, 3), extra, _TYPE_RANK.get(hit.data_type, len(_TYPE_RANK)), position),
                hit,
                score,
            )
        )
    if not ranked:
        return None
    _, hit, score = min(ranked, key=lambda r: r[0])
    return hit, score


def _query_key(text: str) -> str:
    return " ".join(text.lower().split())


class FDCLookup:
    """Finds foods in FoodData Central for names the local tables do not know.

    Args:
        client: the :class:`~nutricheck.fdc.client.FDCClient` to use; made on first need
            (``FDC_API_KEY``, ``FDC_API_URL``, the default cache) when ``None``.
        branded: also search Branded foods when no generic food fits (default ``True``).

    :meth:`lookup` never raises; see the module docstring for what it does and caches.

    Example (needs the network the first time)::

        from nutricheck.entries import EntryReader
        reader = EntryReader(online=FDCLookup())
        reader.read_lines(["200 g quark"])     # match kind "fdc", note "looked up in ..."
    """

    def __init__(self, client: FDCClient | None = None, *, branded: bool = True) -> None:
        self._client = client
        self.branded = branded
        self.failure: str | None = None
        """Why the service is no longer asked in this run, after a failure; ``None`` while it is."""
        self.found: dict[str, OnlineFood] = {}
        """The foods found so far, by food key (``fdc:<id>``)."""
        self._memo: dict[str, LookupResult] = {}

    def __repr__(self) -> str:
        return f"FDCLookup(client={self._client!r}, branded={self.branded})"

    @property
    def client(self) -> FDCClient:
        """The client, made on first use."""
        if self._client is None:
            from nutricheck.fdc.client import FDCClient

            self._client = FDCClient()
        return self._client

    @property
    def cache(self) -> FDCCache | None:
        return self.client.cache

    # ------------------------------------------------------------------------------------ public

    def lookup(self, text: str) -> LookupResult:
        """The FDC food for a food name (``"big mac"``), or why there is none. Never raises."""
        query = " ".join(str(text).split())
        key = _query_key(query)
        memo = self._memo.get(key)
        if memo is not None:
            return memo
        result = self._lookup(query, key)
        if result.failure is None or self.failure is None:
            # A failure of the whole service is not remembered per query: it is not about the query.
            self._memo[key] = result
        if result.found is not None:
            self.found[result.found.food.key] = result.found
        return result

    # ---------------------------------------------------------------------------------- plumbing

    def _lookup(self, query: str, key: str) -> LookupResult:
        if not _words(query):
            return LookupResult(query)
        try:
            client = self.client
        except NutricheckError as exc:  # FDC_API_URL or FDC_API_KEY unusable
            return self._give_up(query, exc)
        cached = self._cached_decision(key)
        if cached is not None:
            fdc_id, data_type, score = cached
            if fdc_id is None:
                return LookupResult(query)
            if self.failure is not None and not self._food_cached(client, fdc_id):
                return LookupResult(query, failure=self._failure_text())
            try:
                return LookupResult(query, self._fetch(client, query, fdc_id, data_type, score))
            except FDCError as exc:
                if self.failure is not None:
                    return LookupResult(query, failure=self._failure_text())
                return self._failed(query, exc)
        if self.failure is not None:
            return LookupResult(query, failure=self._failure_text())
        try:
            chosen = self._search(client, query)
            if chosen is None:
                self._remember(key, None)
                return LookupResult(query)
            hit, score = chosen
            found = self._fetch(client, query, hit.fdc_id, hit.data_type, score)
        except FDCError as exc:
            return self._failed(query, exc)
        self._remember(key, found)
        return LookupResult(query, found)

    def _search(self, client: FDCClient, query: str) -> tuple[SearchHit, float] | None:
        hits = client.search(query, data_types=GENERIC_TYPES, page_size=PAGE_SIZE)
        chosen = best_hit(query, hits, GENERIC_TYPES)
        if chosen is None and self.branded:
            hits = client.search(query, data_types=[BRANDED], page_size=PAGE_SIZE)
            chosen = best_hit(query, hits, [BRANDED])
        return chosen

    def _fetch(
        self, client: FDCClient, query: str, fdc_id: int, data_type: str, score: float
    ) -> OnlineFood:
        from nutricheck.fdc.parse import parse_food_details

        parsed = parse_food_details(client.food(fdc_id))
        return OnlineFood(
            query=query,
            food=parsed.food,
            data_type=parsed.data_type or data_type,
            score=round(score, 3),
            notes=parsed.notes,
        )

    @staticmethod
    def _food_cached(client: FDCClient, fdc_id: int) -> bool:
        # FDCClient.food keeps a food under its full-format request (also when the abridged
        # format answered it).
        cache = client.cache
        return cache is not None and cache.get(f"food/{fdc_id}", {"format": "full"}) is not None

    def _failed(self, query: str, exc: FDCError) -> LookupResult:
        if isinstance(exc, (FDCNotFoundError, FDCResponseError)):
            # One food or one answer is bad; the service itself works: go on asking for others.
            return LookupResult(query, failure=exc.problem)
        return self._give_up(query, exc)

    def _give_up(self, query: str, exc: NutricheckError) -> LookupResult:
        self.failure = exc.problem
        hint = f"\n  hint: {exc.hint}" if exc.hint else ""
        log.warning(
            "--online: %s; FoodData Central is not asked again in this run, so foods not in the "
            "tables stay unknown%s",
            exc.problem,
            hint,
        )
        return LookupResult(query, failure=exc.problem)

    def _failure_text(self) -> str:
        return f"{self.failure}; not asked again after the first failure in this run"

    def _decision_params(self, key: str) -> dict[str, Any]:
        return {"query": key, "branded": self.branded, "version": LOOKUP_VERSION}

    def _cached_decision(self, key: str) -> tuple[int | None, str, float] | None:
        cache = self.cache
        if cache is None:
            return None
        entry = cache.get_entry(LOOKUP_ENDPOINT, self._decision_params(key))
        if entry is None or not isinstance(entry.data, dict):
            return None
        fdc_id = entry.data.get("fdc_id")
        if fdc_id is None:
            return None if entry.age > NOT_FOUND_MAX_AGE else (None, "", 0.0)
        if not isinstance(fdc_id, int) or isinstance(fdc_id, bool) or fdc_id <= 0:
            return None
        score = entry.data.get("score")
        return (
            fdc_id,
            str(entry.data.get("data_type") or ""),
            float(score) if isinstance(score, (int, float)) else 1.0,
        )

    def _remember(self, key: str, found: OnlineFood | None) -> None:
        cache = self.cache
        if cache is None:
            return
        data: dict[str, Any] = {"fdc_id": None}
        if found is not None:
            data = {
                "fdc_id": int(found.fdc_id),
                "data_type": found.data_type,
                "description": found.food.description,
                "score": found.score,
            }
        try:
            cache.put(LOOKUP_ENDPOINT, self._decision_params(key), data)
        except (OSError, TypeError, ValueError) as exc:
            log.warning("FDC cache not written (%s): %s", cache.directory, exc)


__all__ = [
    "BRANDED",
    "GENERIC_TYPES",
    "LOOKUP_ENDPOINT",
    "FDCLookup",
    "LookupResult",
    "OnlineFood",
    "best_hit",
    "fit",
]
