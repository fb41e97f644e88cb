"""The food-log line parser: tables of lines and what they must give, written by hand."""

# ruff: noqa: RUF001 - unicode look-alikes (fraction slash, full-width digits) are test input
from __future__ import annotations

import logging
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest

from nutricheck import logparse
from nutricheck.errors import LogParseError, NutricheckError
from nutricheck.logparse import UNITS, ParsedEntry, ParsedLine, parse_line, parse_log

F = Fraction

# --------------------------------------------------------------------------------------------
# One food per line: (line, quantity, unit, size, food)
# --------------------------------------------------------------------------------------------

SINGLE_CASES = [
    # plain counts and no amount
    ("2 eggs", 2, None, None, "eggs"),
    ("oatmeal", None, None, None, "oatmeal"),
    ("1 egg", 1, None, None, "egg"),
    ("0 eggs", 0, None, None, "eggs"),
    ("12 almonds", 12, None, None, "almonds"),
    # decimals, decimal commas, thousands
    ("2.5 cups milk", F(5, 2), "cup", None, "milk"),
    ("0.5 kg rice", F(1, 2), "kg", None, "rice"),
    (".5 cup oats", F(1, 2), "cup", None, "oats"),
    ("1,5 cups milk", F(3, 2), "cup", None, "milk"),  # decimal comma
    ("2,5kg potatoes", F(5, 2), "kg", None, "potatoes"),
    ("1,500 ml water", 1500, "ml", None, "water"),  # a thousands separator (with a note)
    # fractions: ASCII, unicode, the fraction slash, mixed numbers
    ("1/2 banana", F(1, 2), None, None, "banana"),
    ("½ avocado", F(1, 2), None, None, "avocado"),
    ("¾ cup milk", F(3, 4), "cup", None, "milk"),
    ("⅓ cup sugar", F(1, 3), "cup", None, "sugar"),
    ("⅔ cup flour", F(2, 3), "cup", None, "flour"),
    ("¼ cup walnuts", F(1, 4), "cup", None, "walnuts"),
    ("⅛ tsp salt", F(1, 8), "tsp", None, "salt"),
    ("1⁄2 cup rice", F(1, 2), "cup", None, "rice"),  # U+2044
    ("1 1/2 cups rice", F(3, 2), "cup", None, "rice"),
    ("1½ cups rice", F(3, 2), "cup", None, "rice"),
    ("1 ½ cups rice", F(3, 2), "cup", None, "rice"),
    ("1-1/2 cups rice", F(3, 2), "cup", None, "rice"),  # US recipe style, not a range
    ("1 1⁄2 cups rice", F(3, 2), "cup", None, "rice"),
    ("１/２ cup rice", F(1, 2), "cup", None, "rice"),  # full-width digits
    # number words
    ("a banana", 1, None, None, "banana"),
    ("an egg", 1, None, None, "egg"),
    ("one apple", 1, None, None, "apple"),
    ("two eggs", 2, None, None, "eggs"),
    ("three slices bacon", 3, "slice", None, "bacon"),
    ("twelve almonds", 12, None, None, "almonds"),
    ("half a banana", F(1, 2), None, None, "banana"),
    ("half an avocado", F(1, 2), None, None, "avocado"),
    ("a half cup of rice", F(1, 2), "cup", None, "rice"),
    ("half cup rice", F(1, 2), "cup", None, "rice"),
    ("half of a pizza", F(1, 2), None, None, "pizza"),
    ("quarter of a pizza", F(1, 4), None, None, "pizza"),
    ("a quarter cup of milk", F(1, 4), "cup", None, "milk"),
    ("three quarters of a cup of milk", F(3, 4), "cup", None, "milk"),
    ("a dozen eggs", 12, None, None, "eggs"),
    ("dozen eggs", 12, None, None, "eggs"),
    ("half a dozen eggs", 6, None, None, "eggs"),
    ("2 dozen eggs", 24, None, None, "eggs"),
    ("a couple of cookies", 2, None, None, "cookies"),
    ("a couple cookies", 2, None, None, "cookies"),
    ("couple eggs", 2, None, None, "eggs"),
    ("a few grapes", 3, None, None, "grapes"),  # an estimate, with a note
    ("a pair of eggs", 2, None, None, "eggs"),
    ("one and a half cups rice", F(3, 2), "cup", None, "rice"),
    ("1 and a half cups rice", F(3, 2), "cup", None, "rice"),
    ("a cup and a half of rice", F(3, 2), "cup", None, "rice"),
    ("2 and 1/2 cups flour", F(5, 2), "cup", None, "flour"),
    ("another coffee", 1, None, None, "coffee"),
    # vague amounts: read, no number
    ("some toast", None, None, None, "toast"),
    ("a bit of cheese", None, None, None, "cheese"),
    ("a little milk", None, None, None, "milk"),
    ("a little bit of butter", None, None, None, "butter"),
    ("a lot of pasta", None, None, None, "pasta"),
    ("lots of water", None, None, None, "water"),
    # mass units and their spellings
    ("150g salmon", 150, "g", None, "salmon"),
    ("150 grams salmon", 150, "g", None, "salmon"),
    ("150 gr salmon", 150, "g", None, "salmon"),
    ("150 gms salmon", 150, "g", None, "salmon"),
    ("500 mg vitamin c", 500, "mg", None, "vitamin c"),
    ("1kg potatoes", 1, "kg", None, "potatoes"),
    ("2 kilos apples", 2, "kg", None, "apples"),
    ("8 ounces steak", 8, "oz", None, "steak"),
    ("8 ozs steak", 8, "oz", None, "steak"),
    ("1 lb ground beef", 1, "lb", None, "ground beef"),
    ("2 lbs chicken", 2, "lb", None, "chicken"),
    ("2 pounds chicken", 2, "lb", None, "chicken"),
    # volume units and their spellings
    ("250ml milk", 250, "ml", None, "milk"),
    ("250 mL milk", 250, "ml", None, "milk"),
    ("250 milliliters milk", 250, "ml", None, "milk"),
    ("2 mls vanilla", 2, "ml", None, "vanilla"),
    ("33 cl beer", 33, "cl", None, "beer"),
    ("2 dl cream", 2, "dl", None, "cream"),
    ("1 litre water", 1, "l", None, "water"),
    ("2 liters water", 2, "l", None, "water"),
    ("1 ltr juice", 1, "l", None, "juice"),
    ("1.5l water", F(3, 2), "l", None, "water"),
    ("2 tablespoons olive oil", 2, "tbsp", None, "olive oil"),
    ("2 tbsps butter", 2, "tbsp", None, "butter"),
    ("2 tbs honey", 2, "tbsp", None, "honey"),
    ("1 tbl sugar", 1, "tbsp", None, "sugar"),
    ("2 T sugar", 2, "tbsp", None, "sugar"),  # capital T: tablespoon
    ("2T sugar", 2, "tbsp", None, "sugar"),
    ("1 t salt", 1, "tsp", None, "salt"),  # lower-case t: teaspoon
    ("3 teaspoons sugar", 3, "tsp", None, "sugar"),
    ("2 tsps salt", 2, "tsp", None, "salt"),
    ("2tbsp peanut butter", 2, "tbsp", None, "peanut butter"),
    ("2 cups rice", 2, "cup", None, "rice"),
    ("1 c. flour", 1, "cup", None, "flour"),
    ("½ c fresh lemon juice", F(1, 2), "cup", None, "fresh lemon juice"),
    ("8 fl oz orange juice", 8, "fl oz", None, "orange juice"),
    ("8 fl. oz orange juice", 8, "fl oz", None, "orange juice"),
    ("12 fluid ounces soda", 12, "fl oz", None, "soda"),
    ("1 pint beer", 1, "pint", None, "beer"),
    ("1 pt cream", 1, "pint", None, "cream"),
    ("1 quart milk", 1, "quart", None, "milk"),
    ("2 qt water", 2, "quart", None, "water"),
    ("1 gallon water", 1, "gallon", None, "water"),
    # piece units, "of" after them
    ("2 slices of pizza", 2, "slice", None, "pizza"),
    ("a slice of toast", 1, "slice", None, "toast"),
    ("a piece of chocolate", 1, "piece", None, "chocolate"),
    ("a can of coke", 1, "can", None, "coke"),
    ("1 tin of tuna", 1, "can", None, "tuna"),
    ("1 bottle of beer", 1, "bottle", None, "beer"),
    ("2 glasses of red wine", 2, "glass", None, "red wine"),
    ("a bowl of cereal", 1, "bowl", None, "cereal"),
    ("a mug of tea", 1, "mug", None, "tea"),
    ("a plate of pasta", 1, "plate", None, "pasta"),
    ("a handful of almonds", 1, "handful", None, "almonds"),
    ("3 scoops protein powder", 3, "scoop", None, "protein powder"),
    ("1 serving of fries", 1, "serving", None, "fries"),
    ("1 portion of chips", 1, "portion", None, "chips"),
    ("a stick of celery", 1, "stick", None, "celery"),
    ("3 strips of bacon", 3, "strip", None, "bacon"),
    ("2 cloves garlic", 2, "clove", None, "garlic"),
    ("1 packet of crisps", 1, "packet", None, "crisps"),
    ("1 pack of gum", 1, "pack", None, "gum"),
    ("a square of dark chocolate", 1, "square", None, "dark chocolate"),
    ("a wedge of brie", 1, "wedge", None, "brie"),
    ("2 leaves lettuce", 2, "leaf", None, "lettuce"),
    ("a sprig of mint", 1, "sprig", None, "mint"),
    ("a pinch of salt", 1, "pinch", None, "salt"),
    ("a dash of hot sauce", 1, "dash", None, "hot sauce"),
    ("1 container of yogurt", 1, "container", None, "yogurt"),
    ("2 fillets of salmon", 2, "fillet", None, "salmon"),
    # a unit with no number is one of it (with a note)
    ("glass of wine", 1, "glass", None, "wine"),
    ("pinch of salt", 1, "pinch", None, "salt"),
    ("handful almonds", 1, "handful", None, "almonds"),
    # piece words that are the food: a count, not a unit
    ("1 chicken breast", 1, None, None, "chicken breast"),
    ("2 chicken thighs", 2, None, None, "chicken thighs"),
    ("1 protein bar", 1, None, None, "protein bar"),
    ("2 breasts", 2, None, None, "breasts"),  # nothing after the unit word: it is the food
    # sizes
    ("2 small apples", 2, None, "small", "apples"),
    ("1 med banana", 1, None, "medium", "banana"),
    ("1 medium banana", 1, None, "medium", "banana"),
    ("1 large egg", 1, None, "large", "egg"),
    ("1 lg egg", 1, None, "large", "egg"),
    ("2 big potatoes", 2, None, "large", "potatoes"),
    ("1 extra large egg", 1, None, "extra large", "egg"),
    ("1 extra-large egg", 1, None, "extra large", "egg"),
    ("1 XL egg", 1, None, "extra large", "egg"),
    ("2 jumbo shrimp", 2, None, "jumbo", "shrimp"),
    ("large egg", None, None, "large", "egg"),
    ("medium coffee", None, None, "medium", "coffee"),
    ("a large handful of spinach", 1, "handful", "large", "spinach"),  # size of the unit
    ("a medium-sized apple", 1, None, "medium", "apple"),
    ("apple (large)", None, None, "large", "apple"),
    ("big mac", None, None, None, "big mac"),  # a name, not a large "mac"
    ("a big mac", 1, None, None, "big mac"),
    # multipliers
    ("2 x 50g chocolate", 100, "g", None, "chocolate"),  # two of 50 g: 100 g, with a note
    ("2x50g chocolate", 100, "g", None, "chocolate"),
    ("2×50g chocolate", 100, "g", None, "chocolate"),
    ("4 x 180g fish fillets", 720, "g", None, "fish fillets"),
    ("2x banana", 2, None, None, "banana"),
    ("x2 eggs", 2, None, None, "eggs"),
    ("banana x2", 2, None, None, "banana"),
    ("banana x 2", 2, None, None, "banana"),
    ("banana 2x", 2, None, None, "banana"),
    ("3 x 2 eggs", 6, None, None, "eggs"),
    ("1 x large banana", 1, None, "large", "banana"),  # "x large" with a space: times, large
    ("1 x 400g tin chopped tomatoes", 400, "g", None, "chopped tomatoes"),  # the tin is no food
    # the amount after the food
    ("salmon 150g", 150, "g", None, "salmon"),
    ("salmon 150 g", 150, "g", None, "salmon"),
    ("rice - 1 cup", 1, "cup", None, "rice"),
    ("rice — 1 cup", 1, "cup", None, "rice"),
    ("rice 1 cup", 1, "cup", None, "rice"),
    ("eggs: 2", 2, None, None, "eggs"),
    ("eggs 2", 2, None, None, "eggs"),
    ("coffee (2 cups)", 2, "cup", None, "coffee"),
    ("toast (2 slices)", 2, "slice", None, "toast"),
    ("(2 slices) toast", 2, "slice", None, "toast"),
    ("chicken (about 100 g)", 100, "g", None, "chicken"),
    ("coke zero 330ml", 330, "ml", None, "coke zero"),
    ("vitamin c 500mg", 500, "mg", None, "vitamin c"),
    ("米饭 200g", 200, "g", None, "米饭"),
    ("mac and cheese 200g", 200, "g", None, "mac and cheese"),
    # numbers that belong to the name
    ("omega 3", None, None, None, "omega 3"),
    ("omega 3 capsule", None, None, None, "omega 3 capsule"),
    ("vitamin d 1000 iu", None, None, None, "vitamin d 1000 iu"),
    ("b12 supplement", None, None, None, "b12 supplement"),
    ("7up", None, None, None, "7up"),
    ("2 7up", 2, None, None, "7up"),
    ("2% milk", None, None, None, "2% milk"),
    ("1 cup 2% milk", 1, "cup", None, "2% milk"),
    # two amounts: the first is used, the second noted
    ("300g/10½oz sweetcorn", 300, "g", None, "sweetcorn"),
    ("4oz/110g chorizo sausage", 4, "oz", None, "chorizo sausage"),
    ("1 cup (240 ml) milk", 1, "cup", None, "milk"),
    ("1 cup milk (240 ml)", 1, "cup", None, "milk"),
    ("1 can (330 ml) coke", 1, "can", None, "coke"),
    ("2.8 litres/5 pints milk", F(14, 5), "l", None, "milk"),
    ("700g/1 1/2 lb smoked haddock", 700, "g", None, "smoked haddock"),
    # ...but a weighed amount beats a bare count
    ("1 banana 120g", 120, "g", None, "banana"),
    ("2 large eggs (100 grams)", 100, "g", "large", "eggs"),
    ("2 cheeses (3 oz each)", 6, "oz", None, "cheeses"),
    # compound amounts
    ("1lb 2oz beef", F(9, 8), "lb", None, "beef"),
    ("1 cup plus 2 tbsp milk", F(9, 8), "cup", None, "milk"),
    # unit modifiers are noted, the unit kept
    ("2 heaped tbsp sugar", 2, "tbsp", None, "sugar"),
    ("1 level tsp salt", 1, "tsp", None, "salt"),
    # fillers, verbs, meal labels, times, bullets around the food
    ("had 2 eggs", 2, None, None, "eggs"),
    ("I had a banana", 1, None, None, "banana"),
    ("ate 3 cookies", 3, None, None, "cookies"),
    ("drank 500ml water", 500, "ml", None, "water"),
    ("eaten: 1 apple", 1, None, None, "apple"),
    ("about 20 almonds", 20, None, None, "almonds"),
    ("~200g chicken breast", 200, "g", None, "chicken breast"),
    ("approx. 1/2 cup rice", F(1, 2), "cup", None, "rice"),
    ("around 2 cups coffee", 2, "cup", None, "coffee"),
    ("roughly 2 tbsp peanut butter", 2, "tbsp", None, "peanut butter"),
    ("Lunch: 2 eggs", 2, None, None, "eggs"),
    ("Breakfast - 2 boiled eggs", 2, None, None, "boiled eggs"),
    ("snack) apple", None, None, None, "apple"),
    ("had an apple for snack", 1, None, None, "apple"),
    ("pasta at dinner", None, None, None, "pasta"),
    ("7am greek yogurt 200g", 200, "g", None, "greek yogurt"),
    ("7:30 porridge", None, None, None, "porridge"),
    ("@ 8:30 banana", None, None, None, "banana"),
    ("at 12pm chicken salad", None, None, None, "chicken salad"),
    ("08:00 - porridge", None, None, None, "porridge"),
    ("Lunch 12:30 - turkey sandwich", None, None, None, "turkey sandwich"),
    ("2 eggs at 7", 2, None, None, "eggs"),
    ("- 2 eggs", 2, None, None, "eggs"),
    ("* toast", None, None, None, "toast"),
    ("• 1 banana", 1, None, None, "banana"),
    ("1. 2 eggs", 2, None, None, "eggs"),  # list number, then the amount
    ("2) 1 banana", 1, None, None, "banana"),
    ("✅ 2 eggs", 2, None, None, "eggs"),
    ("🍌 banana", None, None, None, "banana"),
    ("2 eggs!!!", 2, None, None, "eggs"),
    ("“2 eggs”", 2, None, None, "eggs"),
    ("2\u00a0eggs", 2, None, None, "eggs"),  # non-breaking space
    ("2   eggs", 2, None, None, "eggs"),
    ("2 EGGS", 2, None, None, "eggs"),
    # preparation words stay; brackets go, their words stay
    ("2 cups of cooked spinach", 2, "cup", None, "cooked spinach"),
    ("2 scrambled eggs", 2, None, None, "scrambled eggs"),
    ("chicken breast (grilled)", None, None, None, "chicken breast grilled"),
    ("100g frozen peas", 100, "g", None, "frozen peas"),
    ("burnt toast", None, None, None, "burnt toast"),  # "burnt" is no activity here
    # articles and "of": gone at the start, and after "of"
    ("juice of a lemon", None, None, None, "juice of lemon"),
    ("a cup of the soup", 1, "cup", None, "soup"),
    # other scripts
    ("٢ بيض", 2, None, None, "بيض"),
    ("crème brûlée", None, None, None, "crème brûlée"),
    ("2 jalapeños", 2, None, None, "jalapeños"),
]


