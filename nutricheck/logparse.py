"""Read a food log: one free-text line -> the foods on it, each with its amount, unit and size word.

>>> entry, = parse_line("2 cups of cooked spinach").entries
>>> entry.quantity, entry.unit, entry.unit_kind, entry.food
(Fraction(2, 1), 'cup', 'volume', 'cooked spinach')
>>> [e.food for e in parse_line("Lunch: salmon 150g, 1 1/2 cups rice & a banana").entries]
['salmon', 'rice', 'banana']
>>> parse_line("went for a 10k run").status
'not_food'

How a line is read:

1. Normalise (:mod:`nutricheck._normalise`): unicode, fractions, spaces, emoji, bullets, times,
   meal labels. If nothing is left, the line is ``not_food`` and the step that emptied it says why.
2. Split into parts at ",", ";", "+", " / ", "and", "&", "with" ("w/"), "plus", "then" and
   "without" (a comma between two digits is a decimal comma). Parts joined by and/&/with stay one
   food when they name a dish (``is_dish``, or the built-in :data:`DEFAULT_DISHES`).
3. Read each part: fillers (``had``, ``some``, ``about``), the amount (number, range, multiplier,
   size word, unit, a second amount in another system) before the food, or after it
   (``salmon 150g``, ``banana x2``, ``toast (2 slices)``), then the food words.
4. Merge a part that is only an amount into its neighbour (``salmon, 150 g``), drop parts that
   describe an activity or a feeling, or say what was *not* eaten (``without sugar``).

The parser never raises: any string gives one :class:`ParsedLine`. Only the first
:data:`MAX_CHARS` characters of a line are read.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from types import MappingProxyType
from typing import Protocol

from nutricheck import _normalise
from nutricheck.errors import LogParseError
from nutricheck.words import tokens

__all__ = [
    "DEFAULT_DISHES",
    "MAX_CHARS",
    "SIZES",
    "UNITS",
    "ParsedEntry",
    "ParsedLine",
    "canonical_unit",
    "parse_line",
    "parse_log",
]

log = logging.getLogger(__name__)

MAX_CHARS = 1000
"""Only this many characters of a line are read (a food line is never longer; junk can be)."""

OK = "ok"
NOT_FOOD = "not_food"

# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedEntry:
    """One food as written on one line of a food log.

    Attributes:
        line: 1-based line number in the log.
        text: the whole raw line.
        segment: the raw part of the line this food came from (``"Lunch: salmon 150g"``).
        quantity: the amount, exact; ``None`` when none was given (``"oatmeal"``). ``"a banana"``
            is 1; for a range it is the midpoint; for ``"2 x 50 g"`` it is the total (100).
        quantity_low / quantity_high: the ends of a range (``None`` when not a range).
        is_range: the amount was a range (``"1-2"``, ``"2 to 3"``, ``"2 or 3"``).
        unit: canonical unit (a key of :data:`UNITS`), or ``None`` for a bare count (``"2 eggs"``)
            or no amount.
        unit_kind: ``"mass"``, ``"volume"``, ``"piece"`` or ``None``.
        size: ``"small"``, ``"medium"``, ``"large"``, ``"extra large"``, ``"jumbo"`` or ``None``.
        food: the food words, lower case, without amount, unit, size and fillers
            (``"cooked spinach"``); preparation words stay, they help the matcher.
        notes: what the parser did that a user may want to know (``"range 1-2: used the midpoint
            1.5"``, ``"also given as 10 1/2 oz; used 300 g"``).
    """

    line: int
    text: str
    segment: str
    quantity: Fraction | None
    quantity_low: Fraction | None
    quantity_high: Fraction | None
    is_range: bool
    unit: str | None
    unit_kind: str | None
    size: str | None
    food: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedLine:
    """What one line of a food log holds.

    Attributes:
        line: 1-based line number in the log.
        text: the whole raw line, as given.
        status: ``"ok"`` (at least one entry) or ``"not_food"`` (blank, comment, only a time or a
            meal label, punctuation, an activity or a feeling).
        reason: for ``not_food``, why, in plain words; ``None`` when ``ok``.
        entries: the foods on the line, in the order written (empty when ``not_food``).
    """

    line: int
    text: str
    status: str
    reason: str | None
    entries: tuple[ParsedEntry, ...] = ()

    def as_error(self, source: str | None = None) -> LogParseError | None:
        """A :class:`LogParseError` for a ``not_food`` line (for callers that want strictness)."""
        if self.status == OK:
            return None
        return LogParseError(
            f"line is not a food: {self.reason}",
            source=source,
            line=self.line,
            text=self.text,
            hint="write one food per part, e.g. '2 eggs, 1 slice toast'",
        )


class FoodNames(Protocol):
    """What the parser asks of the food table to tell one food with qualifiers from several
    foods (the matcher answers: :class:`nutricheck.matching.Matcher`, bound to a region)."""

    def is_dish(self, text: str) -> bool:
        """The whole text names one food ("mac and cheese", "latte with soy milk")."""
        ...

    def is_food(self, text: str) -> bool:
        """The text alone is a food a person logs by that name ("toast", not "ground")."""
        ...

    def explains(self, name: str, more: str) -> bool:
        """``name`` and ``more`` together name one food that has the words of both
        ("turmeric" + "ground"; not "eggs" + "toast")."""
        ...

    def has_content(self, text: str) -> bool:
        """The text has a word that says which food (not only "raw", "white", "flesh")."""
        ...

    def is_table_name(self, text: str) -> bool:
        """The text is a name of the table: an alias, a description, a USDA synonym."""
        ...


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

_UNIT_TABLE: dict[str, tuple[str, tuple[str, ...]]] = {
    # canonical: (kind, words that mean it, lower case, after normalisation)
    "mg": ("mass", ("mg", "mgs", "milligram", "milligrams", "milligramme", "milligrammes")),
    "g": ("mass", ("g", "gs", "gr", "grs", "gm", "gms", "grm", "grms", "gram", "grams", "gramme",
                   "grammes")),
    "kg": ("mass", ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme",
                    "kilogrammes")),
    "oz": ("mass", ("oz", "ozs", "ounce", "ounces")),
    "lb": ("mass", ("lb", "lbs", "pound", "pounds")),
    "ml": ("volume", ("ml", "mls", "milliliter", "milliliters", "millilitre", "millilitres", "cc")),
    "cl": ("volume", ("cl", "cls", "centiliter", "centiliters", "centilitre", "centilitres")),
    "dl": ("volume", ("dl", "dls", "deciliter", "deciliters", "decilitre", "decilitres")),
    "l": ("volume", ("l", "ls", "lt", "ltr", "ltrs", "liter", "liters", "litre", "litres")),
    "tsp": ("volume", ("tsp", "tsps", "tspn", "teaspoon", "teaspoons", "teaspoonful",
                       "teaspoonfuls", "teaspoonsful")),
    "tbsp": ("volume", ("tbsp", "tbsps", "tbs", "tbl", "tbls", "tblsp", "tblspn", "tbspn", "tb",
                        "tablespoon", "tablespoons", "tablespoonful", "tablespoonfuls",
                        "tablespoonsful")),
    "cup": ("volume", ("cup", "cups", "c", "cupful", "cupfuls", "cupsful")),
    "fl oz": ("volume", ("floz", "fl oz")),
    "pint": ("volume", ("pint", "pints", "pt", "pts")),
    "quart": ("volume", ("quart", "quarts", "qt", "qts")),
    "gallon": ("volume", ("gallon", "gallons", "gal", "gals")),
    "slice": ("piece", ("slice", "slices", "sl", "slc")),
    "piece": ("piece", ("piece", "pieces", "pc", "pcs", "pce", "pces")),
    "can": ("piece", ("can", "cans", "tin", "tins")),
    "container": ("piece", ("container", "containers", "carton", "cartons", "tub", "tubs", "pot",
                            "pots", "jar", "jars")),
    "bottle": ("piece", ("bottle", "bottles")),
    "glass": ("piece", ("glass", "glasses", "glassful", "glassfuls")),
    "bowl": ("piece", ("bowl", "bowls", "bowlful", "bowlfuls")),
    "mug": ("piece", ("mug", "mugs", "mugful", "mugfuls")),
    "plate": ("piece", ("plate", "plates", "plateful", "platefuls")),
    "handful": ("piece", ("handful", "handfuls", "handsful")),
    "scoop": ("piece", ("scoop", "scoops")),
    "serving": ("piece", ("serving", "servings", "svg", "svgs")),
    "portion": ("piece", ("portion", "portions")),
    "stick": ("piece", ("stick", "sticks")),
    "strip": ("piece", ("strip", "strips", "rasher", "rashers")),
    "clove": ("piece", ("clove", "cloves")),
    "packet": ("piece", ("packet", "packets", "pkt", "pkts", "sachet", "sachets", "pouch",
                         "pouches", "envelope", "envelopes")),
    "pack": ("piece", ("pack", "packs", "pkg", "pkgs", "package", "packages", "bag", "bags", "box",
                       "boxes")),
    "bar": ("piece", ("bar", "bars")),
    "square": ("piece", ("square", "squares")),
    "wedge": ("piece", ("wedge", "wedges")),
    "leaf": ("piece", ("leaf", "leaves")),
    "sprig": ("piece", ("sprig", "sprigs")),
    "pinch": ("piece", ("pinch", "pinches")),
    "dash": ("piece", ("dash", "dashes")),
    "splash": ("piece", ("splash", "splashes")),
    "drop": ("piece", ("drop", "drops")),
    "shot": ("piece", ("shot", "shots")),
    "fillet": ("piece", ("fillet", "fillets", "filet", "filets")),
    "breast": ("piece", ("breast", "breasts")),
    "thigh": ("piece", ("thigh", "thighs")),
    "drumstick": ("piece", ("drumstick", "drumsticks")),
    "link": ("piece", ("link", "links")),
    "patty": ("piece", ("patty", "patties")),
    "bunch": ("piece", ("bunch", "bunches")),
    "head": ("piece", ("head", "heads")),
    "stalk": ("piece", ("stalk", "stalks")),
    "rib": ("piece", ("rib", "ribs")),  # of celery; "2 ribs" alone are the food (see below)
    "ear": ("piece", ("ear", "ears")),  # of corn
    "cube": ("piece", ("cube", "cubes")),
    "sheet": ("piece", ("sheet", "sheets")),
    "spoonful": ("piece", ("spoon", "spoons", "spoonful", "spoonfuls", "spoonsful")),
    "dollop": ("piece", ("dollop", "dollops")),
    "knob": ("piece", ("knob", "knobs")),
    "pat": ("piece", ("pat", "pats")),
}  # fmt: skip

UNITS: Mapping[str, str] = MappingProxyType({u: kind for u, (kind, _) in _UNIT_TABLE.items()})
"""Every canonical unit the parser can give -> its kind (``"mass"``, ``"volume"``, ``"piece"``)."""

_UNIT_WORDS: dict[str, str] = {w: u for u, (_, words) in _UNIT_TABLE.items() for w in words}

# A unit word with no number before it means one of it when "of" follows ("glass of wine"); these
# also mean one of it without "of" ("handful almonds"), where other words may be food ("bar nuts").
_BARE_UNITS = frozenset(
    {"handful", "pinch", "dash", "splash", "slice", "cup", "glass", "bowl", "mug", "plate", "scoop",
     "serving", "portion", "tbsp", "tsp", "spoonful", "dollop", "knob", "shot", "sprig", "bunch"}
)  # fmt: skip
# Piece units that are the food when nothing follows them ("2 chicken breasts" is a count; "2
# breasts" alone is too): "breast", "fillet" ...
_FOOD_LIKE_UNITS = frozenset(
    {"fillet", "breast", "thigh", "drumstick", "link", "patty", "bar", "leaf", "wedge", "square",
     "strip", "stick", "cube", "sheet", "head", "clove", "rib", "ear"}
)  # fmt: skip

_CONTAINERS = frozenset(
    w for u in ("can", "container", "bottle", "packet", "pack") for w in _UNIT_TABLE[u][1]
)
# What a drink or food comes in, whose size a bracket may give ("2 bottles (12 oz each)").
_SERVED_IN_UNITS = frozenset({"can", "container", "bottle", "packet", "pack", "glass", "mug", "bar"})
_SERVED_IN = frozenset(
    w for u in _SERVED_IN_UNITS for w in _UNIT_TABLE[u][1]
) | {"cup", "cups"}
# Units a food name can end with that say how much, not which food ("beet juice shot", "coke
# can"); not "cup" or "bowl", which end foods' names ("peanut butter cup", "burrito bowl").
_TRAILING_UNITS = frozenset(
    {"shot", "shots", "glass", "mug", "bottle", "can", "pint", "box", "carton", "pouch"}
)
# Food names that start with a size word.
_SIZE_FOODS = frozenset({"big mac", "big macs", "big tasty", "little gem", "large intestine"})

SIZES: Mapping[str, str] = MappingProxyType(
    {"small": "small", "sm": "small", "smll": "small", "medium": "medium", "med": "medium",
     "md": "medium", "large": "large", "lg": "large", "lrg": "large", "lge": "large",
     "big": "large", "xl": "extra large", "jumbo": "jumbo"}
)  # fmt: skip
"""Size words -> canonical size."""

_UNIT_MODIFIERS = frozenset(
    {"heaped", "heaping", "level", "rounded", "scant", "generous", "good", "thick", "thin",
     "full", "small", "large", "big", "medium", "little", "packed", "loosely", "lightly",
     "tightly", "firmly", "overflowing"}
)  # fmt: skip

_NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}  # fmt: skip
_FRACTION_WORDS: dict[str, Fraction] = {
    "half": Fraction(1, 2), "halves": Fraction(1, 2), "third": Fraction(1, 3),
    "thirds": Fraction(1, 3), "quarter": Fraction(1, 4), "quarters": Fraction(1, 4),
}  # fmt: skip
# Word -> (value, note); a few of these are guesses and say so.
_VAGUE_COUNTS: dict[str, tuple[int, str | None]] = {
    "couple": (2, "'a couple' read as 2"),
    "pair": (2, None),
    "few": (3, "'a few' is an estimate: read as 3"),
    "several": (3, "'several' is an estimate: read as 3"),
    "dozen": (12, None),
}
# Words that say "some" without a number: no quantity, and a note.
_VAGUE_AMOUNTS = frozenset(
    {"bit", "little", "lot", "lots", "touch", "drizzle", "sprinkle", "sprinkling", "smidge",
     "smidgen", "tad", "load", "loads", "ton", "tons", "spot", "dab", "hint", "squeeze", "squirt",
     "helping"}
)  # fmt: skip

# Leading words that are not food: verbs of eating and words of vagueness.
_FILLERS = frozenset(
    {"had", "have", "having", "ate", "eat", "eating", "eaten", "drank", "drink", "drinking",
     "drunk", "consumed", "i", "i've", "ive", "i'd", "we", "we've", "just", "also", "then", "and",
     "plus", "with", "some", "about", "approx", "approximately", "appr", "ca", "circa", "around",
     "roughly", "nearly", "almost", "maybe", "like", "probably", "perhaps", "more", "my", "our",
     "snacked", "snacking", "on", "grabbed", "finished", "ordered", "enjoyed", "only", "~", "+",
     "est", "estimated", "another", "least"}
)  # fmt: skip
_TRAILING_FILLERS = frozenset(
    {"approx", "approximately", "roughly", "ish", "about", "or", "so", "total", "in", "yum",
     "lol", "each", "of", "and", "with", "plus", "&"}
)  # fmt: skip
_ARTICLES = frozenset({"a", "an", "the", "of", "some"})

# Activities and feelings: a part that starts with one of these (or is only these, or whose
# amount is a distance or a time) is not food.
_ACTIVITY_WORDS = frozenset(
    {"went", "go", "going", "gone", "ran", "run", "runs", "running", "walked", "walk", "walks",
     "walking", "jogged", "jog", "jogging", "cycled", "cycle", "cycling", "biked", "bike", "biking",
     "swam", "swim", "swimming", "slept", "sleep", "sleeping", "nap", "napped", "woke", "wake",
     "workout", "worked", "trained", "train", "training", "stretched", "stretch",
     "stretching", "yoga", "pilates", "gym", "hiked", "hike", "hiking", "lifted", "lifting",
     "weights", "exercise", "exercised", "exercising", "meditated", "meditation", "cardio",
     "rowed", "rowing", "danced", "dancing", "skipped", "fasted", "fasting", "steps",
     "commute", "commuted", "played", "football", "tennis", "hiit", "crossfit"}
)  # fmt: skip
_FEELING_WORDS = frozenset(
    {"felt", "feel", "feeling", "feels", "tired", "exhausted", "hungry", "sick", "nauseous",
     "bloated", "headache", "cramps", "cramp", "sore", "dizzy", "stressed", "anxious", "sleepy",
     "fatigue", "fatigued"}
)  # fmt: skip
# "ran 5k" / "30 min yoga": a number with one of these is a distance or a time, not food.
# Words that describe how the body feels. A part made only of these (and feeling words) is a
# feeling ("heavy legs", "sore calves", "tight hamstrings"); one food word makes it food again
# ("heavy cream", "frog legs", "chicken legs").
_SYMPTOM_WORDS = frozenset(
    {"heavy", "legs", "leg", "achy", "aching", "ache", "aches", "pain", "painful", "stiff", "tight",
     "weak", "calf", "calves", "hamstring", "hamstrings", "knee", "knees", "muscle", "muscles",
     "cramping", "restless", "low", "energy", "mood", "sluggish", "heavier", "very", "really",
     "bit", "little", "quite", "so", "a", "my", "and", "today", "tonight"}
)  # fmt: skip
_ACTIVITY_UNITS = frozenset(
    {"k", "km", "kms", "kilometer", "kilometers", "kilometre", "kilometres", "mi", "mile",
     "miles", "m", "meter", "meters", "metre", "metres", "min", "mins", "minute", "minutes", "h",
     "hr", "hrs", "hour", "hours", "sec", "secs", "seconds", "steps", "step", "reps", "sets",
     "laps", "lap", "bpm", "rounds"}
)  # fmt: skip
# "500 kcal of pasta": energy, which is no amount of food (the grams cannot come from it).
_ENERGY_UNITS = frozenset({"kcal", "kcals", "cal", "cals", "calorie", "calories", "kj"})
_EATING_VERBS = frozenset({"had", "ate", "drank", "eaten", "eat", "drink", "grabbed", "snacked"})
_NEGATIONS = frozenset({"no", "without", "not", "minus", "hold", "nothing", "none", "nil"})

# The built-in dishes used when the caller gives no ``is_dish``: foods whose name has an "and",
# "&" or "with" in it. "X and Y sandwich" (and wrap, salad, ...) is one food too.
DEFAULT_DISHES = frozenset(
    {"mac and cheese", "macaroni and cheese", "peanut butter and jelly", "peanut butter and jam",
     "pb and j", "fish and chips", "rice and beans", "beans and rice", "spaghetti and meatballs",
     "salt and vinegar chips", "salt and vinegar crisps", "sweet and sour",
     "sweet and sour chicken", "sweet and sour pork", "half and half", "surf and turf",
     "biscuits and gravy", "cookies and cream", "cookies and cream ice cream", "bangers and mash",
     "franks and beans", "pork and beans", "chicken and waffles", "chicken and dumplings",
     "shrimp and grits", "eggs and soldiers", "bubble and squeak", "liver and onions",
     "cheese and onion crisps", "strawberries and cream", "steak and kidney pie",
     "sausage and mash", "lox and bagel", "bread and butter pudding", "fruit and nut",
     "fruit and nut chocolate", "oil and vinegar", "chips and salsa dip", "cheese and crackers"}
)  # fmt: skip
# "X and Y sandwich": a filling named before a dish word. Narrow on purpose: "coffee and blueberry
# muffin" is two foods.
_DISH_SUFFIXES = frozenset(
    {"sandwich", "sandwiches", "sarnie", "wrap", "wraps", "omelette", "omelettes", "omelet",
     "omelets", "pie", "pies", "soup", "soups", "bagel", "bagels", "burrito", "burritos",
     "toastie", "toasties", "panini", "sub", "subs", "quesadilla", "quesadillas", "pasty",
     "pasties", "crisps", "smoothie", "smoothies", "stew", "casserole", "curry", "stir-fry",
     "risotto", "pizza", "salad", "salads"}
)  # fmt: skip


def canonical_unit(word: str) -> str | None:
    """The canonical unit for a unit word (``"tablespoons"`` -> ``"tbsp"``), or ``None``.

    Case matters only for ``"T"`` (tablespoon) and ``"t"`` (teaspoon).
    """
    if word == "T":
        return "tbsp"
    if word == "t":
        return "tsp"
    w = word.strip().lower().rstrip(".")
    if w in ("fl oz", "fl. oz", "fluid ounce", "fluid ounces"):
        return "fl oz"
    return _UNIT_WORDS.get(w)


def _default_is_dish(food: str) -> bool:
    """The built-in answer to "is this one dish?": :data:`DEFAULT_DISHES`, or "X and Y <dish>"."""
    food = food.replace(" & ", " and ").replace(" n ", " and ")
    if food in DEFAULT_DISHES or food.removesuffix("s") in DEFAULT_DISHES:
        return True
    words = food.split()
    return 4 <= len(words) <= 6 and "and" in words[1:-2] and words[-1] in _DISH_SUFFIXES


# Tokens
# --------------------------------------------------------------------------------------------

# A token is (kind, text, value): kind "n" (a number; value is its Fraction), "w" (a word) or "p"
# (one punctuation character). Numbers keep letters glued to them ("150g"), split off below.
_Token = tuple[str, str, "Fraction | None"]

_TOKEN = re.compile(
    r"[0-9]+(?:[.,][0-9]+)*(?:/[0-9]+)?(?:-[0-9]+/[0-9]+)?%?[^\W\d_]*"
    r"|\.[0-9]+"
    r"|x(?=[0-9])"
    r"|[^\W\d_][\w'&]*(?:-[^\W\d_][\w'&]*)*"
    r"|[^\w\s]"
)
_NUMBER = re.compile(r"([0-9.,]+)(?:/([0-9]+))?(?:-([0-9]+)/([0-9]+))?(%?)(.*)", re.S)
_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")
_MAX_DIGITS = 30  # int() refuses strings of over 4,300 digits; no amount has 30


_SMALL: dict[str, Fraction] = {str(k): Fraction(k) for k in range(1000)}


def _number_value(text: str) -> Fraction | None:
    """``"1.5"``, ``"1,5"``, ``"1,500"``, ``".5"`` -> Fraction; ``None`` if not a number."""
    small = _SMALL.get(text)
    if small is not None:
        return small
    if len(text) > _MAX_DIGITS:
        return None
    if "," in text:
        if _THOUSANDS.fullmatch(text):
            return Fraction(int(text.replace(",", "")))
        if text.count(",") > 1 or "." in text:
            return None
        text = text.replace(",", ".")
    if text.count(".") > 1 or text in (".", ""):
        return None
    return Fraction(text)


def _glued(letters: str) -> bool:
    """Letters glued to a number that are a word of their own ("150g", "2x"), not a name ("7up")."""
    return (
        letters in _UNIT_WORDS or letters in SIZES or letters in _ACTIVITY_UNITS
        or letters in ("x", "ish", "fl") or len(letters) > 2
    )  # fmt: skip


def _tokenise(text: str) -> list[_Token]:
    toks: list[_Token] = []
    append = toks.append
    for s in _TOKEN.findall(text):
        c = s[0]
        if "0" <= c <= "9" or (c == "." and len(s) > 1):
            small = _SMALL.get(s)
            if small is not None:  # the common case: "2"
                append(("n", s, small))
                continue
            m = _NUMBER.match(s)
            if m is None or m[5]:  # "2% milk", "85% dark chocolate": food words
                append(("w", s, None))
                continue
            whole, den, mnum, mden, _, letters = m.groups()
            if den is not None and mnum is not None:  # "1/2-3/4": a range of two fractions
                toks.extend(_tokenise(s.replace("-", " - ", 1)))
                continue
            value = _number_value(whole)
            if value is not None and den is not None:
                value = None if int(den) == 0 or len(den) > _MAX_DIGITS else value / int(den)
            if value is not None and mnum is not None:  # "1-1/2": one and a half
                if int(mden) == 0 or len(mnum) + len(mden) > _MAX_DIGITS:
                    value = None
                else:
                    value += Fraction(int(mnum), int(mden))
            if value is None or (letters and not _glued(letters)):
                append(("w", s, None))  # "1.2.3", "7up"
                continue
            append(("n", s[: len(s) - len(letters)], value))
            if letters:
                append(("w", letters, None))
        elif c.isalnum():
            append(("w", s, None))
        else:
            append(("p", s, None))
    return toks


def _fmt(q: Fraction) -> str:
    """2, 1.5, 1/3, 1 2/3: a decimal when exact in three places, else a fraction."""
    if q.denominator == 1:
        return str(q.numerator)
    if (q * 1000).denominator == 1:
        return f"{float(q):g}"
    whole, rest = divmod(q.numerator, q.denominator)
    return f"{whole} {rest}/{q.denominator}" if whole else f"{rest}/{q.denominator}"


def _word(toks: list[_Token], i: int) -> str:
    """The word at ``i`` ("" for a number, punctuation or past the end)."""
    if i < len(toks):
        t = toks[i]
        if t[0] == "w":
            return t[1]
    return ""


def _is_num(toks: list[_Token], i: int) -> bool:
    return i < len(toks) and toks[i][0] == "n"


def _text(toks: list[_Token], i: int) -> str:
    return toks[i][1] if i < len(toks) else ""


def _join_tokens(toks: list[_Token]) -> str:
    out = ""
    for kind, text, _ in toks:
        out += (
            text
            if (kind == "p" and text in ",;:)]/") or out.endswith(("(", "[", "/"))
            else " " + text
        )
    return out.strip()


# --------------------------------------------------------------------------------------------
# Amounts
# --------------------------------------------------------------------------------------------

# Exact factors within one measuring system, to add "1 lb 2 oz" or "1 cup plus 2 tbsp".
_SYSTEMS: dict[str, tuple[str, Fraction]] = {
    "mg": ("metric mass", Fraction(1, 1000)), "g": ("metric mass", Fraction(1)),
    "kg": ("metric mass", Fraction(1000)), "oz": ("imperial mass", Fraction(1)),
    "lb": ("imperial mass", Fraction(16)), "ml": ("metric volume", Fraction(1)),
    "cl": ("metric volume", Fraction(10)), "dl": ("metric volume", Fraction(100)),
    "l": ("metric volume", Fraction(1000)), "tsp": ("us volume", Fraction(1)),
    "tbsp": ("us volume", Fraction(3)), "fl oz": ("us volume", Fraction(6)),
    "cup": ("us volume", Fraction(48)), "pint": ("us volume", Fraction(96)),
    "quart": ("us volume", Fraction(192)), "gallon": ("us volume", Fraction(768)),
}  # fmt: skip


def _same_system(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a not in _SYSTEMS or b not in _SYSTEMS:
        return False
    return _SYSTEMS[a][0] == _SYSTEMS[b][0]


def _convert(q: Fraction, unit: str, to: str) -> Fraction:
    return q * _SYSTEMS[unit][1] / _SYSTEMS[to][1]


@dataclass
class _Amount:
    """An amount while it is being read (mutable, internal)."""

    quantity: Fraction | None
    end: int  # index of the first token after the amount
    low: Fraction | None = None
    high: Fraction | None = None
    unit: str | None = None
    size: str | None = None
    activity: bool = False  # "5k", "30 min": a distance or a time
    implied: bool = False  # "glass of wine": no number, one of the unit
    each: bool = False  # "(about 3 oz each)": per piece of a count
    container: bool = False  # "12 oz can": the amount of one container
    energy: bool = False  # "500 kcal": read, and no amount of food
    notes: tuple[str, ...] = ()

    @property
    def is_range(self) -> bool:
        return self.low is not None

    def describe(self) -> str:
        if self.low is not None and self.high is not None:
            q = f"{_fmt(self.low)}-{_fmt(self.high)}"
        else:
            q = _fmt(self.quantity) if self.quantity is not None else ""
        if self.unit:
            return f"{q} {self.unit}".strip()
        return f"a count of {q}" if q else "no amount"


_Number = tuple["Fraction | None", int, "str | None"]


def _read_number(toks: list[_Token], i: int) -> _Number | None:
    """A number phrase at ``i`` -> (value, next index, note), or ``None`` if there is none.

    ``2``, ``1 1/2``, ``2 dozen``, ``a``, ``an``, ``one``, ``three quarters``, ``half a``, ``a
    half``, ``a quarter of a``, ``a couple of``, ``a few``, ``a dozen``, ``half a dozen``, ``a
    pair of``. Value ``None``: a vague amount with no number ("a bit of", "lots of").
    """
    n = len(toks)
    if i >= n:
        return None
    kind, text, value = toks[i]
    j = i + 1
    if kind == "n":
        assert value is not None
        note = None
        # "1 1/2": a whole number and a proper fraction
        if value.denominator == 1 and j < n and toks[j][0] == "n" and "/" in toks[j][1]:
            frac = toks[j][2]
            assert frac is not None
            if frac < 1:
                value, j = value + frac, j + 1
        if "," in text and _THOUSANDS.fullmatch(text):
            note = f"read {text} as {_fmt(value)} (a thousands separator)"
        if _word(toks, j) == "dozen":  # "2 dozen", "1/2 dozen"
            value, j = value * 12, j + 1
        return value, j, note
    if kind != "w":
        return None
    nxt = _word(toks, j)
    if text in ("a", "an", "another"):
        if nxt in ("half", "quarter", "third"):  # "a half cup", "a quarter of a", "a half dozen"
            value, j = _FRACTION_WORDS[nxt], j + 1
            if _word(toks, j) == "dozen":
                return value * 12, j + 1, None
            if _word(toks, j) == "of":
                j += 1
            if _word(toks, j) in ("a", "an"):
                j += 1
            return value, j, None
        if nxt in _VAGUE_COUNTS:  # "a couple of", "a few", "a dozen", "a pair of"
            count, note = _VAGUE_COUNTS[nxt]
            j += 1
            if _word(toks, j) == "of":
                j += 1
            return Fraction(count), j, note
        if nxt in _VAGUE_AMOUNTS and text != "another":  # "a bit of", "a little", "a lot of"
            j += 1
            if _word(toks, j) in _VAGUE_AMOUNTS:  # "a little bit of"
                j += 1
            if _word(toks, j) == "of":
                j += 1
            return None, j, f"'{text} {nxt}' gives no amount"
        return Fraction(1), j, None
    if text in _NUMBER_WORDS:
        value = Fraction(_NUMBER_WORDS[text])
        if nxt in _FRACTION_WORDS:  # "three quarters (of a)", "two thirds", "one half"
            value, j = value * _FRACTION_WORDS[nxt], j + 1
            if _word(toks, j) == "of":
                j += 1
                if _word(toks, j) in ("a", "an"):
                    j += 1
            return value, j, None
        if nxt == "dozen":
            return value * 12, j + 1, None
        return value, j, None
    if text in ("half", "quarter"):  # "half a", "half an", "half of", "half of a", "half a dozen"
        value = _FRACTION_WORDS[text]
        if nxt == "of":
            j += 1
        if _word(toks, j) in ("a", "an"):
            j += 1
        if _word(toks, j) == "dozen":
            return value * 12, j + 1, None
        return value, j, None
    if text in _VAGUE_COUNTS:  # "couple of", "few", "dozen"
        count, note = _VAGUE_COUNTS[text]
        return Fraction(count), j + (nxt == "of"), note
    if text in ("lots", "loads", "plenty"):
        return None, j + (nxt == "of"), f"'{text}' gives no amount"
    return None


def _read_unit(toks: list[_Token], i: int) -> tuple[str | None, str | None, int, str | None]:
    """A size word and a unit: ``large`` ("2 large eggs"), ``large handful``, ``heaped tbsp``,
    ``lg bunch`` -> (size, unit, next index, note on a modifier)."""
    size = None
    note = None
    w = _word(toks, i)
    if w in SIZES and f"{w} {_word(toks, i + 1)}" not in _SIZE_FOODS:
        size = SIZES[w]
        i += 1
        w = _word(toks, i)
        if _text(toks, i) in ("to", "-", "or") and _word(toks, i + 1) in SIZES:
            # "6 small to medium tomatoes": a range of sizes; the first is used
            note = f"'{_word(toks, i - 1)} {_text(toks, i)} {_word(toks, i + 1)}': used {size}"
            i += 2
            w = _word(toks, i)
    if w in _UNIT_MODIFIERS and _word(toks, i + 1) in _UNIT_WORDS:
        modified = _UNIT_WORDS[_word(toks, i + 1)]
        note = f"'{w} {modified}': the amount is for a plain {modified}"
        i += 1
        w = _word(toks, i)
    unit = _UNIT_WORDS.get(w) if w else None
    if unit is not None:
        i += 1
    return size, unit, i, note


def _read_amount(toks: list[_Token], i: int, *, bare_unit: bool = True) -> _Amount | None:
    """The amount that starts at ``i``, or ``None``.

    In order: ``x2``; a number phrase; a range (``-``, ``to``, ``or``); a multiplier (``2 x 50``);
    a size word and a unit; a range with the unit on both sides (``150g-200g``); a compound
    (``1 lb 2 oz``); second amounts (``/10 1/2 oz``, ``(240 ml)``); a container after a measure
    (``400 g tin``). With ``bare_unit``, a unit with no number is one of it (``glass of wine``).
    """
    n = len(toks)
    notes: list[str] = []
    if _word(toks, i) == "x" and _is_num(toks, i + 1):  # "x2 eggs"
        i += 1
    numeral = _is_num(toks, i) or _word(toks, i) in _NUMBER_WORDS
    num = _read_number(toks, i)
    if num is None:
        return _read_bare_unit(toks, i) if bare_unit else None
    value, i, note = num
    if note:
        notes.append(note)
    if value is None:  # "a bit of": read, and no number
        return _Amount(None, i, notes=tuple(notes))
    low = high = mult = None
    if (
        _is_num(toks, i) and _text(toks, i + 1) == "-"
        and _word(toks, i + 2) in ("inch", "inches", "cm", "centimetre", "centimeter")
    ):
        # "1 2-inch piece ginger", "one 1-inch knob of ginger": a length says how big the piece
        # is, not how many
        notes.append(f"'{_text(toks, i)}-{_word(toks, i + 2)}' read as the size of the piece")
        i += 3
    inner = _read_inner_size(toks, i)
    if inner is not None and value > 0:
        # "2 (14-ounce) cans artichoke hearts", "3 10-ounce packages spinach", "4 7-ounce skate
        # fillets": a count of items of a stated weight or volume each
        each_q, each_unit, i = inner
        total = value * each_q
        notes.append(
            f"{_fmt(value)} x {_fmt(each_q)} {each_unit}: {_fmt(total)} {each_unit} in all"
        )
        amount = _Amount(total, i, unit=each_unit)
        amount.end = _skip_container(toks, i, amount)
        amount.notes = tuple(notes)
        return amount
    # ranges: "1-2", "2 to 3", "2 or 3", "1/2-1", "two or three" (both ends alike)
    if numeral and i + 1 < n and toks[i][1] in ("-", "to", "or"):
        digits = toks[i + 1][0] == "n"
        if digits == (toks[i - 1][0] == "n") and (digits or _word(toks, i + 1) in _NUMBER_WORDS):
            nxt = _read_number(toks, i + 1)
            if nxt is not None and nxt[0] is not None:
                if nxt[0] != value:
                    low, high = min(value, nxt[0]), max(value, nxt[0])
                i = nxt[1]
    # multipliers: "2 x 50 g" (two of 50 g: 100 g), "2x banana"
    if _word(toks, i) == "x":
        nxt = _read_number(toks, i + 1) if _is_num(toks, i + 1) else None
        if nxt is not None and nxt[0] is not None and low is None:
            mult, value, i = value, nxt[0], nxt[1]
            if _text(toks, i) == "-" and _is_num(toks, i + 1):  # "2 x 150-200 g"
                hi = _read_number(toks, i + 1)
                if hi is not None and hi[0] is not None and hi[0] != value:
                    low, high, i = min(value, hi[0]), max(value, hi[0]), hi[1]
        else:
            i += 1
    if _word(toks, i) == "ish":  # "2ish"
        i += 1
    if _word(toks, i) in ("each", "ea") and _word(toks, i + 1):  # "2 each Wasa, Crispbread"
        i += 1
    size, unit, i, mod_note = _read_unit(toks, i)
    if mod_note:
        notes.append(mod_note)
    if unit is None and _word(toks, i) in _ACTIVITY_UNITS:
        return _Amount(value, i + 1, unit=None, activity=True)
    if unit is None and _word(toks, i) in _ENERGY_UNITS:
        note = f"'{_fmt(value)} {_word(toks, i)}' is energy, not an amount of food: left out"
        return _Amount(None, i + 1, energy=True, notes=(note,))
    # "150g-200g", "2 tbsp to 3 tbsp": a range with the unit on both sides
    if unit is not None and low is None and _text(toks, i) in ("-", "to") and _is_num(toks, i + 1):
        hi = _read_number(toks, i + 1)
        if hi is not None and hi[0] is not None:
            _, unit2, k, _ = _read_unit(toks, hi[1])
            if unit2 == unit and hi[0] != value:
                low, high, i = min(value, hi[0]), max(value, hi[0]), k
    # compounds: "1 lb 2 oz", "1 cup 2 tbsp"
    if unit in _SYSTEMS and _is_num(toks, i):
        more = _read_number(toks, i)
        if more is not None and more[0] is not None:
            _, unit2, k, _ = _read_unit(toks, more[1])
            if unit2 is not None and unit2 != unit and _same_system(unit, unit2):
                assert unit is not None
                total = value + _convert(more[0], unit2, unit)
                notes.append(
                    f"{_fmt(value)} {unit} {_fmt(more[0])} {unit2} read as {_fmt(total)} {unit}"
                )
                value, i = total, k
    if low is not None and high is not None:
        value = (low + high) / 2
    if mult is not None:
        each = f"{_fmt(low)}-{_fmt(high)}" if low is not None and high is not None else _fmt(value)
        value *= mult
        if low is not None and high is not None:
            low, high = low * mult, high * mult
        if mult != 1:
            u = f" {unit}" if unit else ""
            notes.append(f"{_fmt(mult)} x {each}{u}: {_fmt(value)}{u} in all")
    if low is not None and high is not None:
        notes.append(f"range {_fmt(low)}-{_fmt(high)}: used the midpoint {_fmt(value)}")
    amount = _Amount(value, i, low=low, high=high, unit=unit, size=size)
    if unit is not None:
        i = _read_alternatives(toks, i, amount, notes, each=mult is not None and mult != 1)
        # "a 400 g tin of tomatoes", "2 x 150 g pots of yogurt": the container is not food
        if UNITS[unit] != "piece":
            i = _skip_container(toks, i, amount)
    amount.end = i
    amount.notes = tuple(notes)
    return amount


def _skip_container(toks: list[_Token], i: int, amount: _Amount) -> int:
    """Past a container word after a weight or volume ("400 g tin of"), marking the amount."""
    if _word(toks, i) in _CONTAINERS:
        amount.container = True
        i += 1
        if _word(toks, i) == "of":
            i += 1
    return i


def _read_inner_size(toks: list[_Token], i: int) -> tuple[Fraction, str, int] | None:
    """The size of each item after a count, hyphenated or in brackets ("(14-ounce)",
    "10-ounce", "(28 oz)"), then a word: (the size, its weight or volume unit, where it ends)."""
    j = i
    bracket = _text(toks, j) == "("
    if bracket:
        j += 1
    if not (j < len(toks) and toks[j][0] == "n"):
        return None
    num = _read_number(toks, j)
    if num is None:
        return None
    q, j, _ = num
    if q is None:
        return None
    hyphen = _text(toks, j) == "-"
    if hyphen:
        j += 1
    elif not bracket:
        return None  # "2 14 oz" is no size of each
    _, unit, j, _ = _read_unit(toks, j)
    if unit is None or UNITS[unit] == "piece":
        return None
    if bracket:
        if _text(toks, j) != ")":
            return None
        j += 1
    if _word(toks, j) == "" or _word(toks, j) == "of":
        return None  # "2 (240 ml)": a second amount, read elsewhere
    return q, unit, j


def _read_bare_unit(toks: list[_Token], i: int) -> _Amount | None:
    """``glass of wine``, ``handful almonds``, ``large pinch saffron``: one of the unit."""
    size = None
    if _word(toks, i) in SIZES and _word(toks, i + 1) in _UNIT_WORDS:
        size = SIZES[_word(toks, i)]
        i += 1
    word = _word(toks, i)
    unit = _UNIT_WORDS.get(word)
    if unit is None:
        return None
    end = i + 1
    if _word(toks, end) == "of":
        end += 1
    elif unit not in _BARE_UNITS:
        return None
    if end >= len(toks):  # "cup" alone is not an amount of anything
        return None
    note = f"no number before '{word}': read as 1 {unit}"
    return _Amount(Fraction(1), end, unit=unit, size=size, implied=True, notes=(note,))


_APPROX = frozenset({"about", "approx", "approximately", "around", "ca", "roughly", "circa", "~"})


def _read_alternatives(
    toks: list[_Token], i: int, amount: _Amount, notes: list[str], *, each: bool = False
) -> int:
    """Second amounts after the first (``/10 1/2 oz``, ``(240 ml)``): read, noted, not used."""
    per = " each" if each else ""
    for _ in range(3):  # "3 g/<1/8 oz/1 teaspoon"
        t = _text(toks, i)
        if t == "/":
            k = i + 1
            if _text(toks, k) in ("<", ">", "~"):
                k += 1
            alt = _read_amount(toks, k, bare_unit=False)
            if alt is None or alt.unit is None or alt.quantity is None:
                break
            end = alt.end
        elif t in ("(", "["):
            k = i + 1
            while _text(toks, k) in _APPROX or _text(toks, k) == "or":
                k += 1
            alt = _read_amount(toks, k, bare_unit=False)
            if alt is None or alt.quantity is None or _text(toks, alt.end) not in (")", "]"):
                break
            end = alt.end + 1
        else:
            break
        notes.append(f"also given as {alt.describe()}{per}; used {amount.describe()}")
        i = end
    return i


# --------------------------------------------------------------------------------------------
# Parts of a line
# --------------------------------------------------------------------------------------------


@dataclass
class _Part:
    """One part of a line while it is being read (mutable, internal)."""

    text: str  # normalised text of the part
    sep: str  # the separator before it ("" for the first)
    amount: _Amount | None = None
    size: str | None = None
    food: str = ""
    notes: list[str] = field(default_factory=list)
    kind: str = "food"  # "food" | "activity" | "feeling" | "negation" | "empty"
    raw: str = ""
    leading_amount: bool = False  # the amount came before the food ("2 eggs", not "eggs 2")


# A bare number straight after one of these is part of the name ("omega 3", "vitamin d 1000").
_NO_COUNT_AFTER = frozenset(
    {"omega", "vitamin", "b", "d", "e", "k", "zero", "grade", "number", "no", "size", "type",
     "max", "plus", "pro", "ultra", "version", "level", "stage", "coke", "pepsi", "v", "gen",
     "sprite", "fanta", "iu", "mcg", "ug", "percent"}
)  # fmt: skip
_STOP_PUNCT = frozenset("~-:,.;+*=>!?")
_ACTIVITY_STOPWORDS = frozenset(
    {"a", "an", "the", "for", "to", "at", "my", "in", "out", "did", "some", "of", "on", "with",
     "and", "so", "very", "really", "quite", "i", "am", "was", "bit", "little", "morning",
     "evening", "afternoon", "night", "long", "short", "easy", "quick", "hard", "light", "daily",
     "today", "good", "great", "bad", "slow", "fast", "session", "class", "went"}
)  # fmt: skip


def _skip_fillers(toks: list[_Token], i: int) -> int:
    n = len(toks)
    if _word(toks, i) == "at" and _word(toks, i + 1) == "least":  # "at least 4 tbsp oil"
        i += 2
    while i < n:
        kind, text, _ = toks[i]
        if kind == "w" and text in _FILLERS:
            if text == "another" and i + 1 < n and toks[i + 1][0] == "w":
                return i  # "another coffee": one more coffee
            i += 1
        elif kind == "p" and text in _STOP_PUNCT:
            i += 1
        else:
            break
    return i


def _food_words(toks: list[_Token]) -> list[str]:
    """The words that name the food: no punctuation (but ``&``), no leading articles, fillers or
    "of", no trailing fillers, no article after "of"."""
    # " / " between names is "or": "Chickpeas / Garbanzo" (the matcher tries each)
    words = [
        ("or" if t[1] == "/" else " ".join(t[1].replace("_", " ").split()))  # "ben_and_jerry's"
        for t in toks
        if t[0] != "p" or t[1] in ("&", "/")
    ]
    words = [w for w in words if w]
    a, b = 0, len(words)
    while a < b and (words[a] in _ARTICLES or words[a] in _FILLERS):
        a += 1
    while b > a and (words[b - 1] in _TRAILING_FILLERS or words[b - 1] in ("a", "an", "the", "&")):
        b -= 1
    if a or b < len(words):
        words = words[a:b]
    if "of" in words or "with" in words:  # "juice of a lemon" -> "juice of lemon"
        words = [
            w for k, w in enumerate(words)
            if not (k and w in ("a", "an", "the") and words[k - 1] in ("of", "with"))
        ]  # fmt: skip
    return words


def _read_part(text: str, sep: str) -> _Part:
    """Read one part of a line: fillers, the amount (before or after the food), the food."""
    toks = _tokenise(text)
    n = len(toks)
    part = _Part(text, sep)
    notes = part.notes
    i = _skip_fillers(toks, 0)
    first = _word(toks, i)
    if sep == "without" or first in _NEGATIONS:
        part.kind = "negation"  # "coffee without sugar", "coffee, no sugar"
        return part
    if first in ("burned", "burnt", "burn") and _is_num(toks, i + 1):
        part.kind = "activity"  # "burned 500 calories" (but "burnt toast" is food)
        return part
    if first in _ACTIVITY_WORDS or first in _FEELING_WORDS or first in ("after", "before"):
        # "ran 5k then had a banana", "after my run i had a banana": what follows the eating verb
        for k in range(i + 1, n - 1):
            if toks[k][0] == "w" and toks[k][1] in _EATING_VERBS:
                end = k
                while end > i + 1 and toks[end - 1][1] in _FILLERS:  # "... i had"
                    end -= 1
                notes.append(f"ignored '{_join_tokens(toks[i:end])}'")
                i = _skip_fillers(toks, k)
                first = _word(toks, i)
                break
    amount = _read_amount(toks, i) if i < n else None
    if amount is None and _text(toks, i) in ("(", "["):  # "(2 slices) toast"
        inner = _read_amount(toks, i + 1, bare_unit=False)
        if inner is not None and _text(toks, inner.end) in (")", "]") and inner.end + 1 < n:
            inner.end += 1
            amount = inner
    size = None
    if amount is not None:
        if amount.activity:
            part.amount, part.kind = amount, "activity"
            return part
        size = amount.size
        i = amount.end
        notes.extend(amount.notes)
        part.leading_amount = True
    # a size word at the start of the food: "large egg", "medium coffee" ("big" only after a number)
    w = _word(toks, i)
    if size is None and w in SIZES and w != "big" and _word(toks, i + 1):
        if f"{w} {_word(toks, i + 1)}" not in _SIZE_FOODS:
            size = SIZES[w]
            i += 1
    while _word(toks, i) in ("of", "the", "a", "an") and i + 1 < n:  # "2 cups of milk"
        i += 1
    hi = n
    # "(or 40 g lard)", "(or more to taste)": an alternative, not this food
    if hi - i > 2 and toks[hi - 1][1] in (")", "]"):
        opening = _opening_bracket(toks, i, hi)
        if opening is not None and opening > i and _word(toks, opening + 1) == "or":
            notes.append(f"ignored the alternative '{_join_tokens(toks[opening:hi])}'")
            hi = opening
    # an amount after the food: "salmon 150g", "banana x2", "rice - 1 cup", "toast (2 slices)"
    if hi - i >= 2:
        tail = _read_trailing(toks, i, hi)
        if tail is not None:
            trailing, hi = tail
            amount, size = _prefer(amount, trailing, size, notes)
    food = " ".join(_food_words(toks[i:hi]))
    words = food.split()
    if (amount is None or amount.quantity is None) and len(words) > 1 and (
        words[-1] in _TRAILING_UNITS
    ):
        # "beet juice shot", "coke can", "milk bottle": the unit the food came in, one of it
        unit = _UNIT_WORDS[words[-1]]
        food = " ".join(words[:-1])
        amount = _Amount(
            Fraction(1), hi, unit=unit, implied=True,
            notes=(f"'{words[-1]}' after the food: read as 1 {unit}",),
        )
        notes.extend(amount.notes)
    if not food and amount is not None and amount.unit in _FOOD_LIKE_UNITS:
        # "2 breasts", "a bar": the unit word is the food
        food = next((t[1] for t in toks if _UNIT_WORDS.get(t[1]) == amount.unit), "")
        amount.unit = None
    part.amount, part.size, part.food = amount, size, food
    part.kind = _kind_of(food, first, amount, sep)
    return part


def _prefer(
    amount: _Amount | None, trailing: _Amount, size: str | None, notes: list[str]
) -> tuple[_Amount | None, str | None]:
    """Which amount to use when there is one before and one after the food."""
    if trailing.quantity is None and trailing.unit is None:  # "coffee (large)", "(140 kcal)"
        notes.extend(trailing.notes)
        return amount, size or trailing.size
    if amount is None or amount.quantity is None:
        notes.extend(trailing.notes)
        return trailing, size or trailing.size
    if trailing.each and trailing.unit is not None and (
        amount.unit is None or amount.unit in _SERVED_IN_UNITS
    ):
        # "2 wheels of cheese (about 3 oz each)": 2 x 3 oz
        assert trailing.quantity is not None
        count = amount.quantity
        total = _Amount(count * trailing.quantity, trailing.end, unit=trailing.unit)
        if amount.is_range:
            assert amount.low is not None
            assert amount.high is not None
            total.low, total.high = amount.low * trailing.quantity, amount.high * trailing.quantity
        notes.extend(trailing.notes)
        count_text = amount.describe().removeprefix("a count of ")
        notes.append(f"{count_text} x {trailing.describe()} each: {total.describe()} in all")
        return total, size or trailing.size
    if (
        amount.unit is None and not amount.implied and trailing.unit is not None
        and UNITS[trailing.unit] != "piece"
    ):
        # "2 large eggs (100 g)", "1 banana 120g": a weighed amount says more than a count;
        # "2 bars (1 pouch)": a container says less
        notes.extend(trailing.notes)
        notes.append(f"also given as {amount.describe()}; used {trailing.describe()}")
        return trailing, size or trailing.size
    notes.append(f"also given as {trailing.describe()}; used {amount.describe()}")
    return amount, size


# Words that open a clause about a food rather than name one: "cut into cubes", "plus more to
# taste", "such as salmon or cod", "at room temperature", "if unavailable, use lime". A part that
# starts with one is kept as a note, never read as a food; after "such as" or "includes", the
# parts that follow without an amount of their own are the clause's list.
_CLAUSE_WORDS = frozenset(
    {"cut", "plus", "to", "such", "if", "at", "for", "preferably", "ideally", "optional",
     "divided", "reserved", "see", "use", "as", "includes", "including", "incl", "eg", "e",
     "alternatively", "or", "otherwise", "into", "until", "optionally", "depending",
     "according", "whichever", "whatever", "enough", "made", "served"}
)  # fmt: skip
_LIST_CLAUSES = frozenset({"such", "includes", "including", "incl", "eg", "e"})


def _kind_of(food: str, first: str, amount: _Amount | None, sep: str = "") -> str:
    if not food:
        return "empty"
    word = food.split(maxsplit=1)[0]
    if sep and word in _CLAUSE_WORDS and (amount is None or amount.quantity is None):
        return "aside"
    if sep and word in ("extra", "more") and food.split()[1:2] in (["for"], ["to"], ["if"]):
        return "aside"  # "plus extra for dusting", "more to taste"
    if first in _ACTIVITY_WORDS:
        return "activity"
    if first in _FEELING_WORDS:
        return "feeling"
    if amount is None or amount.unit is None:
        content = [w for w in food.split() if w not in _ACTIVITY_STOPWORDS]
        if content and all(w in _ACTIVITY_WORDS for w in content):
            return "activity"  # "yoga", "morning run", "a walk"
        if content and all(w in _FEELING_WORDS or w in _SYMPTOM_WORDS for w in content):
            return "feeling"  # "heavy legs", "sore calves": only as a whole part, so "heavy cream" is food
    return "food"


def _opening_bracket(toks: list[_Token], lo: int, hi: int) -> int | None:
    """Index of the bracket that opens the one closing ``toks[hi - 1]``."""
    depth = 0
    for k in range(hi - 1, lo - 1, -1):
        t = toks[k][1]
        if t in (")", "]"):
            depth += 1
        elif t in ("(", "["):
            depth -= 1
            if depth == 0:
                return k
    return None


def _read_trailing(toks: list[_Token], lo: int, hi: int) -> tuple[_Amount, int] | None:
    """An amount at the end of ``toks[lo:hi]``, after at least one food word -> (amount, where
    the food ends); ``None`` when there is none."""
    while hi > lo and (
        (toks[hi - 1][0] == "p" and toks[hi - 1][1] not in (")", "]"))
        or toks[hi - 1][1] in ("approx", "ish", "roughly", "total")
    ):
        hi -= 1
    if hi - lo < 2:
        return None
    # "(2 slices)", "(large)", "(about 85 g)", "(100 g or 1/2 cup)"
    if toks[hi - 1][1] in (")", "]"):
        k = _opening_bracket(toks, lo, hi)
        if k is None or k == lo:
            return None
        inner = k + 1
        while _text(toks, inner) in _APPROX:
            inner += 1
        if inner == hi - 2 and _word(toks, inner) in SIZES:
            return _Amount(None, hi, size=SIZES[_word(toks, inner)]), k
        amount = _read_amount(toks, inner, bare_unit=False)
        if amount is None or amount.activity:
            return None
        end = amount.end
        if _word(toks, end) == "in" and _word(toks, end + 1) == "total":
            end += 1
        if _word(toks, end) in ("total", "each"):
            amount.each = _word(toks, end) == "each"
            end += 1
        elif amount.unit is not None and _word(toks, end) in _SERVED_IN and end == hi - 2:
            # "1 yogurt (5.3 oz cup)": each cup holds that much
            amount.each = True
            end += 1
        elif amount.container:  # "3 Bud Light (12 oz cans)"
            amount.each = True
        if end == hi - 1 or (amount.unit is not None and _text(toks, end) in ("or", "/", ",")):
            return amount, k
        return None
    # "banana x2", "salmon 150g", "rice - 1 cup", "eggs: 2", "banana 2x"
    for k in range(lo + 1, hi):
        kind, text, _ = toks[k]
        if kind != "n" and not (text == "x" and _is_num(toks, k + 1)):
            continue
        if toks[k - 1][0] == "n":
            continue
        amount = _read_amount(toks, k, bare_unit=False)
        if amount is None or amount.end != hi or amount.activity:
            continue
        if amount.quantity is None and not amount.energy:
            continue
        food_end = k
        while food_end > lo and toks[food_end - 1][0] == "p":
            food_end -= 1
        if food_end == lo:
            return None
        if food_end == k and kind == "n" and amount.unit is None and amount.quantity is not None:
            # "eggs 2" is a count; "omega 3" and "vitamin d 1000" are names
            if toks[k - 1][1] in _NO_COUNT_AFTER or amount.quantity > 50:
                continue
        return amount, food_end
    return None


# --------------------------------------------------------------------------------------------
# Lines
# --------------------------------------------------------------------------------------------

# Where a line splits into parts: "," ";" "+" " / " " and " " & " " with " " plus " " then "
# " without " "w/". Candidates are found with one fast pattern; _is_split rejects a comma between
# two digits (a decimal comma), "+" between digits, "and a half", "and 1/2", "half and half".
# " / " too; the table then says whether both sides name one food ("Chickpeas / Garbanzo").
_SEPARATORS = r"[,;+]|\s(?:/|and then|and also|and|&|with|plus|then|without)\s|w/o?"
_SPLIT = re.compile(_SEPARATORS)  # normalised text is lower case
_SPLIT_RAW = re.compile(_SEPARATORS, re.IGNORECASE)
# In raw text (normalised text has them spelled out already): "one and a half", "2 and 1/2",
# "a cup and a half", "half and half" are amounts or one food, not two parts.
_AND_AMOUNT = re.compile(r"\s*(?:a\s+)?half\b(?!-)|\s*[0-9]+/[0-9]", re.IGNORECASE)
_BEFORE_AND_AMOUNT = re.compile(
    r"(?:\b[0-9]+|\bone|\btwo|\bthree|\bfour|\bfive|\bsix|\ban?\s+[a-z]+|\bhalf)$", re.IGNORECASE
)


def _is_split(text: str, m: re.Match[str], raw: bool) -> bool:
    sep = m[0].strip().lower()
    start, end = m.start(), m.end()
    if sep in (",", "+"):  # "1,5" is a decimal comma, "1+1" a sum
        return not (text[start - 1 : start].isdigit() and text[end : end + 1].isdigit())
    if sep == "and" and raw:
        head = text[max(0, start - 20) : start]
        return not (_AND_AMOUNT.match(text, end) and _BEFORE_AND_AMOUNT.search(head))
    if sep.startswith("w/"):
        return not text[start - 1 : start].isalpha()
    return True


def _bracketed(text: str) -> list[tuple[int, int]]:
    """Spans of text inside round or square brackets (outermost; an unclosed one runs on)."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for i, c in enumerate(text):
        if c in "([":
            if depth == 0:
                start = i
            depth += 1
        elif c in ")]" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i))
    if depth:
        spans.append((start, len(text)))
    return spans


