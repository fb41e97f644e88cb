"""Food name -> food of the table, in tiers: exact description, curated alias, fuzzy.

:class:`Matcher` answers the question "which USDA food does a person mean by *this*?" for the
food words of a diary line ("2 eggs scrambled" -> ``"eggs scrambled"``):

``get(name)``
    the best :class:`Match`, or ``None`` when nothing is good enough.
``lookup(name)``
    the same, but raises :class:`~nutricheck.errors.UnknownFoodError` with up to five suggestions.
``search(name, limit)``
    ranked matches, best first (also below the acceptance threshold: they are suggestions).
``suggest(name, limit)``
    the same, one food per description (SR28 and FNDDS can both have "Kale, raw"): what to show
    a person whose food was not found.
``is_dish(text)``
    ``True`` when the whole text is a food of its own (an exact description or an alias), so the
    log parser does not split "mac and cheese" or "peanut butter and jelly sandwich" at "and".

The tiers, tried in order on the normalised name (see :func:`tokens`):

1. **alias / exact**: the name's words are a row of the curated ``data/aliases.csv`` (the everyday
   names people write: ``"rice"`` is cooked white rice, ``"spinach"`` raw spinach, ``"salmon"``
   cooked salmon) or a USDA description, ignoring case, punctuation and plural endings; a
   description matches in any word order (``"raw banana"`` and ``"banana raw"`` are ``"Bananas,
   raw"``), an alias in its own order first ("milk chocolate" is candy, "chocolate milk" a drink)
   and in any order when no other alias has the same words. Where an alias and a description have
   the same words, the alias wins: it is the deliberate choice (tests list each such case). Kind
   ``alias`` or ``exact``, score 1.
2. **fuzzy**, in three steps, kind ``fuzzy``:

   a. misspelt words are corrected to words of the table (``"bananna"`` -> ``"banana"``,
      ``"brocolli"`` -> ``"broccoli"``, ``"peanutbutter"`` -> ``"peanut butter"``); if the corrected
      name is an alias or a description, that is the match (score 0.9 to 0.99);
   b. a name with measure words or numbers left in it ("sausage links", "vodka shot", "celery 2
      stalks") is looked up without them (score 0.87 to 0.97);
   c. otherwise the foods (and aliases) sharing a telling word with the name, through an inverted
      index of words, are scored (:meth:`Matcher._score`) and the best is the match when its score
      reaches :data:`THRESHOLD`.

The fuzzy score (0..1) rewards the share of the name's words the description has (each word
weighted by how telling it is: rare words more, preparation words such as "grilled" less, measure
words and filler such as "fresh" little), penalises words of the description the name did not ask
for (a word that makes another food, "juice", "pie", "sandwich", most: "apple" prefers "Apple, raw"
to "Apple juice"), and rewards a description whose first food word is one of the name's.
Preparation words count, with partial credit for near ones ("grilled" ~ "broiled", "cooked" ~
"boiled"); what a description says the food has *not* ("without sauce", "skin not eaten") is not
counted as its words.

Ties and near-ties go to the plain, common food (:func:`_plainness_marks`): branded (ALL-CAPS
brand words, or FNDDS's brand in parentheses), baby food and infant formula, USDA Commodity,
restaurant and fast food, American Indian/Alaska Native foods, dried/powdered forms and
imitation/diet/reduced-sodium foods each lower the score a little (0.03 to 0.15) unless the name
asks for them; then fewer unrequested food words, then the shorter description, then the food key,
so the order is always the same. SR28 and FNDDS are not ranked one above the other; where both
have a description with the same words ("Spinach, raw"), the one an alias chose wins, then the
same plainness order.

Results are memoised by normalised text, so a diary that repeats its breakfast costs one match.
"""

from __future__ import annotations

import csv
import functools
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple, overload

from rapidfuzz import process
from rapidfuzz.distance import OSA

from nutricheck import _diskcache
from nutricheck.errors import DataFileError, UnknownFoodError
from nutricheck.foods import FoodTable, default_table
from nutricheck.vocabulary import Vocabulary, default_vocabulary
from nutricheck.words import (  # the words of names and descriptions; re-exported
    SPELLINGS,
    STEPS,
    STOPWORDS,
    drop_apostrophes,
    fold_accents,
    normalise,
    singular,
    spell_out_symbols,
    tokens,
    word_key,
    words_only,
)

__all__ = [
    "ALIAS_COLUMNS",
    "SPELLINGS",
    "STEPS",
    "STOPWORDS",
    "THRESHOLD",
    "Match",
    "Matcher",
    "default_matcher",
    "drop_apostrophes",
    "fold_accents",
    "normalise",
    "singular",
    "spell_out_symbols",
    "tokens",
    "word_key",
    "words_only",
]

THRESHOLD = 0.70
"""Lowest fuzzy score :meth:`Matcher.get` accepts.

Calibrated on the tuning part of tests/data/labelled_lines.csv plus 40 non-food diary phrases
("rest day", "knee hurts", "10 mile run"): every right fuzzy match there scores 0.73 or more
(bar two names the parser left garbled, "omelette 3 eggs" 0.39 and "double espresso" 0.53), and
most non-food phrases have no candidate at all or score under 0.65. The misses that remain above
it are words that only occur in brand names ("weights" -> WEIGHT WATCHERS, 0.80). Below it a name
is unknown (``get`` returns ``None``, ``lookup`` raises with suggestions): a wrong food silently
counted is worse than an unknown one reported.
"""

ALIAS_COLUMNS = ("alias", "food_key", "note")
SYNONYM_COLUMNS = ("food_key", "source", "kind", "name")

CONTENT_FLOOR = 0.45
"""Lowest fuzzy score accepted for a food whose words hold every *content* word of the name (the
words that say which food: not preparation, measure or filler words). Such a food is the one
named; what it lacks only says how it was prepared ("freshly cracked black pepper" is "Spices,
pepper, black"), and those words are set aside and shown. Below :data:`THRESHOLD` a food that
misses a content word is never accepted."""

ALT_CREDIT = 0.8
"""How much a word of a food's USDA coverage note counts, against 1 for its description's words:
"latte with soy milk" finds "Coffee, Latte, with non-dairy milk" (covering "almond, coconut,
rice, or soy milk"), while "soy milk" alone stays "Soy milk"."""

EXACT, ALIAS, SYNONYM, USER, FUZZY = "exact", "alias", "synonym", "user", "fuzzy"

_Found = tuple[int, str, float, tuple[str, ...]]
"""What the tiers find: food index, match kind, score, words of the name set aside."""


def _alternatives(name: str) -> list[tuple[str, str]]:
    """The texts to try for a name, with what each leaves out: the whole name, then for "A or B"
    each side ("salted or unsalted butter": "salted butter", then "unsalted butter"; "fresh
    raspberries or blackcurrants": "fresh raspberries", then "blackcurrants")."""
    out = [(name, "")]
    parts = _OR.split(name, maxsplit=1)
    if len(parts) != 2:
        return out
    left, right = parts[0].strip(), parts[1].strip()
    lw, rw = left.split(), right.split()
    if not lw or not rw:
        return out
    if len(lw) < len(rw):  # "salted or unsalted butter": the left side qualifies the same food
        out.append((" ".join(lw + rw[1:]), right))
    out.append((left, right))
    out.append((right, left))
    return out


_OR = re.compile(r"\s(?:or|/)\s", re.I)
@functools.lru_cache(maxsize=65536)
def _name_heads(description: str) -> frozenset[str]:
    """The words a description names its food by: in English the last word of a name is the
    thing named ("Wheat flour": flour; "Egg salad sandwich on white": sandwich; "Chicken or
    turkey and rice": chicken, turkey, rice). Taken from the first part, from the second when it
    names the food rather than what it has ("Coffee, Latte": coffee, latte; "Burrito, with
    beans, cheese": burrito only), and from a brand's product name in capitals ("Alcoholic
    beverage, beer, light, BUD LIGHT": light); a maker's name in front ("KEEBLER, Toast & Peanut
    Butter Sandwich Crackers") is passed over."""
    parts = [p.strip() for p in _PARENS_TEXT.sub(" ", description).split(",") if p.strip()]
    named = [p for p in parts if not _ALL_CAPS.fullmatch(p)]
    chosen = named[:1]
    # the next two parts that name the food rather than what it has ("Tea, hot, chamomile")
    chosen += [p for p in named[1:3] if not _WHAT_IT_HAS.match(p)]
    chosen += [p for p in parts if _ALL_CAPS.fullmatch(p) and p is not parts[0]]
    heads: set[str] = set()
    for part in chosen:
        part = _MADE_WITH.split(part, maxsplit=1)[0]  # "McFLURRY with OREO cookies": McFlurry
        for piece in _JOINERS.split(part):
            words = [t for t in tokens(piece) if t not in PREP_WORDS and t not in NEUTRAL_WORDS]
            while len(words) > 1 and words[-1] in _GENERIC_HEADS:  # "Tomato products": tomato
                words.pop()
            if words:
                heads.add(words[-1])
    if not heads and parts:  # a brand alone
        heads.update(tokens(parts[0])[-1:])
    # a name in brackets is the food's common name: "Cabbage, chinese (pak-choi)", "Fish,
    # flatfish (flounder and sole species)", "Chickpeas (garbanzo beans, bengal gram)"
    for inner in _PARENS_INNER.findall(description.split(",", 2)[0] + "," + ",".join(
        description.split(",")[1:2]
    )):
        for piece in _JOINERS.split(inner.replace(",", " and ")):
            words = [t for t in tokens(piece) if t not in PREP_WORDS and t not in NEUTRAL_WORDS]
            if words:
                heads.add(words[-1])
    # what a description says it includes, wherever ("Bread, french or vienna, toasted (includes
    # sourdough)"): a name of the food too
    for inner in _INCLUDES.findall(description):
        for piece in _JOINERS.split(inner.replace(",", " and ")):
            words = [t for t in tokens(piece) if t not in PREP_WORDS and t not in NEUTRAL_WORDS]
            if words:
                heads.add(words[-1])
    return frozenset(heads) - _GENERIC_HEADS


_PARENS_INNER = re.compile(r"\(([^)]*)\)")
_INCLUDES = re.compile(r"\(includes? ([^)]*)\)", re.I)


def _name_head_word(toks: Sequence[str]) -> str:
    """The word an everyday name names its food by: in English its last word ("boneless wings":
    wing; "string cheese": cheese), before what it is with ("mac and cheese" keeps "cheese";
    "coffee with milk": coffee), a measure or preparation word passed over."""
    words = list(toks)
    if "with" in words[1:]:
        words = words[: words.index("with", 1)]
    named = [t for t in words if t not in PREP_WORDS and t not in NEUTRAL_WORDS]
    return (named or words or [""])[-1]


_GENERIC_HEADS = frozenset({"food", "restaurant", "beverage", "product", "products"})
"""Words of USDA's class prefixes that name no food ("Fast foods, ..." is no name of "foods")."""


@functools.lru_cache(maxsize=65536)
def _caps_words(description: str) -> frozenset[str]:
    """Words of a description written in capitals: a product's own name ("SNICKERS Bar")."""
    return frozenset(t for b in _BRAND.findall(description) for t in tokens(b))


@functools.lru_cache(maxsize=65536)
def _first_form(description: str) -> str | None:
    """The form a description's name starts with when it is one ("Gravy, chicken": gravy;
    "Pie, apple": pie; "Burrito, bean"): a name must ask for it."""
    first = description.split(",", 1)[0]
    if "," not in description or len(first.split()) > 1 or first.lower() in _CLASS_PREFIXES:
        return None
    words = tokens(first)
    return words[0] if words and words[0] in _DISH_FORMS else None


_DISH_FORMS = frozenset({
    "gravy", "sauce", "pie", "cake", "sandwich", "burrito", "pizza", "taco", "soup", "stew",
    "casserole", "dip", "dressing", "pudding", "cobbler", "strudel", "tart", "turnover",
    "fritter", "dumpling", "sushi", "wrap", "sub", "burger", "nugget", "patty", "stuffing",
})  # fmt: skip
"""Forms a description's name can start with that make it a dish of its own: a name that does
not ask for the form is not that dish ("Gravy, chicken" is no roast chicken; "Pie, apple" no
apple)."""


_CLASS_PREFIXES = frozenset({
    "coffee", "tea", "beverages", "alcoholic beverage", "alcoholic beverages", "fast foods",
    "restaurant", "cereals ready-to-eat", "cereals", "cereal", "snacks", "candies", "spices",
    "soup", "soups",
})  # fmt: skip
"""First parts of USDA descriptions that class a food rather than name it ("Coffee, Latte";
"Fast foods, french toast with butter")."""