@pytest.mark.parametrize(
    ("text", "quantity", "unit", "size", "food"), SINGLE_CASES, ids=[c[0] for c in SINGLE_CASES]
)
def test_single_food(
    text: str, quantity: Fraction | int | None, unit: str | None, size: str | None, food: str
) -> None:
    result = parse_line(text)
    assert result.status == "ok", result.reason
    assert len(result.entries) == 1, result.entries
    (entry,) = result.entries
    assert (entry.quantity, entry.unit, entry.size, entry.food) == (quantity, unit, size, food)
    assert entry.unit_kind == (UNITS[unit] if unit else None)
    assert (entry.line, entry.text) == (1, text)


def test_quantities_are_exact_fractions() -> None:
    (entry,) = parse_line("1/3 cup oats").entries
    assert isinstance(entry.quantity, Fraction)
    assert entry.quantity == Fraction(1, 3)


# --------------------------------------------------------------------------------------------
# Ranges: (line, low, high, midpoint, unit, food)
# --------------------------------------------------------------------------------------------

RANGE_CASES = [
    ("1-2 bananas", 1, 2, F(3, 2), None, "bananas"),
    ("1–2 cups coffee", 1, 2, F(3, 2), "cup", "coffee"),  # en dash
    ("3-4 eggs", 3, 4, F(7, 2), None, "eggs"),
    ("2 to 3 slices bread", 2, 3, F(5, 2), "slice", "bread"),
    ("2 or 3 eggs", 2, 3, F(5, 2), None, "eggs"),
    ("two or three cookies", 2, 3, F(5, 2), None, "cookies"),
    ("1/2-1 cup rice", F(1, 2), 1, F(3, 4), "cup", "rice"),
    ("1/2-3/4 cup rice", F(1, 2), F(3, 4), F(5, 8), "cup", "rice"),
    ("1 to 1 1/4 cups flour", 1, F(5, 4), F(9, 8), "cup", "flour"),
    ("150g-200g salmon", 150, 200, 175, "g", "salmon"),  # the unit on both ends
    ("10-12 almonds", 10, 12, 11, None, "almonds"),
    ("salmon 150-200g", 150, 200, 175, "g", "salmon"),
    ("350-400g/12-14oz plain flour", 350, 400, 375, "g", "plain flour"),
    ("2 x 150g-200g steaks", 300, 400, 350, "g", "steaks"),  # a multiplied range
]


