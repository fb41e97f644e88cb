"""Each normalisation step of the food-log parser, on its own, then the steps together."""

# ruff: noqa: RUF001, RUF003 - unicode look-alikes are what these steps are about
from __future__ import annotations

import pytest

from nutricheck import _normalise as N

# (step, input, expected output): one table for all steps, each row named after its step.
STEP_CASES = [
    # drop_control_chars
    (N.drop_control_chars, "2 eggs\x00", "2 eggs "),
    (N.drop_control_chars, "2\teggs", "2 eggs"),
    (N.drop_control_chars, "\ufeff2 eggs", "2 eggs"),  # a BOM left at the start of a file
    (N.drop_control_chars, "to\u200bast", "toast"),  # zero-width space inside a word
    (N.drop_control_chars, "rice\u200fbowl", "rice bowl"),  # right-to-left mark
    (N.drop_control_chars, "a\ud800b", "a b"),  # a lone surrogate (bad decoding upstream)
    (N.drop_control_chars, "2 eggs", "2 eggs"),
    # expand_unicode_fractions
    (N.expand_unicode_fractions, "½ avocado", "1/2 avocado"),
    (N.expand_unicode_fractions, "1½ cups", "1 1/2 cups"),
    (N.expand_unicode_fractions, "1 ½ cups", "1 1/2 cups"),
    (N.expand_unicode_fractions, "1-½ cups", "1 1/2 cups"),
    (N.expand_unicode_fractions, "10¾oz", "10 3/4oz"),
    (N.expand_unicode_fractions, "⅓ ⅔ ¼ ⅛ ⅜", "1/3 2/3 1/4 1/8 3/8"),
    (N.expand_unicode_fractions, "2 eggs", "2 eggs"),
    # unicode_compatibility
    (N.unicode_compatibility, "１/２ cup", "1/2 cup"),  # full-width digits
    (N.unicode_compatibility, "1⁄2 cup", "1/2 cup"),  # U+2044 fraction slash
    (N.unicode_compatibility, "¹⁄₂ cup", "1/2 cup"),  # superscript and subscript digits
    (N.unicode_compatibility, "ﬁsh", "fish"),  # ligature
    (N.unicode_compatibility, "café", "café"),
    # ascii_digits
    (N.ascii_digits, "٢ بيض", "2 بيض"),  # Arabic-Indic digit
    (N.ascii_digits, "२ रोटी", "2 रोटी"),  # Devanagari digit
    (N.ascii_digits, "2 eggs", "2 eggs"),
    # ascii_punctuation
    (N.ascii_punctuation, "2\u00a0eggs", "2 eggs"),  # non-breaking space
    (N.ascii_punctuation, "\u201ceggs\u201d", '"eggs"'),
    (N.ascii_punctuation, "cow\u2019s milk", "cow's milk"),
    (N.ascii_punctuation, "1\u20132 cups", "1-2 cups"),  # en dash: a range
    (N.ascii_punctuation, "rice\u20141 cup", "rice - 1 cup"),  # em dash: a separator
    (N.ascii_punctuation, "2\u00d750g", "2x50g"),  # multiplication sign
    (N.ascii_punctuation, "\u2022 eggs", " -  eggs"),  # bullet, for strip_bullet
    (N.ascii_punctuation, "eggs\u2026", "eggs..."),
    # drop_emoji
    (N.drop_emoji, "\U0001f34c banana", "  banana"),
    (N.drop_emoji, "2 eggs \u2705", "2 eggs  "),  # check mark
    (N.drop_emoji, "\U0001f468\u200d\U0001f373", " \u200d "),  # ZWJ: drop_control_chars' job
    (N.drop_emoji, "\u2764\ufe0f tea", "   tea"),  # heart and its variation selector
    (N.drop_emoji, "crème brûlée", "crème brûlée"),  # accents are not symbols
    (N.drop_emoji, "米饭", "米饭"),
    # case_sensitive_units
    (N.case_sensitive_units, "2 T sugar", "2 tbsp sugar"),
    (N.case_sensitive_units, "1 t salt", "1 tsp salt"),
    (N.case_sensitive_units, "2T sugar", "2tbsp sugar"),
    (N.case_sensitive_units, "1/2 t. salt", "1/2 tsp salt"),
    (N.case_sensitive_units, "1 T-bone steak", "1 T-bone steak"),  # not a unit
    (N.case_sensitive_units, "T bone", "T bone"),  # no number before it
    (N.case_sensitive_units, "2 Tbsp oil", "2 Tbsp oil"),  # the word is left to the unit table
    # lower_case
    (N.lower_case, "2 EGGS", "2 eggs"),
    (N.lower_case, "Straße", "straße"),  # lower(), not casefold(): no "ss"
    # collapse_spaces
    (N.collapse_spaces, "  2   eggs ", "2 eggs"),
    (N.collapse_spaces, "", ""),
    # strip_bullet
    (N.strip_bullet, "- 2 eggs", "2 eggs"),
    (N.strip_bullet, "* toast", "toast"),
    (N.strip_bullet, "[x] 2 eggs", "2 eggs"),
    (N.strip_bullet, "[ ] toast", "toast"),
    (N.strip_bullet, "1. 2 eggs", "2 eggs"),  # a list number before its own amount
    (N.strip_bullet, "2) a banana", "a banana"),
    (N.strip_bullet, "1. eggs", "1. eggs"),  # no amount after it: may mean one egg
    (N.strip_bullet, "1 egg", "1 egg"),
    (N.strip_bullet, "1.5 cups rice", "1.5 cups rice"),  # a decimal, not a list number
    (N.strip_bullet, "- - 2 eggs", "2 eggs"),
    (N.strip_bullet, "- - - - - 2 eggs", "2 eggs"),  # once stopped after three
    (N.strip_bullet, "-2 eggs", "-2 eggs"),  # no space: not a bullet (strip_edge_punctuation)
    # strip_dates
    (N.strip_dates, "2024-05-01 2 eggs", "2 eggs"),
    (N.strip_dates, "01/05/2024: 2 eggs", ": 2 eggs"),
    (N.strip_dates, "monday: 2 eggs", "2 eggs"),
    (N.strip_dates, "day 3 - oatmeal", "oatmeal"),
    (N.strip_dates, "monday", ""),
    (N.strip_dates, "1/2 cup", "1/2 cup"),  # a slashed date needs its year
    (N.strip_dates, "sunday roast", "sunday roast"),  # no separator: a food
    # strip_times
    (N.strip_times, "7am eggs", "eggs"),
    (N.strip_times, "7:30 eggs", "eggs"),
    (N.strip_times, "eggs @ 8:30", "eggs"),
    (N.strip_times, "at 12pm chicken salad", "chicken salad"),
    (N.strip_times, "08:00 - porridge", "porridge"),
    (N.strip_times, "7.30pm beer", "beer"),
    (N.strip_times, "7am: yogurt", "yogurt"),
    (N.strip_times, "8h30 coffee", "coffee"),
    (N.strip_times, "12:30", ""),
    (N.strip_times, "2 eggs at 7", "2 eggs"),  # a bare hour after "at", at the end
    (N.strip_times, "coffee @ 7 @ 8", "coffee"),  # every bare hour at the end, in one pass
    (N.strip_times, "1.50 kg rice", "1.50 kg rice"),  # a decimal: no am/pm
    (N.strip_times, "2 eggs", "2 eggs"),
    # strip_meal_labels
    (N.strip_meal_labels, "lunch: salad", "salad"),
    (N.strip_meal_labels, "breakfast - 2 eggs", "2 eggs"),
    (N.strip_meal_labels, "snack) apple", "apple"),
    (N.strip_meal_labels, "(lunch) soup", "soup"),
    (N.strip_meal_labels, "pasta for dinner", "pasta"),
    (N.strip_meal_labels, "pasta at dinner", "pasta"),
    (N.strip_meal_labels, "apple as a snack!", "apple"),
    (N.strip_meal_labels, "eggs (breakfast)", "eggs"),
    (N.strip_meal_labels, "breakfast: eggs; lunch: salad", "eggs; salad"),
    (N.strip_meal_labels, "lunch", ""),
    (N.strip_meal_labels, "breakfast burrito", "breakfast burrito"),  # no separator: a food
    (N.strip_meal_labels, "meal 2: rice", "rice"),
    # expand_with
    (N.expand_with, "eggs w/ toast", "eggs with toast"),
    (N.expand_with, "eggs w/toast", "eggs with toast"),
    (N.expand_with, "coffee w/o sugar", "coffee without sugar"),
    (N.expand_with, "3 pancakes w syrup", "3 pancakes with syrup"),
    (N.expand_with, "w syrup", "w syrup"),  # nothing before it: not "with"
    (N.expand_with, "eggs", "eggs"),
    # join_multiword_units
    (N.join_multiword_units, "8 fl. oz juice", "8 floz juice"),
    (N.join_multiword_units, "12 fluid ounces soda", "12 floz soda"),
    (N.join_multiword_units, "1 extra large egg", "1 xl egg"),
    (N.join_multiword_units, "1 extra-large egg", "1 xl egg"),
    (N.join_multiword_units, "1 x-large egg", "1 xl egg"),
    (N.join_multiword_units, "1 x large banana", "1 x large banana"),  # "1 times a large banana"
    (N.join_multiword_units, "a medium-sized apple", "a medium apple"),
    (N.join_multiword_units, "coffee with half and half", "coffee with half-and-half"),
    # drop_abbreviation_dots
    (N.drop_abbreviation_dots, "2 tbsp. oil", "2 tbsp oil"),
    (N.drop_abbreviation_dots, "approx. 1 cup", "approx 1 cup"),
    (N.drop_abbreviation_dots, "1 c.", "1 c"),
    (N.drop_abbreviation_dots, "eggs. toast", "eggs. toast"),
    # spell_out_halves
    (N.spell_out_halves, "one and a half cups rice", "1 1/2 cups rice"),
    (N.spell_out_halves, "1 and a half cups rice", "1 1/2 cups rice"),
    (N.spell_out_halves, "a cup and a half of rice", "1 1/2 cup of rice"),
    (N.spell_out_halves, "2 and 1/2 cups", "2 1/2 cups"),
    (N.spell_out_halves, "2 eggs and a half", "2 1/2 eggs"),
    (N.spell_out_halves, "2 eggs and a half banana", "2 eggs and a half banana"),  # half a banana
    (N.spell_out_halves, "eggs and toast", "eggs and toast"),
    # strip_edge_punctuation
    (N.strip_edge_punctuation, "eggs!!!", "eggs"),
    (N.strip_edge_punctuation, ": eggs", "eggs"),
    (N.strip_edge_punctuation, "...toast...", "toast"),
    (N.strip_edge_punctuation, ".5 cup oats", ".5 cup oats"),  # a decimal point stays
    (N.strip_edge_punctuation, "- .5 cup oats", ".5 cup oats"),
    (N.strip_edge_punctuation, "toast (2 slices)", "toast (2 slices)"),
    (N.strip_edge_punctuation, "???", ""),
    (N.strip_edge_punctuation, "---", ""),
]