def _split(text: str, pattern: re.Pattern[str] = _SPLIT) -> list[tuple[str, str]]:
    """(separator before, part) for each part of a line, parts stripped. Nothing inside brackets
    splits: "Chickpeas (Canned, Drained)" and "toast (with butter)" are one part each."""
    out: list[tuple[str, str]] = []
    sep, pos = "", 0
    raw = pattern is _SPLIT_RAW
    spans = _bracketed(text) if "(" in text or "[" in text else []
    for m in pattern.finditer(text):
        if spans and any(a < m.start() < b for a, b in spans):
            continue
        if _is_split(text, m, raw):
            out.append((sep, text[pos : m.start()].strip()))
            sep, pos = m[0].strip().lower(), m.end()
    if not out:
        return [("", text)]
    out.append((sep, text[pos:].strip()))
    return out


def _join(parts: list[tuple[str, str]]) -> str:
    text = parts[0][1]
    for sep, part in parts[1:]:
        text += (f"{sep} " if sep in (",", ";") else f" {sep} ") + part
    return text


_REASONS: dict[str, str] = {
    "drop_control_chars": "only control characters",
    "ascii_punctuation": "only punctuation",
    "drop_emoji": "only emoji or symbols, no food words",
    "collapse_spaces": "blank line",
    "strip_bullet": "only a bullet, no food words",
    "strip_dates": "only a date or a day",
    "strip_times": "only a time",
    "strip_meal_labels": "only a meal label",
    "strip_edge_punctuation": "only punctuation, no food words",
    "strip_occasions": "looks like an activity, not a food",
}