@pytest.mark.parametrize(
    ("text", "low", "high", "mid", "unit", "food"), RANGE_CASES, ids=[c[0] for c in RANGE_CASES]
)
def test_range(
    text: str, low: Fraction, high: Fraction, mid: Fraction, unit: str | None, food: str
) -> None:
    (entry,) = parse_line(text).entries
    assert entry.is_range
    assert (entry.quantity_low, entry.quantity_high, entry.quantity) == (low, high, mid)
    assert (entry.unit, entry.food) == (unit, food)
    assert any(n.startswith("range ") and "midpoint" in n for n in entry.notes)


def test_not_a_range_has_no_ends() -> None:
    (entry,) = parse_line("2 eggs").entries
    assert (entry.is_range, entry.quantity_low, entry.quantity_high) == (False, None, None)


# --------------------------------------------------------------------------------------------
# Several foods on one line: (line, [(quantity, unit, food), ...])
# --------------------------------------------------------------------------------------------

MULTI_CASES = [
    ("2 eggs, 1 slice toast", [(2, None, "eggs"), (1, "slice", "toast")]),
    ("2 eggs and bacon", [(2, None, "eggs"), (None, None, "bacon")]),
    ("eggs & bacon", [(None, None, "eggs"), (None, None, "bacon")]),
    ("toast + butter", [(None, None, "toast"), (None, None, "butter")]),
    ("eggs+toast", [(None, None, "eggs"), (None, None, "toast")]),
    ("eggs; toast", [(None, None, "eggs"), (None, None, "toast")]),
    ("coffee plus cookie", [(None, None, "coffee"), (None, None, "cookie")]),
    ("eggs / toast", [(None, None, "eggs"), (None, None, "toast")]),
    ("2 scrambled eggs w/ toast", [(2, None, "scrambled eggs"), (None, None, "toast")]),
    ("3 pancakes w syrup", [(3, None, "pancakes"), (None, None, "syrup")]),
    ("coffee with milk", [(None, None, "coffee"), (None, None, "milk")]),
    ("oatmeal with a banana", [(None, None, "oatmeal"), (1, None, "banana")]),
    (
        "coffee with milk and sugar",
        [(None, None, "coffee"), (None, None, "milk"), (None, None, "sugar")],
    ),
    ("2 eggs,1 toast", [(2, None, "eggs"), (1, None, "toast")]),  # no space, not digit,digit
    ("1,5 cups milk, 2 eggs", [(F(3, 2), "cup", "milk"), (2, None, "eggs")]),
    (
        "salmon 150g, 1 1/2 cups rice & a banana",
        [(150, "g", "salmon"), (F(3, 2), "cup", "rice"), (1, None, "banana")],
    ),
    (
        "Dinner: grilled salmon 150 g, steamed broccoli, brown rice (1 cup)",
        [(150, "g", "grilled salmon"), (None, None, "steamed broccoli"), (1, "cup", "brown rice")],
    ),
    (
        "I had a large coffee and a croissant at breakfast",
        [(1, None, "coffee"), (1, None, "croissant")],
    ),
    ("eggs x 2 and toast x 3", [(2, None, "eggs"), (3, None, "toast")]),
    ("🍳 2 eggs and 🥓 bacon", [(2, None, "eggs"), (None, None, "bacon")]),
    ("breakfast: eggs; lunch: salad", [(None, None, "eggs"), (None, None, "salad")]),
    ("coffee with half and half", [(None, None, "coffee"), (None, None, "half-and-half")]),
    ("Coffee AND toast", [(None, None, "coffee"), (None, None, "toast")]),
    # a part that is only an amount joins its neighbour
    ("salmon, 150 g", [(150, "g", "salmon")]),
    ("150 g, salmon", [(150, "g", "salmon")]),
    ("eggs, 2", [(2, None, "eggs")]),
    ("rice, 1 cup, and beans", [(1, "cup", "rice"), (None, None, "beans")]),
    # dishes stay whole (built-in list)
    ("mac and cheese", [(None, None, "mac and cheese")]),
    ("macaroni & cheese", [(None, None, "macaroni & cheese")]),
    ("2 eggs and mac and cheese", [(2, None, "eggs"), (None, None, "mac and cheese")]),
    ("peanut butter and jelly sandwich", [(None, None, "peanut butter and jelly sandwich")]),
    ("pb&j", [(None, None, "pb&j")]),
    ("fish and chips", [(None, None, "fish and chips")]),
    ("rice and beans", [(None, None, "rice and beans")]),
    ("spaghetti and meatballs", [(None, None, "spaghetti and meatballs")]),
    ("salt and vinegar chips", [(None, None, "salt and vinegar chips")]),
    ("sweet and sour chicken", [(None, None, "sweet and sour chicken")]),
    ("surf and turf", [(None, None, "surf and turf")]),
    ("biscuits and gravy", [(None, None, "biscuits and gravy")]),
    ("cookies and cream ice cream", [(None, None, "cookies and cream ice cream")]),
    ("ham and cheese sandwich", [(None, None, "ham and cheese sandwich")]),
    ("2 ham and cheese sandwiches", [(2, None, "ham and cheese sandwiches")]),
    ("chicken and avocado wrap", [(None, None, "chicken and avocado wrap")]),
    # ...and two foods stay two
    ("bread and butter", [(None, None, "bread"), (None, None, "butter")]),
    ("chips and salsa", [(None, None, "chips"), (None, None, "salsa")]),
    ("chicken and rice", [(None, None, "chicken"), (None, None, "rice")]),
    ("2 eggs and greek yogurt", [(2, None, "eggs"), (None, None, "greek yogurt")]),
    ("a coffee and a blueberry muffin", [(1, None, "coffee"), (1, None, "blueberry muffin")]),
]