@pytest.mark.parametrize(
    ("step", "text", "expected"),
    STEP_CASES,
    ids=[f"{step.__name__}:{text!r}" for step, text, _ in STEP_CASES],
)
def test_step(step: N.Step, text: str, expected: str) -> None:
    assert step(text) == expected


@pytest.mark.parametrize("step", N.STEPS, ids=lambda s: s.__name__)
def test_step_is_idempotent(step: N.Step) -> None:
    for text, _ in NORMALISE_CASES:
        once = step(text)
        assert step(once) == once


@pytest.mark.parametrize("step", N.STEPS, ids=lambda s: s.__name__)
def test_step_keeps_empty_text_empty(step: N.Step) -> None:
    assert step("") == ""


# All the steps together: raw diary line -> the text the parser reads.
NORMALISE_CASES = [
    ("- 1. 2 eggs", "2 eggs"),
    ("Lunch: 2 eggs @ 8:30", "2 eggs"),
    ("08:00 - toast", "toast"),
    ("I had 1 and a half cups rice for breakfast!!!", "i had 1 1/2 cups rice"),
    ("½ c. milk", "1/2 c milk"),
    ("2 T sugar", "2 tbsp sugar"),
    ("  \u00a0\U0001f34c Banana \u2705", "banana"),
    ("Ｌｕｎｃｈ：２ ｅｇｇｓ", "2 eggs"),  # full width, including the colon
    ("lunch 12:30 - eggs", "eggs"),
    ("12:30 lunch: eggs", "eggs"),
    ("• Coffee w/ milk", "coffee with milk"),
    ("1⁄2 cup", "1/2 cup"),
    ("3 fl. oz milk", "3 floz milk"),
    ("12:30", ""),
    ("Lunch:", ""),
    ("???", ""),
]


@pytest.mark.parametrize(("text", "expected"), NORMALISE_CASES, ids=[c[0] for c in NORMALISE_CASES])
def test_normalise(text: str, expected: str) -> None:
    assert N.normalise(text) == expected


def test_steps_are_text_steps_then_line_steps() -> None:
    assert N.STEPS == N.TEXT_STEPS + N.LINE_STEPS
    # order matters: fractions before NFKC (which makes "1½" into "11⁄2"), "T" before lower case
    names = [s.__name__ for s in N.STEPS]
    assert names.index("expand_unicode_fractions") < names.index("unicode_compatibility")
    assert names.index("case_sensitive_units") < names.index("lower_case")
    assert names.index("strip_times") < names.index("strip_meal_labels")