def parse_line(
    text: str,
    line: int = 1,
    *,
    is_dish: Callable[[str], bool] | None = None,
    is_name: Callable[[str], bool] | None = None,
    names: FoodNames | None = None,
    sizes: Mapping[tuple[str, ...], tuple[str, str]] | None = None,
    phrases: Mapping[str, str] | None = None,
    split: bool = True,
) -> ParsedLine:
    """Read one line of a food log. Never raises.

    Args:
        text: the raw line; anything (normalised here; a line break inside counts as a space).
        line: its 1-based line number, copied to the result and its entries.
        is_dish: says whether food words joined by "and", "&" or "with" name one dish
            (``"mac and cheese"``); when ``None`` a small built-in list is used.
        is_name: says whether food words joined by commas are one food's whole name as the food
            table writes it, word for word (``"spinach cooked boiled drained without salt"`` for
            "Spinach, cooked, boiled, drained, without salt", pasted from ``nutricheck foods
            search`` or an app); when ``None`` commas always separate foods.
        names: the food table's answers (:class:`FoodNames`); when given, it decides both
            ``is_dish`` and what a comma does: a comma starts a new food only when what follows
            has its own amount or is a food on its own that the name so far does not explain
            ("2 eggs, toast"); otherwise it qualifies the same food ("Turmeric, Ground", "Beans,
            pinto, canned", "Wasa, Crispbread, Sourdough", whose first part is no food).
        sizes: ordered sizes that are amounts, by their words (``("grande",)`` -> ``("16",
            "fl oz")``, from :mod:`nutricheck.vocabulary`): "a grande latte" is 16 fl oz of latte.
        phrases: phrases with a joining word inside, read before the line is split there
            (:meth:`nutricheck.vocabulary.Vocabulary.joined_phrases`): "ben and jerry's".
        split: ``False`` reads the line as one food whatever its commas and "and"s: a diary's
            food column names one food ("Rice, brown", "Sandwich, Sub, JJ Gargantuan").
    """
    if names is not None:
        table_is_dish, is_food = names.is_dish, names.is_food

        def is_dish(text: str) -> bool:
            # the table's dishes, and the built-in ones the table knows whole ("bangers and
            # mash" it does not: sausages and mashed potato)
            return table_is_dish(text) or (_default_is_dish(text) and is_food(text))

    try:
        return _parse_line(
            text, line, is_dish or _default_is_dish, is_name, names, sizes, phrases, split
        )
    except Exception as exc:  # a bug must not lose the other lines: report it on this one
        log.exception("food-log parser failed on line %s", line)
        return ParsedLine(
            line, text if isinstance(text, str) else repr(text), NOT_FOOD,
            f"could not be read (parser error {type(exc).__name__}); please report this line",
        )  # fmt: skip