@pytest.mark.parametrize(("text", "expected"), MULTI_CASES, ids=[c[0] for c in MULTI_CASES])
def test_multi_food(text: str, expected: list[tuple[object, str | None, str]]) -> None:
    result = parse_line(text, 7)
    assert result.status == "ok", result.reason
    assert [(e.quantity, e.unit, e.food) for e in result.entries] == expected
    assert all(e.line == 7 and e.text == text for e in result.entries)


def _dishes(*names: str) -> Callable[[str], bool]:
    """A tiny is_dish: these names are dishes, nothing else is."""
    return lambda food: food in names


DISH_CASES = [
    # the caller's food table decides: "salt and pepper" is one item there
    ("salt and pepper", _dishes("salt and pepper"), ["salt and pepper"]),
    ("salt and pepper", _dishes(), ["salt", "pepper"]),
    # is_dish replaces the built-in list: mac and cheese is split when the table says no
    ("mac and cheese", _dishes(), ["mac", "cheese"]),
    ("chicken and rice", _dishes("chicken and rice"), ["chicken and rice"]),
    ("2 eggs and chicken and rice", _dishes("chicken and rice"), ["eggs", "chicken and rice"]),
    ("fish with chips", _dishes("fish with chips"), ["fish with chips"]),
    # is_dish is asked about food words without the amount
    ("2 cups chicken and rice", _dishes("chicken and rice"), ["chicken and rice"]),
    # an is_dish that fails is treated as "no"
    ("eggs and toast", lambda food: 1 / 0, ["eggs", "toast"]),
]