@functools.lru_cache(maxsize=65536)
def _dish_words(description: str) -> frozenset[str]:
    """The words that name a dish: its name parts up to what it is made with ("Burrito, bean
    and cheese, frozen": burrito, bean, cheese; "Coffee, Latte, with non-dairy milk": latte;
    "Spaghetti with meat sauce": spaghetti)."""
    parts = [p.strip() for p in _PARENS_TEXT.sub(" ", description).split(",") if p.strip()]
    named = [p for p in parts if not _ALL_CAPS.fullmatch(p)]
    chosen = []
    if named and named[0].lower() not in _CLASS_PREFIXES:
        chosen.append(named[0])
    if len(named) > 1 and not _WHAT_IT_HAS.match(named[1]) and (
        not chosen or named[0].lower() in _CLASS_PREFIXES or len(named[0].split()) == 1
    ):
        chosen.append(named[1])
    words: set[str] = set()
    for part in chosen:
        part = _MADE_WITH.split(part, maxsplit=1)[0]
        words.update(
            t for t in tokens(part)
            if t not in PREP_WORDS and t not in NEUTRAL_WORDS and t not in _QUALIFIERS
            and t not in _SERVED
        )
    return frozenset(words)


_SERVED = frozenset({"hot", "iced", "cold", "warm", "chilled"})
"""How a drink is served ("Tea, hot, with milk"): no word of the dish's name."""


_FIRST_WORD = re.compile(r"[A-Za-z]+")
_KINDS_OF = frozenset({"cheese", "lettuce", "bread", "pasta", "wine", "tea", "squash", "mushroom"})
"""Foods whose varieties USDA names after them ("Cheese, Swiss") and whose dishes name the
food alone ("Turkey sandwich, with cheese"): a variety stands in for the food in a dish."""
_FORM_KIN = {
    "wrap": ("sandwich", "burrito"), "sub": ("sandwich",), "baguette": ("sandwich",),
    "panini": ("sandwich",), "pitta": ("sandwich",), "pita": ("sandwich",), "bap": ("sandwich",),
    "roll": ("sandwich",), "hoagie": ("sandwich",), "toastie": ("sandwich",),
}  # fmt: skip
"""Dish forms USDA files under another ("a falafel wrap" is "Falafel sandwich")."""
_WITH_WORD = re.compile(r"\swith\s", re.I)
_AND_IN = re.compile(r"\band\b|&")
_AMOUNT_OF_WORDS = frozenset({
    "nonfat", "lowfat", "skim", "skimmed", "reduced", "diet", "lite", "unsalted", "salted",
    "unsweetened", "sweetened", "decaf", "decaffeinated", "zero",
})  # fmt: skip
"""Words that say how much fat, salt, sugar or caffeine a food has: never the food's head."""
_DESCRIBING_VERBS = frozenset({"made", "cut", "torn", "split", "shaken", "stirred", "mixed"})
"""Words of how a food was made that do not end in -ed ("1 cup made w/ water, topped")."""
_VOWELS = re.compile(r"[aeiou]")
_KNOWN_WORDS = frozenset({
    "sprig", "rib", "ribs", "stalk", "head", "knob", "dollop", "splash", "drizzle", "handful",
    "pinch", "dash", "glug", "wedge", "chunk", "shard", "curl", "shaving", "round", "slab",
})  # fmt: skip
"""Measure and recipe words that the table does not use, never typo-corrected into a food word."""
_COOKED_IN = re.compile(
    r"\b(fried|pan[- ]fried|stir[- ]fried|shallow[- ]fried|sauteed|sautéed|cooked|roasted"
    r"|sweated|softened|browned|tossed|done)\s+(?:in|with)\s+"
    r"(?:(?:a\s+)?(?:bit|little|drop|drizzle|splash|knob|dash|spoon|spray|touch|tbsp|tsp)\s+"
    r"(?:of\s+)?|some\s+)?"
    r"(?:(?:extra\s+virgin\s+)?olive|vegetable|sunflower|rapeseed|canola|coconut|sesame|"
    r"peanut|corn|avocado)?\s*(oil|butter|margarine|ghee|lard|dripping|cooking\s+spray"
    r"|fry\s+light)\b",
    re.I,
)
_PACKED_IN = re.compile(
    r"\w\s+in\s+((?:extra\s+virgin\s+)?olive\s+|sunflower\s+|vegetable\s+|soybean\s+|spring\s+)?"
    r"(?:oil|water|brine|(?:light\s+|heavy\s+)?syrup|(?:own\s+|fruit\s+)?juice|tomato\s+sauce)\s*$",
    re.I,
)
_MADE_WITH = re.compile(r"\s(?:with|on|in|from|made)\s", re.I)
_PARENS_TEXT = re.compile(r"\([^)]*\)")
_ALL_CAPS = re.compile(r"[^a-z]*[A-Z]{2}[^a-z]*")
_JOINERS = re.compile(r"\s(?:and|or|with|on|in|&)\s|&|/", re.I)
_WHAT_IT_HAS = re.compile(r"(?:with|in|on|and|or|no|not|without|ns|nfs|made|from|for)\b", re.I)


def _comma_parts(name: str) -> list[tuple[str, tuple[str, ...], bool]]:
    """The texts to try for a name with commas, with the parts each leaves out: the whole, then
    its runs of parts that start at the second or the first part, longest first, the later
    start first ("Kirkland, Protein Bar, Chocolate Chip Cookie Dough": "Protein Bar, Chocolate
    Chip Cookie Dough", then "Kirkland, Protein Bar", then "Protein Bar"). Brackets are not
    split. The flag is true for the first part alone."""
    if "," not in name:
        return [(name, (), False)]
    parts = [p.strip() for p in _COMMA.split(name) if p.strip()]
    n = len(parts)
    out = [(name, (), False)]
    for size in range(n - 1, 0, -1):
        for start in (1, 0):
            if start + size > n:
                continue
            kept = parts[start : start + size]
            left = tuple(parts[:start] + parts[start + size :])
            out.append((", ".join(kept), left, start == 0 and size == 1))
    return out


_COMMA = re.compile(r",(?![^()]*\))")
_COMBINATION = re.compile(r"\band\b|\bwith\b|&|\bon\b", re.I)


@dataclass(frozen=True)
class Match:
    """A food chosen for a name.

    Attributes:
        food_key: key of the food in the table, e.g. ``"sr28:09040"``.
        description: the food's USDA description, e.g. ``"Bananas, raw"``.
        kind: ``"exact"`` (the name is the description), ``"alias"`` (a curated everyday name) or
            ``"fuzzy"`` (scored; typos corrected).
        score: 1.0 for exact and alias matches; the fuzzy score (0..1) otherwise.
        query: the name as it was asked for.
        words: the words the food was chosen on, after the vocabulary and typo fixes.
        set_aside: words of the name the choice did not use: how it was cut or served
            ("chopped", "to taste"), a brand or word the table does not know ("kirkland"), a
            preparation the food's description lacks, an alternative ("or blackcurrants").
        notes: what the vocabulary did ("read 'aubergine' as 'eggplant'").
    """

    food_key: str
    description: str
    kind: str
    score: float
    query: str
    words: tuple[str, ...] = ()
    set_aside: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def explain(self) -> str:
        """Why this food, in one line: "synonym 1.0 on 'cheerios'; set aside 'chopped'"."""
        out = f"{self.kind} {self.score:.2f}"
        if self.words:
            out += f" on '{' '.join(self.words)}'"
        if self.set_aside:
            out += f"; set aside '{' '.join(self.set_aside)}'"
        return out


# "without salt", "no sugar added", "not drained", "non fat" say what a food has not; "non-dairy"
# and "non-fat" (hyphenated) are what it is.
_MAYBE_NEGATION = re.compile(r"\b(?:without|no|not|non(?!-))\b", re.I)
_NEGATION = re.compile(r"\b(?:without|no|not|non(?!-))\b[^,;()]*", re.I)
_SKIN_NOT_EATEN = re.compile(r"\bskin not eaten\b", re.I)
_NO_SALT = re.compile(r"\b(?:without salt|no salt added|no added salt|salt[- ]free)\b", re.I)


_WITH_SALT = re.compile(r"\bwith salt\b", re.I)


