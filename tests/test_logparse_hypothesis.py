"""Properties of the food-log parser, with hypothesis.

* No text crashes it. The tests call the unguarded ``_parse_line``: ``parse_line`` turns an
  exception into a ``not_food`` line, which would hide a bug from these tests.
* ``parse_log`` gives exactly one ParsedLine per line, where lines are what ``open()`` (universal
  newlines: ``\\n``, ``\\r\\n``, ``\\r``) gives, *not* what ``str.splitlines`` gives: that also
  splits at ``\\x0b``, ``\\x0c``, ``\\x1c``-``\\x1e``, ``\\x85``, ``\\u2028`` and ``\\u2029``,
  which an editor does not show as line breaks, so line numbers would drift.
* An amount, a unit word and a food written in the usual ways read back as written.
"""

from __future__ import annotations

import io
from fractions import Fraction

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nutricheck import logparse
from nutricheck._normalise import LINE_STEPS, TEXT_STEPS, Step, normalise
from nutricheck.logparse import UNITS, ParsedLine, parse_line, parse_log

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Every code point, surrogates included (st.text() leaves those out by default).
ANY_CHAR = st.characters(exclude_categories=())
# Text close to a food log, so that the parser's deeper paths are reached, not only "no food".
LOG_WORDS = st.sampled_from(
    ["2", "1/2", "1 1/2", "½", "1,5", "0", "-", "to", "or", "x", "2x", "x2", "(", ")", "/", ",",
     ";", "and", "with", "&", "+", "a", "an", "half", "of", "dozen", "few", "couple", "cup",
     "cups", "g", "tbsp", "T", "t", "fl", "oz", "large", "egg", "eggs", "rice", "mac", "cheese",
     "sandwich", "lunch:", "7am", "@", "12:30", "w/", "w/o", "no", "ran", "5k", "felt", "plus",
     "bit", "kcal", "99999999999999999999999999999999999", "1/0", "1.2.3", "🍌", "\u00a0",
     "\x00", "米饭"]
)  # fmt: skip
LOGLIKE = st.lists(LOG_WORDS, max_size=12).map(" ".join)
# Bytes of any kind, decoded the ways a file reader might.
JUNK = st.builds(
    lambda b, how: b.decode(*how),
    st.binary(max_size=200),
    st.sampled_from([("utf-8", "replace"), ("latin-1",), ("utf-8", "surrogateescape")]),
)
ANY_TEXT = st.one_of(st.text(ANY_CHAR, max_size=200), LOGLIKE, JUNK)


def _check(result: ParsedLine, text: str, line: int) -> None:
    assert isinstance(result, ParsedLine)
    assert (result.line, result.text) == (line, text)
    assert result.status in ("ok", "not_food")
    assert (result.status == "ok") == bool(result.entries)
    assert (result.reason is None) == (result.status == "ok")
    for entry in result.entries:
        assert (entry.line, entry.text) == (line, text)
        assert entry.food
        assert entry.food == entry.food.strip()
        assert entry.unit is None or entry.unit in UNITS
        assert entry.unit_kind == (UNITS[entry.unit] if entry.unit else None)
        assert entry.quantity is None or isinstance(entry.quantity, Fraction)
        if entry.is_range:
            assert entry.quantity is not None
            assert entry.quantity_low is not None
            assert entry.quantity_high is not None
            assert entry.quantity_low <= entry.quantity <= entry.quantity_high
        else:
            assert (entry.quantity_low, entry.quantity_high) == (None, None)


@SETTINGS
@given(ANY_TEXT, st.integers(min_value=1, max_value=10**6))
def test_any_text_gives_one_line(text: str, line: int) -> None:
    _check(logparse._parse_line(text, line, logparse._default_is_dish), text, line)