@pytest.mark.parametrize(
    ("text", "is_dish", "foods"), DISH_CASES, ids=[f"{c[0]}:{c[2]}" for c in DISH_CASES]
)
def test_is_dish(text: str, is_dish: Callable[[str], bool], foods: list[str]) -> None:
    result = parse_line(text, is_dish=is_dish)
    assert [e.food for e in result.entries] == foods


def test_is_dish_sees_the_joined_food_words() -> None:
    asked: list[str] = []
    parse_line("2 cups of mac and cheese", is_dish=lambda food: asked.append(food) or False)
    assert asked == ["mac and cheese"]


def test_is_dish_is_not_asked_about_a_single_food() -> None:
    asked: list[str] = []
    parse_line("2 eggs, toast", is_dish=lambda food: asked.append(food) or False)
    assert asked == []


# --------------------------------------------------------------------------------------------
# Not food: (line, reason)
# --------------------------------------------------------------------------------------------

NOT_FOOD_CASES = [
    ("", "blank line"),
    ("   ", "blank line"),
    ("\t", "blank line"),
    ("???", "only punctuation, no food words"),
    ("---", "only punctuation, no food words"),
    ("12:30", "only a time"),
    ("7am", "only a time"),
    ("Lunch:", "only a meal label"),
    ("lunch", "only a meal label"),
    ("(dinner)", "only a meal label"),
    ("# notes for monday", "a comment"),
    ("// comment", "a comment"),
    ("2024-05-01", "only a date or a day"),
    ("Monday", "only a date or a day"),
    ("🍌🍎", "only emoji or symbols, no food words"),
    ("\x00\x00", "only control characters"),
    ("42", "an amount with no food words"),
    ("2 cups", "an amount with no food words"),
    ("a few", "an amount with no food words"),
    ("the", "no food words"),
    ("went for a 10k run", "looks like an activity, not a food"),
    ("10k run", "looks like an activity, not a food"),
    ("5 mile run", "looks like an activity, not a food"),
    ("ran 5 miles", "looks like an activity, not a food"),
    ("slept 8 hours", "looks like an activity, not a food"),
    ("burned 500 calories", "looks like an activity, not a food"),
    ("30 min yoga", "looks like an activity, not a food"),
    ("yoga", "looks like an activity, not a food"),
    ("gym", "looks like an activity, not a food"),
    ("morning run", "looks like an activity, not a food"),
    ("walked the dog", "looks like an activity, not a food"),
    ("10000 steps", "looks like an activity, not a food"),
    ("skipped breakfast", "looks like an activity, not a food"),
    ("felt tired", "looks like a feeling, not a food"),
    ("feeling great today", "looks like a feeling, not a food"),
    ("tired", "looks like a feeling, not a food"),
    ("no breakfast", "says what was not eaten"),
    ("nothing", "says what was not eaten"),
]