def _parse_line(
    text: str,
    line: int,
    is_dish: Callable[[str], bool],
    is_name: Callable[[str], bool] | None = None,
    names: FoodNames | None = None,
    sizes: Mapping[tuple[str, ...], tuple[str, str]] | None = None,
    phrases: Mapping[str, str] | None = None,
    split: bool = True,
) -> ParsedLine:
    if not isinstance(text, str):
        text = (
            text.decode("utf-8", "replace") if isinstance(text, (bytes, bytearray)) else str(text)
        )
    capped = len(text) > MAX_CHARS
    head = text[:MAX_CHARS] if capped else text
    cap_note = (
        f"line is {len(text):,} characters long: only the first {MAX_CHARS:,} were read"
        if capped
        else ""
    )

    def not_food(reason: str) -> ParsedLine:
        return ParsedLine(line, text, NOT_FOOD, f"{reason} ({cap_note})" if capped else reason)

    stripped = head.strip()
    if not stripped:
        return not_food("blank line")
    if stripped.startswith(("#", "//")):
        return not_food("a comment")
    norm = head
    for step in _normalise.STEPS:
        norm = step(norm)
        if not norm or norm.isspace():
            return not_food(_REASONS.get(step.__name__, "no food words"))

    if phrases and (" and " in norm or "&" in norm or " n " in norm or " with " in norm):
        norm = _read_phrases(norm, phrases)
        head = _read_phrases(head, phrases)
    pieces = _split(norm) if split else [("", norm)]
    parts = [_read_part(p, sep) for sep, p in pieces]
    raw_pieces = _split(head, _SPLIT_RAW) if len(pieces) > 1 else [("", head)]
    aligned = len(raw_pieces) == len(pieces)
    for k, part in enumerate(parts):
        part.raw = raw_pieces[k][1].strip() if aligned else part.text
    parts = _split_carriers(parts, is_dish, names.is_table_name if names is not None else None)
    if len(parts) > 1:
        if is_name is not None and any(p.sep == "," for p in parts):
            parts = _join_names(parts, pieces, raw_pieces if aligned else None, is_name)
        parts = _join_dishes(parts, pieces, raw_pieces if aligned else None, is_dish)
        if names is not None:
            parts = _join_qualifiers(parts, names)
        parts = _merge_amounts(parts)
    elif names is not None:
        parts = _join_qualifiers(parts, names)  # one part: its brackets and clauses
    if sizes:
        for part in parts:
            if part.kind == "food" and (
                part.amount is None or part.amount.unit is None
                or UNITS[part.amount.unit] == "piece"
            ):
                _apply_size(part, sizes)

    entries: list[ParsedEntry] = []
    pending: list[str] = []  # notes for the next entry (an ignored activity before it)
    for part in parts:
        if part.kind == "food":
            entries.append(_entry(line, text, part, [*part.notes, *pending]))
            pending = []
        elif part.kind == "activity":
            pending.append(f"ignored '{part.raw}' (looks like an activity, not a food)")
        elif part.kind == "feeling":
            pending.append(f"ignored '{part.raw}' (a feeling, not a food)")
        elif part.kind == "negation":
            said = ("without " if part.sep == "without" else "") + part.raw
            if entries:
                entries[-1] = _with_notes(entries[-1], f"left out '{said}'")
        elif part.kind == "aside":
            if entries:
                entries[-1] = _with_notes(entries[-1], f"set aside '{part.raw}'")
            else:
                pending.append(f"set aside '{part.raw}'")
        elif part.amount is not None and part.amount.quantity is not None:
            pending.append(f"ignored the amount '{part.raw}': no food with it")
        else:
            pending.extend(part.notes)  # "pasta, 500 kcal"
    if entries:
        if pending:
            entries[-1] = _with_notes(entries[-1], *pending)
        if capped:
            entries = [_with_notes(e, cap_note) for e in entries]
        return ParsedLine(line, text, OK, None, tuple(entries))
    kinds = {p.kind for p in parts}
    if "activity" in kinds:
        return not_food("looks like an activity, not a food")
    if "feeling" in kinds:
        return not_food("looks like a feeling, not a food")
    if "negation" in kinds:
        return not_food("says what was not eaten")
    if "aside" in kinds:
        return not_food("says how a food is prepared or served, not which food")
    if any(p.amount is not None and p.amount.quantity is not None for p in parts):
        return not_food("an amount with no food words")
    return not_food("no food words")


