"""From what a person wrote to entries with grams and nutrients: parse -> match -> grams.

Every input line gives at least one :class:`Entry`, so nothing is lost: a line with two foods gives
two entries with the same ``line``; a line that is not understood gives one entry whose ``status``
says why (``not_food``, ``unknown_food`` with suggestions, ``no_amount``, ``unconvertible``).

Nutrient amounts are absolute (for the entry's grams) and ``None`` where the food has no value: unknown
is never zero. Structured input (a food key and grams, as a meal-planning app would send) skips
parsing and matching.

With an online resolver (``EntryReader(table, online=FDCLookup())``, the CLI's ``--online``), a
food neither table knows is looked up in USDA FoodData Central (:mod:`nutricheck.fdc.lookup`):
found, the entry is read like any other with match kind ``fdc`` and a note saying so; not found or
not reachable, it stays ``unknown_food`` with its suggestions and a reason that says why.
"""

from __future__ import annotations

import functools
import gc
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from nutricheck import nutrients
from nutricheck._frozen import changed, renumbered
from nutricheck.errors import NutricheckError
from nutricheck.vocabulary import REGIONS

if TYPE_CHECKING:
    import datetime

    from nutricheck.fdc.lookup import FDCLookup
    from nutricheck.foods import Food, FoodTable
    from nutricheck.matching import Match, Matcher

_WORD = re.compile(r"[^\W_]+")

OK = "ok"
NOT_FOOD = "not_food"
UNKNOWN_FOOD = "unknown_food"
NO_AMOUNT = "no_amount"
UNCONVERTIBLE = "unconvertible"
STATUSES = (OK, NOT_FOOD, UNKNOWN_FOOD, NO_AMOUNT, UNCONVERTIBLE)
ONLINE_MATCH = "fdc"
"""The match kind of a food looked up in FoodData Central (``--online``)."""


@dataclass(frozen=True)
class Entry:
    """One food as read from one line (or diary row), with what became of it.

    Attributes:
        line: 1-based line of the log, or the file's line number of a CSV row.
        text: the whole raw line (or a row's text/food).
        status: ``ok``, ``not_food``, ``unknown_food``, ``no_amount`` or ``unconvertible``.
        food_key / description: the food matched, when one was.
        quantity / unit / size: the amount as read (``2``, ``"cup"``, ``"large"``).
        grams: weight eaten in grams, when known.
        portion: the USDA household measure used for the grams, e.g. ``"1 large"``.
        assumed: no amount was given and a typical portion was used (shown as assumed).
        match_kind / match_score: how the food was matched (``user``: one of your own foods;
            ``alias``, ``exact``, ``synonym``: a name of the table, data/aliases.csv, USDA's
            description or USDA's own other name; ``fuzzy``: scored; ``key``: given by key;
            ``fdc``: looked up in FoodData Central, with a note giving its fdc_id and data type).
        match_words: the words the food was chosen on (after the vocabulary and typo fixes).
        set_aside: words of the name the choice did not use ("chopped", a brand, an
            alternative).
        suggestions: for unknown foods, up to five ``(key, description)`` pairs.
        reason: why the entry is not ``ok``.
        notes: what was done that a user may want to know (ranges, dual amounts, ...).
        nutrients: absolute amount of each nutrient (registry unit) for this entry; ``None`` = unknown.
        estimated: nutrient keys whose amounts are estimates (e.g. converted from % Daily Value).
        date / meal: for diary imports.
    """

    line: int
    text: str
    status: str
    food_key: str | None = None
    description: str | None = None
    quantity: float | None = None
    unit: str | None = None
    size: str | None = None
    grams: float | None = None
    portion: str | None = None
    assumed: bool = False
    match_kind: str | None = None
    match_score: float | None = None
    suggestions: tuple[tuple[str, str], ...] = ()
    reason: str | None = None
    notes: tuple[str, ...] = ()
    nutrients: Mapping[str, float | None] = field(default_factory=dict)
    estimated: frozenset[str] = frozenset()
    date: datetime.date | None = None
    meal: str | None = None
    segment: str | None = None
    match_words: tuple[str, ...] = ()
    set_aside: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status == OK

    @property
    def blank(self) -> bool:
        """A blank line: kept (every line appears in ``parse``) but never listed as not understood."""
        return not self.text.strip()

    def to_dict(self) -> dict[str, Any]:
        """The entry as ``nutricheck parse --format json`` prints it."""
        out: dict[str, Any] = {
            "line": self.line,
            "text": self.text,
            "status": self.status,
            "food": {"key": self.food_key, "description": self.description}
            if self.food_key
            else None,
            "quantity": self.quantity,
            "unit": self.unit,
            "size": self.size,
            "grams": None if self.grams is None else round(self.grams, 2),
            "portion": self.portion,
            "assumed": self.assumed,
            "match": {
                "kind": self.match_kind,
                "score": self.match_score,
                "words": list(self.match_words),
                "set_aside": list(self.set_aside),
            }
            if self.match_kind
            else None,
            "suggestions": [{"key": k, "description": d} for k, d in self.suggestions],
            "reason": self.reason,
            "notes": list(self.notes),
        }
        if self.date is not None:
            out["date"] = self.date.isoformat()
        if self.meal is not None:
            out["meal"] = self.meal
        if self.status == OK:
            out["nutrients"] = {
                k: {
                    "value": _round(v),
                    "unit": nutrients.get(k).unit,
                    "estimated": k in self.estimated,
                }
                for k, v in self.nutrients.items()
            }
        return out


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