@pytest.mark.parametrize(
    ("text", "reason"), NOT_FOOD_CASES, ids=[repr(c[0]) for c in NOT_FOOD_CASES]
)
def test_not_food(text: str, reason: str) -> None:
    result = parse_line(text, 3)
    assert (result.status, result.reason, result.entries) == ("not_food", reason, ())
    assert (result.line, result.text) == (3, text)


# Food next to an activity or a feeling: the food is kept, the rest noted.
MIXED_CASES = [
    ("ran 5k then had a banana", "banana", "ignored 'ran 5k' (looks like an activity, not a food)"),
    ("felt hungry, had a banana", "banana", "ignored 'felt hungry' (a feeling, not a food)"),
    ("after my run i had a banana", "banana", "ignored 'after my run'"),
    ("coffee, no sugar", "coffee", "left out 'no sugar'"),
    ("coffee w/o sugar", "coffee", "left out 'without sugar'"),
    ("tea without milk", "tea", "left out 'without milk'"),
]


@pytest.mark.parametrize(("text", "food", "note"), MIXED_CASES, ids=[c[0] for c in MIXED_CASES])
def test_food_next_to_what_is_not_food(text: str, food: str, note: str) -> None:
    (entry,) = parse_line(text).entries
    assert entry.food == food
    assert note in entry.notes


# --------------------------------------------------------------------------------------------
# Notes: (line, a note the entry must carry)
# --------------------------------------------------------------------------------------------

NOTE_CASES = [
    ("1-2 bananas", "range 1-2: used the midpoint 1.5"),
    ("a few grapes", "'a few' is an estimate: read as 3"),
    ("a couple of eggs", "'a couple' read as 2"),
    ("2 x 50g chocolate", "2 x 50 g: 100 g in all"),
    ("300g/10½oz sweetcorn", "also given as 10.5 oz; used 300 g"),
    ("1 cup (240 ml) milk", "also given as 240 ml; used 1 cup"),
    ("4 x 180g/6oz fish fillets", "also given as 6 oz each; used 720 g"),
    ("1 banana 120g", "also given as a count of 1; used 120 g"),
    ("2 cheeses (3 oz each)", "2 x 3 oz each: 6 oz in all"),
    ("1lb 2oz beef", "1 lb 2 oz read as 1.125 lb"),
    ("1 cup plus 2 tbsp milk", "1 cup plus 2 tbsp read as 1.125 cup"),
    ("1,500 ml water", "read 1,500 as 1500 (a thousands separator)"),
    ("glass of wine", "no number before 'glass': read as 1 glass"),
    ("a bit of cheese", "'a bit' gives no amount"),
    ("2 heaped tbsp sugar", "'heaped tbsp': the amount is for a plain tbsp"),
    ("2 tbsp oil (or 40g lard)", "ignored the alternative '(or 40 g lard)'"),
    ("500 kcal pasta", "'500 kcal' is energy, not an amount of food: left out"),
    ("2 eggs (140 kcal)", "'140 kcal' is energy, not an amount of food: left out"),
    ("pasta, 500 kcal", "'500 kcal' is energy, not an amount of food: left out"),
]


@pytest.mark.parametrize(("text", "note"), NOTE_CASES, ids=[c[0] for c in NOTE_CASES])
def test_note(text: str, note: str) -> None:
    (entry,) = parse_line(text).entries
    assert note in entry.notes, entry.notes


def test_plain_line_has_no_notes() -> None:
    (entry,) = parse_line("2 eggs").entries
    assert entry.notes == ()


# --------------------------------------------------------------------------------------------
# Segments: the raw part of the line each food came from
# --------------------------------------------------------------------------------------------

SEGMENT_CASES = [
    ("2 Eggs, 1 slice Toast", ["2 Eggs", "1 slice Toast"]),
    ("Lunch: Salmon 150g & Rice", ["Lunch: Salmon 150g", "Rice"]),
    ("salmon, 150 g", ["salmon, 150 g"]),  # the amount part joined its food
    ("Mac and Cheese", ["Mac and Cheese"]),
    ("2 eggs", ["2 eggs"]),
]


@pytest.mark.parametrize(("text", "segments"), SEGMENT_CASES, ids=[c[0] for c in SEGMENT_CASES])
def test_segment(text: str, segments: list[str]) -> None:
    assert [e.segment for e in parse_line(text).entries] == segments


# --------------------------------------------------------------------------------------------
# parse_log: one ParsedLine per line, in order
# --------------------------------------------------------------------------------------------