def _read_phrases(text: str, phrases: Mapping[str, str]) -> str:
    """``text`` with each joined phrase of the vocabulary read its way (see ``phrases`` of
    :func:`parse_line`); "&" and "and" are the same joining word."""
    lower = text.lower()
    for phrase, instead in phrases.items():
        words = [re.escape(w) for w in phrase.replace("&", " and ").split()]
        pattern = r"(?<![\w'])" + r"\s+".join(
            "(?:and|&|n)" if w == "and" else w for w in words
        ) + r"(?![\w'])"
        if not any(w in lower for w in phrase.split() if len(w) > 3):
            continue
        text = re.sub(pattern, instead, text, flags=re.IGNORECASE)
        lower = text.lower()
    return text


def _apply_size(part: _Part, sizes: Mapping[tuple[str, ...], tuple[str, str]]) -> None:
    """An ordered size among the food words becomes the amount: "grande latte" is 16 fl oz of
    latte, "2 tall americanos" 24 fl oz."""
    words = part.food.split()
    a = part.amount
    if a is not None and a.unit is not None and UNITS[a.unit] == "piece":
        # "large glass of wine" (a British 250 ml glass), "bottle of wine": the size, the unit
        # and the food
        served = f"{a.size} {a.unit}" if a.size else a.unit
        found = sizes.get(tokens(f"{served} of {part.food}"))
        unit = canonical_unit(found[1]) if found else None
        amount = _number_value(found[0]) if found else None
        if found is not None and unit is not None and amount is not None:
            count = a.quantity if a.quantity else Fraction(1)
            part.notes.append(
                f"'{served} of {part.food}' read as {found[0]} {found[1]} (an ordered size)"
            )
            part.amount = _Amount(count * amount, 0, unit=unit)
            part.size = None
            return
    longest = max((len(k) for k in sizes), default=0)
    for i in range(len(words)):
        for k in range(min(longest, len(words) - i), 0, -1):
            found = sizes.get(tokens(" ".join(words[i : i + k])))
            if found is None:
                continue
            rest = words[:i] + words[i + k :]
            if not rest:
                return
            unit = canonical_unit(found[1])
            amount = _number_value(found[0])
            if unit is None or amount is None:
                return
            count = part.amount.quantity if part.amount and part.amount.quantity else Fraction(1)
            phrase = " ".join(words[i : i + k])
            part.amount = _Amount(count * amount, 0, unit=unit)
            part.food = " ".join(rest)
            part.notes.append(f"'{phrase}' read as {found[0]} {found[1]} (an ordered size)")
            part.leading_amount = True
            return