@dataclass(frozen=True)
class FoodAmount:
    """Structured input for apps that know their foods: a food key and grams (skips parsing).

    ``label`` is shown instead of the food's description when given.
    """

    food_key: str
    grams: float
    label: str | None = None


def nutrients_for(food: Food, grams: float) -> dict[str, float | None]:
    """Absolute nutrient amounts in ``grams`` of a food; unknown per-100 g values stay ``None``."""
    factor = grams / 100.0
    return {
        k: (None if (v := food.per_100g.get(k)) is None else v * factor) for k in nutrients.KEYS
    }


class EntryReader:
    """Reads lines into entries with one food table and matcher, memoising repeated lines.

    A food log repeats itself (the same breakfast every day), so results are cached by the line's
    text; only the line number differs between repeats.

    ``online``: an :class:`~nutricheck.fdc.lookup.FDCLookup` asked for foods the table does not
    know (see the module docstring); ``None`` (the default) never touches the network.
    """

    def __init__(
        self,
        table: FoodTable | None = None,
        matcher: Matcher | None = None,
        *,
        online: FDCLookup | None = None,
        region: str = "auto",
    ) -> None:
        from nutricheck.foods import default_table

        self.table = table if table is not None else default_table()
        self._matcher = matcher
        self.online = online
        if region not in ("auto", *REGIONS):
            raise ValueError(f"region must be 'auto', 'us' or 'uk', not {region!r}")
        self.region = region
        self.read_as: tuple[str, str] = (region, "")
        """The region the last :meth:`read_lines` read its log as, and why."""
        self._by_text = functools.lru_cache(maxsize=65536)(self._read_text)
        self._scaled = functools.lru_cache(maxsize=65536)(self._scaled_uncached)

    def region_of(self, lines: Sequence[str]) -> tuple[str, str]:
        """The region ``lines`` are read as (``us`` or ``uk``) and why: the reader's own, or with
        ``region="auto"`` the log's (:func:`nutricheck.vocabulary.detect_region`)."""
        if self.region != "auto":
            return self.region, "as asked"
        from nutricheck.vocabulary import detect_region

        return detect_region(lines, self.matcher.vocabulary)

    @property
    def matcher(self) -> Matcher:
        """The matcher, built on first use (structured input never needs one)."""
        if self._matcher is None:
            self._matcher = _matcher_for(self.table)
        return self._matcher

    def read_lines(self, lines: Iterable[str], *, start: int = 1) -> list[Entry]:
        """Entries for every line, numbered from ``start``; never raises for a line's content.

        The whole log is read as one region (:meth:`region_of`), kept in :attr:`read_as`."""
        lines = lines if isinstance(lines, list) else list(lines)
        region, why = self.region_of(lines) if lines else ("us", "")
        self.read_as = (region, why)
        out: list[Entry] = []
        # Entries hold no reference cycles, yet each new one counts towards a cyclic garbage
        # collection: on a long log the collector's passes cost a third of the time (bench/).
        # Pausing it while the entries are made is safe; it runs again afterwards.
        paused = gc.isenabled()
        gc.disable()
        # read_line, inlined: a long log repeats its lines, and copying a memoised entry with its
        # new number is then all the work, so the calls around it showed (bench/).
        by_text, append = self._by_text, out.append
        try:
            for number, text in enumerate(lines, start=start):
                for e in by_text(text, region, False):
                    append(e if e.line == number else renumbered(e, number))
        finally:
            if paused:
                gc.enable()
        return out

    def read_line(
        self, text: str, line: int, region: str | None = None, *, whole: bool = False
    ) -> list[Entry]:
        """The entries of one line, numbered ``line``; never raises for the line's content.
        ``region``: the region to read it as; by default the reader's (with ``auto``, the
        line's own words decide). ``whole``: the line names one food, never split at its commas
        or "and"s (a diary's food column)."""
        region = region or (self.region if self.region != "auto" else self.region_of([text])[0])
        # Repeats are copied with their new number by _frozen.renumbered, not
        # dataclasses.replace, which took a seventh of the time of a long log.
        found = self._by_text(text, region, whole)
        return [e if e.line == line else renumbered(e, line) for e in found]

    def read_amount(self, amount: float, rest: str, line: int, *, whole: bool = False) -> list[Entry]:
        """The entries of a diary row's ``amount`` of ``rest`` (its unit and food, "cup milk"):
        what :meth:`read_line` gives for ``f"{amount:g} {rest}"``, numbered ``line``.

        A diary has each food in a few amounts, so ``rest`` is read once, as 1 and as 2 of it, and
        each amount scales the grams of 1 (a food and unit resolved once, then a factor). Where
        the two readings differ in anything but the amount and the grams, or the grams are not
        proportional to it (several foods on a row, say), the row is read as written. Scaled,
        the grams are those of ``amount`` itself, which the text's ``:g`` may round.
        """
        number = f"{amount:g}"
        text = f"{number} {rest}".strip()
        plain = 0 < amount < 1e6 and "e" not in number  # not 0, not "1e+06": read as written
        region = self.region if self.region != "auto" else self.region_of([rest])[0]
        one = self._scaled(rest, region, whole) if plain and rest.strip() else None
        if one is None:
            return self.read_line(text, line, whole=whole)
        if not one.ok:  # the same food not understood at any amount (an unknown food, say)
            return [changed(one, line=line, text=text, segment=text, quantity=float(amount))]
        grams = one.grams * amount  # type: ignore[operator]  # an ok entry has its grams
        food = self.table[one.food_key]  # type: ignore[index]
        row = {"line": line, "text": text, "segment": text, "quantity": float(amount)}
        return [changed(one, grams=grams, nutrients=nutrients_for(food, grams), **row)]

    def _scaled_uncached(self, rest: str, region: str, whole: bool = False) -> Entry | None:
        """The one entry of "1 {rest}" if "2 {rest}" reads the same but for twice the amount and
        the grams (``None`` if not): :meth:`read_amount` scales it to any amount."""
        one_text, two_text = f"1 {rest}", f"2 {rest}"
        one = self._by_text(one_text, region, whole)
        two = self._by_text(two_text, region, whole)
        if len(one) != 1 or len(two) != 1:
            return None
        a, b = one[0], two[0]
        if (a.segment, b.segment, a.quantity, b.quantity) != (one_text, two_text, 1.0, 2.0):
            return None
        if a.ok and not (a.grams and b.grams and abs(b.grams - 2 * a.grams) <= 1e-9 * b.grams):
            return None
        alike = changed(b, text=one_text, segment=one_text, quantity=1.0, grams=a.grams)
        return a if alike == changed(a, nutrients=alike.nutrients) else None

    def _read_text(self, text: str, region: str, whole: bool = False) -> tuple[Entry, ...]:
        from nutricheck.logparse import parse_line

        try:
            parsed = parse_line(
                text, 1, is_name=self._is_name, names=self.matcher.names(region),
                sizes=self.matcher.vocabulary.sizes_by_words(region),
                phrases=self.matcher.vocabulary.joined_phrases(region),
                split=not whole,
            )
        except NutricheckError as exc:  # the parser reports, it should not raise; belt and braces
            return (Entry(line=1, text=text, status=NOT_FOOD, reason=exc.problem),)
        if parsed.status != OK or not parsed.entries:
            return (
                Entry(line=1, text=text, status=NOT_FOOD, reason=parsed.reason or "no food words"),
            )
        return tuple(self._resolve(p, region) for p in parsed.entries)

    def _is_name(self, words: str) -> bool:
        """Whether ``words`` are a food's whole description, word for word and in order (so a
        pasted "Apples, raw, gala, with skin" is one food, while "chicken, rice" is not "Chicken
        and rice")."""
        return tuple(_WORD.findall(words.lower())) in _names_of(self.table)

    def _match(self, p: Any, region: str) -> Match | None:
        """The matcher's answer, except that a name pasted with its commas ("Candies, white
        chocolate") is that food, even where the matcher's order-free key also fits another
        ("White chocolate candy")."""
        if "," in (p.segment or ""):
            key = _names_of(self.table).get(tuple(_WORD.findall(p.food.lower())))
            if key is not None:
                from nutricheck.matching import EXACT, Match

                return Match(key, self.table[key].description, EXACT, 1.0, p.food)
        proper = _capitalised(p.segment or "")
        found = self.matcher.get(p.food, region, proper=proper)
        if (
            p.unit == "scoop" and found is not None
            and "ready-to-drink" in found.description.lower()
        ):
            # "huel 2 scoops", "protein shake 1 scoop": a scoop is of a powder, not of the
            # ready-to-drink shake the name alone finds
            for name in (f"{p.food} powder", _SHAKE.sub("powder", p.food)):
                powder = self.matcher.get(name, region, proper=proper)
                if powder is not None and "powder" in powder.description.lower():
                    return powder
        return found

    def _resolve(self, p: Any, region: str = "us") -> Entry:
        """One ParsedEntry -> Entry: match the food, then work out the grams."""
        from nutricheck.amounts import to_grams
        from nutricheck.units import UK_UNITS

        region_note: tuple[str, ...] = ()
        if region == "uk" and p.unit in UK_UNITS:
            # a British log's pint is the imperial one (568 ml, not the US 473 ml)
            p = replace(p, unit=UK_UNITS[p.unit])
            region_note = (f"{p.unit.removeprefix('uk ')} read as the British (imperial) one: "
                           "the log reads as British",)

        base = {
            "line": p.line,
            "text": p.text,
            "segment": p.segment,
            "quantity": _as_float(p.quantity),
            "unit": p.unit,
            "size": p.size,
            "notes": tuple(p.notes),
        }
        match = self._match(p, region)
        looked_up: tuple[str, ...] = ()
        if match is not None:
            food = self.table[match.food_key]
            kind, score = match.kind, round(match.score, 3)
        else:
            reason = f"no food in the table matches {p.food!r}"
            found = None
            if self.online is not None:
                result = self.online.lookup(p.food)
                found = result.found
                if result.failure is not None:
                    reason += f"; the online lookup failed: {result.failure}"
                elif found is None:
                    reason += ", nor does any food found in FoodData Central"
            if found is None:
                similar = self.matcher.suggest(p.food, limit=5, region=region)
                suggestions = tuple((m.food_key, m.description) for m in similar)
                return Entry(status=UNKNOWN_FOOD, reason=reason, suggestions=suggestions, **base)
            food, kind, score = found.food, ONLINE_MATCH, found.score
            looked_up = (found.note, *found.notes)
        grams = to_grams(p, food)
        if grams.grams is None or (grams.assumed and (p.unit is not None or p.size is not None)):
            grams = self._borrowed(p, food, grams)
        elif p.size is not None and p.unit is None and (
            grams.method == "count" or _lacks_size(grams, p.size)
        ):
            # "medium fries": a size the food lacks ("1 fry" is no medium order); "1 large
            # carrot": FNDDS has only "1 regular carrot", SR28's carrot has "1 large"
            grams = self._borrowed(p, food, grams, method="size")
        elif grams.assumed and p.quantity is None and _weak_default(grams):
            grams = self._typical_of_kind(p, food, grams)
        common = {
            "food_key": food.key,
            "description": food.description,
            "match_kind": kind,
            "match_score": score,
            "portion": grams.portion,
            "assumed": grams.assumed,
            **base,
            "notes": looked_up + tuple(p.notes) + region_note + tuple(grams.notes),
        }
        if match is not None:
            common["match_words"] = match.words
            common["set_aside"] = match.set_aside
            if match.set_aside or match.notes:
                common["notes"] = (*match.notes, *_aside_note(match), *common["notes"])
        if grams.grams is None:
            status = NO_AMOUNT if p.quantity is None else UNCONVERTIBLE
            return Entry(status=status, reason=grams.reason, **common)
        return Entry(
            status=OK, grams=grams.grams, nutrients=nutrients_for(food, grams.grams), **common
        )

    def _borrowed(self, p: Any, food: Food, own: Any, method: str | None = None) -> Any:
        """The grams of ``p`` by the measure of a food of the same kind, when ``food`` lacks the
        unit or size asked for ("1 medium courgette": SR28's zucchini has no "medium", FNDDS's
        has): the nearest sibling (:func:`siblings`) whose measure fits is used, and named."""
        from nutricheck.amounts import to_grams

        for sib in siblings(self.table, food):
            g = to_grams(p, sib)
            if (
                g.grams is not None and not g.assumed and method in (None, g.method)
                and not (p.size is not None and _lacks_size(g, p.size))
            ):
                note = (
                    f"{food.description!r} has no such measure: used {g.portion!r} of the same "
                    f"kind of food, {sib.description!r}"
                )
                return replace(g, notes=(*g.notes, note))
        return own

    def _typical_of_kind(self, p: Any, food: Food, own: Any) -> Any:
        """No amount given, and the food has no typical amount of its own (SR28 has none; its
        first measure may be "1 oz"): USDA's typical amount of the nearest food of the same kind
        that has one (FNDDS's "Quantity not specified")."""
        for sib in siblings(self.table, food):
            if _has_typical(sib):
                g = next(x for x in sib.portions if x.unit.lower().startswith(_TYPICAL))
                note = (
                    f"no amount given: assumed USDA's typical amount of the same kind of food, "
                    f"{sib.description!r} ({g.grams:g} g)"
                )
                return replace(own, grams=g.grams, portion=g.description, notes=(note,))
        return own

    def read_amounts(self, items: Sequence[FoodAmount]) -> list[Entry]:
        """Entries for structured input; an unknown key or a bad weight becomes an entry, not an error."""
        out = []
        for number, item in enumerate(items, start=1):
            text = item.label or item.food_key
            if item.food_key not in self.table:
                out.append(
                    Entry(
                        line=number,
                        text=text,
                        status=UNKNOWN_FOOD,
                        reason=f"unknown food key {item.food_key!r}",
                    )
                )
                continue
            food = self.table[item.food_key]
            if not (item.grams >= 0):
                out.append(
                    Entry(
                        line=number,
                        text=text,
                        status=UNCONVERTIBLE,
                        food_key=food.key,
                        description=food.description,
                        reason=f"grams must be a non-negative number, got {item.grams!r}",
                    )
                )
                continue
            out.append(
                Entry(
                    line=number,
                    text=text,
                    status=OK,
                    food_key=food.key,
                    description=food.description,
                    quantity=item.grams,
                    unit="g",
                    grams=item.grams,
                    match_kind="key",
                    match_score=1.0,
                    nutrients=nutrients_for(food, item.grams),
                )
            )
        return out