LOG_CASES = [
    ("2 eggs\ntoast\n", ["ok", "ok"]),
    ("2 eggs\ntoast", ["ok", "ok"]),  # no final line break
    ("2 eggs\r\n\r\ntoast\r\n", ["ok", "not_food", "ok"]),  # Windows line ends, a blank line
    ("2 eggs\rtoast", ["ok", "ok"]),  # old Mac line ends
    ("2 eggs\n\n", ["ok", "not_food"]),
    ("", []),
    ("\n", ["not_food"]),
    ("2 eggs\x0ctoast", ["ok"]),  # a form feed is not a line break here (str.splitlines disagrees)
    ("2 eggs\u2028toast", ["ok"]),  # nor is the Unicode line separator
]


@pytest.mark.parametrize(("source", "statuses"), LOG_CASES, ids=[repr(c[0]) for c in LOG_CASES])
def test_parse_log_lines(source: str, statuses: list[str]) -> None:
    result = parse_log(source)
    assert [r.status for r in result] == statuses
    assert [r.line for r in result] == list(range(1, len(statuses) + 1))


def test_parse_log_takes_an_iterable_of_lines() -> None:
    result = parse_log(["2 eggs\n", "lunch:\n", "salmon 150g"])
    assert [(r.line, r.status) for r in result] == [(1, "ok"), (2, "not_food"), (3, "ok")]
    assert result[2].entries[0].line == 3
    assert result[0].text == "2 eggs"  # the line break is not part of the text


def test_parse_log_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "log.txt"
    path.write_text("# monday\n2 eggs, toast\n\nwent for a run\n", encoding="utf-8")
    with path.open(encoding="utf-8") as fh:
        result = parse_log(fh)
    assert [(r.line, r.status, len(r.entries)) for r in result] == [
        (1, "not_food", 0), (2, "ok", 2), (3, "not_food", 0), (4, "not_food", 0)
    ]  # fmt: skip


def test_parse_log_passes_is_dish() -> None:
    result = parse_log("salt and pepper\n", is_dish=lambda food: food == "salt and pepper")
    assert [e.food for e in result[0].entries] == ["salt and pepper"]


# --------------------------------------------------------------------------------------------
# Any text at all gives a ParsedLine
# --------------------------------------------------------------------------------------------

ODD_INPUTS = [
    "\x00",
    "2 eggs\x00toast",
    "\ud800\udfff",  # lone surrogates
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "שתי ביצים",
    "٢ صحن حمص",
    "2 個 卵",
    "\u202e2 eggs",  # right-to-left override
    bytes(range(256)).decode("latin-1"),
    "9" * 5000 + " eggs",  # more digits than int() takes
    "1/0 cup rice",  # a zero denominator
    "0/0",
    "(((((((((((",
    "2 eggs (((",
    ")))) toast",
    "and and and",
    ", , , ,",
    "x x x 2 x",
    "a a a a a",
    "of of of rice",
    "- - - -",
]


@pytest.mark.parametrize("text", ODD_INPUTS, ids=[repr(t[:20]) for t in ODD_INPUTS])
def test_odd_input_gives_a_line(text: str) -> None:
    result = parse_line(text, 5)
    assert isinstance(result, ParsedLine)
    assert (result.line, result.text) == (5, text)
    assert result.status in ("ok", "not_food")
    assert (result.status == "ok") == bool(result.entries)
    assert all(e.food and (e.unit is None or e.unit in UNITS) for e in result.entries)


def test_long_line_is_capped_with_a_note() -> None:
    text = "2 eggs, " + "toast " * 20_000
    result = parse_line(text)
    assert result.status == "ok"
    assert result.text == text
    assert result.entries[0].food == "eggs"
    note = "line is 120,008 characters long: only the first 1,000 were read"
    assert all(note in e.notes for e in result.entries)


def test_long_junk_line_says_it_was_capped() -> None:
    result = parse_line("?" * 5000)
    assert result.status == "not_food"
    assert result.reason == (
        "only punctuation, no food words (line is 5,000 characters long: only the first 1,000 "
        "were read)"
    )


def test_bytes_are_decoded() -> None:
    result = parse_line(b"2 eggs", 1)  # type: ignore[arg-type]
    assert result.entries[0].food == "eggs"