def _affirmed(description: str, toks: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """A description's words without what it says the food has *not*, for scoring.

    "Chicken breast, grilled without sauce" has no sauce, "Spinach, ..., without salt" no salt;
    "skin not eaten" is "skinless". ``toks``: the description's tokens, when already known.
    """
    if "with salt" in description:  # how it was cooked, not the food salt
        description = _WITH_SALT.sub(" salted ", description)
        toks = None
    if not _MAYBE_NEGATION.search(description):
        return toks if toks is not None else tokens(description)
    description = _SKIN_NOT_EATEN.sub("skinless", description)
    description = _NO_SALT.sub(" unsalted ", description)
    return tokens(_NEGATION.sub(" ", description))


def _head(description: str) -> str:
    """The first food word of a description's first part: "Fried onion rings" -> "onion"."""
    words = tokens(description.split(",", 1)[0])
    return next(
        (w for w in words if w not in PREP_WORDS and w not in NEUTRAL_WORDS),
        words[0] if words else "",
    )


def _key(toks: Iterable[str]) -> tuple[str, ...]:
    """Word-order-insensitive key of a token sequence."""
    return tuple(sorted(toks))


# --------------------------------------------------------------------------------------------
# Word classes for scoring
# --------------------------------------------------------------------------------------------

# Preparation words: they count (a "fried egg" is not a "boiled egg"), but less than the food.
PREP_WORDS = frozenset({
    "raw", "cooked", "boiled", "grilled", "baked", "fried", "scrambled", "dried", "canned",
    "roasted", "steamed", "broiled", "poached", "sauteed", "mashed", "toasted", "frozen", "smoked",
    "stewed", "braised", "microwaved", "deep", "pan", "stir", "hard", "soft", "drained", "dry",
    "heat", "moist", "rehydrated", "reconstituted", "prepared", "unprepared", "fresh", "pickled",
    "breaded", "battered", "marinated", "blanched", "simmered", "instant", "uncooked", "roast",
})  # fmt: skip
# A preparation the name asks for, and how well other preparations in a description answer it.
PREP_NEAR: dict[str, dict[str, float]] = {
    "cooked": {"boiled": 0.8, "baked": 0.7, "roasted": 0.7, "steamed": 0.8, "broiled": 0.7,
               "grilled": 0.7,
               "simmered": 0.8, "braised": 0.7, "stewed": 0.7, "poached": 0.7, "heat": 0.6},
    "grilled": {"broiled": 0.85, "roasted": 0.6, "baked": 0.5, "cooked": 0.5, "heat": 0.5},
    "broiled": {"grilled": 0.85, "baked": 0.6, "roasted": 0.6, "cooked": 0.5},
    "baked": {"roasted": 0.8, "broiled": 0.6, "cooked": 0.5, "heat": 0.5},
    "roasted": {"baked": 0.8, "broiled": 0.6, "cooked": 0.5, "heat": 0.5, "roast": 0.9},
    "roast": {"roasted": 0.9, "baked": 0.7, "cooked": 0.5, "heat": 0.5},
    "boiled": {"cooked": 0.6, "simmered": 0.8, "poached": 0.6, "steamed": 0.6, "stewed": 0.5},
    "steamed": {"boiled": 0.8, "cooked": 0.6},
    "poached": {"boiled": 0.7, "cooked": 0.5, "simmered": 0.7},
    "sauteed": {"fried": 0.7, "stir": 0.6, "cooked": 0.5},
    "fried": {"sauteed": 0.6, "pan": 0.6, "stir": 0.5},
    "stewed": {"simmered": 0.7, "braised": 0.7, "boiled": 0.5, "cooked": 0.5},
    "braised": {"stewed": 0.7, "simmered": 0.6, "cooked": 0.5},
    "toasted": {"roasted": 0.5},
    "scrambled": {"omelet": 0.8},
    "dried": {"dehydrated": 0.9, "dry": 0.7},
    "raw": {"fresh": 0.6, "uncooked": 0.9},
    "fresh": {"raw": 0.8},
}  # fmt: skip
# Words that say little about which food it is: "fresh", "plain", "NFS", "without salt", "regular".
NEUTRAL_WORDS = frozenset({
    "nfs", "ns", "as", "type", "method", "cooking", "fresh", "plain", "regular", "all",
    "commercial", "commercially", "without", "added", "no", "not", "eaten", "from", "made",
    "home", "homemade", "recipe", "organic", "natural", "lightly", "includes", "include",
    "varieties", "variety", "style", "kind", "usual", "usually", "standard", "whole", "fluid",
    "ready", "serve", "eat", "form", "with", "enriched", "unenriched", "fortified", "unfortified",
    "vitamin", "d", "solid", "liquid", "mature", "seeds", "seed", "flesh", "skin", "peel", "peeled",
    "unpeeled", "drained", "heat", "dry", "moist", "prepared", "unprepared", "item", "skinless",
    "good", "store", "bought", "leftover", "big", "little", "nice", "yummy", "delicious", "tasty",
    "quick", "brand", "generic", "other", "than", "only", "also", "sweetened", "unsweetened",
    "choice", "grade", "trimmed", "separable", "lean", "level", "inch", "fat", "retail", "cut",
    "mixed", "species", "source", "old", "new", "traditional", "original", "classic", "part",
    "percent",
})  # fmt: skip
# Measure words left in a name ("salmon fillet", "pizza slice"): they say how much, not which food.
MEASURE_WORDS = frozenset({
    "slice", "piece", "fillet", "filet", "stick", "strip", "wedge", "serving", "portion", "bowl",
    "glass", "mug", "plate", "handful", "scoop", "cup", "can", "bottle", "container", "packet",
    "pack", "chunk", "cube", "half", "whole", "link", "stalk", "spear", "leaf", "sprig", "clove",
    "bunch", "floret", "floweret", "shot", "tender",
})  # fmt: skip
# Measure words a name can drop and still name the same food ("sausage links" are sausage); not
# "stick", "strip", "tender", "wedge" or "bar", which make dishes ("mozzarella sticks").
# Words of a description that say the food is not as cooked ("Kale, raw", "Oats, dry").
_UNCOOKED = frozenset({"raw", "dry", "uncooked", "unprepared", "dried"})

REDUCIBLE_WORDS = MEASURE_WORDS - {"stick", "strip", "tender", "wedge", "bar", "half", "whole"}
# Words that make a different food of the one named: "apple" is not "apple juice" or "apple pie",
# "tuna salad" not a "tuna salad sandwich". A description with one the name lacks costs more.
FORM_WORDS = frozenset({
    "sandwich", "soup", "salad", "juice", "sauce", "pie", "cake", "bread", "muffin", "cookie",
    "bar", "chip", "oil", "butter", "milk", "dressing", "drink", "beverage", "smoothie", "shake",
    "cereal", "candy", "pudding", "burger", "pizza", "roll", "sushi", "taco", "burrito", "wrap",
    "sub", "nugget", "flour", "powder", "syrup", "jam", "jelly", "spread", "dip", "casserole",
    "stew", "chili", "curry", "salsa", "gravy", "puree", "nectar", "cracker", "pastry", "strudel",
    "tart", "turnover", "fritter", "dumpling", "noodle", "pasta", "rice", "cobbler", "crisp",
    "sorbet", "yogurt", "gelatin", "cocktail", "liqueur", "wine", "beer", "tea", "coffee",
    "babyfood", "formula", "loaf", "patty", "stuffing", "flavored", "crumb",
})  # fmt: skip
_FORM_COST = 0.45
# How much an unrequested preparation in a description counts against it: "raw" is the default
# state of produce and "cooked" the default of meat and grain, so they cost little.
_EXTRA_PREP_COST = {
    "raw": 0.06, "cooked": 0.08, "drained": 0.02, "boiled": 0.12, "heat": 0.02, "dry": 0.1,
    "moist": 0.02, "prepared": 0.04, "fresh": 0.02,
}  # fmt: skip
_PREP_COST = 0.25
_CONTENT_POOL = 12  # ranked foods looked at for one with every content word of the name
_SET_ASIDE_FACTOR = 0.95  # a match found after setting unknown or brand words aside
DISH_SCORE = 0.75
"""Lowest fuzzy score at which a food with every content word of a text makes it one dish."""
# Words that only qualify a food as a comma part: colours and grades ("Onion, white, yellow or
# red"; "Oatmeal, regular or quick"); with a food word they count ("white rice").
_QUALIFIERS = frozenset({
    "white", "yellow", "red", "green", "brown", "black", "purple", "golden", "dark", "light",
    "quick", "rolled", "steel", "split", "medium", "large", "small", "extra", "jumbo", "baby",
    "young", "mature", "mild", "spicy", "includes", "include", "including", "type",
    "ground", "whole", "half", "halves", "pieces", "piece", "chunk", "chunks", "regular",
    "full", "original", "classic", "plain", "food", "product", "brand",
    "breakfast", "lunch", "dinner", "supper", "snack", "brunch", "meal",
})  # fmt: skip
_HEAD_BONUS = 0.06
_POOL = 100  # candidates scored in full per name
_MAX_RANKED = 50  # foods a fuzzy ranking keeps
_NEUTRAL_COST = 0.04
_CONTENT_COST = 0.2

_BRAND = re.compile(r"\b(?:[A-Z][a-z]?)?[A-Z]{2,}[A-Z'&.\-]*\b")
# FNDDS names brands in parentheses: "Nutrition bar (Clif Bar)", "Hamburger (McDonalds)".
_PAREN_BRAND = re.compile(r"\(([A-Z][^)]*)\)")
_NOT_BRANDS = frozenset({
    "NFS", "NS", "USDA", "NLEA", "DHA", "ARA", "USA", "II", "III", "BBQ", "CN", "DV", "RTE", "RTF",
    "UHT", "RDA", "AK", "TX", "IQF", "PRO", "LC", "OR", "WITH", "AND",
})  # fmt: skip
_UNUSUAL = (
    (re.compile(r"\bbaby ?food|\binfant|\btoddler|\bformula\b|\bjunior\b|\bstrained\b", re.I),
     frozenset({"baby", "babyfood", "infant", "toddler", "formula", "junior", "strained"}), 0.15),
    (re.compile(r"usda commodity|\bcommodity\b|school lunch|\bchild care\b", re.I),
     frozenset({"usda", "commodity", "school"}), 0.06),
    (re.compile(r"\brestaurant\b|\bfast foods?\b|\bfamily style\b", re.I),
     frozenset({"restaurant", "fast", "takeout", "takeaway"}), 0.04),
    (re.compile(r"alaska native|\(navajo\)|\(hopi\)|\(apache\)|\(shoshone|plains indians|\(ojibwe\)"
                r"|\(yup'ik\)"
                r"|\(inupiat\)|southwest|\(cheyenne\)|\(ojibwa\)|\(choctaw\)|\(creek\)", re.I),
     frozenset({"alaska", "native", "navajo", "hopi", "apache"}), 0.06),
    (re.compile(r"\bdehydrated\b|\bpowder(?:ed)?\b|\bfreeze-dried\b|\bconcentrate\b|\bdry mix\b"
                r"|\bmix, dry\b", re.I),
     frozenset({"dehydrated", "powder", "powdered", "freeze", "concentrate", "mix", "dry"}), 0.05),
    (re.compile(r"\bimitation\b|\bsubstitute\b|\breduced sodium\b|\blow sodium\b|\bdiet\b", re.I),
     frozenset({"imitation", "substitute", "sodium", "diet"}), 0.03),
    (re.compile(r"\bnot included\b|\bmeal kits?\b", re.I), frozenset({"kit"}), 0.15),
    (re.compile(r"\bwith salt\b|\bsalted\b", re.I), frozenset({"salt", "salted"}), 0.02),
    (re.compile(r"\bmeatless\b|\bmeat substitute\b|\bvegetarian\b", re.I),
     frozenset({"meatless", "vegetarian", "veggie", "vegan", "plant", "substitute"}), 0.1),
    (re.compile(r"\bunprepared\b|\bas purchased\b", re.I), frozenset({"unprepared"}), 0.08),
)  # fmt: skip


# Literal pieces one of which each _UNUSUAL pattern needs: a cheap test before the pattern.
_UNUSUAL_HINTS: tuple[tuple[str, ...], ...] = (
    ("baby", "infant", "toddler", "formula", "junior", "strained"),
    ("commodity", "school", "child care"),
    ("restaurant", "fast food", "family style"),
    ("alaska", "navajo", "hopi", "apache", "shoshone", "plains", "ojibw", "yup'ik", "inupiat",
     "southwest", "cheyenne", "choctaw", "creek"),
    ("dehydrated", "powder", "freeze-dried", "concentrate", "dry mix", "mix, dry"),
    ("imitation", "substitute", "sodium", "diet"),
    ("not included", "meal kit", "MEAL KIT"),
    ("with salt", "salted"),
    ("meatless", "meat substitute", "vegetarian", "Vegetarian", "Meatless"),
    ("unprepared", "as purchased"),
)  # fmt: skip


_UNUSUAL_HINT_RES = tuple(re.compile("|".join(map(re.escape, h))) for h in _UNUSUAL_HINTS)


def _plainness_marks(description: str) -> tuple[tuple[frozenset[str], float], ...]:
    """What makes a description less plain than the common food: (words asking for it, cost).

    Branded (a word in capitals such as ``KELLOGG'S``, except NFS, USDA and the like, or FNDDS's
    capitalised name in parentheses, "(Clif Bar)") 0.06; baby food, infant formula 0.15; USDA
    Commodity or school lunch 0.06; restaurant or fast food 0.04;
    American Indian/Alaska Native foods 0.06; dried, powdered, concentrate 0.05; imitation, diet,
    reduced sodium 0.03. A mark costs nothing when the name contains one of its words (a name
    with "cheerios" asks for the brand).
    """
    marks: list[tuple[frozenset[str], float]] = []
    brands = [b for b in _BRAND.findall(description) if b not in _NOT_BRANDS]
    brands += _PAREN_BRAND.findall(description)
    if brands:
        marks.append((frozenset(t for b in brands for t in tokens(b)), 0.06))
    lower = description.lower()
    for (pattern, asked, cost), hints in zip(_UNUSUAL, _UNUSUAL_HINT_RES, strict=True):
        if hints.search(lower) and pattern.search(description):
            marks.append((asked, cost))
    return tuple(marks)


# The state a food is in, which changes its values per gram: a name that says one state and a
# description that says another are different foods ("Raspberries, fresh" is not "Raspberries,
# frozen, sweetened"; "Oatmeal, dry" is not oatmeal made with water).
_STATES = (
    frozenset({"fresh", "raw", "uncooked", "dry"}),
    frozenset({"frozen"}),
    frozenset({"canned"}),
    frozenset({"cooked", "boiled", "baked", "fried", "roasted", "grilled", "broiled", "steamed",
               "made", "prepared", "stewed", "braised", "sauteed", "microwaved"}),
    frozenset({"pickled"}),
)  # fmt: skip
_STATE_COST = 0.12
_COLOURS = frozenset({"white", "yellow", "red", "green", "brown", "black", "purple", "golden"})


def _state_penalty(q: frozenset[str], doc: frozenset[str]) -> float:
    """What a description costs whose state contradicts the name's (see :data:`_STATES`): a
    state the name asks for that the description lacks, while it says another."""
    asked = [k for k, words in enumerate(_STATES) if words & q]
    if not asked:
        return 0.0
    said = [k for k, words in enumerate(_STATES) if words & doc]
    if not said or any(k in said for k in asked):
        return 0.0
    if asked == [3] and said == [0] and "fresh" in doc:  # "cooked" and "Broccoli, fresh, cooked"
        return 0.0
    return _STATE_COST


def _colour_penalty(q: frozenset[str], doc: frozenset[str]) -> float:
    """A colour the name asks for that the description lacks while it says another ("black
    pepper" is not "Peppers, sweet, green")."""
    asked, said = _COLOURS & q, _COLOURS & doc
    return _STATE_COST if asked and said and not (asked & said) else 0.0


def _flavour_penalty(q: frozenset[str], doc: frozenset[str]) -> float:
    """A flavour the name does not ask for, when it asks for the food plain ("plain greek
    yogurt" is no vanilla one)."""
    return 2 * _STATE_COST if "plain" in q and (_FLAVOURS & doc) - q else 0.0


_FLAVOURS = frozenset({
    "vanilla", "strawberry", "chocolate", "fruit", "flavored", "flavor", "honey", "blueberry",
    "peach", "raspberry", "cherry", "lemon", "lime", "coffee", "caramel", "banana", "mango",
    "maple", "cinnamon", "raisin", "apple", "orange", "coconut", "mocha", "sweetened",
})  # fmt: skip


def _plainness_penalty(
    marks: tuple[tuple[frozenset[str], float], ...], query: frozenset[str]
) -> float:
    """The cost of the marks the name does not ask for (see :func:`_plainness_marks`)."""
    return sum(cost for asked, cost in marks if not (asked & query))


# --------------------------------------------------------------------------------------------
# The alias table
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alias:
    """One row of data/aliases.csv: an everyday name, the food it means, and why."""

    alias: str
    food_key: str
    note: str
    line: int


def read_aliases(path: str | Path | None = None) -> list[Alias]:
    """The alias rows of ``path`` (default: the bundled data/aliases.csv).

    Raises:
        DataFileError: the file is missing a column, has an empty cell or repeats an alias.
    """
    if path is None:
        ref = resources.files("nutricheck") / "data" / "aliases.csv"
        text = ref.read_text(encoding="utf-8")
        where = "data/aliases.csv"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise DataFileError(f"cannot read the file: {exc.strerror}", source=str(path)) from exc
        where = str(path)
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in ALIAS_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise DataFileError(f"missing column(s) {', '.join(missing)}", source=where, line=1)
    rows: list[Alias] = []
    seen: dict[tuple[str, ...], int] = {}
    for line, rec in enumerate(reader, start=2):
        alias, key = (rec["alias"] or "").strip(), (rec["food_key"] or "").strip()
        if not alias or not key:
            raise DataFileError("alias and food_key must not be empty", source=where, line=line)
        k = tokens(alias)
        if k in seen:
            raise DataFileError(
                f"alias repeats line {seen[k]} "
                "(the same words, singular or plural, or another spelling)",
                source=where,
                line=line,
                key="alias",
                text=alias,
            )
        seen[k] = line
        rows.append(Alias(alias, key, (rec.get("note") or "").strip(), line))
    return rows


@dataclass(frozen=True)
class Synonym:
    """One row of data/synonyms.csv: another name USDA gives a food, and what kind of name."""

    food_key: str
    source: str
    kind: str  # "name", "coverage" or "brand"
    name: str


@functools.lru_cache(maxsize=1)
def read_synonyms() -> tuple[Synonym, ...]:
    """The rows of the bundled data/synonyms.csv (built from USDA's files; see data/README.md)."""
    ref = resources.files("nutricheck") / "data" / "synonyms.csv"
    reader = csv.DictReader(ref.read_text(encoding="utf-8").splitlines())
    missing = [c for c in SYNONYM_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise DataFileError(f"missing column(s) {', '.join(missing)}", source="data/synonyms.csv")
    return tuple(Synonym(r["food_key"], r["source"], r["kind"], r["name"]) for r in reader)


_USER_PREFIXES = ("user:", "fdc:")
# Words of manufacturer names that are not brand words ("Kellogg, Co.", "Kraft Foods, Inc.").
_CORPORATE_WORDS = frozenset({
    "inc", "co", "corp", "corporation", "company", "llc", "ltd", "limited", "food", "foods",
    "product", "products", "brand", "brands", "group", "international", "usa", "us", "america",
    "american", "north", "division", "industries", "incorporated", "enterprises", "holdings",
    "manufacturing", "kitchen", "kitchens", "farm", "farms", "dairy", "baking", "bakery",
    "bakeries", "mills", "mill", "beverage", "beverages", "natural", "nutrition", "restaurant",
    "restaurants", "service", "services", "corporate", "global", "world", "wide", "worldwide",
    "marketing", "sale", "sales", "distributing", "distributors",
})  # fmt: skip


# --------------------------------------------------------------------------------------------
# The matcher
# --------------------------------------------------------------------------------------------


class _Doc(NamedTuple):
    """A document the fuzzy tier scores: a food description, or an alias standing for its food.

    A named tuple rather than a dataclass: the index holds some 15,000 of them and is read back from
    the on-disk cache on every run, where creating tuples is several times cheaper.
    """

    food: int  # index into Matcher._keys
    tokens: frozenset[str]
    head: str  # first food word of the first comma-separated part ("" when none)
    is_alias: bool
    alt: frozenset[str] = frozenset()  # words of USDA's coverage notes: count, cost nothing


class _LazyDocs(Sequence[_Doc]):
    """The documents of an index read back from the cache, each made on first use: a name is
    scored against a few hundred of the 15,000 at most, and making them all would cost more
    than reading the rest of the index."""

    __slots__ = ("_alias", "_alt", "_food", "_head", "_made", "_words")

    def __init__(
        self,
        food: list[int],
        words: list[str],
        head: list[str],
        alias: list[bool],
        alt: list[str],
    ) -> None:
        self._food, self._words, self._head, self._alias = food, words, head, alias
        self._alt = alt
        self._made: list[_Doc | None] = [None] * len(food)

    @overload
    def __getitem__(self, d: int) -> _Doc: ...
    @overload
    def __getitem__(self, d: slice) -> Sequence[_Doc]: ...
    def __getitem__(self, d: int | slice) -> _Doc | Sequence[_Doc]:
        if isinstance(d, slice):
            return [self[i] for i in range(*d.indices(len(self)))]
        doc = self._made[d]
        if doc is None:
            alt = self._alt[d]
            doc = self._made[d] = _Doc(
                self._food[d],
                frozenset(self._words[d].split()),
                self._head[d],
                self._alias[d],
                frozenset(alt.split()) if alt else frozenset(),
            )
        return doc

    def __len__(self) -> int:
        return len(self._made)


@dataclass(frozen=True)
class _DocCosts:
    """What each word of a document costs when the name does not ask for it, worked out the first
    time the document is scored (most never are), so that a score needs only the name's few words.
    """

    costs: dict[str, float]
    total: float
    content: frozenset[str]  # words that name a food (not preparation, neutral or a number)
    preps: frozenset[str]  # preparation words
    marks: tuple[tuple[frozenset[str], float], ...]


class Matcher:
    """Matches food names against a :class:`FoodTable` in tiers (see the module docstring).

    Args:
        table: the foods; the bundled USDA table when ``None``.
        aliases_path: a CSV of ``alias,food_key,note``; the bundled data/aliases.csv when ``None``.
            Aliases whose food is not in ``table`` are skipped (a user's own small table).
    """

    # The index (built by _build, or read back from the on-disk cache by _restore).
    _keys: list[str]
    _descriptions: list[str]
    _index_of: dict[str, int]
    aliases: list[Alias]
    _df: dict[str, int]
    _idf: dict[str, float]
    _docs: list[_Doc] | _LazyDocs
    _doc_sizes: list[int]
    _postings: dict[str, list[int]]
    _exact: dict[tuple[str, ...], int]
    _marks: dict[int, tuple[tuple[frozenset[str], float], ...]]
    _doc_costs: dict[int, _DocCosts]
    _alias_targets: set[int]
    _alias_seq: dict[tuple[str, ...], tuple[int, Alias]]
    _alias: dict[tuple[str, ...], tuple[int, Alias]]
    _alias_vocab: set[str]
    _vocab: set[str]
    _vocab_by_first: dict[str, list[str]]
    _user: dict[tuple[str, ...], int]
    _synonym: dict[tuple[str, ...], int]
    _brands: frozenset[str]
    _extra_docs: dict[int, list[int]]

    def __init__(
        self,
        table: FoodTable | None = None,
        aliases_path: str | Path | None = None,
        *,
        vocabulary: Vocabulary | None = None,
    ) -> None:
        self.table = table if table is not None else default_table()
        key = _index_key(self.table, aliases_path)
        state = _diskcache.load("matcher", key) if key is not None else None
        try:
            restored = state is not None and self._restore(state)
        except (KeyError, TypeError, ValueError):  # an entry of another shape: rebuild it
            restored = False
        if not restored:
            self._build(aliases_path)
            if key is not None:
                _diskcache.save("matcher", key, self._state())
        rules = (vocabulary or default_vocabulary()).rules
        # A phrase of the vocabulary that is itself a name of the table ("oat milk", "chips") is
        # read as the table's food when it is the whole name; see nutricheck.vocabulary.
        self.vocabulary = Vocabulary(
            rules, is_name=lambda w: self._direct(w) is not None, food_word=lambda w: w in self._df
        )
        self._best = functools.lru_cache(maxsize=65536)(self._best_uncached)  # (words, proper)
        self._get = functools.lru_cache(maxsize=65536)(self._get_uncached)
        self._ranked = functools.lru_cache(maxsize=8192)(self._ranked_uncached)
        self._correct = functools.lru_cache(maxsize=65536)(self._correct_uncached)

    # -- the index, built or read back --------------------------------------------------------

    _STATE = (
        "_keys", "_descriptions", "aliases", "_df", "_idf", "_doc_sizes", "_postings", "_exact",
        "_marks", "_alias_targets", "_alias_seq", "_alias", "_alias_vocab", "_vocab",
        "_vocab_by_first", "_user", "_synonym", "_brands", "_makers", "_extra_docs",
        "_other_heads",
    )  # fmt: skip
    """What the on-disk cache keeps, besides the documents (kept as columns, see _LazyDocs)."""

    def _state(self) -> dict[str, Any]:
        state = {name: getattr(self, name) for name in self._STATE}
        docs = [self._docs[d] for d in range(len(self._docs))]
        state["_docs"] = (
            [d.food for d in docs],
            [" ".join(d.tokens) for d in docs],
            [d.head for d in docs],
            [d.is_alias for d in docs],
            [" ".join(d.alt) for d in docs],
        )
        return state

    def _restore(self, state: dict[str, Any]) -> bool:
        """Take the index from a cache entry; ``False`` when it does not fit this table."""
        keys = state["_keys"]
        if len(keys) != len(self.table) or not all(k in self.table for k in keys[:100]):
            return False
        for name in self._STATE:
            setattr(self, name, state[name])
        self._docs = _LazyDocs(*state["_docs"])
        self._index_of = {k: i for i, k in enumerate(self._keys)}
        self._doc_costs = {}
        return True

    def _build(self, aliases_path: str | Path | None) -> None:
        descriptions = self.table.descriptions()
        self._keys = list(descriptions)
        self._descriptions = [descriptions[k] for k in self._keys]
        self._index_of = {k: i for i, k in enumerate(self._keys)}
        self.aliases = [a for a in read_aliases(aliases_path) if a.food_key in self._index_of]

        desc_tokens = [tokens(d) for d in self._descriptions]
        df: dict[str, int] = {}
        for toks in desc_tokens:
            for t in set(toks):
                df[t] = df.get(t, 0) + 1
        self._df = df
        n = len(self._descriptions)
        log_n = math.log(n + 2)
        # How telling a word is, 0..1: rare words count more than common ones ("tahini", "chicken").
        self._idf = {t: math.log((n + 2) / (c + 1)) / log_n for t, c in df.items()}

        self._docs = []
        self._doc_sizes = []
        self._extra_docs = {}
        self._other_heads: dict[int, set[str]] = {}
        self._postings = {}
        self._exact = {}
        self._marks = {}
        self._doc_costs = {}
        self._alias_targets = {self._index_of[a.food_key] for a in self.aliases}
        for i, (desc, toks) in enumerate(zip(self._descriptions, desc_tokens, strict=True)):
            self._add_doc(i, _affirmed(desc, toks), _head(desc))
            k = _key(toks)
            other = self._exact.get(k)
            if other is None or self._plain_order(i) < self._plain_order(other):
                self._exact[k] = i
        # Aliases are looked up in their own word order first ("milk chocolate" is candy,
        # "chocolate milk" a drink), then in any order when only one alias has those words.
        self._alias_seq = {}
        by_key: dict[tuple[str, ...], list[tuple[int, Alias]]] = {}
        for a in self.aliases:
            i = self._index_of[a.food_key]
            toks = tokens(a.alias)
            self._alias_seq[toks] = (i, a)
            by_key.setdefault(_key(toks), []).append((i, a))
            self._add_doc(i, toks, toks[0] if toks else "", is_alias=True)
            self._other_heads.setdefault(i, set()).add(_name_head_word(toks))
        self._alias = {k: v[0] for k, v in by_key.items() if len(v) == 1}
        self._add_synonyms(df)
        # The user's own foods (``user:`` and ``fdc:`` keys, merged into the table) come first:
        # a name that is one of them is that food, before any alias ("my protein bar").
        self._user = {}
        for i, k in enumerate(self._keys):
            if k.startswith(_USER_PREFIXES):
                self._user.setdefault(word_key(desc_tokens[i]), i)

        self._alias_vocab = {t for k in self._alias_seq for t in k}
        self._vocab = set(df) | self._alias_vocab | {t for d in self._docs for t in d.tokens | d.alt}
        by_first: dict[str, list[str]] = {}
        for t in sorted(self._vocab):
            if not t.isdigit():
                by_first.setdefault(t[0], []).append(t)
        self._vocab_by_first = by_first

    # -- building -----------------------------------------------------------------------------

    def _rarity(self, t: str) -> float:
        return min(1.0, self._idf.get(t, 1.0) / 0.6)

    def _cost(self, t: str) -> float:
        """What a word of a description costs when the name does not ask for it."""
        if t in FORM_WORDS:
            return _FORM_COST
        if t in _EXTRA_PREP_COST:
            return _EXTRA_PREP_COST[t]
        if t in PREP_WORDS:
            return _PREP_COST
        if t in NEUTRAL_WORDS or t in STOPWORDS or t.isdigit():
            return _NEUTRAL_COST
        return _CONTENT_COST * (0.5 + 0.5 * self._rarity(t))

    def _add_doc(self, food: int, toks: Sequence[str], head: str, is_alias: bool = False) -> None:
        """Index a description, or an alias or synonym of a food."""
        tokset = frozenset(toks)
        assert isinstance(self._docs, list), "documents are only added while building"
        d = len(self._docs)
        self._docs.append(_Doc(food, tokset, head, is_alias))
        self._doc_sizes.append(len(tokset))
        for t in tokset:
            self._postings.setdefault(t, []).append(d)
        if d != food:  # a description's document has the food's own index
            self._extra_docs.setdefault(food, []).append(d)

    def _common_words(self, df: dict[str, int]) -> set[str]:
        """Words that name foods in lower case somewhere: never only a brand ("cheese")."""
        out: set[str] = set()
        for desc in self._descriptions:
            for w in re.findall(r"\b[a-z][a-z]+\b", desc):
                out.add(singular(w))
        return out

    def _add_synonyms(self, df: dict[str, int]) -> None:
        """USDA's other names for the foods (data/synonyms.csv, built by scripts/build_data.py).

        A ``name`` ("Cheerios", "cannoli") is a document of its own and an exact name; a
        ``coverage`` note ("almond, coconut, rice, or soy milk") adds its words to the food's
        description as words that count (:data:`ALT_CREDIT`) but cost nothing; a ``brand``
        (a manufacturer, "Kellogg, Co.") gives brand words, set aside when the food lacks them.
        """
        assert isinstance(self._docs, list), "documents are only added while building"
        self._synonym = {}
        alt: dict[int, set[str]] = {}
        brands: set[str] = set()
        makers: set[str] = set()
        order: dict[tuple[str, ...], list[int]] = {}
        for row in read_synonyms():
            i = self._index_of.get(row.food_key)
            if i is None:
                continue
            toks = tokens(row.name)
            if not toks:
                continue
            if row.kind == "brand":  # a company: its words that no description uses
                brands.update(
                    t for t in toks if t not in _CORPORATE_WORDS and t not in df and not t.isdigit()
                )
                makers.update(t for t in toks if t not in _CORPORATE_WORDS and not t.isdigit())
            elif row.kind == "coverage":
                alt.setdefault(i, set()).update(toks)
            else:
                # in its own word order: "milk tea" (bubble tea) is no "tea, milk"
                order.setdefault(tuple(toks), []).append(i)
                self._add_doc(i, toks, toks[0])
                self._other_heads.setdefault(i, set()).add(_name_head_word(toks))
        for k, foods in order.items():
            # a toddler meal's "cheese ravioli" is no name for ravioli: marked foods (baby food,
            # infant formula) are found by the fuzzy tier, where the mark costs them
            plain = [i for i in foods if _plainness_penalty(self._marks_of(i), frozenset()) < 0.1]
            if plain:
                self._synonym[k] = min(plain, key=self._plain_order)
        for i, words in alt.items():
            doc = self._docs[i]
            extra = frozenset(words) - doc.tokens
            if extra:
                self._docs[i] = doc._replace(alt=extra)
                for t in extra:
                    self._postings.setdefault(t, []).append(i)
        # a description's brand in capitals ("Yogurt, Greek, nonfat, vanilla, CHOBANI") is a
        # brand word too, when the word names no food on its own
        for desc in self._descriptions:
            for b in _BRAND.findall(desc):
                if b not in _NOT_BRANDS:
                    brands.update(t for t in tokens(b) if len(t) > 2)
        common = self._common_words(df)
        brands -= common
        self._brands = frozenset(brands)
        # the companies that make foods ("Kraft Foods, Inc."): a name they start says who made
        # the food, not which food ("Kraft mac and cheese"); a product's own name in capitals
        # ("RICE KRISPIES") is no maker
        everyday = {t for k in self._alias_seq for t in k}
        self._makers = frozenset(
            t for t in makers - common - everyday if len(t) > 2 and t not in STOPWORDS
        )

    def _marks_of(self, i: int) -> tuple[tuple[frozenset[str], float], ...]:
        marks = self._marks.get(i)
        if marks is None:
            marks = self._marks[i] = _plainness_marks(self._descriptions[i])
        return marks

    def _costs_of(self, d: int) -> _DocCosts:
        found = self._doc_costs.get(d)
        if found is None:
            doc = self._docs[d]
            costs = {t: self._cost(t) for t in doc.tokens}
            if d == doc.food:
                # a form word that qualifies the food ("Yogurt, whole milk, plain") is no other
                # food: only in the description's first part does it make one ("Apple juice")
                first_part = self._descriptions[d].split(",", 1)[0]
                first = set(tokens(first_part))
                for t in doc.tokens:
                    if t in FORM_WORDS and t not in first:
                        costs[t] = _CONTENT_COST
                # a class in front ("Coffee, Iced Latte", "Cereals ready-to-eat, CHEERIOS") says
                # what kind of food, which the name need not: "iced latte" is that latte
                if "," in self._descriptions[d] and first_part.lower() in _CLASS_PREFIXES:
                    for t in first:
                        if t in costs and t in FORM_WORDS:
                            costs[t] = _CONTENT_COST
            content = frozenset(
                t
                for t in doc.tokens
                if t not in PREP_WORDS
                and t not in NEUTRAL_WORDS
                and t not in STOPWORDS
                and not t.isdigit()
            )
            # An alias is a curated choice: never "unusual", whatever its food's description says.
            marks = () if doc.is_alias else self._marks_of(doc.food)
            preps = frozenset(t for t in doc.tokens if t in PREP_WORDS)
            found = self._doc_costs[d] = _DocCosts(
                costs, sum(costs.values()), content, preps, marks
            )
        return found

    def _plain_order(self, i: int) -> tuple[bool, float, int, int, str]:
        """Order of foods with the same words ("Spinach, raw" is in SR28 and FNDDS): the one an
        alias chose, then the plainer, fewer commas, shorter, lower key."""
        desc = self._descriptions[i]
        return (
            i not in self._alias_targets,
            _plainness_penalty(self._marks_of(i), frozenset()),
            desc.count(","),
            len(desc),
            self._keys[i],
        )

    # -- the tiers ------------------------------------------------------------------------------

    def get(
        self, name: str, region: str = "us", *, proper: Iterable[str] = ()
    ) -> Match | None:
        """The best food for ``name``, or ``None`` when nothing is good enough.

        ``region`` (``"us"`` or ``"uk"``) decides the words whose meaning depends on it
        (:mod:`nutricheck.vocabulary`). A name with "or" ("salted or unsalted butter",
        "raspberries or blackcurrants") is tried whole, then as each alternative, the first one
        first; the other alternatives are set aside. A name with commas that no food has whole
        ("Wasa, Crispbread, Sourdough") is tried as its runs of parts, the longest first,
        starting at the second or the first part (a brand often comes first).

        ``proper``: the words of the name written with a capital letter where the name came
        from; those the table barely knows are taken for brand names and set aside when what is
        left names a food ("Kirkland, Chicken Breast").
        """
        return self._get(name, region, frozenset(w.lower() for w in proper))

    def _get_uncached(self, name: str, region: str, proper: frozenset[str]) -> Match | None:
        # capitalised words no description uses: brand names ("Kirkland", "Wasa", "Pirate's")
        known = frozenset(t for w in proper for t in tokens(w) if t not in self._df)
        weak: Match | None = None
        runs = _comma_parts(name)
        first = runs[-1][0] if len(runs) > 1 else name
        keep_first = len(runs) > 1 and self.is_food(first, region)
        for part, left_out, first_alone in runs:
            if first_alone and known & set(tokens(part)):
                continue  # never the first part alone when it names a brand ("Best Foods")
            if keep_first and left_out and left_out[0] == first:
                continue  # "red bell peppers, cored, seeded": the peppers, not "seeded"
            for text, other in _alternatives(part):
                found = self._match_text(text, region, name, known)
                if found is None:
                    continue
                aside = [*found.set_aside]
                if other:
                    aside.append(f"or {other}")
                aside.extend(left_out)
                found = replace(found, set_aside=tuple(aside)) if aside else found
                if "," not in name or self._strong(found, known):
                    return found
                # a food that lacks a word of the whole name: a shorter run of its parts may
                # name one that has all of its own ("Wasa, Crispbread, Sourdough")
                weak = weak or found
        return weak

    def _strong(self, m: Match, brands: frozenset[str] = frozenset()) -> bool:
        """The match has every word of its name that says which food, but brand names."""
        if m.kind in (USER, ALIAS, EXACT, SYNONYM) and not m.set_aside:
            return True
        words = [t for w in (*m.words, *m.set_aside) for t in tokens(w) if t not in brands]
        return self.content_words(words) <= self._food_words(self._index_of[m.food_key])

    def _match_text(
        self,
        text: str,
        region: str,
        query: str,
        proper: frozenset[str] = frozenset(),
        read_cooking: bool = True,
    ) -> Match | None:
        raw = tokens(text)
        cooked_in = _COOKED_IN.search(text) if read_cooking else None
        if cooked_in:
            # "courgette fried in a bit of olive oil", "eggs fried in butter": how it was cooked,
            # which USDA writes "fried with butter", "cooked with oil" or "cooked, fat added";
            # the fat is in the food, not a second food
            verb = cooked_in[1].lower().replace("-", " ").split()[-1]
            verb = verb if verb in ("fried", "roasted") else "cooked"
            fat = cooked_in[2].lower().split()[-1]
            fat = "oil" if fat in ("oil", "spray", "light") else fat
            before, after = text[: cooked_in.start()], text[cooked_in.end() :]
            for how in (f"{verb} with {fat}", f"{verb} fat added"):
                found_in = self._match_text(
                    f"{before} {how} {after}".strip(), region, query, proper, read_cooking=False
                )
                # the first only as USDA's own "with oil" food ("Chicken salad, made with Italian
                # dressing" has oil too)
                if found_in is not None and (
                    "added" in how or f"with {fat}" in found_in.description.lower()
                ):
                    return found_in
            return None
        packed = _PACKED_IN.search(text)
        if packed and not (set(raw) & (PREP_WORDS - {"canned"})):
            # "sardines in oil", "tuna in water", "peaches in syrup": what a food is packed in
            # says it is canned ("Fish, sardine, canned in oil"), not that it is the oil; which
            # oil or water it is USDA does not say ("in olive oil", "in spring water")
            kind = set(tokens(packed[1] or ""))
            raw = tuple(t for t in raw if t not in kind)
            raw = (*raw, "canned") if "canned" not in raw else raw
        rw = self.vocabulary.rewrite(raw, region)
        if rw.rules and len(set(rw.words)) < len(rw.words):
            # "cuppa with milk" is "tea hot with milk with milk": a word the vocabulary brought
            # in that the name says again counts once
            rw = replace(rw, words=tuple(dict.fromkeys(rw.words)), full=tuple(dict.fromkeys(rw.full)))
        found = None
        if rw.rules and not any(r.line in self.vocabulary.scoped for r in rw.rules):
            # a name of the table as written ("pb&j") before the vocabulary reads its words;
            # not when a word means something else in this region ("chips" in a British log)
            direct = self._direct(raw)
            if direct is not None:
                return Match(
                    self._keys[direct[0]], self._descriptions[direct[0]], direct[1], 1.0, query,
                    words=raw,
                )
        if rw.full != rw.words:  # "chopped salad" is a name before "chopped" is set aside
            direct = self._direct(rw.full)
            if direct is not None:
                found = (direct[0], direct[1], 1.0, ())
        if found is None:
            found = self._best(rw.words, proper, self._query_head(text, region, proper))
        if found is None:
            return None
        i, kind, score, aside = found
        corrected = self._corrected(rw.words)[0] if kind == FUZZY else rw.words
        used = tuple(w for w in corrected if w not in aside)
        return Match(
            self._keys[i],
            self._descriptions[i],
            kind,
            score,
            query,
            words=used,
            set_aside=(*rw.aside, *aside) if found[3] or rw.full == rw.words else rw.aside,
            notes=rw.notes(),
        )

    def lookup(self, name: str, region: str = "us") -> Match:
        """The best food for ``name``.

        Raises:
            UnknownFoodError: nothing is good enough; ``suggestions`` holds up to five near foods.
        """
        match = self.get(name, region)
        if match is None:
            suggestions = [(m.food_key, m.description) for m in self.suggest(name, limit=5)]
            raise UnknownFoodError(name, suggestions, text=name)
        return match

    def suggest(self, name: str, limit: int = 5, region: str = "us") -> list[Match]:
        """Foods to suggest for ``name``: :meth:`search`'s order, one food per description.

        SR28 and FNDDS both have a "Kale, raw"; a list of suggestions shows descriptions only, so
        it keeps the better-ranked of foods with the same description (ignoring case) and would
        otherwise say "Kale, raw; Kale, raw".
        """
        out: list[Match] = []
        seen: set[str] = set()
        for m in self.search(name, limit=_MAX_RANKED + 1, region=region):
            folded = m.description.casefold()
            if folded not in seen:
                seen.add(folded)
                out.append(m)
                if len(out) >= limit:
                    break
        return out

    def search(self, name: str, limit: int = 10, region: str = "us") -> list[Match]:
        """Foods for ``name``, best first, at most ``limit``; includes foods below the threshold.

        The first result is the one :meth:`get` returns, when ``get`` returns one.
        """
        rw = self.vocabulary.rewrite(tokens(name), region)
        out: list[Match] = []
        seen: set[int] = set()
        best = self.get(name, region)
        if best is not None:
            out.append(best)
            seen.add(self._index_of[best.food_key])
        for i, score in self._ranked(rw.words):
            if len(out) >= limit:
                break
            if i not in seen:
                seen.add(i)
                out.append(
                    Match(self._keys[i], self._descriptions[i], FUZZY, score, name, words=rw.words)
                )
        return out

    def is_dish(self, text: str, region: str = "us") -> bool:
        """``True`` when the whole text names one food: a name of the table (a user's food, an
        alias, a description, a USDA synonym), or a food whose words hold every word of the text
        that says which food ("latte with soy milk", "potatoes white flesh and skin").

        The log parser asks this before splitting a line at "and"/"with"/"on": "mac and cheese"
        and "peanut butter and jelly sandwich" are dishes, "eggs and toast" is two foods.
        """
        m = self.get(text, region)
        if m is None or any(w.startswith("or ") for w in m.set_aside):
            return False
        rewrite = self.vocabulary.rewrite(tokens(text), region)
        if any(_AND_IN.search(r.phrase) for r in rewrite.rules if r.kind in ("brand", "product")):
            return True  # "ben and jerrys cookie dough": a brand's name holds the "and"
        if _COOKED_IN.search(text):
            return True  # "courgette fried in olive oil": one food, cooked with fat
        if _WITH_WORD.search(text):
            # "coffee with creamer" is coffee, not "Coffee creamer": the dish is what comes
            # before "with"
            head = self._query_head(text, region, frozenset())
            at = self._index_of[m.food_key]
            named = (
                _name_heads(self._descriptions[at]) | self._other_heads.get(at, set())
                | _caps_words(self._descriptions[at])
            )
            if head is not None and head not in named:
                return False
        if m.kind == FUZZY and not m.set_aside and self._direct(m.words) is not None:
            return True  # a name of the table once its typo is fixed ("tst" is toast)
        # a maker's name set aside ("Kraft mac and cheese") is no word of the food
        makers = self._makers
        if m.kind in (USER, ALIAS, EXACT, SYNONYM) and not set(m.set_aside) - makers:
            return True
        i = self._index_of[m.food_key]
        content = self.content_words(m.words + m.set_aside) - makers
        food_words = self._food_words(i)
        # a word the food has in its general form counts ("swiss" of a sandwich "with cheese")
        content = frozenset(
            t if t in food_words else (self._kind_word(t) or t) for t in content
        )
        if not (m.score >= DISH_SCORE and content and content <= food_words):
            return False
        if _COLOURS & set(m.set_aside):
            return False  # "salt and black pepper" is no green pepper
        if _PACKED_IN.search(text) and "canned" in self._food_words(i):
            return True  # "sardines in olive oil" is the canned fish, not fish and oil
        # the text names the whole dish, not only what is in it: "beans and cheese" is no
        # "Burrito, bean and cheese", nor "butter on toast" "french toast with butter"; "latte
        # with soy milk" is "Coffee, Latte, with non-dairy milk"
        words = set(m.words)
        if _dish_words(self._descriptions[i]) <= words:
            return True
        # or by one of its other names: "hot dog with bun" is "Hot dog sandwich, on white bun",
        # whose alias is "hot dog"
        return any(
            self._docs[d].tokens <= words and self.content_words(self._docs[d].tokens)
            for d in self._extra_docs.get(i, ())
        )

    def is_food(self, text: str, region: str = "us") -> bool:
        """``True`` when ``text`` alone is a food a person logs by that name: a name of the table,
        or a confident match that has every word of the text that says which food. Words that
        only describe a food ("ground", "raw", "flesh and skin", "regular or quick") are not."""
        m = self.get(text, region)
        if m is None:
            return False
        content = self.content_words(m.words + m.set_aside)
        if not content:
            return False
        if m.kind in (USER, ALIAS, EXACT, SYNONYM):
            return True
        i = self._index_of[m.food_key]
        if not (m.score >= THRESHOLD and content <= self._food_words(i)):
            return False
        # one word is a food only as the food's own head word ("pinto" of "Pinto beans"), not
        # as a word of its description ("bottom" of "Beef, round, bottom round")
        return len(content) > 1 or content <= self._heads(i)

    def explains(self, name: str, more: str, region: str = "us") -> bool:
        """``True`` when ``name`` and ``more`` together name one food that has the words of both
        that say which food: "Turmeric" + "Ground", "Beans" + "pinto canned", "Salmon" +
        "Atlantic"; not "eggs" + "toast"."""
        m = self.get(f"{name} {more}", region)
        if m is None:
            return False
        both = self.content_words(
            self.vocabulary.rewrite(tokens(f"{name} {more}"), region).words
        )
        if both & set(m.set_aside):
            return False  # the food lacks a word of one of them ("toast" + "coffee" is coffee)
        words = self._food_words(self._index_of[m.food_key])
        rw = self.vocabulary.rewrite(tokens(more), region)
        wanted = self.content_words(rw.words) - self._brands
        if not (wanted <= words and m.score >= CONTENT_FLOOR):
            return False
        # two everyday names listed ("eggs, toast") stay two foods unless together they are a
        # name of the table too ("Cheese, cheddar")
        if m.kind not in (USER, ALIAS, EXACT, SYNONYM) and self._is_direct_name(name, region) and (
            self._is_direct_name(more, region)
        ):
            return False
        # Two foods of their own joined in a combination ("Chicken or turkey, rice, and
        # vegetables" for "chicken, rice, broccoli") are two foods as the person listed them;
        # "Cheese, cheddar" is one cheese.
        combined = _COMBINATION.search(m.description) is not None
        return not (combined and self.is_food(name, region) and self.is_food(more, region))

    def _is_direct_name(self, text: str, region: str) -> bool:
        m = self.get(text, region)
        # not when a food's word was set aside to get there ("scrambled eggs on toast" is no
        # name of the table: the toast is another food)
        return m is not None and m.kind in (USER, ALIAS, EXACT, SYNONYM) and not (
            set(m.set_aside) & set(self._head_words)
        )

    def has_content(self, text: str, region: str = "us") -> bool:
        """``True`` when ``text`` has a word that says which food (not only "raw", "white")."""
        words = self.vocabulary.rewrite(tokens(text), region).words
        return bool(self.content_words(words)) and not self._only_describes(words)

    def names(self, region: str = "us") -> RegionNames:
        """This matcher's answers to the log parser (:class:`nutricheck.logparse.FoodNames`),
        for one region."""
        return RegionNames(self, region)

    def _only_describes(self, words: Sequence[str]) -> bool:
        """Every word says how a food was prepared ("grated", "crushed", "opened and chopped"):
        a past participle that heads no food of the table, or a word with no content."""
        aside = self.vocabulary.aside_words
        return all(
            t in PREP_WORDS or t in _QUALIFIERS or t in aside or t in STOPWORDS
            or t in _DESCRIBING_VERBS or (
                len(t) > 4 and t.endswith("ed") and t not in self._head_words
                and t not in self._alias_vocab
            )
            for t in words
        )

    def content_words(self, words: Iterable[str]) -> frozenset[str]:
        """The words that say which food (not preparation, measure or filler words, numbers, or
        words set aside by the vocabulary)."""
        aside = self.vocabulary.aside_words
        return frozenset(
            t
            for t in words
            if t not in PREP_WORDS
            and t not in NEUTRAL_WORDS
            and t not in MEASURE_WORDS
            and t not in STOPWORDS
            and t not in aside
            and t not in _QUALIFIERS
            and not t.isdigit()
            and len(t) > 1
        )

    # -- internals ------------------------------------------------------------------------------

    @functools.cached_property
    def _vocabulary_words(self) -> frozenset[str]:
        """Every word of the vocabulary's phrases ("grande", "skinned"): words people write,
        never typo-corrected into something else."""
        return frozenset(t for r in self.vocabulary.rules for t in r.words)

    @functools.cached_property
    def _skeletons(self) -> dict[str, str]:
        """Words of the table by their consonants ("breast" -> "brst"), for names written
        without vowels: the alias table's word first, then the commonest; only a skeleton of
        three letters or more, and only one word per skeleton among the alias table's words."""
        by: dict[str, list[str]] = {}
        for w in self._vocab:
            # an everyday word, or one the table uses in a few foods; it starts with a consonant
            # (a name that drops vowels keeps the first letter: "sml" is no "isomil")
            if len(w) >= 4 and w.isalpha() and not _VOWELS.match(w) and (
                w in self._alias_vocab or self._df.get(w, 0) >= 3
            ):
                sk = _VOWELS.sub("", w)
                if len(sk) >= 3 and sk != w:
                    by.setdefault(sk, []).append(w)
        out: dict[str, str] = {}
        for sk, words in by.items():
            everyday = [w for w in words if w in self._alias_vocab]
            pool = everyday or words
            pool.sort(key=lambda w: (-self._df.get(w, 0), w))
            if len(everyday) <= 1:
                out[sk] = pool[0]
        return out

    @functools.cached_property
    def _first_words(self) -> frozenset[str]:
        """The first word of every description ("nutrition" of "Nutrition bar"): a food's own
        word, whatever capital it has."""
        firsts = {m[0].lower() for d in self._descriptions if (m := _FIRST_WORD.match(d))}
        return frozenset(singular(w) for w in firsts)

    @functools.cached_property
    def _head_words(self) -> frozenset[str]:
        """Every word that is some food's head ("salt", "honey", "cauliflower"): a word that
        names a food, never set aside as a mere modifier."""
        heads: set[str] = set()
        for desc in self._descriptions:
            first = _PARENS_TEXT.sub(" ", desc).split(",", 1)[0]
            words = [t for t in tokens(first) if t not in PREP_WORDS and t not in NEUTRAL_WORDS]
            while len(words) > 1 and words[-1] in _GENERIC_HEADS:
                words.pop()
            if words and not _ALL_CAPS.fullmatch(first.strip()):
                heads.add(words[-1])
        return frozenset(heads)

    def _names_head(self, i: int, words: Iterable[str]) -> bool:
        """The words name food ``i`` by one of its heads (see :func:`_name_heads`), or by the
        head of one of its aliases or synonyms."""
        heads = _name_heads(self._descriptions[i]) | self._heads(i)
        return bool(heads & set(words))

    def _heads(self, i: int) -> frozenset[str]:
        """The head words of food ``i``: of its description and of its aliases and synonyms
        (their last word: "boneless wings" names wings, not "boneless")."""
        return frozenset([self._docs[i].head, *self._other_heads.get(i, ())])

    def _food_words(self, i: int) -> frozenset[str]:
        """Every word the table has for food ``i``: its description, coverage notes, synonyms and
        aliases."""
        doc = self._docs[i]
        words = doc.tokens | doc.alt
        for d in self._extra_docs.get(i, ()):
            words = words | self._docs[d].tokens
        return words | {w[:-2] for w in words if w.endswith("ed") and len(w) > 5}

    def _direct(self, toks: Sequence[str]) -> tuple[int, str] | None:
        k = word_key(toks)
        i = self._user.get(k)
        if i is not None:
            return i, USER
        hit = self._alias_seq.get(tuple(toks))
        if hit is not None:
            return hit[0], ALIAS
        hit = self._alias.get(k)
        if hit is not None:
            return hit[0], ALIAS
        i = self._exact.get(k)
        if i is not None:
            return i, EXACT
        i = self._synonym.get(tuple(toks))
        if i is not None:
            return i, SYNONYM
        return None

    def _query_head(self, text: str, region: str, proper: frozenset[str]) -> str | None:
        """The word a name names its food by: in English the last word that says which food, of
        its first comma part and before what it is with ("Salmon, Atlantic, farmed": salmon;
        "sausage roll": roll; "latte with oat milk": latte; "Kirkland, Chicken Breast": breast).
        """
        for part in _COMMA.split(text):
            part = _MADE_WITH.split(part, maxsplit=1)[0]
            words = self.vocabulary.rewrite(tokens(part), region).words
            if "with" in words[1:]:  # "cuppa" is "tea hot with milk": a tea
                words = words[: words.index("with", 1)]
            content = self.content_words(words)
            order = [
                t for t in words if t in content and t not in proper and t not in self._brands
            ]
            # "yogurt greek nonfat", "coke diet": a word of how much fat or sugar ends the name
            # in USDA's order; the food is the word before it
            while len(order) > 1 and order[-1] in _AMOUNT_OF_WORDS:
                order.pop()
            if order:
                return order[-1]
        return None

    def _named_by(self, i: int, toks: Iterable[str], head: str | None) -> bool:
        """Food ``i`` is the one a name with these words and this head word names: the head is
        one of the food's own (:func:`_name_heads`, or of its aliases and synonyms), and a form
        the food's name starts with is asked for ("Gravy, chicken" is no roast chicken)."""
        heads = _name_heads(self._descriptions[i]) | self._heads(i) | _caps_words(
            self._descriptions[i]
        )
        words = set(toks)
        first = _first_form(self._descriptions[i])
        if first is not None and first not in words:
            return False
        if head is None:
            return bool(heads & words)
        return head in heads or (head + "ed") in heads

    def _best_uncached(
        self,
        toks: tuple[str, ...],
        proper: frozenset[str] = frozenset(),
        head: str | None = None,
        general: bool = False,
    ) -> _Found | None:
        if not toks:
            return None
        direct = self._direct(toks)
        if direct is not None:
            return direct[0], direct[1], 1.0, ()
        if not any(len(t) >= 3 and t.isalpha() for t in toks):
            # Only letters, pairs and numbers left ("T", "C", "gr u u" from binary junk): no word
            # to match on, and a guess would be a random food. Short names people do write
            # ("oj", "pb") are aliases, found above.
            return None
        corrected, similarity = self._corrected(toks)
        if corrected != toks:
            direct = self._direct(corrected)
            if direct is not None:
                return direct[0], FUZZY, round(min(0.99, 0.9 + 0.1 * similarity), 4), ()
        # "Onion, white, yellow or red, raw", "Oatmeal, regular or quick, dry": the name without
        # its grade and colour words may be a name of the table ("onion raw", "oatmeal dry")
        plain = tuple(t for t in corrected if t not in _QUALIFIERS)
        if plain and plain != corrected:
            direct = self._direct(plain)
            if direct is not None:
                aside = tuple(t for t in corrected if t in _QUALIFIERS)
                # "light ranch": USDA has the named food with that word too ("Ranch dressing,
                # light"), which is the one meant
                own = tokens(self._descriptions[direct[0]])
                variant = self._exact.get(_key((*own, *aside)))
                if variant is not None and variant != direct[0]:
                    return variant, EXACT, round(min(0.97, 0.87 + 0.1 * similarity), 4), ()
                return direct[0], direct[1], round(min(0.97, 0.87 + 0.1 * similarity), 4), aside
        # "sausage links", "vodka shot", "celery 2 stalks": the food without its measure words.
        reduced = tuple(t for t in corrected if t not in REDUCIBLE_WORDS and not t.isdigit())
        if reduced and reduced != corrected:
            direct = self._direct(reduced)
            if direct is not None:
                return direct[0], FUZZY, round(min(0.97, 0.87 + 0.1 * similarity), 4), ()
        # "cooked oatmeal", "cooked chicken breast": the everyday name with a bare "cooked" in
        # front. The alias already means the food as eaten, so it is the one meant, unless the
        # alias is a raw or dry food ("cooked kale" is not "Kale, raw"; fuzzy finds the cooked).
        if "cooked" in corrected:
            plain = tuple(t for t in corrected if t != "cooked")
            hit = self._alias_seq.get(plain) or self._alias.get(word_key(plain)) if plain else None
            if hit is not None and not (_UNCOOKED & set(tokens(self._descriptions[hit[0]]))):
                return hit[0], ALIAS, round(min(0.98, 0.88 + 0.1 * similarity), 4), ()
        ranked = self._ranked(toks)
        # The best food that has every word of the name that says which food; what it lacks
        # only says how the food was prepared, and is set aside ("freshly cracked black pepper"
        # is "Spices, pepper, black"). A food without one of those words is never the match:
        # "energy gel" is not an energy drink, nor "long run" a Long Island iced tea.
        content = self.content_words(corrected)
        if self._only_describes(corrected):
            # "grated", "crushed", "extra", "raw": words that only describe a food name none
            # (never "Cheese, parmesan, grated" or "Tomatoes, crushed" of their own)
            return None
        if ranked and not content and ranked[0][1] >= THRESHOLD:
            i, score = ranked[0]  # "greens", "leaves": a measure or neutral word naming a food
            return i, FUZZY, score, self._unused(i, corrected)
        if content:
            # a brand's name need not be the food's ("Chobani plain greek yogurt" is the plain
            # one when USDA has only Chobani's vanilla): the ranking still prefers foods with it
            # ("mac" of "mac and cheese" is a food, "nutrition" of "Nutrition bar" no brand)
            brands = self._brands - self._alias_vocab - self._first_words
            found = self._with_all(ranked, content - brands or content, corrected, head)
            if (
                found is not None and head == "toast" and len(corrected) > 1
                and "bread" not in self._food_words(found[0])
            ):
                # "rye toast", "wheat toast": USDA's toast is its bread, toasted ("Bread, rye,
                # toasted"), before a cracker called toast ("Crackers, melba toast, rye")
                other = (*(t for t in corrected if t != "toast"), "bread", "toasted")
                toasted = self._best(other, proper, "bread")
                if (
                    toasted is not None and not toasted[3]
                    and {"bread", "toasted"} <= self._food_words(toasted[0])
                ):
                    return toasted[0], toasted[1], round(min(toasted[2], 0.95), 4), ()
            if found is None and head in _FORM_KIN and head in corrected:
                # "falafel wrap": USDA files wraps, subs and pittas as sandwiches
                for kin in _FORM_KIN[head]:
                    other = tuple(kin if t == head else t for t in corrected)
                    kin_found = self._best(other, proper, kin)
                    if kin_found is not None and not kin_found[3]:
                        return kin_found[0], kin_found[1], round(kin_found[2] * 0.95, 4), ()
            # a product named first, then its flavour ("clif bar chocolate chip", "kind bar dark
            # chocolate"): the product, when the best food lacks a word of its name (not a food
            # and what it is on: "beans on toast")
            prefix = self._direct_prefix(corrected)
            if prefix is not None:
                k, (i, kind) = prefix
                rest = set(corrected[k:])
                description = self._descriptions[i]
                product = kind == SYNONYM or bool(
                    _PAREN_BRAND.search(description) or _BRAND.search(description)
                )
                if product and not (rest & (_DISH_FORMS | {"with"})) and (
                    found is None or set(corrected[:k]) - self._food_words(found[0])
                ):
                    return i, kind, _SET_ASIDE_FACTOR, corrected[k:]
            if found is not None and (found[2] >= DISH_SCORE or not found[3]):
                return found
            # a maker's or brand's name in front of a name of the table ("Kraft mac and
            # cheese", "Kirkland chicken breast"): that name, the brand set aside, before a
            # weak fuzzy match that lacks the brand too
            branded = tuple(t for t in corrected if t not in self._makers and t not in proper)
            if branded and branded != corrected and self.content_words(branded):
                direct = self._direct(branded)
                if direct is not None:
                    dropped = tuple(t for t in corrected if t not in branded)
                    return direct[0], direct[1], _SET_ASIDE_FACTOR, dropped
            if found is not None:
                return found
            # A word that is one kind of a food USDA names more generally ("swiss" is a cheese,
            # "cheddar" a cheese) when no food has the word itself: "turkey swiss sandwich" is
            # "Turkey sandwich, with cheese", "broccoli cheddar soup" "Soup, broccoli cheese"
            if len(content) > 1 and not general:
                wider = tuple(
                    (self._kind_word(t) or t) if t in content else t for t in corrected
                )
                if wider != corrected:
                    found = self._best_uncached(wider, proper, head, general=True)
                    if found is not None and found[2] >= DISH_SCORE and not found[3]:
                        i, kind, score, aside = found
                        return i, FUZZY, round(score * _SET_ASIDE_FACTOR, 4), aside
            # Words that only describe the food, before the word that names it, and that name
            # no food of their own ("kosher salt", "extra virgin olive oil", "fine yellow
            # cornmeal"): set aside. A word that is a food ("cauliflower rice", "honey
            # mushrooms") never is: such a name is unknown rather than another food.
            head_at = max(k for k, t in enumerate(corrected) if t in content)
            modifiers = {
                t
                for k, t in enumerate(corrected)
                if k < head_at and t in content and t not in self._head_words and t in self._df
                and t not in FORM_WORDS and self._direct((t,)) is None and t in toks
            }
            if modifiers and content - modifiers:
                reduced = tuple(t for t in corrected if t not in modifiers)
                found = self._best(reduced, proper, head)
                if found is not None and self._named_by(found[0], reduced, head):
                    i, kind, score, aside = found
                    dropped = tuple(t for t in corrected if t in modifiers)
                    return i, kind, round(score * _SET_ASIDE_FACTOR, 4), (*dropped, *aside)
        # Words the table does not know at all, and brand words: set aside when what is left
        # still names a food ("Kirkland chicken breast", "Wasa crispbread").
        # A word the table does not know at all, in front of a name it knows ("oaxaca cheese",
        # "calabrian chile"), is set aside too, but only for a name of the table (an alias, a
        # description): "glorbnax powder" is not powder.
        unknown = {t for t in corrected if t not in self._vocab and not t.isdigit()}
        known = tuple(
            t for t in corrected if t not in self._brands and t not in proper and t not in unknown
        )
        content_known = self.content_words(known)
        last = max((k for k, t in enumerate(corrected) if t in content_known), default=-1)
        before_head = all(
            k < last for k, t in enumerate(corrected) if t not in known and not t.isdigit()
        )
        # a word set aside names the food's maker or kind, so it comes before the food's own
        # word: "Kirkland chicken breast", not "christmas pud" (the pudding is the food)
        if known != corrected and content_known and before_head:
            found = self._best(known, frozenset(), head)
            # only a food that what is left names in full, with nothing more set aside
            # ("Kirkland chicken breast"): not a word of it ("full" of "1 full recipe Main" is
            # no emu's full rump), nor a flavour of an unknown product ("Pirate's Booty, aged
            # white cheddar" is no cheddar snack)
            brand_only = not (unknown & set(corrected))
            if found is not None and not found[3] and (
                found[1] != FUZZY
                or (
                    brand_only
                    and found[2] >= THRESHOLD
                    and content_known - FORM_WORDS  # "Brand powder" is no powder
                    and content_known <= self._food_words(found[0])
                )
            ):
                dropped = tuple(t for t in corrected if t not in known)
                i, kind, score, aside = found
                return i, kind, round(score * _SET_ASIDE_FACTOR, 4), (*dropped, *aside)
        return None

    def _kind_word(self, t: str) -> str | None:
        """The more general word USDA names a variety ``t`` by ("swiss" -> "cheese": "Cheese,
        Swiss"), or ``None``."""
        return self._varieties.get(t)

    @functools.cached_property
    def _varieties(self) -> dict[str, str]:
        """Varieties of a food whose varieties stand in for each other in a dish, as USDA names
        them: the second part of "Cheese, Swiss", "Lettuce, romaine" -> cheese, lettuce. Not a
        word that names a food of its own ("Cheese, cream": cream is a food)."""
        out: dict[str, str] = {}
        for desc in self._descriptions:
            parts = [p.strip() for p in desc.split(",")]
            if len(parts) < 2:
                continue
            kind = tokens(parts[0])
            if len(kind) != 1 or kind[0] not in _KINDS_OF:
                continue
            variety = tokens(parts[1])
            # the variety alone as the second part ("Cheese, Swiss"), a word of few foods (not
            # "Tea, iced", "Bread, low calorie")
            if len(variety) != 1:
                continue
            w = variety[0]
            if (
                len(w) > 3 and w not in self._head_words and w not in PREP_WORDS
                and w not in NEUTRAL_WORDS and w not in _QUALIFIERS and w not in _SERVED
                and self._df.get(w, 0) < 80 and w not in {"stuffed", "wilted", "processed"}
            ):
                out.setdefault(w, kind[0])
        return out

    def _with_all(
        self, ranked: list[tuple[int, float]], content: frozenset[str] | set[str],
        toks: tuple[str, ...], head: str | None = None,
    ) -> _Found | None:
        """The best-ranked food that has every one of ``content`` and is named by its head."""
        # the food named by the name's own head word first ("sausage roll" is a roll), then one
        # that has any of the name's words among its heads
        # a variety counts as its food ("swiss" as the cheese of "..., with cheese")
        kinds = {t: self._kind_word(t) for t in content}

        def has_all(words: frozenset[str]) -> bool:
            return all(t in words or (kinds[t] is not None and kinds[t] in words) for t in content)

        fits = [
            (i, score)
            for i, score in ranked[: _CONTENT_POOL * 3]
            if score >= CONTENT_FLOOR and has_all(self._food_words(i))
            and self._named_by(i, toks, None)
        ]
        # a measure word that ends the name can be what it names ("peanut butter cups",
        # "mozzarella sticks"): a food named by it is named by the name's head too
        tail = toks[-1] if toks and toks[-1] in MEASURE_WORDS and toks[-1] != head else None
        for i, score in fits:
            if head is None or self._named_by(i, toks, head) or (
                tail is not None and self._named_by(i, toks, tail)
            ):
                return i, FUZZY, score, self._unused(i, toks)
        if fits and not self._is_dish_form(head):
            i, score = fits[0]
            return i, FUZZY, score, self._unused(i, toks)
        return None

    def _direct_prefix(self, toks: tuple[str, ...]) -> tuple[int, tuple[int, str]] | None:
        """The longest start of two words or more that is a name of the table, and its food
        ("clif bar" of "clif bar chocolate chip"), when words follow it."""
        for k in range(len(toks) - 1, 1, -1):
            direct = self._direct(toks[:k])
            if direct is not None:
                return k, direct
        return None

    def _is_dish_form(self, head: str | None) -> bool:
        """The head is a dish's form ("roll", "pie", "sandwich"): a food that is not that form
        is not what was eaten ("sausage roll" is no roll of sausage)."""
        return head is not None and head in FORM_WORDS

    def _unused(self, i: int, toks: tuple[str, ...]) -> tuple[str, ...]:
        """Words of the name that food ``i`` lacks (shown as set aside)."""
        words = self._food_words(i)
        return tuple(t for t in toks if t not in words and not t.isdigit())

    def _corrected(self, toks: tuple[str, ...]) -> tuple[tuple[str, ...], float]:
        """Tokens with unknown words replaced by the nearest table words; the mean similarity.
        Two words the table writes as one are joined ("snow peas" -> "snowpea", "cheese cake")."""
        out: list[str] = []
        sims: list[float] = []
        for t in toks:
            fixed, sim = self._correct(t)
            out.extend(fixed)
            sims.append(sim)
        k = 0
        while k + 1 < len(out):
            joined = singular(out[k] + out[k + 1])
            if (
                joined in self._vocab
                and not joined.isdigit()
                and len(out[k]) > 2
                and self._df.get(joined, 0) > self._pair_count(out[k], out[k + 1])
            ):
                out[k : k + 2] = [joined]
            k += 1
        return tuple(out), (sum(sims) / len(sims) if sims else 1.0)

    def _pair_count(self, a: str, b: str) -> int:
        """How many descriptions have both words (a pair the table writes apart)."""
        pa, pb = self._postings.get(a), self._postings.get(b)
        if not pa or not pb:
            return 0
        return len(set(pa) & set(pb))

    def _correct_uncached(self, word: str) -> tuple[tuple[str, ...], float]:
        """A word of the table for ``word``: itself, a one/two-edit typo fix, or a split compound.

        Only words of five letters or more are corrected (one edit up to seven letters, two from
        eight; a swap of two letters is one edit), and the first letter must agree: "tired" is not
        "dried" and "run" is not "rum".
        """
        if word in self._vocab or word.isdigit():
            return (word,), 1.0
        if len(word) >= 3 and not _VOWELS.search(word):
            # written without its vowels, as people shorten words ("brst", "scrmbld", "tst"):
            # the one everyday word with those consonants in that order
            found = self._skeletons.get(word)
            if found:
                return (found,), 0.9
        if len(word) < 5:
            return (word,), 1.0
        if word in MEASURE_WORDS or word in _KNOWN_WORDS or word in self._vocabulary_words:
            return (word,), 1.0  # "sprig" is no "spring", "grande" no "grade"
        max_edits = 1 if len(word) <= 7 else 2
        candidates = self._vocab_by_first.get(word[0], [])
        found = process.extract(
            word, candidates, scorer=OSA.distance, score_cutoff=max_edits, limit=None
        )
        if found:
            best_d = min(d for _, d, _ in found)
            best = [c for c, d, _ in found if d == best_d]
            if best_d > 1:
                # two edits only where the word starts the same: "mascarpone" is no "macarrone"
                best = [c for c in best if c[:3] == word[:3]]
                if not best:
                    return (word,), 1.0
            # Prefer a word of the alias table (everyday words), then the commoner word, then a-z.
            best.sort(key=lambda c: (c not in self._alias_vocab, -self._df.get(c, 0), c))
            return (best[0],), 1.0 - best_d / max(len(word), len(best[0]))
        # "peanutbutter", "icecream": two table words written as one.
        for cut in range(3, len(word) - 2):
            left, right = word[:cut], singular(word[cut:])
            if left in self._vocab and right in self._vocab:
                return (left, right), 0.97
        return (word,), 1.0

    def _weight(self, t: str) -> float:
        """How much a word of the name counts: neutral 0.15, measure 0.3, preparation 0.6, else
        0.6 to 1 by rarity."""
        if t in NEUTRAL_WORDS or t in STOPWORDS:
            return 0.15
        if t in MEASURE_WORDS or t in _QUALIFIERS:
            return 0.3
        if t in PREP_WORDS:
            return 0.6
        return 0.6 + 0.4 * self._rarity(t)

    def _ranked_uncached(self, toks: tuple[str, ...]) -> list[tuple[int, float]]:
        """Foods scored for the (typo-corrected) name, best first, one per food, at most 50."""
        corrected, similarity = self._corrected(toks)
        q = frozenset(corrected)
        if not q:
            return []
        # Candidates: documents sharing a word that tells foods apart; the preparation and neutral
        # words alone ("cooked", "fresh") would pull in thousands of foods.
        content = [
            t
            for t in q
            if t not in PREP_WORDS
            and t not in NEUTRAL_WORDS
            and t not in MEASURE_WORDS
            and not t.isdigit()
            and t in self._postings
        ]
        # A name with no word that names a food ("cooked", "plain", "2", "100 %") finds none.
        lookup_words = content
        if not lookup_words:
            return []
        weights = {t: self._weight(t) for t in q}
        # Each candidate's weight of telling words shared with the name: an upper bound of what it
        # can score. Only the best _POOL candidates by that bound (shorter ones first on a tie)
        # are scored in full, which keeps a name with a common word ("chicken") fast.
        docs = self._docs
        first, *others = lookup_words
        shared: dict[int, float] = dict.fromkeys(self._postings[first], weights[first])
        for t in others:
            w = weights[t]
            for d in self._postings[t]:
                shared[d] = shared.get(d, 0.0) + w
        if len(shared) > _POOL:
            # an alias or synonym counts its food's own words too (as it is scored): "Oreo" is
            # in the pool for "oreo cookies"
            n_desc = len(self._descriptions)
            for d in [d for d in shared if d >= n_desc]:
                own = docs[docs[d].food].tokens
                mine = docs[d].tokens
                shared[d] += sum(weights[t] for t in lookup_words if t in own and t not in mine)
            # the name's other words ("roasted" in "roasted chicken") order the candidates too
            for t in q:
                if t not in lookup_words and t in self._postings:
                    w = weights[t]
                    for d in shared:
                        if t in docs[d].tokens:
                            shared[d] += w
            top = max(shared.values()) * 0.6
            sizes = self._doc_sizes
            near = [d for d, w in shared.items() if w >= top]
            pool = sorted(near, key=lambda d: (-shared[d], sizes[d]))[:_POOL]
            # and every document with the name's rarest word, when it is rare: "risotto" (USDA's
            # other name for a rice dish) is scored for "mushroom risotto", though a frozen
            # "Mushroom & Asparagus Risotto" has both words
            rarest = min(lookup_words, key=lambda t: len(self._postings[t]))
            if len(self._postings[rarest]) <= _POOL // 4:
                chosen = set(pool)
                pool += [d for d in self._postings[rarest] if d not in chosen]
        else:
            pool = list(shared)
        typo_factor = 1.0 if similarity >= 1 else 0.9 + 0.1 * similarity
        best: dict[int, tuple[float, tuple[float, float, int, int, str]]] = {}
        for d in pool:
            doc = self._docs[d]
            dc = self._costs_of(d)
            # an alias or synonym names its food: the words of the food's own description count
            # with it ("Tropicana" + "orange juice", "Oreo" + "cookies", "sourdough" + "bread")
            # (what it has that the name does not ask for costs as in the description)
            own = docs[doc.food].tokens if d != doc.food else frozenset()
            score, extra = self._score(
                q, weights, doc, dc, own, self._costs_of(doc.food) if own else None
            )
            penalty = (
                _plainness_penalty(dc.marks, q)
                + _state_penalty(q, doc.tokens)
                + _colour_penalty(q, doc.tokens)
                + _flavour_penalty(q, doc.tokens)
            )
            score = max(0.0, score * typo_factor - penalty)
            food = doc.food
            order = (
                -round(score, 4),
                penalty,
                extra,
                len(self._descriptions[food]),
                self._keys[food],
            )
            prev = best.get(food)
            if prev is None or order < prev[1]:
                best[food] = (score, order)
        ranked = sorted(best.items(), key=lambda kv: kv[1][1])
        return [(i, round(min(s, 0.99), 4)) for i, (s, _) in ranked[:_MAX_RANKED]]

    def _score(
        self,
        q: frozenset[str],
        weights: dict[str, float],
        doc: _Doc,
        dc: _DocCosts,
        own: frozenset[str] = frozenset(),
        own_costs: _DocCosts | None = None,
    ) -> tuple[float, int]:
        """Fuzzy score of a document for the name's words ``q``, and its unrequested food words.

        ``recall`` is the weighted share of the name's words the document has (a preparation word
        the document lacks earns partial credit from a near one, :data:`PREP_NEAR`); each word of
        the document the name did not ask for costs a little (food words most, preparation words
        less, "raw", "NFS" and the like almost nothing); a document whose first word is one of the
        name's words gets a small bonus ("Apples, raw" over "Babyfood, apples").
        """
        d = doc.tokens
        total = 0.0
        got = 0.0
        asked_cost = 0.0
        for t, w in weights.items():
            total += w
            if t in d:
                got += w
                asked_cost += dc.costs[t]
            elif t in own:
                got += w
            elif (kind := self._varieties.get(t)) is not None and kind in d:
                got += w * ALT_CREDIT  # "swiss" answered by "cheese"
                asked_cost += dc.costs[kind]
            elif t in doc.alt:
                got += w * ALT_CREDIT
            elif t + "ed" in d:  # "toast" ~ "toasted", "roast" ~ "roasted", "grill" ~ "grilled"
                got += w * 0.9
            elif t in PREP_NEAR:
                got += w * max((c for p, c in PREP_NEAR[t].items() if p in d), default=0.0)
        recall = got / total
        cost = dc.total - asked_cost
        if own_costs is not None:
            cost += sum(c for t, c in own_costs.costs.items() if t not in d and t not in q)
        if dc.preps and q & dc.preps:
            # "baked, broiled, or roasted" answers "roasted": the alternatives cost next to nothing
            cost -= sum(dc.costs[t] for t in dc.preps - q) * 0.8
        extra = len(dc.content - q)
        precision = 1.0 / (1.0 + cost)
        head_bonus = _HEAD_BONUS if doc.head in q else 0.0
        return (recall * (0.7 + 0.3 * precision) + head_bonus) / (1.0 + _HEAD_BONUS), extra


class RegionNames:
    """A matcher's answers for one region, in the shape the log parser asks
    (:class:`nutricheck.logparse.FoodNames`)."""

    def __init__(self, matcher: Matcher, region: str) -> None:
        self.matcher, self.region = matcher, region

    def is_dish(self, text: str) -> bool:
        return self.matcher.is_dish(text, self.region)

    def is_food(self, text: str) -> bool:
        return self.matcher.is_food(text, self.region)

    def explains(self, name: str, more: str) -> bool:
        return self.matcher.explains(name, more, self.region)

    def has_content(self, text: str) -> bool:
        return self.matcher.has_content(text, self.region)

    def is_table_name(self, text: str) -> bool:
        return self.matcher._is_direct_name(text, self.region)


_INDEX_VERSION = "5"
"""Bumped when the cached index changes shape (:meth:`Matcher._state`)."""


@functools.cache
def _code_version() -> str:
    """A digest of the code that builds an index (this module's tokens, spellings and plainness
    marks; foods.py's reading of descriptions): an index built by other code is never read back."""
    return _diskcache.source_digest(__name__, "nutricheck.foods", "nutricheck.words")


def _index_key(table: FoodTable, aliases_path: str | Path | None) -> str | None:
    """The on-disk cache key of a matcher's index: the table's and the alias file's contents, the
    code and the Python version. ``None`` (no caching) for a table built in memory, or an alias
    file that cannot be read (building the index then reports it)."""
    if table.fingerprint is None:
        return None
    try:
        if aliases_path is None:
            aliases = (resources.files("nutricheck") / "data" / "aliases.csv").read_bytes()
        else:
            aliases = Path(aliases_path).read_bytes()
        synonyms = (resources.files("nutricheck") / "data" / "synonyms.csv").read_bytes()
    except OSError:
        return None
    return _diskcache.digest(
        _INDEX_VERSION, sys.version, _code_version(), table.fingerprint, aliases, synonyms
    )


@functools.lru_cache(maxsize=1)
def default_matcher() -> Matcher:
    """The matcher over the bundled table and aliases, built once per process."""
    return Matcher()