def _entry(line: int, text: str, part: _Part, notes: list[str]) -> ParsedEntry:
    a = part.amount
    if a is None:
        return ParsedEntry(
            line, text, part.raw, None, None, None, False, None, None, part.size, part.food,
            tuple(dict.fromkeys(notes)),
        )  # fmt: skip
    return ParsedEntry(
        line, text, part.raw, a.quantity, a.low, a.high, a.low is not None, a.unit,
        UNITS[a.unit] if a.unit is not None else None, part.size, part.food,
        tuple(dict.fromkeys(notes)),
    )  # fmt: skip


def _with_notes(entry: ParsedEntry, *notes: str) -> ParsedEntry:
    return replace(entry, notes=tuple(dict.fromkeys(entry.notes + notes)))


def _rejoin(
    parts: list[_Part],
    raw_pieces: list[tuple[str, str]] | None,
    reach: Callable[[int], int],
    joined_at: Callable[[int, int], _Part | None],
) -> list[_Part]:
    """Runs of parts that together name one food become one part again, the longest run first.

    ``reach(k)`` is the last part a run starting at food part ``k`` may take in;
    ``joined_at(k, j)`` is parts ``k..j`` read as one part, or ``None`` when they are not one food.
    """
    out: list[_Part] = []
    k, n = 0, len(parts)
    while k < n:
        found = None
        if parts[k].kind == "food":
            for j in range(reach(k), k, -1):
                joined = joined_at(k, j)
                if joined is not None:
                    found = j, joined
                    break
        if found is None:
            out.append(parts[k])
            k += 1
            continue
        j, joined = found
        joined.raw = _join(raw_pieces[k : j + 1]).strip() if raw_pieces else joined.text
        out.append(joined)
        k = j + 1
    return out