def test_a_parser_bug_becomes_a_not_food_line(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(*args: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(logparse, "_split", boom)
    with caplog.at_level(logging.ERROR, logger="nutricheck.logparse"):
        result = parse_line("2 eggs", 4)
    assert (result.line, result.status) == (4, "not_food")
    assert result.reason == "could not be read (parser error RuntimeError); please report this line"
    assert "failed on line 4" in caplog.text


# --------------------------------------------------------------------------------------------
# Results and the unit table
# --------------------------------------------------------------------------------------------


def test_results_are_frozen() -> None:
    result = parse_line("2 eggs")
    with pytest.raises(AttributeError):
        result.status = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        result.entries[0].food = "x"  # type: ignore[misc]


def test_as_error() -> None:
    assert parse_line("2 eggs").as_error() is None
    error = parse_line("went for a run", 9).as_error("log.txt")
    assert isinstance(error, LogParseError)
    assert isinstance(error, NutricheckError)
    assert (error.source, error.line, error.text) == ("log.txt", 9, "went for a run")
    assert str(error).startswith("log.txt, line 9: line is not a food: looks like an activity")


CANONICAL_UNITS = {
    "mass": ["mg", "g", "kg", "oz", "lb"],
    "volume": ["ml", "cl", "dl", "l", "tsp", "tbsp", "cup", "fl oz", "pint", "quart", "gallon"],
    "piece": [
        "slice", "piece", "can", "container", "bottle", "glass", "bowl", "mug", "plate",
        "handful", "scoop", "serving", "portion", "stick", "strip", "clove", "packet", "pack",
        "bar", "square", "wedge", "leaf", "sprig", "pinch", "dash", "splash", "drop", "shot",
        "fillet", "breast", "thigh", "drumstick", "link", "patty", "bunch", "head", "stalk", "rib", "ear", "cube",
        "sheet", "spoonful", "dollop", "knob", "pat",
    ],
}  # fmt: skip


def test_units_table() -> None:
    assert dict(UNITS) == {u: kind for kind, units in CANONICAL_UNITS.items() for u in units}
    with pytest.raises(TypeError):
        UNITS["cookie"] = "piece"  # type: ignore[index]


# Every word of the alias table, with the unit it must give (written out again by hand: an
# untested alias table is how flour once became mayonnaise).
UNIT_WORDS = {
    "mg": "mg mgs milligram milligrams milligramme milligrammes",
    "g": "g gs gr grs gm gms grm grms gram grams gramme grammes",
    "kg": "kg kgs kilo kilos kilogram kilograms kilogramme kilogrammes",
    "oz": "oz ozs ounce ounces",
    "lb": "lb lbs pound pounds",
    "ml": "ml mls milliliter milliliters millilitre millilitres cc",
    "cl": "cl cls centiliter centiliters centilitre centilitres",
    "dl": "dl dls deciliter deciliters decilitre decilitres",
    "l": "l ls lt ltr ltrs liter liters litre litres",
    "tsp": "tsp tsps tspn teaspoon teaspoons teaspoonful teaspoonfuls teaspoonsful",
    "tbsp": "tbsp tbsps tbs tbl tbls tblsp tblspn tbspn tb tablespoon tablespoons tablespoonful "
    "tablespoonfuls tablespoonsful",
    "cup": "cup cups c cupful cupfuls cupsful",
    "fl oz": "floz",
    "pint": "pint pints pt pts",
    "quart": "quart quarts qt qts",
    "gallon": "gallon gallons gal gals",
    "slice": "slice slices sl slc",
    "piece": "piece pieces pc pcs pce pces",
    "can": "can cans tin tins",
    "container": "container containers carton cartons tub tubs pot pots jar jars",
    "bottle": "bottle bottles",
    "glass": "glass glasses glassful glassfuls",
    "bowl": "bowl bowls bowlful bowlfuls",
    "mug": "mug mugs mugful mugfuls",
    "plate": "plate plates plateful platefuls",
    "handful": "handful handfuls handsful",
    "scoop": "scoop scoops",
    "serving": "serving servings svg svgs",
    "portion": "portion portions",
    "stick": "stick sticks",
    "strip": "strip strips rasher rashers",
    "clove": "clove cloves",
    "packet": "packet packets pkt pkts sachet sachets pouch pouches envelope envelopes",
    "pack": "pack packs pkg pkgs package packages bag bags box boxes",
    "bar": "bar bars",
    "square": "square squares",
    "wedge": "wedge wedges",
    "leaf": "leaf leaves",
    "sprig": "sprig sprigs",
    "pinch": "pinch pinches",
    "dash": "dash dashes",
    "splash": "splash splashes",
    "drop": "drop drops",
    "shot": "shot shots",
    "fillet": "fillet fillets filet filets",
    "breast": "breast breasts",
    "thigh": "thigh thighs",
    "drumstick": "drumstick drumsticks",
    "link": "link links",
    "patty": "patty patties",
    "bunch": "bunch bunches",
    "head": "head heads",
    "stalk": "stalk stalks",
    "rib": "rib ribs",
    "ear": "ear ears",
    "cube": "cube cubes",
    "sheet": "sheet sheets",
    "spoonful": "spoon spoons spoonful spoonfuls spoonsful",
    "dollop": "dollop dollops",
    "knob": "knob knobs",
    "pat": "pat pats",
}
UNIT_WORD_CASES = [(w, u) for u, words in UNIT_WORDS.items() for w in words.split()]


@pytest.mark.parametrize(("word", "unit"), UNIT_WORD_CASES, ids=[w for w, _ in UNIT_WORD_CASES])
def test_unit_word(word: str, unit: str) -> None:
    assert logparse.canonical_unit(word) == unit
    assert logparse.canonical_unit(word.upper()) == (unit if word not in ("t",) else "tsp")
    (entry,) = parse_line(f"2 {word} of rice").entries
    assert (entry.quantity, entry.unit, entry.food) == (2, unit, "rice")


def test_alias_table_has_no_other_words() -> None:
    assert set(logparse._UNIT_WORDS) == {w for w, _ in UNIT_WORD_CASES} | {"fl oz"}


@pytest.mark.parametrize(
    ("word", "unit"),
    [
        ("T", "tbsp"),
        ("t", "tsp"),
        ("Tbsp.", "tbsp"),
        ("fl. oz", "fl oz"),
        ("fluid ounces", "fl oz"),
        ("cookie", None),
        ("tortilla", None),
    ],
)
def test_canonical_unit(word: str, unit: str | None) -> None:
    assert logparse.canonical_unit(word) == unit


SIZE_WORDS = [
    ("small", "small"), ("sm", "small"), ("medium", "medium"), ("med", "medium"), ("md", "medium"),
    ("large", "large"), ("lg", "large"), ("lrg", "large"), ("big", "large"), ("xl", "extra large"),
    ("extra large", "extra large"), ("extra-large", "extra large"), ("x-large", "extra large"),
    ("jumbo", "jumbo"), ("large-sized", "large"),
]  # fmt: skip


@pytest.mark.parametrize(("word", "size"), SIZE_WORDS, ids=[w for w, _ in SIZE_WORDS])
def test_size_word(word: str, size: str) -> None:
    (entry,) = parse_line(f"2 {word} apples").entries
    assert (entry.quantity, entry.unit, entry.size, entry.food) == (2, None, size, "apples")


def test_entry_fields() -> None:
    (entry,) = parse_line("1-2 cups of cooked spinach", 12).entries
    assert entry == ParsedEntry(
        line=12,
        text="1-2 cups of cooked spinach",
        segment="1-2 cups of cooked spinach",
        quantity=Fraction(3, 2),
        quantity_low=Fraction(1),
        quantity_high=Fraction(2),
        is_range=True,
        unit="cup",
        unit_kind="volume",
        size=None,
        food="cooked spinach",
        notes=("range 1-2: used the midpoint 1.5",),
    )
