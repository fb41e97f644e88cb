"""Text normalisation for the food-log parser: an ordered list of small pure ``str -> str`` steps.

Each step does one thing, is idempotent, never raises and is tested on its own
(``tests/test_normalise.py``). :data:`TEXT_STEPS` turn any string into plain, lower-case ASCII-ish
text with single spaces; :data:`LINE_STEPS` then remove what surrounds the food in a diary line
(bullets, times, meal labels) and spell out the awkward amount forms. :func:`normalise` runs both.

The parser runs the steps itself, one by one, so that it can tell *which* step left nothing behind
("only a time", "only a meal label") when a line turns out not to be food.
"""

# ruff: noqa: RUF002 - the unicode look-alikes are what these steps are about
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

Step = Callable[[str], str]

# --------------------------------------------------------------------------------------------
# Text steps: unicode and typography
# --------------------------------------------------------------------------------------------

# C0/C1 controls (NUL, tab, line breaks), bidi marks and embeddings, the Unicode line and paragraph
# separators, lone surrogates (bad decoding upstream); zero-width characters and the BOM apart.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_ZERO_WIDTH = re.compile(r"[\u00ad\u200b-\u200d\u2060-\u2064\ufeff]")


def drop_control_chars(text: str) -> str:
    """NUL bytes, tabs, bidi marks and lone surrogates -> space; zero-width characters, soft
    hyphens and the BOM -> nothing (they sit inside words and emoji sequences)."""
    if text.isascii():
        return _CONTROL.sub(" ", text) if not text.isprintable() else text
    return _CONTROL.sub(" ", _ZERO_WIDTH.sub("", text))


VULGAR_FRACTIONS: dict[str, str] = {
    "½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4", "⅕": "1/5", "⅖": "2/5",
    "⅗": "3/5", "⅘": "4/5", "⅙": "1/6", "⅚": "5/6", "⅐": "1/7", "⅛": "1/8", "⅜": "3/8",
    "⅝": "5/8", "⅞": "7/8", "⅑": "1/9", "⅒": "1/10", "↉": "0/3",
}  # fmt: skip
_VULGAR = re.compile("([0-9])?[ -]?([" + "".join(VULGAR_FRACTIONS) + "])")


def expand_unicode_fractions(text: str) -> str:
    """``"1½"`` -> ``"1 1/2"``, ``"½"`` -> ``"1/2"``, ``"1-½"`` -> ``"1 1/2"``.

    Runs before NFKC, which would turn ``"1½"`` into the unreadable ``"11⁄2"``.
    """
    if text.isascii():
        return text

    def repl(m: re.Match[str]) -> str:
        frac = VULGAR_FRACTIONS[m[2]]
        if m[1]:
            return f"{m[1]} {frac}"
        return m[0][:-1] + frac

    return _VULGAR.sub(repl, text)


_FRACTION_SLASH = re.compile(r"\s*[\u2044\u2215]\s*")


def unicode_compatibility(text: str) -> str:
    """NFKC (full-width digits, ligatures, superscripts) and the fraction slash ``⁄`` -> ``/``."""
    if text.isascii():
        return text
    return _FRACTION_SLASH.sub("/", unicodedata.normalize("NFKC", text))