def _join_dishes(
    parts: list[_Part],
    pieces: list[tuple[str, str]],
    raw_pieces: list[tuple[str, str]] | None,
    is_dish: Callable[[str], bool],
) -> list[_Part]:
    """Parts joined by and/&/with that together name a dish become one part again: "mac and
    cheese", "2 ham and cheese sandwiches". Only parts after the first with no amount of their own
    can join, at most four parts; the longest dish wins."""
    if not any(p.sep in _JOINING for p in parts):
        return parts

    def reach(k: int) -> int:
        last, n = k, len(parts)
        while (
            last + 1 < min(n, k + 4) and parts[last + 1].sep in _JOINING
            and not parts[last + 1].leading_amount and parts[last + 1].kind == "food"
        ):  # fmt: skip
            last += 1
            if parts[last].amount is not None:
                break  # "mac and cheese 200g": the amount after the dish ends it
        return last

    def joined_at(k: int, j: int) -> _Part | None:
        # ask about the food words as they would be joined; read the joined part only when it
        # is a dish
        words = _join([(p.sep, p.food) for p in parts[k : j + 1]]).removeprefix(" ")
        if not _safe_is_dish(is_dish, words):
            return None
        joined = _read_part(_join(pieces[k : j + 1]), parts[k].sep)
        return joined if joined.kind == "food" and joined.food else None

    return _rejoin(parts, raw_pieces, reach, joined_at)


_JOINING = frozenset({"and", "&", "with"})

# "avocado on toast", "protein powder in almond milk": "on" and "in" join two foods only when what
# follows names a food the table knows by that name (an alias or a description), so "tuna in
# oil", "ran 5k in the morning" and "snack on the go" stay whole.
_CARRIER = re.compile(r"\s(on|in)\s")
_ON_TOAST = re.compile(r"(?<=\w)\s+toast$")
_SANDWICH_ON = re.compile(r"\bsandwich(?:es)?\s+on\s+(?:white|wheat)\b")
_CARRIER_RAW = re.compile(r"\s(on|in)\s", re.IGNORECASE)


def _split_carriers(
    parts: list[_Part],
    is_dish: Callable[[str], bool],
    is_name: Callable[[str], bool] | None = None,
) -> list[_Part]:
    """ "avocado on toast": two foods when what follows "on" or "in" is a food of its own and
    the whole is no dish; for "on", only a name of the table is a dish ("olive oil on salad" is
    no "Oil, olive, salad or cooking")."""
    out: list[_Part] = []
    for part in parts:
        m = _CARRIER.search(part.text) if part.kind == "food" else None
        toast = (
            _ON_TOAST.search(part.text)
            if part.kind == "food" and m is None and part.amount is None else None
        )
        if toast is not None and not _safe_is_dish(is_dish, part.food):
            # "avo toast", "beans toast": what is on the toast, and the toast (a name of the
            # table with toast, "rye toast" or "French toast", stays one food)
            part = replace(part, text=f"{part.text[: toast.start()]} on toast")
            m = _CARRIER.search(part.text)
        keep = is_name if (m is not None and m[1] == "on" and is_name is not None) else is_dish
        # "BLT sandwich on white", "Tuna salad sandwich on wheat": the bread of a sandwich, as
        # USDA names them
        on_bread = m is not None and m[1] == "on" and _SANDWICH_ON.search(part.text) is not None
        if m is None or on_bread or _safe_is_dish(keep, part.food):
            out.append(part)
            continue
        left = _read_part(part.text[: m.start()], part.sep)
        right = _read_part(part.text[m.end() :], m[1])
        if not (left.kind == right.kind == "food" and left.food and right.food):
            out.append(part)
            continue
        if not _safe_is_dish(is_dish, right.food):
            out.append(part)
            continue
        raw = _CARRIER_RAW.split(part.raw, maxsplit=1) if part.raw else []
        left.raw, right.raw = (
            (raw[0].strip(), raw[2].strip()) if len(raw) == 3 else (left.text, right.text)
        )
        out.extend((left, *_split_carriers([right], is_dish, is_name)))
    return out


# The longest run of parts a food's name can span: USDA descriptions have up to a dozen pieces
# between commas, "and", "with" ("Cereals, corn grits, yellow, regular and quick, enriched,
# cooked with water, without salt").
_NAME_PARTS = 14


def _join_names(
    parts: list[_Part],
    pieces: list[tuple[str, str]],
    raw_pieces: list[tuple[str, str]] | None,
    is_name: Callable[[str], bool],
) -> list[_Part]:
    """Parts joined by commas (and the "with"/"without" inside a name) that together are one
    food's whole name in the table become one part again: "200 g Apples, raw, gala, with skin" is
    one apple, not an apple, "raw", "gala" and "skin". Only the first part may carry an amount
    before its words (the amount of the whole), the last may end with one ("Fish, salmon, baked
    or broiled 150g"); the longest name wins. "eggs, toast, coffee" stays three foods: no food
    is called that."""

    def reach(k: int) -> int:
        last, n = k, len(parts)
        if parts[k].amount is None or parts[k].leading_amount:  # "apples 200g, raw": no
            while last + 1 < min(n, k + _NAME_PARTS) and not parts[last + 1].leading_amount:
                last += 1
                if parts[last].amount is not None:
                    break  # a trailing amount ends the name
        return last

    def joined_at(k: int, j: int) -> _Part | None:
        if not any(p.sep == "," for p in parts[k + 1 : j + 1]):
            return None  # no comma inside: "and"/"with" joins are _join_dishes' to make
        joined = _read_part(_join(pieces[k : j + 1]), parts[k].sep)
        ok = joined.kind == "food" and joined.food and _safe_is_dish(is_name, joined.food)
        return joined if ok else None

    return _rejoin(parts, raw_pieces, reach, joined_at)


_QUALIFYING_SEPS = frozenset({",", "and", "&", "with", "or", "/"})
# What a food is made up with, with no amount of its own: a note, not a food.
_CARRIER_LIQUIDS = frozenset({"water", "hot water", "cold water", "boiling water", "ice"})


def _join_qualifiers(parts: list[_Part], names: FoodNames) -> list[_Part]:
    """Parts that qualify the food before them become part of its name again.

    A part joins the food before it when it has no amount of its own and

    * the line's first part is no food on its own and only commas follow ("Wasa, Crispbread,
      Sourdough", "Michaels of Brooklyn, Marinara Sauce": a brand, then the product);
    * it has no word that says which food ("Onion, White, Yellow or Red, Raw"; "Potatoes, flesh
      and skin");
    * after a comma, it is no food on its own ("Turmeric, Ground"), or the two together name one
      food that has both ("Beans, pinto" is pinto beans; "2 eggs, toast" stays two foods).

    A clause part ("cut into cubes", "such as salmon, cod") is kept as a note; after "such as" or
    "includes", the parts that follow without an amount belong to the clause.
    """
    for k, part in enumerate(parts):
        if part.kind == "food":
            part = parts[k] = _without_brackets(part, names)
            _cut_when_where(part, names)
            _unit_in_name(part, names)
    if len(parts) < 2:
        return parts
    out: list[_Part] = [parts[0]]
    all_commas = all(p.sep == "," for p in parts[1:])
    first = parts[0]
    brand_first = bool(
        all_commas and first.kind == "food" and first.food and not _ask(names.is_food, first.food)
    )
    # Every part capitalised, as an app or USDA names one food ("Wasa, Crispbread, Sourdough",
    # "Aidells, Smoked Chicken Sausage, Chicken & Apple"): one name, whatever joins the parts.
    brand_first = brand_first or (
        any(p.sep == "," for p in parts[1:])
        and all(_capitalised(p) for p in parts if p.kind == "food")
    )
    in_list = False
    describing = False  # the last part joined after a comma only described the food
    for part in parts[1:]:
        prev = out[-1]
        if (
            prev.kind == "food" and part.kind == "empty" and part.sep == ","
            and part.amount is not None and part.amount.unit is not None
            and part.amount.quantity is not None and _EACH_END.search(part.raw)
            and prev.amount is not None and prev.amount.unit is None
            and prev.amount.quantity is not None
        ):
            # "2 chicken breasts, about 8 oz each": the count times what each weighs
            part.amount.each = True
            prev.amount, prev.size = _prefer(prev.amount, part.amount, prev.size, prev.notes)
            continue
        if (
            prev.kind == "food" and part.kind == "food" and part.sep == ","
            and (not brand_first or (part.amount is not None and part.amount.quantity is not None))
            and prev.leading_amount and not part.leading_amount and prev.food and part.food
            and len(prev.food.split()) <= 2 and not _ask(names.is_food, prev.food)
            and _ask(names.is_food, part.food)
        ):
            # "2 boneless, skinless chicken breasts": the words before the comma describe the
            # food after it, which takes the amount
            merged = replace(prev, notes=[*prev.notes, *part.notes])
            merged.food = f"{prev.food} {part.food}"
            merged.text = f"{prev.text}, {part.text}"
            merged.raw = _join([("", prev.raw), (part.sep, part.raw)])
            if part.amount is not None and part.amount.quantity is not None:
                merged.amount, merged.size = _prefer(
                    prev.amount, part.amount, prev.size, merged.notes
                )
            out[-1] = merged
            continue
        if prev.kind == "aside" and part.kind == "food" and not part.leading_amount:
            # "salmon fillets, preferably organic, skinned": qualifies the food before the note
            food_at = next((k for k in range(len(out) - 1, -1, -1) if out[k].kind == "food"), None)
            if food_at is not None and not _ask(names.is_food, part.food):
                out[food_at] = _joined(out[food_at], part)
                continue
        if prev.kind in ("activity", "feeling") and part.kind == "food":
            # "walked to the mailbox and back": the rest of an activity is no food unless it
            # is a name of the table ("ran 5k and a banana"; "back" is no fatback)
            if not part.leading_amount and not _ask(names.is_table_name, part.food):
                part.kind = prev.kind
                out.append(part)
                continue
        if part.kind == "food" and part.sep in ("with", "in", "and") and not part.leading_amount:
            if part.food in _CARRIER_LIQUIDS and out[-1].kind == "food":
                part.kind = "aside"  # "huel with water", "oats made with water": how, not a food
                out.append(part)
                continue
        if part.kind == "aside":
            in_list = part.food.split(maxsplit=1)[0] in _LIST_CLAUSES
            out.append(part)
            continue
        if in_list and part.sep in (",", "or") and not part.leading_amount:
            part.kind = "aside"
            out.append(part)
            continue
        in_list = False
        joinable = (
            prev.kind == "food"
            and part.kind == "food"
            and (part.sep in _QUALIFYING_SEPS or brand_first)
            and not part.leading_amount
            and (part.amount is None or part.amount.quantity is None or prev.amount is None)
        )
        if joinable and _qualifies(prev, part, names, brand_first):
            out[-1] = _joined(prev, part)
            describing = part.sep == "," and not _ask(names.has_content, part.food)
        elif (
            describing and part.kind == "food" and part.sep in ("and", "then", "&")
            and not part.leading_amount and _describes(part.food)
            and not _ask(names.is_food, part.food)
        ):
            # "shallots, peeled and finely chopped", "garlic, peeled and crushed": what follows
            # a describing word after the comma describes too (never "crushed" tomatoes)
            out[-1] = _joined(prev, part)
        else:
            out.append(part)
            describing = False
    return out


