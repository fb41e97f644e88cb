"""An amount of a food -> grams, from the food's own USDA household measures.

:func:`to_grams` turns a :class:`~nutricheck.logparse.ParsedEntry` (quantity, unit, size word) and
a :class:`~nutricheck.foods.Food` into :class:`Grams`, and always says how (``method``, the USDA
``portion`` used, ``notes``):

======================  =====================================================================
what was written        how it becomes grams (``method``)
======================  =====================================================================
``150 g``, ``6 oz``     ``mass``: pint's factor for the unit (data/unit_factors.csv).
``1 cup``, ``2 tbsp``   ``volume``: the food's own volume measure ("1 cup, cooked" = 158 g): a
                        qualifier the food words ask for first ("mashed banana" -> "cup,
                        mashed"), then the same unit, then a plain one ("cup, NFS" before "cup,
                        diced"; never "melted", "with ice", "dry, yields"), converted between
                        cup/tbsp/tsp/fl oz/ml by pint's factors when the units differ.
                        ``density`` when the only volume known is inside another measure ("1
                        can (12 fl oz)" = 372 g). No volume at all: ``unconvertible``, "give
                        grams".
``2 slices``, ``1 can`` ``portion``: the measure named by that word or its synonym ("medium or
                        regular slice"; pizza's "piece, NFS" for a slice; bacon's "slice" for a
                        strip): the size asked for, else "NFS"/"any size", else medium or
                        regular, else the plainest. A pinch (1/16 tsp), dash (1/8 tsp), splash
                        (1 tbsp), spoonful (1 tbsp) or shot (1 fl oz) the food has no measure
                        for uses that kitchen convention; any other word the food lacks ("a
                        handful", "a bowl") is the food's typical amount (both noted). Piece
                        words among the food words count too: "2 sausage links", "3 chicken
                        tenders".
``2 large eggs``        ``size``: the whole-item measure with that size word, anywhere in its
                        name ("1 large" = 50 g, 'medium (7" to 7-7/8" long)', "1 potato large").
``2 eggs``, ``a pear``  ``count``: one whole item: a measure named after the food ("1 egg",
                        "1 regular carrot", "1 cherry" for cherry tomatoes) or "any size", else
                        the middle of the sizes the food lists (medium; large for eggs, whose
                        sizes run small to jumbo), else "1 whole"/"1 fruit"/"1 nut". A food with
                        none counts each as its typical amount (2 beers = 2 x 360 g), noted.
``oatmeal`` (no amount) ``default_portion``, ``assumed=True``: one piece when the food words name
                        one ("salmon fillet", "corn on the cob" -> "1 regular ear"); USDA's
                        guideline amount for an addition when the line names what it goes with
                        ("toast with butter": butter "per slice of bread", 7 g, times the slices
                        or a bagel's two halves; "in salad"; "on regular sandwich"; "per cup of
                        hot cereal"); else FNDDS's "Quantity not specified" (the amount reported
                        when none is); else one item as for a count, else a serving, else a
                        cup-type measure, else the first measure. A food with no measure at all
                        gives ``no_amount`` and a reason. The note names the measure.
======================  =====================================================================

Ranges use their midpoint. Measures that are not the food as eaten are never used for an amount
that was written: "Guideline amount ..." (only as above) and dry- or raw-to-cooked yields ("1 cup,
dry, yields"). Nothing is guessed silently: whenever a rule had to choose, ``portion`` names the
USDA measure and ``notes`` says why.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from nutricheck.matching import singular
from nutricheck.units import FOOD_UNITS, grams_per, millilitres_per

if TYPE_CHECKING:
    from nutricheck.foods import Food, Portion
    from nutricheck.logparse import ParsedEntry

__all__ = ["METHODS", "STATUSES", "Grams", "to_grams"]

OK, NO_AMOUNT, UNCONVERTIBLE = "ok", "no_amount", "unconvertible"
STATUSES = (OK, NO_AMOUNT, UNCONVERTIBLE)
METHODS = ("mass", "volume", "density", "portion", "count", "size", "default_portion")


@dataclass(frozen=True)
class Grams:
    """The weight of an entry and how it was found.

    Attributes:
        grams: weight in grams; ``None`` when it could not be worked out.
        status: ``"ok"`` (grams known), ``"no_amount"`` (no amount given and the food has no
            typical portion) or ``"unconvertible"`` (an amount the food's measures cannot express).
        method: one of :data:`METHODS`, ``None`` when not ``ok``.
        portion: the USDA household measure used, as USDA prints it (``"1 large"``), or ``None``.
        assumed: a typical portion was used, because no amount was given or the unit ("a bowl",
            "a handful") has no measure for this food.
        reason: why grams is ``None``.
        notes: the choices made that a user may want to know.
    """

    grams: float | None
    status: str
    method: str | None = None
    portion: str | None = None
    assumed: bool = False
    reason: str | None = None
    notes: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# Reading USDA measure names
# --------------------------------------------------------------------------------------------

_VOLUME_AT_START = re.compile(
    r"^(?:(?P<cup>cups?|c)|(?P<tbsp>tbsp|tbs|tablespoons?)|(?P<tsp>tsp|teaspoons?)"
    r"|(?P<floz>fl\.? ?oz|fluid ounces?)|(?P<ml>ml|milliliters?|millilitres?)"
    r"|(?P<l>l|liters?|litres?)|(?P<pint>pints?)|(?P<quart>quarts?)|(?P<gallon>gallons?)"
    r"|(?P<cubic>cubic inch(?:es)?))\b",
    re.I,
)
_GROUP_UNIT = {
    "cup": "cup", "tbsp": "tbsp", "tsp": "tsp", "floz": "fl oz", "ml": "ml", "l": "l",
    "pint": "pint", "quart": "quart", "gallon": "gallon", "cubic": "cubic inch",
}  # fmt: skip
# A volume inside a measure's name: "1 can (12 fl oz)", "1 bottle (16.9 fl oz or 500 ml)".
_VOLUME_INSIDE = re.compile(r"(\d+(?:\.\d+)?)\s*(fl\.? ?oz|ml|liters?|l)\b", re.I)
_INSIDE_UNIT = {"floz": "fl oz", "ml": "ml", "l": "l", "liter": "l", "liters": "l"}

_NEVER = re.compile(r"^guideline\b|\byields?\b(?! after cooking)|\bas purchased\b", re.I)
"""Measures that are not the food as eaten: guideline amounts, dry/raw-to-cooked yields."""

_AVOID = re.compile(
    r"\bwith ice\b|\bmelted\b|\bpureed\b|\bmashed\b|\bpacked\b|\bin shell\b|\bunthawed\b|\bthawed\b"
    r"|\bdry\b|\bfrozen\b|\bwhipped\b|\bcrumbled\b|\bgrated\b|\bground\b|\bcrust not eaten\b"
    r"|\bwith pits\b|\bsnack[- ]size\b|\bminiature\b|\bbite\b|\bmini\b|\bchild\b|\bkids?\b"
    r"|\btoddler",
    re.I,
)
"""Qualifiers a measure should not have unless the food words ask for them."""
_NEVER = re.compile(r"\bstring\b", re.I)
"""Measures nobody means, whatever the words: FNDDS's "1 string" of mozzarella (4.7 g) is one
pulled strand, not a string cheese, which is its "1 stick" (28 g)."""

_WORD = re.compile(r"[a-z]+")
SIZE_ORDER = ("extra small", "small", "medium", "large", "extra large", "jumbo")
_SIZE_WORDS = {"small", "medium", "large", "jumbo", "regular"}
_GENERIC_COUNT = frozenset(
    {"whole", "fruit", "each", "item", "unit", "individual", "nut", "berry", "kernel", "biscuit",
     "cookie", "cracker", "wafer", "cake", "cupcake", "muffin", "bun", "tortilla", "pancake",
     "waffle", "bagel", "doughnut", "sandwich", "burrito", "taco", "nugget", "pastry", "pie",
     "egg", "roll", "bar", "cup"}
)  # fmt: skip
# Words of a whole-item measure that do not change what the item is.
_IGNORABLE = frozenset({
    "extra", "x", "ns", "as", "to", "size", "any", "nfs", "or", "pitted", "without", "pit", "seed",
    "refuse", "shelled", "boneless", "bone", "removed", "cooked", "raw", "edible", "yield", "after",
    "cooking", "with", "skin", "peeled", "trimmed", "fresh", "approx", "dia", "long", "inch", "in",
})  # fmt: skip
_PARENS = re.compile(r"\([^)]*\)")
_ITEM_WEIGHT = re.compile(r"(?<=[a-z])\s+\d+(?:\.\d+)?\s*(?:oz|g)\b", re.I)
_ANY_SIZE = re.compile(r"\bany size\b|\bns as to size\b|\bnfs\b|\bnot specified\b", re.I)
_MEASURE_WORDS = frozenset({
    "cup", "cups", "tbsp", "tablespoon", "tsp", "teaspoon", "oz", "fl", "ounce", "ml", "liter",
    "slice", "slices", "piece", "pieces", "wedge", "chunk", "cube", "cubic", "inch", "surface",
    "stalk", "spear", "strip", "stick", "sprig", "leaf", "bunch", "head", "package", "packet",
    "bag", "box", "can", "bottle", "container", "jar", "pouch", "serving", "nlea", "scoop", "glass",
    "bowl", "portion", "pat", "section", "ring", "floweret", "sheet", "square", "pint", "quart",
    "lb", "pound", "loaf", "order", "skin", "handful", "shell", "half", "quarter", "bite",
    "envelope",
})  # fmt: skip

# Piece words and the measure words that mean the same thing.
PIECE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "slice": ("slice", "piece", "section", "wedge"),
    "piece": ("piece", "slice", "chunk", "item", "nugget"),
    "can": ("can",),
    "container": ("container", "tub", "carton", "jar"),
    "bottle": ("bottle",),
    "glass": ("glass",),
    "bowl": ("bowl",),
    "mug": ("mug",),
    "plate": ("plate",),
    "handful": ("handful",),
    "scoop": ("scoop",),
    "serving": ("serving",),
    "portion": ("portion", "serving"),
    "stick": ("stick",),
    "strip": ("strip", "slice"),
    "clove": ("clove",),
    "rib": ("stalk", "rib"),  # a rib of celery is USDA's stalk
    "packet": ("packet", "pouch", "envelope", "sachet"),
    "pack": ("package", "pack", "bag", "box"),
    "bar": ("bar",),
    "square": ("square", "piece"),
    "wedge": ("wedge", "slice"),
    "leaf": ("leaf",),
    "sprig": ("sprig",),
    "fillet": ("fillet", "steak"),
    "breast": ("breast",),
    "thigh": ("thigh",),
    "drumstick": ("drumstick",),
    "link": ("link",),
    "patty": ("patty",),
    "shot": ("shot", "jigger"),
    "cube": ("cube",),
    "bunch": ("bunch",),
    "head": ("head",),
    "sheet": ("sheet",),
    "wing": ("wing", "wingette", "drummette"),  # a "wing" as served is one of its two pieces
    "cob": ("ear",),
    "ear": ("ear",),
    "stalk": ("stalk",),
    "spear": ("spear",),
    "tender": ("tender", "strip", "finger"),
}
SEASONING_CATEGORIES = frozenset({"Spices and Herbs"})
"""Food groups whose foods, logged with no amount, are a pinch (SR28's "Spices and Herbs", which
holds table salt, pepper, dried and fresh herbs)."""

# Small kitchen measures with a convention, used when the food has no measure of that name.
KITCHEN_MEASURES: dict[str, tuple[float, str, str]] = {
    "pinch": (1 / 16, "tsp", "a pinch is taken as 1/16 tsp"),
    "dash": (1 / 8, "tsp", "a dash is taken as 1/8 tsp"),
    "drop": (0.05, "ml", "a drop is taken as 0.05 ml"),
    "splash": (1.0, "tbsp", "a splash is taken as 1 tbsp"),
    "spoonful": (1.0, "tbsp", "a spoonful is taken as 1 tbsp"),
    "shot": (1.0, "fl oz", "a shot is taken as 1 fl oz (a single espresso)"),
    "glass": (1.0, "cup", "a glass is taken as 1 cup (8 fl oz)"),
    "mug": (1.5, "cup", "a mug is taken as 12 fl oz, FNDDS's amount for a cup of coffee or tea"),
    "pat": (1.0, "tsp", "a pat is taken as 1 tsp (SR28's pat of butter, 1\" square, is 5 g)"),
    "knob": (1.0, "tbsp", "a knob is taken as 1 tbsp"),
}
SIZE_FACTORS = {"small": 0.75, "medium": 1.0, "large": 1.25, "extra large": 1.5, "jumbo": 1.5}
"""How a size word scales a measure the food has in one size only ("a large glass", "a big
bowl"): as FNDDS sizes its drinks, small 360 g, medium 480 g, large 600 g (0.75 : 1 : 1.25)."""


@functools.lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    """Lower-case singular words of a measure name: "small/regular fillets" -> small ... fillet."""
    return tuple(singular(w) for w in _WORD.findall(text.lower()))


_SIZE_ALTERNATIVES = re.compile(r"\b[a-z]+(?:/[a-z]+)+\b", re.I)


def _drop_size_alternatives(found: re.Match[str]) -> str:
    parts = found[0].lower().split("/")
    return " " if any(_size_of(part) for part in parts) else found[0]


@functools.lru_cache(maxsize=8192)
def _size_of(unit: str) -> str | None:
    """The size word of a measure name ("extra large", "medium", ...), ``None`` when none."""
    u = unit.lower().replace("-", " ")
    if re.search(r"\bextra large\b|\bx large\b|\bxl\b", u):
        return "extra large"
    if re.search(r"\bextra small\b", u):
        return "extra small"
    if re.search(r"\bregular\b", u) and not re.search(r"\blarge\b", u):
        return "medium"  # "small/regular fillet", "medium or regular slice"
    for size in ("jumbo", "large", "medium", "small"):
        if re.search(rf"\b{size}\b", u):
            return size
    # "thin slice", "thick slice" (bacon, steak): sizes by another name
    if re.search(r"\bthin\b", u):
        return "small"
    if re.search(r"\bthick\b", u):
        return "large"
    return None


@dataclass(frozen=True)
class _Measures:
    """A food's usable measures, sorted into the kinds :func:`to_grams` asks for."""

    usable: tuple[Portion, ...]
    volume: tuple[tuple[Portion, str], ...]  # (portion, its volume unit)
    density: tuple[tuple[Portion, float], ...]  # (portion, millilitres in the whole portion)
    typical: Portion | None  # FNDDS "Quantity not specified"
    counts: dict[frozenset[str], tuple[Portion, str] | None] = field(default_factory=dict)
    """One-item measures already worked out, by the food words asked with."""


_MEASURES: dict[int, tuple[tuple[Portion, ...], _Measures]] = {}


def _measures(portions: tuple[Portion, ...]) -> _Measures:
    """The sorted measures of a food, worked out once per portions tuple (foods are built once)."""
    found = _MEASURES.get(id(portions))
    if found is not None and found[0] is portions:
        return found[1]
    if len(_MEASURES) > 8192:
        _MEASURES.clear()
    meas = _sort_measures(portions)
    _MEASURES[id(portions)] = (portions, meas)
    return meas


def _sort_measures(portions: tuple[Portion, ...]) -> _Measures:
    usable = tuple(p for p in portions if not _NEVER.search(p.unit) and p.grams > 0)
    volume = []
    density = []
    typical = None
    for p in usable:
        if p.unit.lower().startswith("quantity not specified"):
            typical = p
            continue
        m = _VOLUME_AT_START.match(p.unit.strip())
        if m:
            unit = _GROUP_UNIT[next(k for k, v in m.groupdict().items() if v)]
            volume.append((p, unit))
            continue
        inside = _VOLUME_INSIDE.search(p.unit)
        if inside:
            inside_unit = _INSIDE_UNIT.get(re.sub(r"[ .]", "", inside[2].lower()))
            if inside_unit is not None:
                ml = float(inside[1]) * millilitres_per(inside_unit) * (p.amount or 1.0)
                density.append((p, ml))
    return _Measures(usable, tuple(volume), tuple(density), typical)


# --------------------------------------------------------------------------------------------
# Choosing a measure
# --------------------------------------------------------------------------------------------


def _asked(unit: str, food_words: frozenset[str]) -> bool:
    """The measure's qualifier is one the food words ask for ("mashed banana" -> "cup, mashed")."""
    return any(w in food_words for w in _words(unit) if len(w) > 3)


def _avoid(unit: str, food_words: frozenset[str]) -> bool:
    if _NEVER.search(unit):
        return True
    found = _AVOID.search(unit)
    return found is not None and not set(_words(found[0])) <= food_words


def _pick_volume(
    meas: _Measures, unit: str, food_words: frozenset[str]
) -> tuple[Portion, str] | None:
    """The volume measure to use: asked-for qualifier, same unit, plain, not avoided, USDA order."""
    if not meas.volume:
        return None

    def rank(item: tuple[int, tuple[Portion, str]]) -> tuple[int, int, int, int, int]:
        i, (p, vu) = item
        qualifier = _VOLUME_AT_START.sub("", p.unit.strip(), count=1).strip(" ,")
        plain = qualifier == "" or bool(
            re.fullmatch(
                r"\(?(nfs|no ice|cooked|\d[^)]*|1 nlea serving)\)?,?\s*(nfs)?", qualifier, re.I
            )
        )
        return (
            not (qualifier and _asked(qualifier, food_words)),
            _avoid(p.unit, food_words),
            vu != unit,
            not plain,
            i,
        )

    return min(enumerate(meas.volume), key=rank)[1]


def _pick_named(
    meas: _Measures, names: Sequence[str], size: str | None, food_words: frozenset[str]
) -> Portion | None:
    """A measure whose name contains one of ``names`` ("slice", "piece"), of ``size`` when given."""
    cands = []
    for i, p in enumerate(meas.usable):
        words = _words(p.unit)
        hit = next((k for k, n in enumerate(names) if n in words), None)
        if hit is None or _VOLUME_AT_START.match(p.unit.strip()):
            continue
        psize = _size_of(p.unit)
        if size is not None and psize != size:
            continue
        cands.append((p, hit, psize, i))
    if not cands:
        return None

    typical = meas.typical.grams if meas.typical is not None and meas.typical.grams > 0 else None
    containers = bool(set(names) & {"bottle", "can", "container", "carton", "box", "package"})

    def rank(c: tuple[Portion, int, str | None, int]) -> tuple[Any, ...]:
        p, hit, psize, i = c
        generic = bool(_ANY_SIZE.search(p.unit))
        middle = 0 if psize == "medium" else 1 if psize is None else 2
        # of several sizes of a bottle or can, the one nearest USDA's typical amount (a 12 fl oz
        # beer, not the 40 fl oz bottle)
        near = (
            round(abs(math.log(p.grams_per_unit / typical)), 1)
            if typical and p.grams and containers else 0.0
        )
        return (_avoid(p.unit, food_words), hit, not generic, middle, near, len(_words(p.unit)), i)

    return min(cands, key=rank)[0]


def _count_portion(
    meas: _Measures, food: Food, food_words: frozenset[str]
) -> tuple[Portion, str] | None:
    """One whole item of the food, and why that measure (see the module docstring); memoised."""
    if food_words not in meas.counts:
        meas.counts[food_words] = _find_count_portion(meas, food, food_words)
    return meas.counts[food_words]


def _find_count_portion(
    meas: _Measures, food: Food, food_words: frozenset[str]
) -> tuple[Portion, str] | None:
    """One whole item of the food, and why that measure (see the module docstring)."""
    head = set(_words(food.description.split(",")[0])) | food_words
    named: list[tuple[int, Portion]] = []
    sized: dict[str, Portion] = {}
    generic: list[Portion] = []
    for p in meas.usable:
        unit = p.unit.strip()
        # "item 7.6 oz", "sandwich 6.5 oz": a weight after the item describes it; it is not a
        # measure of weight (the portion's grams are the item's)
        core = _ITEM_WEIGHT.sub(" ", _PARENS.sub(" ", unit))
        # "1 medium/regular/sandwich size roll": the other names of a size are the size, not
        # words of another item (the size itself is read from the whole name)
        words = set(_words(core))
        plain = set(_words(_SIZE_ALTERNATIVES.sub(_drop_size_alternatives, core)))
        if plain - _SIZE_WORDS - _IGNORABLE:
            # only when an item is still named: "1 large/king size" of candy is a pack size
            words = plain
        if p is meas.typical or _VOLUME_AT_START.match(unit) or words & _MEASURE_WORDS:
            continue
        if _avoid(unit, food_words):
            continue
        size = _size_of(core)
        rest = words - _SIZE_WORDS - _IGNORABLE
        if not rest:
            if size is not None:
                sized.setdefault(size, p)  # "1 large", 'medium (7" to 7-7/8" long)'
            elif words & _GENERIC_COUNT:
                generic.append(p)
        elif rest <= head:
            # "1 egg", "1 regular carrot", "1 apple, any size", "1 medium breast"
            named.append((0 if _ANY_SIZE.search(unit) else 1 if size in (None, "medium") else 2, p))
        elif rest <= _GENERIC_COUNT | head:
            generic.append(p)  # "1 fruit", "1 whole"
    if named:
        rank, p = min(named, key=lambda t: t[0])
        if rank < 2:
            return p, f"one item: '{p.description}'"
        # only sized items named after the food: use the middle size
        sizes = {_size_of(q.unit): q for r, q in named if r == 2}
        sized = {**{k: v for k, v in sizes.items() if k}, **sized}
    if sized:
        order = [s for s in SIZE_ORDER if s in sized]
        middle = order[(len(order) - 1) // 2]
        p = sized[middle]
        return (
            p,
            f"no size given: used the middle of the sizes listed ({', '.join(order)}): "
            f"'{p.description}'",
        )
    if generic:
        return generic[0], f"one item: '{generic[0].description}'"
    # "1 package 1.6 oz 2 cups" of peanut butter cups: a pack that says how many of the food's
    # own items it holds gives one item's weight
    # (the pack with the most items first: its items are the standard ones)
    packs: list[tuple[float, Portion]] = []
    for p in meas.usable:
        found = _ITEMS_IN_PACK.search(p.unit)
        if found and found[2] in head and float(found[1]) >= 1:
            n = float(found[1])
            packs.append((n, replace(p, amount=(p.amount or 1.0) * n)))
    if packs:
        n, p = max(packs, key=lambda t: t[0])
        return p, f"one item of '{p.description}'"
    return None


_ITEMS_IN_PACK = re.compile(
    r"^(?:package|pack|bag|box|container)\b.*?\b(\d+)\s+([a-z]+?)s?\)?$", re.I
)


# USDA "Guideline amount ..." measures: how much of an addition goes with another food. Used only
# when no amount is given and the same line names that other food.
_GUIDELINES: tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...] = (
    (
        re.compile(r"^guideline amount per slice of bread", re.I),
        re.compile(r"\b(?:toast|bread|roll|bagel|muffin|biscuit|crumpet|english muffin)s?\b", re.I),
        "bread",
    ),
    (
        re.compile(r"^guideline amount (?:on regular sandwich|per sandwich)", re.I),
        re.compile(r"\b(?:sandwich|burger|sub|wrap|hoagie|panini)(?:es|s)?\b", re.I),
        "a sandwich",
    ),
    (
        re.compile(r"^guideline amount per cup of hot cereal", re.I),
        re.compile(r"\b(?:oatmeal|porridge|oats|grits|cream of wheat)\b", re.I),
        "hot cereal",
    ),
    (re.compile(r"^guideline amount in salad", re.I), re.compile(r"\bsalads?\b", re.I), "a salad"),
    (
        re.compile(r"^guideline amount per fl oz of beverage", re.I),
        re.compile(
            r"\b(?:coffees?|teas?|cuppas?|lattes?|americanos?|espressos?|cappuccinos?|chai|cocoa"
            r"|hot chocolates?|brews?)\b",
            re.I,
        ),
        "a hot drink",
    ),
)
_DRINK_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*(fl\.? ?oz|oz|ml)\b", re.I)
_MUG_FL_OZ = 12.0
"""A hot drink of no stated size: 12 fl oz, USDA's typical amount of brewed coffee and of tea
(FNDDS "Quantity not specified", 360 g)."""
# Milk poured on a cold cereal: half a cup, the amount cereal Nutrition Facts labels are
# declared "with" (21 CFR 101.9(h)(4): a second column "as prepared"; cereal makers state it for
# 1/2 cup of milk). USDA's own guideline is for hot cereal only.
_COLD_CEREAL = re.compile(
    r"\b(?:cereal|cheerios|weetabix|corn ?flakes|krispies|shreddies|muesli|granola|bran flakes"
    r"|special k|frosties|coco pops|crunchy nut|froot loops|fruit loops|chex|kix|wheaties"
    r"|shredded wheat|frosted flakes|raisin bran|cheerio|alpen|ready brek)\b",
    re.I,
)


_SLICES = re.compile(r"\b(\d+)\s*(?:slices?|pieces?)\b", re.I)
_HALVES = re.compile(r"\b(?:bagel|english muffin)s?\b", re.I)


def _guideline(food: Food, line: str, food_text: str) -> tuple[Portion, str, float] | None:
    """A guideline measure whose companion food the rest of the line names, what it named, and how
    many times it applies: per slice of bread, "2 slices of toast" is twice, a bagel or an English
    muffin (two halves) twice."""
    rest = line.lower().replace(food_text.lower(), " ", 1) if food_text else line.lower()
    for p in food.portions:
        for unit_re, companion, what in _GUIDELINES:
            if unit_re.search(p.unit) and companion.search(rest):
                times = 1.0
                if what == "bread":
                    slices = _SLICES.search(rest)
                    times = float(slices[1]) if slices else 2.0 if _HALVES.search(rest) else 1.0
                elif what == "a hot drink":
                    size = _DRINK_SIZE.search(rest)
                    times = _MUG_FL_OZ
                    if size:
                        n = float(size[1])
                        times = n / millilitres_per("fl oz") if size[2].lower() == "ml" else n
                return p, what, times
    return None


def _typical(meas: _Measures, food: Food, food_words: frozenset[str]) -> tuple[Portion, str] | None:
    """The typical amount when none was given (see the module docstring), and its name."""
    if meas.typical is not None:
        return meas.typical, "USDA's typical amount when none is reported"
    count = _count_portion(meas, food, food_words)
    if count is not None:
        return count[0], "one item"
    serving = _pick_named(meas, ("serving",), None, food_words)
    if serving is not None:
        return serving, "a serving"
    if meas.volume:
        p = _pick_volume(meas, "cup", food_words)
        if p is not None:
            return p[0], "a cup-type household measure"
    if meas.usable:
        return meas.usable[0], "the first household measure"
    return None


# --------------------------------------------------------------------------------------------
# The entry point
# --------------------------------------------------------------------------------------------


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def _quantity(entry: ParsedEntry) -> float | None:
    if entry.is_range and entry.quantity_low is not None and entry.quantity_high is not None:
        return float((Fraction(entry.quantity_low) + Fraction(entry.quantity_high)) / 2)
    return None if entry.quantity is None else float(entry.quantity)


def _food_words(entry: ParsedEntry) -> frozenset[str]:
    return frozenset(_words(entry.food or ""))


def to_grams(entry: ParsedEntry, food: Food) -> Grams:
    """The weight in grams of ``entry`` (a parsed amount) of ``food``; see the module docstring.

    Never raises for an amount it cannot convert: the result says ``unconvertible`` and why.
    """
    q = _quantity(entry)
    meas = _measures(food.portions)
    words = _food_words(entry)
    notes: list[str] = []

    if q is None:
        if entry.unit is None and entry.size is None:
            return _default(meas, food, words, entry.food or "", entry.text or "")
        q = 1.0
        notes.append(f"no number before '{entry.unit or entry.size}': read as 1")

    kind = entry.unit_kind
    unit = entry.unit
    if kind in ("mass", "volume") and unit not in FOOD_UNITS:
        return Grams(
            None, UNCONVERTIBLE, reason=f"unknown {kind} unit {unit!r}", notes=tuple(notes)
        )
    if kind == "mass" and unit == "oz" and _is_drink(food):
        # "12 oz Corona", "16 oz latte": on a drink, ounces are fluid ounces
        notes.append("oz of a drink read as fl oz")
        return _by_volume(q, "fl oz", meas, food, words, notes)
    if kind == "mass" and unit is not None:
        return Grams(q * grams_per(unit), OK, "mass", None, notes=tuple(notes))
    if kind == "volume" and unit is not None:
        return _by_volume(q, unit, meas, food, words, notes)
    if unit is not None:
        return _by_piece(q, unit, entry.size, meas, food, words, notes)
    # "2 mini Reese's cups", "3 fun size Snickers": the small size USDA lists
    if words & {"mini", "miniature", "minis"}:
        p = _pick_named(meas, ("miniature", "mini", "bite"), None, words)
        if p is not None:
            return Grams(q * p.grams_per_unit, OK, "portion", p.description, notes=tuple(notes))
    # "2 sausage links", "3 chicken tenders", "2 fish sticks": the food words name the piece.
    for w in _food_piece_words(entry.food or ""):
        p = _pick_named(meas, PIECE_SYNONYMS[w], entry.size, words)
        if p is not None:
            return Grams(q * p.grams_per_unit, OK, "portion", p.description, notes=tuple(notes))
    return _by_count(q, entry.size, meas, food, words, notes)


def _is_milk(food: Food) -> bool:
    """A milk to pour: dairy or plant ("Milk, reduced fat (2%)", "Oat milk", "Soy milk")."""
    first = food.description.split(",", 1)[0].lower()
    return first == "milk" or (first.endswith(" milk") and "chocolate" not in first)


def _is_drink(food: Food) -> bool:
    """USDA measures the food in fluid ounces ("1 fl oz", "1 fl oz (no ice)"): a drink."""
    return any(_FLUID_OUNCE.match(p.unit) for p in food.portions)


_FLUID_OUNCE = re.compile(r"fl\.? ?oz\b", re.I)


def _food_piece_words(text: str) -> list[str]:
    """Piece words among the food words ("sausage links" -> ["link"]); not piece/serving/portion."""
    return [
        w for w in _words(text) if w in PIECE_SYNONYMS and w not in ("piece", "serving", "portion")
    ]


def _default(meas: _Measures, food: Food, words: frozenset[str], text: str, line: str) -> Grams:
    # "salmon fillet", "corn on the cob", "chicken wing": the food words name one piece (a plural,
    # "chicken wings", is some pieces: USDA's typical amount says how many).
    for w in _WORD.findall(text.lower()):
        if w in PIECE_SYNONYMS and w not in ("piece", "serving", "portion"):
            p = _pick_named(meas, PIECE_SYNONYMS[w], None, words)
            if p is not None:
                return Grams(
                    p.grams_per_unit,
                    OK,
                    "default_portion",
                    p.description,
                    assumed=True,
                    notes=(
                        f"no amount given: one {w}, {p.description!r} ({_fmt(p.grams_per_unit)} g)",
                    ),
                )
    # "toast with butter", "salad with spinach": USDA's own amount of an addition to that food.
    guide = _guideline(food, line, text)
    if guide is not None:
        p, what, times = guide
        each = f"{_fmt(times)} x " if times != 1 else ""
        return Grams(
            times * p.grams,
            OK,
            "default_portion",
            p.description,
            assumed=True,
            notes=(
                f"no amount given: assumed {each}{p.description!r} ({_fmt(p.grams)} g), "
                f"as the line has {what}",
            ),
        )
    if _COLD_CEREAL.search(line.lower().replace(text.lower(), " ", 1) if text else line) and (
        _is_milk(food)
    ):
        half = _by_volume(0.5, "cup", meas, food, words, [])
        if half.grams is not None:
            return Grams(
                half.grams,
                OK,
                "default_portion",
                "1/2 cup",
                assumed=True,
                notes=(
                    "no amount given: 1/2 cup, the milk cereal labels are declared with, as the "
                    "line has a cereal",
                ),
            )
    if food.category in SEASONING_CATEGORIES:
        # "salt and pepper", "oregano": a seasoning with no amount is a pinch, not a cup
        amount, vunit, why = KITCHEN_MEASURES["pinch"]
        pinch = _by_volume(amount, vunit, meas, food, words, [])
        if pinch.grams is not None:
            return Grams(
                pinch.grams,
                OK,
                "default_portion",
                f"a pinch ({why.split(' as ')[-1]})",
                assumed=True,
                notes=(f"no amount given: a seasoning, so a pinch ({why.split(' as ')[-1]})",),
            )
    one = _one_item(meas, food, words, text)
    if one is not None:
        p, why = one
        return Grams(
            p.grams_per_unit,
            OK,
            "default_portion",
            p.description,
            assumed=True,
            notes=(f"no amount given: {why}, {p.description!r} ({_fmt(p.grams_per_unit)} g)",),
        )
    found = _typical(meas, food, words)
    if found is None:
        return Grams(
            None,
            NO_AMOUNT,
            reason=f"no amount given and no household measure is known for "
            f"{food.description!r}; give an amount in grams",
        )
    p, why = found
    return Grams(
        p.grams,
        OK,
        "default_portion",
        p.description,
        assumed=True,
        notes=(f"no amount given: assumed {p.description!r} ({_fmt(p.grams)} g), {why}",),
    )


def _one_item(
    meas: _Measures, food: Food, words: frozenset[str], text: str
) -> tuple[Portion, str] | None:
    """One whole item, when the name says one: "whole avocado" (the food lacks the word
    "whole"), or a name that ends in a thing counted in the singular ("choc chip cookie"), when
    one of it is no more than USDA's typical amount (which may be two cookies; one pizza is
    more than its typical slice)."""
    found = _count_portion(meas, food, words)
    if found is None or not found[1].startswith("one item"):
        return None
    p = found[0]
    own = set(_words(food.description))
    if "whole" in words and "whole" not in own:
        return p, "'whole': one whole item"
    last = _WORD.findall(text.lower())[-1:] if text else []
    if not last or last[0].endswith("s") or singular(last[0]) != last[0]:
        return None  # "cookies": some, as many as USDA's typical amount says
    if last[0] not in _words(p.unit):
        return None  # "sweet and sour chicken" is no "1 nugget": the item must be the one named
    if meas.typical is None or p.grams_per_unit > meas.typical.grams:
        return None
    return p, f"one {last[0]}"



def _by_volume(
    q: float, unit: str, meas: _Measures, food: Food, words: frozenset[str], notes: list[str]
) -> Grams:
    ml = q * millilitres_per(unit)
    picked = _pick_volume(meas, unit, words)
    if picked is not None:
        p, vu = picked
        g_per_ml = p.grams_per_unit / millilitres_per(vu)
        if vu != unit:
            notes.append(f"{unit} converted from {p.description!r} ({_fmt(p.grams)} g) by volume")
        return Grams(ml * g_per_ml, OK, "volume", p.description, notes=tuple(notes))
    if meas.density:
        p, p_ml = meas.density[0]
        notes.append(f"density from {p.description!r}: {_fmt(p.grams)} g in {_fmt(p_ml)} ml")
        return Grams(ml * p.grams / p_ml, OK, "density", p.description, notes=tuple(notes))
    return Grams(
        None,
        UNCONVERTIBLE,
        reason=f"no volume measure known for {food.description!r}; give grams",
        notes=tuple(notes),
    )


def _by_piece(
    q: float,
    unit: str,
    size: str | None,
    meas: _Measures,
    food: Food,
    words: frozenset[str],
    notes: list[str],
) -> Grams:
    names = PIECE_SYNONYMS.get(unit, (unit,))
    p = _pick_named(meas, names, size, words)
    if p is None and size is not None:
        p = _pick_named(meas, names, None, words)
        if p is not None:
            notes.append(f"no {size} {unit} measure for this food: used {p.description!r}")
    if p is not None:
        if not (p.unit.split()[0].lower().rstrip("s") == unit or unit in _words(p.unit)):
            notes.append(f"'{unit}' read as {p.description!r}")
        factor = 1.0
        if size is not None and _size_of(p.unit) is None and size in SIZE_FACTORS:
            factor = SIZE_FACTORS[size]
            if factor != 1.0:
                notes.append(f"'{size}' taken as {factor:g} x the plain {unit}")
        return Grams(
            q * p.grams_per_unit * factor, OK, "portion", p.description, notes=tuple(notes)
        )
    if unit in KITCHEN_MEASURES:
        amount, vunit, why = KITCHEN_MEASURES[unit]
        notes.append(why)
        factor = SIZE_FACTORS.get(size or "medium", 1.0)
        if factor != 1.0:
            notes.append(f"'{size}' taken as {factor:g} x the plain {unit}")
        return _by_volume(q * amount * factor, vunit, meas, food, words, notes)
    if unit in ("piece", "serving"):
        # "1 serving" of a food with no serving measure: one item of it, when it has one (an
        # apple), before its typical amount
        count = _by_count(q, size, meas, food, words, notes)
        if count.grams is not None and count.method in ("count", "size"):
            if unit == "serving":
                count = replace(count, notes=(*count.notes, "1 serving taken as one item"))
            return count
    found = _typical(meas, food, words)
    if found is None:
        return Grams(
            None,
            UNCONVERTIBLE,
            reason=f"no '{unit}' measure known for {food.description!r}; "
            "give grams or a cup/spoon measure",
            notes=tuple(notes),
        )
    p, why = found
    notes.append(
        f"no '{unit}' measure for this food: 1 {unit} taken as {p.description!r} "
        f"({_fmt(p.grams)} g), {why}"
    )
    # "a big bowl", "a small plate": the size scales the typical amount, as it does a measure
    factor = SIZE_FACTORS.get(size or "medium", 1.0)
    if factor != 1.0:
        notes.append(f"'{size}' taken as {factor:g} x the plain {unit}")
    # The size of "a bowl" or "a handful" of this food is not known: its typical amount stands in
    # for it, which is an assumption, and shown as one.
    return Grams(
        q * p.grams * factor, OK, "default_portion", p.description, assumed=True,
        notes=tuple(notes),
    )


def _by_count(
    q: float, size: str | None, meas: _Measures, food: Food, words: frozenset[str], notes: list[str]
) -> Grams:
    if size is not None:
        p = _pick_named_size(meas, size, words)
        if p is not None:
            return Grams(q * p.grams_per_unit, OK, "size", p.description, notes=tuple(notes))
        nearest = _nearest_size(meas, size, words)
        if nearest is not None:  # "extra large coffee": the largest the food lists
            notes.append(f"no '{size}' measure for this food: used the nearest, {nearest.description!r}")
            return Grams(
                q * nearest.grams_per_unit, OK, "size", nearest.description, notes=tuple(notes)
            )
        notes.append(f"no '{size}' measure for this food")
    found = _count_portion(meas, food, words)
    if (
        found is not None and size is None and found[1].startswith("no size given")
        and meas.typical is not None and _is_drink(food)
    ):
        # "a tea", "a cuppa": one drink of no stated size is USDA's typical one, not the middle
        # of its cup sizes (a 16 fl oz "medium")
        notes.append("no size given: one drink of USDA's typical amount")
        return Grams(q * meas.typical.grams, OK, "count", meas.typical.description, notes=tuple(notes))
    if found is not None:
        p, why = found
        if size is not None:
            notes[-1] += f": used {p.description!r}"
        elif not why.startswith("one item"):
            notes.append(why)
        return Grams(q * p.grams_per_unit, OK, "count", p.description, notes=tuple(notes))
    # a stick last: "2 string cheese" are its "1 stick" (a stick of butter is counted by none)
    piece = (
        _pick_named(meas, ("piece", "serving", "stick"), None, words)
        if not _is_drink(food) else None
    )
    if piece is not None:
        # "2 mince pies" of a food USDA measures by the piece only: a piece each, before a whole
        # pie borrowed from another food
        notes.append(f"no single-item measure for this food: each counted as {piece.description!r}")
        return Grams(
            q * piece.grams_per_unit, OK, "count", piece.description, notes=tuple(notes)
        )
    if _is_drink(food):
        # "1 Budweiser", "2 cokes": a drink counted is one can or bottle, else USDA's serving of
        # it ("12 fl oz"), else its typical amount
        container = _pick_named(meas, ("can", "bottle", "carton", "box"), None, words)
        serving = next(
            (
                p for p in meas.usable
                if p.amount and p.amount > 1 and _FLUID_OUNCE.match(p.unit.strip())
            ),
            None,
        )
        one = container.grams_per_unit if container else serving.grams if serving else None
        if one is not None:
            p = container or serving
            assert p is not None
            notes.append(f"a drink counted: each taken as {p.description!r} ({_fmt(one)} g)")
            return Grams(q * one, OK, "count", p.description, notes=tuple(notes))
    if meas.typical is not None:
        p = meas.typical
        notes.append(
            f"no single-item measure for this food: each counted as USDA's typical amount "
            f"({_fmt(p.grams)} g)"
        )
        return Grams(q * p.grams, OK, "count", p.description, notes=tuple(notes))
    return Grams(
        None,
        UNCONVERTIBLE,
        reason=f"no single-item measure known for {food.description!r}; "
        "give grams or a cup/spoon measure",
        notes=tuple(notes),
    )


def _nearest_size(meas: _Measures, size: str, words: frozenset[str]) -> Portion | None:
    """The food's whole-item measure of the size nearest to ``size`` (one step at most: "extra
    large" -> "large", "small" -> "medium"), or ``None``."""
    if size not in SIZE_ORDER:
        return None
    at = SIZE_ORDER.index(size)
    for step in (1, -1):
        k = at + step
        if 0 <= k < len(SIZE_ORDER):
            p = _pick_named_size(meas, SIZE_ORDER[k], words)
            if p is not None:
                return p
    return None


def _pick_named_size(meas: _Measures, size: str, words: frozenset[str]) -> Portion | None:
    """A whole-item measure of that size: "1 large", 'medium (7" long)', "1 potato large"."""
    best: tuple[tuple[int, int], Portion] | None = None
    for i, p in enumerate(meas.usable):
        unit = p.unit.strip()
        if p is meas.typical or _VOLUME_AT_START.match(unit) or _size_of(unit) != size:
            continue
        ws = set(_words(unit))
        if "yield" in ws and "raw" in ws and "raw" not in words:
            continue  # "1 medium, raw, yields" (70 g of fries) is a raw potato's size
        # "1 medium fast food order" is a medium of the food itself
        measure = bool(ws & _MEASURE_WORDS - {"order"})
        rank = (2 if measure else 0 if unit.lower().startswith(size) else 1, i)
        if measure and not (ws & words):
            continue  # "large wedge/slice" is not "a large watermelon"
        if best is None or rank < best[0]:
            best = (rank, p)
    return None if best is None else best[1]