@settings(SETTINGS, max_examples=50)
@given(
    st.one_of(st.text(ANY_CHAR, min_size=1, max_size=30), LOGLIKE.filter(bool)).map(
        lambda s: s * (1001 // len(s) + 1)
    )
)
def test_long_text_gives_one_line(text: str) -> None:
    # over MAX_CHARS: the line is cut, and the cut may fall anywhere (inside a number, a word)
    _check(logparse._parse_line(text, 1, logparse._default_is_dish), text, 1)


@SETTINGS
@given(ANY_TEXT)
def test_is_dish_may_say_anything(text: str) -> None:
    # a food table that calls everything a dish must not break the parser either
    result = logparse._parse_line(text, 1, lambda food: True)
    _check(result, text, 1)


@SETTINGS
@given(ANY_TEXT)
def test_is_name_may_say_anything(text: str) -> None:
    # nor one that calls every comma-joined run a food's whole name
    result = logparse._parse_line(text, 1, lambda food: True, lambda food: True)
    _check(result, text, 1)


@SETTINGS
@given(st.text(ANY_CHAR, max_size=300) | st.lists(LOGLIKE, max_size=8).map("\n".join))
def test_parse_log_gives_one_line_per_line_as_open_reads_them(source: str) -> None:
    expected = [s.removesuffix("\n") for s in io.StringIO(source, newline=None).readlines()]
    result = parse_log(source)
    assert [r.text for r in result] == expected
    assert [r.line for r in result] == list(range(1, len(expected) + 1))


@settings(SETTINGS, max_examples=100)
@given(st.lists(st.text(ANY_CHAR.filter(lambda c: c not in "\r\n"), max_size=30), max_size=8))
def test_parse_log_of_a_list_gives_one_line_per_item(lines: list[str]) -> None:
    result = parse_log(lines)
    assert [r.text for r in result] == lines
    assert [r.line for r in result] == list(range(1, len(lines) + 1))


def _run(steps: tuple[Step, ...], text: str) -> str:
    for step in steps:
        text = step(text)
    return text


@SETTINGS
@given(ANY_TEXT)
@example("@ 2 @ 2")  # two bare hours at the end: strip_times took one per pass
def test_normalisation_is_idempotent(text: str) -> None:
    # Each half on its own: the whole is not, on purpose. "T" (tablespoon) vs "t" (teaspoon) is
    # read from the case, before lower-casing; a "t" that a line step later brings next to a
    # number ("2 lunch: T" -> "2 t") would be read as a teaspoon by a second pass.
    plain = _run(TEXT_STEPS, text)
    assert _run(TEXT_STEPS, plain) == plain
    line = _run(LINE_STEPS, plain)
    assert _run(LINE_STEPS, line) == line
    assert normalise(text) == line


# --------------------------------------------------------------------------------------------
# Round trips: "<amount> <unit word> <food>" reads back as written
# --------------------------------------------------------------------------------------------

AMOUNTS = st.one_of(
    st.integers(1, 999).map(lambda n: (str(n), Fraction(n))),
    st.tuples(st.integers(1, 99), st.integers(1, 9)).map(
        lambda t: (f"{t[0]}.{t[1]}", Fraction(f"{t[0]}.{t[1]}"))
    ),
    st.tuples(st.integers(1, 7), st.integers(2, 8))
    .filter(lambda t: t[0] < t[1])
    .map(lambda t: (f"{t[0]}/{t[1]}", Fraction(t[0], t[1]))),
    st.tuples(st.integers(1, 9), st.sampled_from(["1/2", "1/3", "1/4", "3/4"])).map(
        lambda t: (f"{t[0]} {t[1]}", t[0] + Fraction(t[1]))
    ),
    st.sampled_from(
        [
            ("½", Fraction(1, 2)),
            ("¾", Fraction(3, 4)),
            ("1½", Fraction(3, 2)),
            ("a", Fraction(1)),
            ("two", Fraction(2)),
            ("half a", Fraction(1, 2)),
            ("a dozen", Fraction(12)),
        ]
    ),
)
UNIT_WORDS = st.sampled_from(
    [("g", "g"), ("grams", "g"), ("kg", "kg"), ("oz", "oz"), ("lbs", "lb"), ("ml", "ml"),
     ("litres", "l"), ("tbsp", "tbsp"), ("tablespoons", "tbsp"), ("tsp", "tsp"), ("cups", "cup"),
     ("fl oz", "fl oz"), ("pints", "pint"), ("slices", "slice"), ("cans", "can"),
     ("glasses", "glass"), ("handfuls", "handful"), ("scoops", "scoop"), ("", None)]
)  # fmt: skip
FOODS = st.sampled_from(
    ["rice", "milk", "cooked spinach", "greek yogurt", "oats", "frozen peas", "salmon",
     "peanut butter", "red lentils", "米饭", "crème fraîche"]
)  # fmt: skip


@SETTINGS
@given(AMOUNTS, UNIT_WORDS, FOODS, st.booleans(), st.booleans())
def test_amount_unit_food_round_trip(
    amount: tuple[str, Fraction],
    unit: tuple[str, str | None],
    food: str,
    of: bool,
    after: bool,
) -> None:
    (amount_text, quantity), (unit_text, canonical) = amount, unit
    measure = f"{amount_text} {unit_text}".strip()
    # after the food, a bare number is a count only up to 50 ("eggs 2"; "rice 51" is a name)
    if after and not amount_text.startswith(("a", "t", "h")) and (unit_text or quantity <= 50):
        text = f"{food} {measure}"  # "rice 2 cups"
    else:
        text = f"{measure} {'of ' if of and unit_text else ''}{food}"  # "2 cups of rice"
    result = parse_line(text)
    assert result.status == "ok", (text, result.reason)
    (entry,) = result.entries
    assert (entry.quantity, entry.unit, entry.food) == (quantity, canonical, food), text