@functools.lru_cache(maxsize=4)
def _matcher_for(table: FoodTable) -> Matcher:
    """One matcher per food table per process: building its index is the expensive part."""
    from nutricheck.matching import Matcher

    return Matcher(table)


def _aside_note(m: Match) -> tuple[str, ...]:
    words = [w for w in m.set_aside if not w.startswith("or ")]
    others = [w for w in m.set_aside if w.startswith("or ")]
    out = []
    if words:
        out.append(f"set aside {', '.join(repr(w) for w in words)}: not in the food's description")
    out.extend(f"an alternative set aside: {w!r}" for w in others)
    return tuple(out)


_SIBLINGS = 40
_TYPICAL = "quantity not specified"


def _weak_default(grams: Any) -> bool:
    """An assumed amount that is only the food's first measure ("1 oz") or a cup: no typical
    amount of its own and no single item (SR28 foods have no "Quantity not specified")."""
    return any(n.endswith(("the first household measure", "a cup-type household measure"))
               for n in grams.notes)


def _lacks_size(grams: Any, size: str) -> bool:
    """The grams are of another size than the one asked for (the food has no such size)."""
    return any(n.startswith(f"no '{size}' measure") for n in grams.notes)


def _has_typical(food: Food) -> bool:
    return any(p.unit.lower().startswith(_TYPICAL) for p in food.portions)