def ascii_digits(text: str) -> str:
    """Decimal digits of any script (Arabic-Indic ``٢``, Devanagari ``२``, ...) -> ``0-9``."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        if "0" <= ch <= "9" or ch.isascii() or not ch.isdecimal():
            out.append(ch)
        else:
            out.append(str(unicodedata.decimal(ch, 0)))
    return "".join(out)


_PUNCT_MAP = str.maketrans(
    {
        "\u00a0": " ", "\u2000": " ", "\u2001": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ",
        "\u2005": " ", "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ",
        "\u202f": " ", "\u205f": " ", "\u3000": " ", "\u1680": " ",
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
        "\u0060": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": " - ",
        "\u2015": " - ", "\u2212": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
        "\u00d7": "x", "\u2715": "x", "\u2716": "x", "\u2a09": "x",
        "\u2022": " - ", "\u00b7": " - ", "\u25aa": " - ", "\u25cf": " - ", "\u25e6": " - ",
        "\u2023": " - ", "\u2043": " - ", "\u25ba": " - ", "\u2219": " - ",
        "\u3001": ",", "\uff0c": ",", "\u060c": ",", "\uff1b": ";", "\u061b": ";", "\uff1a": ":",
        "\u2026": "...",
    }
)  # fmt: skip


def ascii_punctuation(text: str) -> str:
    """Non-breaking and other wide spaces, smart quotes, dashes, ``×`` and bullets -> ASCII.

    An en dash is a range dash (``1–2``) and becomes ``-``; an em dash separates (``rice — 1 cup``)
    and becomes `` - ``. Bullets (``•``, ``·``) become `` - `` so that the bullet step sees them.
    """
    if text.isascii():
        return text
    return text.translate(_PUNCT_MAP)


# Symbols (So, Sk), private use (Co), unassigned (Cn: emoji newer than this Python), variation
# selectors, combining keycap, tags. Letters, digits and punctuation of every script stay.
_DROP_CATEGORIES = frozenset({"So", "Sk", "Co", "Cn", "Cs"})
_EMOJI_EXTRA = re.compile("[\ufe00-\ufe0f\u20e3\U000e0000-\U000e007f\U0001f3fb-\U0001f3ff]")


def drop_emoji(text: str) -> str:
    """Emoji, check marks and other pictographs -> space: ``"🍌 banana ✅"`` -> ``"  banana  "``."""
    if text.isascii():
        return text
    text = _EMOJI_EXTRA.sub(" ", text)
    category = unicodedata.category
    return "".join(
        " " if not ch.isascii() and category(ch) in _DROP_CATEGORIES else ch for ch in text
    )


# "2 T sugar" = tablespoons, "1 t salt" = teaspoons: the only place where case matters, so this
# step runs before lower-casing. Only directly after an amount, so "T-bone" and "t-shirt" are safe.
_T_UNIT = re.compile(r"([0-9])(\s*)([tT])(?:\.(?=\s)|\b(?![-'.]))")


def case_sensitive_units(text: str) -> str:
    """``"2 T"`` -> ``"2 tbsp"``, ``"1 t"`` -> ``"1 tsp"``: the recipe convention, T = table."""
    return _T_UNIT.sub(lambda m: m[1] + m[2] + ("tbsp" if m[3] == "T" else "tsp"), text)


def lower_case(text: str) -> str:
    """Lower case (``casefold`` would turn ``ß`` into ``ss``, which food names do not want)."""
    return text.lower()


def collapse_spaces(text: str) -> str:
    """Runs of white space -> one space; no space at either end."""
    return " ".join(text.split())


TEXT_STEPS: tuple[Step, ...] = (
    drop_control_chars,
    expand_unicode_fractions,
    unicode_compatibility,
    ascii_digits,
    ascii_punctuation,
    drop_emoji,
    case_sensitive_units,
    lower_case,
    collapse_spaces,
)
"""Steps that make any text plain: run in this order (fractions before NFKC, ``T`` before lower)."""

# --------------------------------------------------------------------------------------------
# Line steps: what surrounds the food in a diary line (input is the output of TEXT_STEPS)
# --------------------------------------------------------------------------------------------

# "- eggs", "* eggs", "[x] eggs", "> eggs"; numbering "1. " / "2) " only when what follows starts
# with its own amount ("1. 2 eggs"), because "1. eggs" may as well mean one egg.
_BULLET = re.compile(r"^(?:[-*+>=~]+|\[[ x]?\]|\(?[a-z]\)|o(?= [0-9]))\s+")
_NUMBERING = re.compile(
    r"^(?:#\s?)?[0-9]{1,3}[.)]\s+(?=(?:[0-9]|a |an |one |two |three |four |five |six |half |some ))"
)


def strip_bullet(text: str) -> str:
    """A leading bullet, check box or list number (``"1. 2 eggs"`` -> ``"2 eggs"``)."""
    if not text or not (text[0] in "-*+>=~[(#0123456789" or text[1:2] in (")", " ")):
        return text
    while True:  # "- [x] 1. 2 eggs"; every match shortens the text
        m = _BULLET.match(text) or _NUMBERING.match(text)
        if m is None:
            return text
        text = text[m.end() :]


_DATE = re.compile(
    r"(?<![\w/.])(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}[/.][0-9]{1,2}[/.](?:[0-9]{4}|[0-9]{2}))"
    r"(?![\w/])"
)
_DAY_LABEL = re.compile(
    r"^(?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?|today|yesterday|"
    r"tonight|this morning|day [0-9]+)\b[,.]?(?:\s+[0-9]{1,2}(?:st|nd|rd|th)?(?:\s+[a-z]{3,9})?)?"
    r"\s*(?:[:\-]+|$)\s*"
)


_DATE_HINT = re.compile(r"[0-9][-/.][0-9]{1,2}[-/.][0-9]")
_MONTHS = (
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|"
    "september|oct|october|nov|november|dec|december"
)
# "Sept 3rd 2023", "3 March 2024", "march 3, 2024": a written date (with a year, or an ordinal)
_WORD_DATE = re.compile(
    rf"(?<![\w])(?:(?:{_MONTHS})\.?\s+[0-9]{{1,2}}(?:st|nd|rd|th)?(?:,?\s+[0-9]{{4}})?"
    rf"|[0-9]{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?(?:,?\s+[0-9]{{4}}))(?![\w])"
)
_WORD_DATE_HINT = re.compile(rf"\b(?:{_MONTHS})\b")


def strip_dates(text: str) -> str:
    """Dates (``"2024-05-01"``, ``"01/05/2024"``) and day labels (``"Monday:"``, ``"day 3 -"``).

    A slashed date needs its year, so ``"1/2"`` stays a fraction.
    """
    if _DATE_HINT.search(text):
        text = " ".join(_DATE.sub(" ", text).split())
    if _WORD_DATE_HINT.search(text):
        # only with an ordinal or a year: "may 2 eggs" is not a date, "may 2nd" and "may 2 2024" are
        text = " ".join(
            _WORD_DATE.sub(
                lambda m: " " if re.search(r"(?:st|nd|rd|th)\b|[0-9]{4}", m[0]) else m[0], text
            ).split()
        )
    while text[:1] in "mtwfsdy":  # "monday: day 3 - eggs"
        m = _DAY_LABEL.match(text)
        if m is None or not m.end():
            break
        text = text[m.end() :]
    return text


_CLOCK = (
    r"(?:[0-9]{1,2}[:h][0-9]{2}(?::[0-9]{2})?(?:\s?(?:am|pm|a\.m\.?|p\.m\.?|h|hrs|uhr))?"
    r"|[0-9]{1,2}(?:\.[0-9]{2})?\s?(?:am|pm|a\.m\.?|p\.m\.?)(?![a-z])"
    r"|noon|midday|midnight)"
)
# A time with what introduces or follows it: "@ 8:30", "at 12pm", "around 7am", "08:00 -", "(7am)".
_TIME = re.compile(
    r"(?:(?<![\w/])(?:@|at|around|by|about|@around)\s*)?(?<![\w/:.])\(?" + _CLOCK + r"\)?"
    r"(?![\w/]|:[0-9])"
)


_LEADING_SEPARATOR = re.compile(r"^[-:,|>=]+\s*")
_AT_HOUR = re.compile(r"(?:^|\s)(?:@|at|around)\s?(?:[01]?[0-9]|2[0-3])$")
_TIME_HINT = re.compile(r"[0-9](?::|h[0-9]|\.[0-9]{2} ?[ap]| ?[ap]\.?m)|noon|midday|midnight")


def strip_times(text: str) -> str:
    """Clock times and what introduces them: ``"7am"``, ``"@ 8:30"``, ``"at 12pm"``, ``"08:00 -"``.

    ``"1.50"`` alone is an amount, not a time: a dot time needs am/pm (``"7.30pm"``). A bare hour
    counts only after "at" or "@" at the end of the line (``"2 eggs at 7"``).
    """
    while text[-1:].isdigit():  # all of them, or a second pass would find the next ("@ 2 @ 2")
        m = _AT_HOUR.search(text, max(0, len(text) - 12))
        if m is None:
            break
        text = text[: m.start()]
    if not _TIME_HINT.search(text):
        return text
    text = " ".join(_TIME.sub(" ", text).split())
    return _LEADING_SEPARATOR.sub("", text)


_ACTIVITY = (
    r"(?:long |easy |morning |evening |training |tempo |interval |recovery |speed |hill )?"
    r"(?:run|runs|jog|workout|work out|training|race|ride|swim|gym|session|marathon|practice|"
    r"game|match|spin class|class|lift|hike|walk|tempo|intervals|parkrun|long run|5k|10k|"
    r"half marathon|half|track|fartlek|hills|cycle|bike|yoga|football)"
)
_OCCASION = re.compile(
    r"(?:^|\s)(?:before|after|during|pre|post|pre-|post-)\s?(?:my |the |a |an |today'?s )?"
    + _ACTIVITY
    + r"(?![a-z])(?:\s*(?:[,:;-]\s*)?$)",
)
_LEADING_OCCASION = re.compile(
    r"^(?:(?:before|after|during|pre|post)[- ]?(?:my |the |a |an )?" + _ACTIVITY + r"\s*[,:;-]\s*"
    r"|(?:pre|post)[- ]?" + _ACTIVITY + r"\s+)"  # "post-run banana", "pre workout gel"
)


_WHERE = re.compile(
    r"(?<=[a-z0-9)\]%])\s*[(\[]?\s*(?:"
    r"on (?:the|my|a) (?:way\b.*|" + _ACTIVITY + r"\b.*)"
    r"|(?:from|at|in) (?:the |my |a )?(?:vending machine|canteen|cafeteria|office|work|school|"
    r"gym|desk|airport|train|car|pub|food court|drive[- ]?thru|drive[- ]?through|gas station|"
    r"petrol station|cinema|movies|game|stadium|party|bbq|barbecue|cafe|café|coffee shop|"
    r"bakery|deli|canteen|hospital|vending)\b.*"
    r")\s*[)\]]?\s*$"
)


def strip_occasions(text: str) -> str:
    """When and where the food was eaten: around a run or a workout (``"a banana before my
    run"``, ``"after the gym: shake"``, ``"gatorade on the long run"``), on the way somewhere, at
    work or from a vending machine. None of it is a food, and it would spoil the food's name."""
    if " on " in text or " from " in text or " at " in text or " in " in text:
        text = _WHERE.sub("", text).strip() or text
    if not any(w in text for w in ("before", "after", "during", "pre", "post")):
        return text
    text = _LEADING_OCCASION.sub("", text)
    return _OCCASION.sub("", text).strip()


MEAL_WORDS = (
    "breakfast", "brekkie", "brekky", "lunch", "dinner", "supper", "tea time", "teatime", "snack",
    "snacks", "brunch", "dessert", "elevenses", "second breakfast", "midnight snack",
    "morning snack", "afternoon snack", "evening snack", "late night snack", "pre-workout",
    "post-workout", "pre workout", "post workout", "meal [0-9]", "meal",
)  # fmt: skip
_MEAL = "(?:" + "|".join(sorted(MEAL_WORDS, key=len, reverse=True)) + ")"
# "Lunch:", "Breakfast -", "snack)", "(lunch)", "lunch 12:30 -" at the start (a separator is
# needed: "breakfast burrito" is a food), "lunch:" anywhere, "for breakfast"/"at dinner" at the end.
_MEAL_START = re.compile(r"[(\[]?" + _MEAL + r"[)\]]?(?:\s*[:)\]>|=]+|\s+-+|\s*$)\s*")
_MEAL_INNER = re.compile(r"(?:^|(?<=[\s;,.]))" + _MEAL + r"\s*:\s*")
# Searched in the last 60 characters only (a regex anchored at the end still scans from the start).
_MEAL_END = re.compile(
    r"\s*(?:[-,(\[]\s*)?(?:\b(?:for|at|with|as|during|after|before)\s+(?:my\s+|a\s+|the\s+)?)"
    + _MEAL
    + r"[)\]]?[\s.!?,;:]*$|\s*[(\[]"
    + _MEAL
    + r"[)\]][\s.!?,;:]*$"
)
_MEAL_HINT = re.compile(
    "breakfast|brekk|lunch|dinner|supper|snack|brunch|dessert|elevenses|tea|workout|meal"
)
_MEAL_LAST = ("breakfast", "brekkie", "brekky", "lunch", "dinner", "supper", "time", "teatime",
              "snack", "snacks", "brunch", "dessert", "elevenses", "workout", "meal")  # fmt: skip


def strip_meal_labels(text: str) -> str:
    """``"lunch: "``, ``"Breakfast - "``, ``"snack) "``, ``"for breakfast"``, ``"at dinner"``."""
    if not _MEAL_HINT.search(text):
        return text
    while True:  # "breakfast: lunch:" (a copied template), "(lunch) ... for lunch"
        new = text
        m = _MEAL_START.match(new)
        if m:
            new = new[m.end() :]
        if ":" in new:
            new = " ".join(_MEAL_INNER.sub(" ", new).split())
        if new.rstrip(" .!?,;:)]").endswith(_MEAL_LAST) or new.rstrip(" .!?,;:)]")[-1:].isdigit():
            cut = max(0, len(new) - 60)
            new = new[:cut] + _MEAL_END.sub("", new[cut:])
        new = new.strip()
        if new == text:
            break
        text = strip_bullet(new)  # "lunch: - eggs", "lunch: 1. 2 eggs"
    return text


_WITH = re.compile(r"(?<![a-z])w/(o(?![a-z]))?\s*|(?<= )w(?= [a-z])")


def expand_with(text: str) -> str:
    """``"w/"`` and a lone ``"w"`` -> ``"with"``, ``"w/o"`` -> ``"without"``, so that the
    splitter sees plain words (``"pancakes w syrup"``)."""
    if "w/" not in text and " w " not in text:
        return text
    return " ".join(_WITH.sub(lambda m: " without " if m[1] else " with ", text).split())


# Multi-word units and sizes become one token so that the parser looks at one word at a time.
_MULTIWORD = (
    # "2fl oz" too: the amount is glued to it in "50ml/2fl oz"
    (re.compile(r"(?:\b|(?<=[0-9]))fl(?:uid)?\.?\s*(?:oz|ounces?)\b\.?"), "floz"),
    (re.compile(r"\b(?:extra[- ]?|x-?)(?:large|lg)\b"), "xl"),
    (
        re.compile(r"\b(?:medium|large|small|big)[- ]sized?\b"),
        lambda m: m[0].split()[0].split("-")[0],
    ),
    (re.compile(r"\bhalf\s*(?:[- ]and[- ]|&|\s&\s)\s*half\b"), "half-and-half"),
)
_MULTIWORD_HINT = re.compile("fl|large|lg|size|half")


def join_multiword_units(text: str) -> str:
    """``"fl. oz"``/``"fluid ounces"`` -> ``"floz"``, ``"extra large"`` -> ``"xl"``,
    ``"large-sized"`` -> ``"large"``, ``"half and half"`` -> ``"half-and-half"`` (the cream, not
    two halves)."""
    if not _MULTIWORD_HINT.search(text):
        return text
    for pattern, repl in _MULTIWORD:
        text = pattern.sub(repl, text)
    return text


_ABBR_DOT = re.compile(
    r"\b(tbsp|tbsps|tbs|tbl|tblsp|tsp|tsps|oz|ozs|lb|lbs|c|g|gr|gm|gms|kg|mg|ml|cl|dl|pt|qt|gal|pkg|"
    r"pkt|pc|pcs|approx|appr|ca|med|lg|lrg|sm|doz|sl|qty)\.(?=[\s,;)]|$)"
)


def drop_abbreviation_dots(text: str) -> str:
    """``"tbsp."`` -> ``"tbsp"``, ``"approx."`` -> ``"approx"`` (the dot is not a sentence end)."""
    if "." not in text:
        return text
    return _ABBR_DOT.sub(r"\1", text)


# No "a" here: "a and a half" means nothing.
_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[0-9]+"
_HALVABLE = (
    r"cups?|tablespoons?|teaspoons?|tbsps?|tsps?|slices?|pieces?|glass(?:es)?|bowls?|mugs?|pints?|"
    r"lit(?:re|er)s?|pounds?|lbs?|ounces?|oz|kilos?|scoops?|servings?|portions?|sandwich(?:es)?|"
    r"bars?|dozen|cans?|bottles?|bananas?|apples?|avocados?|eggs?|bagels?|muffins?|pizzas?"
)
# "one and a half cups" (anything may follow) and "a cup and a half" (nothing but "of" may follow:
# in "2 eggs and a half banana" the half belongs to the banana).
_NUMBER_AND_A_HALF = re.compile(r"\b(" + _NUMBER_WORDS + r")\s+and\s+(?:a\s+)?half\b(?!-)")
_UNIT_AND_A_HALF = re.compile(
    r"\b(" + _NUMBER_WORDS + r"|an?)\s+(" + _HALVABLE + r")\s+and\s+(?:a\s+)?half\b(?!-)"
    r"(?!\s+(?!of\b)[a-z])"
)
_AND_FRACTION = re.compile(r"\b([0-9]+)\s+and\s+([0-9]+/[0-9]+)\b")
_WORD_VALUES = {
    "a": "1", "an": "1", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
}  # fmt: skip


def spell_out_halves(text: str) -> str:
    """``"one and a half cups"`` -> ``"1 1/2 cups"``, ``"a cup and a half"`` -> ``"1 1/2 cup"``,
    ``"2 and 1/2"`` -> ``"2 1/2"``: otherwise the " and " would split the line into two foods."""
    if " and " not in text or ("half" not in text and "/" not in text):
        return text
    text = _NUMBER_AND_A_HALF.sub(lambda m: _WORD_VALUES.get(m[1], m[1]) + " 1/2", text)
    text = _UNIT_AND_A_HALF.sub(lambda m: f"{_WORD_VALUES.get(m[1], m[1])} 1/2 {m[2]}", text)
    return _AND_FRACTION.sub(r"\1 \2", text)


_EDGE = " -:;,.!?|>=*+#_~^\"'`/\\"
_ALNUM = re.compile(r"[^\W_]")


def strip_edge_punctuation(text: str) -> str:
    """Punctuation at either end (``"eggs!!!"``, ``": eggs"``, ``"toast..."``) but not the dot of
    ``".5 cup"``; a text with no letter or digit left becomes empty."""
    if not _ALNUM.search(text):
        return ""
    head = text.lstrip(_EDGE)
    cut = len(text) - len(head)
    if cut and head[:1].isdigit() and text[cut - 1] == ".":
        head = "." + head  # ".5 cup"
    return head.rstrip(_EDGE)


_LABEL = re.compile(
    r"^[a-z][a-z' -]{0,30}:\s+(?=(?:\d|a |an |one |two |three |half "
    r"|(?:cup|bowl|slice|glass|plate|piece|bag|can|bottle|handful|mug|pot|box|serving|side)"
    r"s? of )[^:]*[a-z]{3})"
)


_PLACE_LABEL = re.compile(
    r"^(?:at |in |on )?(?:the |my )?(?:work|home|school|office|desk|gym|car|train|plane|"
    r"airport|pub|party|movies|cinema|stadium|game|bbq|barbecue|beach|park)\s*:\s*(?=[a-z0-9])"
)


def strip_labels(text: str) -> str:
    """``"smoothie: 1 banana, 1 cup milk"``, ``"game day: 10 wings"``: a few words and a colon
    before an amount of a food are a label, not food (``"chicken: 200g"`` stays: what follows
    the colon is only an amount); so is a place (``"at work: snickers"``)."""
    if ":" not in text:
        return text
    place = _PLACE_LABEL.match(text)
    if place:
        return text[place.end() :]
    m = _LABEL.match(text)
    if m is None or len(m[0].split()) > 4:
        return text
    return text[m.end() :]


# "big salad - 2 cups romaine, 3 oz chicken", "fried chicken: 1 thigh, 1 drumstick": a heading,
# a dash or colon, then a list whose first item starts with an amount
_HEADING = re.compile(
    r"^(?P<head>[a-z][a-z' ]{1,30}?)\s*(?:\s[-\u2013\u2014]+|:)\s+"
    r"(?=(?:\d|a |an |one |two |three |half ))"
)
_ITEM = re.compile(
    r"^(?P<amount>(?:\d+(?:[./]\d+)?|a|an|one|two|three|half)\s+)(?P<rest>.*)$"
)
# pieces of the food the heading names ("fried chicken - 1 thigh"): they take the heading's name
_PIECES = frozenset({
    "thigh", "drumstick", "breast", "wing", "leg", "fillet", "filet", "slice", "piece", "strip",
    "link", "patty", "rib", "chop", "cutlet", "tender", "nugget", "wedge", "square", "bar", "scoop",
})  # fmt: skip


def strip_headings(text: str) -> str:
    """``"big salad - 2 cups romaine, 3 oz chicken"``: a few words before a dash and a list of
    amounts of foods head the list, and are no food of their own; an item that is only a piece
    (``"fried chicken - 1 thigh, 1 drumstick"``) is a piece of the heading's food ("1 fried
    chicken thigh"). A single amount after a dash is the food's own (``"rice - 1 cup"``)."""
    if " -" not in text and ":" not in text and "\u2013" not in text and "\u2014" not in text:
        return text
    m = _HEADING.match(text)
    if m is None:
        return text
    head, rest = m["head"].strip(), text[m.end() :]
    items = [i.strip() for i in re.split(r",\s*|\s+and\s+|\s+&\s+|\s+\+\s+", rest) if i.strip()]
    parsed = [_ITEM.match(i) for i in items]
    if not parsed[0]:
        return text

    def piece(rest: str) -> bool:
        words = rest.split()
        return len(words) == 1 and (words[0] in _PIECES or words[0].removesuffix("s") in _PIECES)

    if all(parsed) and any(piece(p["rest"]) for p in parsed if p):
        # "fried chicken - 1 thigh, 1 drumstick": each piece is of the heading's food
        return ", ".join(
            f"{p['amount']}{head} {p['rest']}" if piece(p["rest"]) else p[0] for p in parsed if p
        )
    # a list of foods: "full english - 2 sausages, 2 rashers of bacon, fried egg, beans"; the
    # first starts with its amount and every item has food words ("rice - 1 cup, cooked" is the
    # rice's own amount and a note)
    foods = [(p["rest"] if p else i).split() for p, i in zip(parsed, items, strict=True)]
    if len(items) < 2 or not all(foods) or (not all(parsed) and len(items) < 3):
        return text
    return rest


_MIXED_IN = re.compile(
    r"(?P<dose>\b\d+(?:\.\d+)?\s*(?:scoops?|sachets?|tabs?|tablets?|packets?|sticks?)\b)"
    r"\s+(?:in|into|with|mixed with|made with)\s+"
    r"(?P<liquid>\d+(?:\.\d+)?\s*(?:ml|l|litres?|liters?|fl ?oz|oz|cups?)\b)"
    r"(?P<what>\s+(?:of\s+)?[a-z][a-z -]*)?\s*$"
)


def split_mixed_in(text: str) -> str:
    """``"tailwind 2 scoops in 500ml"``: a dose of a powder and the liquid it went into are two
    foods (the liquid is water unless named: ``"2 scoops whey in 300ml milk"``), not 500 ml of
    powder."""
    if " in " not in text and " with " not in text and " into " not in text:
        return text
    m = _MIXED_IN.search(text)
    if m is None:
        return text
    what = (m["what"] or "").strip().removeprefix("of ").strip() or "water"
    return f"{text[: m.start()]}{m['dose']}, {m['liquid']} {what}"


_ON_BREAD = re.compile(
    r"^(?P<fill>[a-z][^,;:]*?)\s+on\s+(?:(?:whole|white|brown|multigrain|sourdough|rye|wheat|"
    r"granary|seeded|toasted)\s+)*?(?P<bread>whole wheat|whole grain|wheat|white|rye|"
    r"sourdough|multigrain|granary|pumpernickel|brown)(?:\s+(?:bread|toast|toasted))?\s*$"
)
# USDA names sandwiches "on white" or "on wheat" only: the nearest for the others
_SANDWICH_BREAD = {"white": "white", "sourdough": "white"}


def sandwich_on_bread(text: str) -> str:
    """``"turkey & swiss on wheat"``, ``"ham and cheese on rye"``, ``"BLT on white toast"``: a
    filling "on" a kind of bread, with no bread word, is a sandwich ("beans on toast", "peanut
    butter on a bagel" name their bread and stay what they are)."""
    if " on " not in text or "sandwich" in text:
        return text
    m = _ON_BREAD.match(text)
    if m is None:
        return text
    return f"{m['fill']} sandwich on {_SANDWICH_BREAD.get(m['bread'], 'wheat')}"


LINE_STEPS: tuple[Step, ...] = (
    strip_bullet,
    strip_dates,
    strip_times,  # before meal labels: "lunch 12:30 - eggs", "12:30 lunch: eggs"
    strip_labels,  # before meal labels: "school lunch: 2 slices pizza"
    strip_meal_labels,
    strip_headings,
    split_mixed_in,
    strip_occasions,  # after meal labels: "snack - banana before my run"
    sandwich_on_bread,  # after occasions: "turkey on wheat (at my desk)"
    expand_with,
    join_multiword_units,
    drop_abbreviation_dots,
    spell_out_halves,
    strip_edge_punctuation,
)
"""Steps that remove what surrounds the food in a diary line, in this order."""

STEPS: tuple[Step, ...] = TEXT_STEPS + LINE_STEPS


def normalise(text: str) -> str:
    """Run every step: any text -> the plain lower-case text the parser reads."""
    for step in STEPS:
        text = step(text)
    return text
