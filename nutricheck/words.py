"""Food words: text -> normalised, singular words, the same on both sides of a comparison.

The matcher compares the words of what a person wrote with the words of USDA's descriptions, and
both go through :func:`tokens`: accents folded, symbols spelled out ("w/" -> "with", "&" ->
"and"), apostrophes dropped, plurals made singular, stopwords dropped and a few everyday spellings
made the table's ("yoghurt" -> "yogurt"). Each step is a small pure ``str -> str`` function, tested
on its own (tests/test_matching.py). The everyday vocabulary that applies to what people write only
(British names, shorthand, words set aside) is :mod:`nutricheck.vocabulary`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

__all__ = [
    "SPELLINGS",
    "STEPS",
    "STOPWORDS",
    "normalise",
    "singular",
    "tokens",
    "word_key",
]


def fold_accents(text: str) -> str:
    """``"Jalapeño crème brûlée"`` -> ``"Jalapeno creme brulee"`` (and lower case)."""
    text = text.lower()
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


_WITH = re.compile(r"\bw/o\b|\bw/(?=\s|\w)|&|\+")


def spell_out_symbols(text: str) -> str:
    """``"w/"`` -> ``"with"``, ``"w/o"`` -> ``"without"``, ``"&"``/``"+"`` -> ``"and"``, ``%`` ->
    ``"percent"``."""
    if "/" not in text and "&" not in text and "+" not in text and "%" not in text:
        return text
    text = _WITH.sub(
        lambda m: {"w/o": " without ", "&": " and ", "+": " and "}.get(m[0], " with "), text
    )
    return text.replace("%", " percent ")


_APOSTROPHE = re.compile(r"['\u2019`]")


def drop_apostrophes(text: str) -> str:
    """``"kellogg's"`` -> ``"kelloggs"``, so brand names keep one token."""
    if "'" not in text and "\u2019" not in text and "`" not in text:
        return text
    return _APOSTROPHE.sub("", text)


_NOT_WORD = re.compile(r"[^a-z0-9]+")


def words_only(text: str) -> str:
    """Anything but letters and digits -> one space: ``"hard-boiled (large)"`` ->
    ``"hard boiled large"``."""
    return _NOT_WORD.sub(" ", text).strip()


STEPS: tuple[Callable[[str], str], ...] = (
    fold_accents,
    spell_out_symbols,
    drop_apostrophes,
    words_only,
)
"""The normalisation steps, in order; each is a pure ``str -> str`` tested on its own."""


def normalise(text: str) -> str:
    """Run :data:`STEPS`: lower-case ASCII words separated by single spaces."""
    for step in STEPS:
        text = step(text)
    return text


# Words that carry no food: dropped from every name and description before comparing.
STOPWORDS = frozenset(
    {"a", "an", "the", "of", "and", "or", "some", "my", "in", "on", "for", "to", "x"}
)

# Plural forms the suffix rules would get wrong, and words that only look plural.
_IRREGULAR = {
    "leaves": "leaf", "loaves": "loaf", "halves": "half", "knives": "knife", "calves": "calf",
    "children": "child", "teeth": "tooth", "feet": "foot", "mice": "mouse", "geese": "goose",
}  # fmt: skip
# Singulars ending in -ie, whose plural the "-ies -> -y" rule would get wrong ("cookies").
_IE_SINGULARS = frozenset({
    "cookie", "brownie", "smoothie", "veggie", "hoagie", "calorie", "pie", "movie", "rotisserie",
    "birdie", "sandie", "smokie", "crunchie", "fruitie", "krispie", "wheatie", "leanie", "chilie",
    "goodie",
})  # fmt: skip
_NOT_PLURAL = frozenset({
    "hummus", "couscous", "asparagus", "citrus", "octopus", "cactus", "swiss", "molasses", "grits",
    "bass", "lotus", "watercress", "cress", "hibiscus", "brussels", "christmas", "jus", "species",
    "series", "quinoas",
})  # fmt: skip


@functools.lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """An English plural -> singular, for food words: the same on both sides of a comparison.

    ``berries`` -> ``berry``, ``cookies`` -> ``cookie``, ``tomatoes`` -> ``tomato``, ``leaves``
    -> ``leaf``, ``peaches`` -> ``peach``, ``eggs`` -> ``egg``; ``hummus``, ``couscous``,
    ``asparagus``, ``swiss`` stay.
    """
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or not word.endswith("s") or word.isdigit():
        return word
    if word in _NOT_PLURAL:
        return word
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-1] if word[:-1] in _IE_SINGULARS else word[:-3] + "y"
    if word.endswith("oes"):
        return word[:-2]
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if word.endswith("ys"):
        return word[:-1]
    return word[:-1]


# Everyday spellings of single words that the table spells otherwise (British, common short forms).
# Each row is tested in tests/test_matching.py::SPELLING_CASES.
SPELLINGS: dict[str, tuple[str, ...]] = {
    "w": ("with",),
    "yoghurt": ("yogurt",),
    "yoghourt": ("yogurt",),
    "flavour": ("flavor",),
    "flavoured": ("flavored",),
    "colour": ("color",),
    "wholemeal": ("whole", "wheat"),
    "wholewheat": ("whole", "wheat"),
    "wholegrain": ("whole", "grain"),
    "veggie": ("vegetable",),
    "veg": ("vegetable",),
    "aubergine": ("eggplant",),
    "courgette": ("zucchini",),
    "beetroot": ("beet",),
    "swede": ("rutabaga",),
    "coriander": ("cilantro",),
    "prawn": ("shrimp",),
    "chilli": ("chili",),
    "chile": ("chili",),
    "donut": ("doughnut",),
    "sauted": ("sauteed",),
    "bbq": ("barbecue",),
    "barbeque": ("barbecue",),
    "hardboiled": ("hard", "boiled"),
    "softboiled": ("soft", "boiled"),
    "catsup": ("ketchup",),
    "oatmilk": ("oat", "milk"),
    "lowfat": ("low", "fat"),
    "fatfree": ("fat", "free"),
}


@functools.lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[str, ...]:
    """Normalised, singular food words of a text, stopwords dropped, in order (memoised).

    >>> tokens("Bananas, raw")
    ('banana', 'raw')
    >>> tokens("2 Large Eggs & toast w/ PB")
    ('2', 'large', 'egg', 'toast', 'with', 'pb')
    """
    out: list[str] = []
    for word in normalise(text).split():
        if word in STOPWORDS:
            continue
        one = singular(word)
        spelt = SPELLINGS.get(word) or SPELLINGS.get(one)
        if spelt is not None:
            out.extend(spelt)
        else:
            out.append(one)
    return tuple(out)


def word_key(toks: Iterable[str]) -> tuple[str, ...]:
    """Word-order-insensitive key of a token sequence."""
    return tuple(sorted(toks))