def siblings(table: FoodTable, food: Food) -> list[Food]:
    """Foods of the same kind as ``food``, nearest first: the same name before the first comma
    ("Yogurt", "Squash, summer, zucchini" -> "Squash"), ranked by the words they share, the same
    source first; then the same food named the other way round (FNDDS "Pinto beans, NFS" is SR28
    "Beans, pinto, ...", which has a can)."""
    return [table[k] for k in _sibling_index(table).of(food.key, food.description)]


class _SiblingIndex:
    """Food keys by the name before their first comma and by the words of their first two comma
    parts, built once per table; each food's siblings worked out once."""

    def __init__(self, table: FoodTable) -> None:
        self.descriptions = table.descriptions()
        self.heads: dict[str, list[str]] = {}
        self.by_words: dict[frozenset[str], list[str]] = {}
        for key, description in self.descriptions.items():
            self.heads.setdefault(_name_head(description), []).append(key)
            parts = description.split(",")[:2]
            if len(parts) == 2:
                self.by_words.setdefault(frozenset(_singular_words(" ".join(parts))), []).append(key)
        self._words: dict[str, frozenset[str]] = {}
        self._of: dict[str, tuple[str, ...]] = {}

    def words(self, key: str) -> frozenset[str]:
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = frozenset(_WORD.findall(self.descriptions[key].lower()))
        return found

    def of(self, key: str, description: str) -> tuple[str, ...]:
        found = self._of.get(key)
        if found is not None:
            return found
        head = _name_head(description)
        words = frozenset(_WORD.findall(description.lower()))
        source = key.split(":", 1)[0]

        def rank(k: str) -> tuple[int, bool, str]:
            return (-len(words & self.words(k)), k.split(":", 1)[0] != source, k)

        near = sorted((k for k in self.heads.get(head, ()) if k != key), key=rank)[:_SIBLINGS]
        named = frozenset(_singular_words(head))
        if len(named) > 1:
            seen = {*near, key}
            others = [k for k in self.by_words.get(named, ()) if k not in seen]
            near += sorted(others, key=rank)[:_SIBLINGS]
        found = self._of[key] = tuple(near)
        return found