def _describes(food: str) -> bool:
    """The words open as a cook's description: "crushed", "finely chopped", "blanched for ..."."""
    first = food.split(maxsplit=1)[0] if food else ""
    return len(first) > 3 and (first.endswith(("ed", "ly")) or first in _CLAUSE_INSIDE)


_EACH_END = re.compile(r"\b(?:each|apiece|per piece)\s*$", re.I)
# Words that say when or where a food was eaten ("watermelon at the aid station", "pretzels
# after", "oats before parkrun") or open a clause about it with no comma ("cucumber cut into 5
# pieces", "tagliatelle cooked according to packet instructions", "mushrooms like porcini",
# "salt for the pasta water"). What follows them, unless it is a food, is a note.
_WHEN_WHERE = frozenset(
    {"at", "before", "after", "during", "while", "later", "earlier", "today", "tonight",
     "yesterday"}
)  # fmt: skip
# Words that open a clause about the food: what follows is never the food.
_CLAUSE_INSIDE = frozenset(
    {"cut", "according", "like", "such", "preferably", "available", "sold", "removed", "if",
     "left", "sliced", "torn", "halved", "quartered", "diced", "for"}
)  # fmt: skip
# Brackets that open with one of these are a cook's note, never a food's name ("(optional)",
# "(see Notes)", "(available from Spanish delicatessens)")
_NOTE_BRACKET = re.compile(
    r"[(\[]\s*(?:optional|see|available|preferably|divided|if|plus|from|such as|for|about|approx"
    r"|approximately|at room temperature|to taste|or more|recipe|note|notes)\b[^()\[\]]*[)\]]",
    re.I,
)
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _without_brackets(part: _Part, names: FoodNames) -> _Part:
    """The part without what its brackets say, when that is not part of the food's name:
    "salmon fillets (approx. 1 inch thick)", "pomegranate seeds (see Notes)"; but "Chickpeas
    (Canned, Drained)" and "tofu (calcium-set)" keep theirs, which name the food."""
    if "(" not in part.text and "[" not in part.text:
        return part
    if _ask(names.is_food, part.food):
        return part
    notes_only = _NOTE_BRACKET.sub(" ", part.text)
    note = notes_only != part.text and not _BRACKETS.search(notes_only)
    stripped = " ".join(_BRACKETS.sub(" ", part.text).split())
    if not stripped or stripped == part.text:
        return part
    other = _read_part(stripped, part.sep)
    if other.kind != "food" or not other.food or not (note or _ask(names.is_food, other.food)):
        return part
    if other.amount is None and part.amount is not None:
        other.amount, other.size = part.amount, part.size or part.amount.size
    other.raw, other.leading_amount = part.raw, part.leading_amount or other.leading_amount
    other.notes = [*part.notes, *other.notes]
    gone = " ".join(m[0] for m in _BRACKETS.finditer(part.text))
    other.notes.append(f"set aside {gone!r} (not part of the food's name)")
    return other


def _unit_in_name(part: _Part, names: FoodNames) -> None:
    """A unit word that begins a food's name is the name's ("3 shot bloks" are 3 Shot Bloks, not
    3 shots of "bloks"): when the rest is no food and the unit word with it is one."""
    a = part.amount
    if a is None or a.unit is None or UNITS[a.unit] != "piece" or not part.food:
        return
    before = part.text[: part.text.rfind(part.food)].split() if part.food in part.text else []
    word = before[-1] if before else ""
    if _UNIT_WORDS.get(word) != a.unit:
        return
    joined = f"{word} {part.food}"
    if _ask(names.is_food, part.food) or not _ask(names.is_table_name, joined):
        return
    part.notes.append(f"'{word}' read as part of the name {joined!r}, not a unit")
    part.food = joined
    part.amount = (
        None if a.implied else _Amount(a.quantity, a.end, low=a.low, high=a.high, notes=a.notes)
    )


def _cut_when_where(part: _Part, names: FoodNames) -> None:
    words = part.food.split()
    # "for" opens a purpose ("butter for sauteing") unless the whole is a food's name ("Similac
    # for Spit-Up")
    whole_name: bool | None = None
    for k in range(1, len(words)):
        if words[k] == "for":
            if whole_name is None:
                whole_name = _ask(names.is_food, part.food)
            if whole_name:
                continue
        clause = words[k] in _CLAUSE_INSIDE and k + 1 < len(words)
        if words[k] not in _WHEN_WHERE and not clause:
            continue
        left, right = " ".join(words[:k]), " ".join(words[k + 1 :])
        if not _ask(names.is_food, left) or (not clause and right and _ask(names.is_food, right)):
            continue
        part.food = left
        part.notes.append(f"set aside '{' '.join(words[k:])}' (when or where, not a food)")
        if part.amount is not None and not part.leading_amount:
            # "haribo at mile 18": the number was the clause's, not an amount of the food
            part.notes.append(f"ignored the amount {part.amount.describe()!r} of that clause")
            part.amount = None
        return


def _capitalised(part: _Part) -> bool:
    """The part's food words start with a capital letter as written ("Wasa", "Chicken & Apple")."""
    first = part.food.split(maxsplit=1)[0] if part.food else ""
    m = re.search(rf"(?<![^\W\d_]){re.escape(first)}", part.raw, re.IGNORECASE) if first else None
    return m is not None and m[0][:1].isupper()


def _qualifies(prev: _Part, part: _Part, names: FoodNames, brand_first: bool) -> bool:
    if brand_first:
        return True
    if not _ask(names.has_content, part.food):
        return True
    if part.sep not in (",", "/"):
        return False
    if not _ask(names.is_food, part.food):
        return True
    return _ask(lambda t: names.explains(prev.food, t), part.food)


def _joined(prev: _Part, part: _Part) -> _Part:
    """``prev`` with ``part``'s words added to its food (and its amount, when it had none)."""
    joined = replace(prev, notes=[*prev.notes, *part.notes])
    # the comma stays: the matcher may leave out a part that names no food of the table
    joined.food = f"{prev.food}, {part.food}" if part.sep == "," else f"{prev.food} {part.sep} {part.food}"
    joined.text = f"{prev.text}, {part.text}" if part.sep == "," else f"{prev.text} {part.sep} {part.text}"
    joined.raw = _join([("", prev.raw), (part.sep, part.raw)])
    if prev.amount is None and part.amount is not None:
        joined.amount, joined.size = part.amount, prev.size or part.amount.size
    return joined


def _ask(question: Callable[[str], bool], text: str) -> bool:
    try:
        return bool(question(text))
    except Exception:  # the caller's lookup failing must not lose the line
        log.warning("food-name question failed on %r", text, exc_info=True)
        return False


def _safe_is_dish(is_dish: Callable[[str], bool], food: str) -> bool:
    try:
        return bool(is_dish(food))
    except Exception:  # the caller's lookup failing must not lose the line
        log.warning("is_dish failed on %r", food, exc_info=True)
        return False


def _merge_amounts(parts: list[_Part]) -> list[_Part]:
    """A part that is only an amount goes to a neighbour that has none: "salmon, 150 g", "150 g,
    salmon"; "1 cup plus 2 tbsp milk" adds up within one measuring system."""
    out = list(parts)
    k = 0
    while k < len(out):
        part = out[k]
        a = part.amount
        if part.kind != "empty" or a is None or a.quantity is None:
            k += 1
            continue
        prev = out[k - 1] if k > 0 else None
        nxt = out[k + 1] if k + 1 < len(out) else None
        b = nxt.amount if nxt is not None else None
        if (
            nxt is not None and b is not None and b.quantity is not None and nxt.kind == "food"
            and nxt.sep in ("plus", "+", "and") and _same_system(a.unit, b.unit)
            and not a.is_range and not b.is_range
        ):  # fmt: skip
            assert a.unit is not None
            assert b.unit is not None
            total = a.quantity + _convert(b.quantity, b.unit, a.unit)
            note = f"{a.describe()} {nxt.sep} {b.describe()} read as {_fmt(total)} {a.unit}"
            nxt.amount = _Amount(total, b.end, unit=a.unit, size=a.size or b.size)
            nxt.notes = [*a.notes, note, *b.notes]
            nxt.raw = f"{part.raw} {nxt.sep} {nxt.raw}"
            nxt.sep = part.sep
            del out[k]
            continue
        if (
            prev is not None
            and prev.kind == "food"
            and (prev.amount is None or prev.amount.quantity is None)
        ):
            target = prev
            target.raw = _join([("", prev.raw), (part.sep, part.raw)])
        elif nxt is not None and nxt.kind == "food" and (b is None or b.quantity is None):
            target = nxt
            target.raw = _join([("", part.raw), (nxt.sep, nxt.raw)])
            target.sep = part.sep
        else:
            k += 1
            continue
        target.amount = a
        target.size = target.size or a.size
        target.notes = [*a.notes, *target.notes]
        del out[k]
    return out


# --------------------------------------------------------------------------------------------
# Logs
# --------------------------------------------------------------------------------------------

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def parse_log(
    source: str | Iterable[str], *, is_dish: Callable[[str], bool] | None = None
) -> list[ParsedLine]:
    """Read a whole food log: every line gives exactly one :class:`ParsedLine`, in order.

    A string is split at ``\\n``, ``\\r\\n`` and ``\\r`` (what ``open()`` calls universal
    newlines, so the numbers match a text editor's); a final line break does not start another
    line, and other Unicode separators (``\\x0b``, ``\\x0c``, ``\\x85``, ``\\u2028``) stay inside
    their line, as spaces. An iterable gives one line per item (an open file, a list), each
    without its own line break.
    """
    if isinstance(source, (str, bytes, bytearray)):
        text = source if isinstance(source, str) else source.decode("utf-8", "replace")
        lines: Iterable[str] = _LINE_BREAK.split(text)
        if not text or text.endswith(("\n", "\r")):
            lines = lines[:-1]  # type: ignore[index]
    else:
        lines = source
    out = []
    for number, item in enumerate(lines, start=1):
        if isinstance(item, str) and item.endswith(("\n", "\r")):
            item = item.rstrip("\r\n")
        out.append(parse_line(item, number, is_dish=is_dish))
    return out