@functools.lru_cache(maxsize=4)
def _sibling_index(table: FoodTable) -> _SiblingIndex:
    return _SiblingIndex(table)


def _singular_words(text: str) -> list[str]:
    return [w.removesuffix("s") if len(w) > 3 else w for w in _WORD.findall(text.lower())]


def _name_head(description: str) -> str:
    # the name without its other names in brackets ("Chickpeas (garbanzo beans, bengal gram)")
    first = _BRACKETED.sub(" ", description).split(",", 1)[0]
    return " ".join(_WORD.findall(first.lower())).removesuffix("s")


_BRACKETED = re.compile(r"\([^)]*\)")
_SHAKE = re.compile(r"\b(?:shakes?|drinks?)\b")


@functools.lru_cache(maxsize=4)
def _names_of(table: FoodTable) -> dict[tuple[str, ...], str]:
    """Every food's description as its words in order, lower case -> its key (the first food of
    that name); built once per table, and only when a line has a comma."""
    names: dict[tuple[str, ...], str] = {}
    for key, description in table.descriptions().items():
        names.setdefault(tuple(_WORD.findall(description.lower())), key)
    return names


_CAPITALISED = re.compile(r"(?<![^\W\d_])[A-Z][^\W\d_'’]*")


def _capitalised(text: str) -> tuple[str, ...]:
    """Words written with a capital letter ("Kirkland", "Wasa"): the matcher may take those it
    barely knows for brand names. A line in capitals throughout says nothing of the kind."""
    if text.isupper():
        return ()
    return tuple(_CAPITALISED.findall(text))


def _as_float(q: Fraction | float | None) -> float | None:
    return None if q is None else float(q)
