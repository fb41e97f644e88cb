"""Recipe wording the reader once lost, end to end through EntryReader (parser, matcher, grams).

Each case says what used to happen. Grams are worked out from data/portions.csv (named in the
comment) or from the stated size; an ounce is 28.349523125 g.
"""

from __future__ import annotations

import pytest

from nutricheck.entries import EntryReader

OZ = 28.349523125

# (line, words the one food's description must contain, grams or None when not checked)
CASES = [
    # a count of items of a stated size each: "14-ounce cans artichoke hearts" was the food name
    ("2 (14-ounce) cans chickpeas", "chickpeas", 2 * 14 * OZ),
    ("3 10-ounce packages frozen chopped spinach, thawed", "spinach frozen", 3 * 10 * OZ),
    ("Three 8-ounce packages cream cheese, softened", "cream cheese", 3 * 8 * OZ),
    ("1 14-ounce can chickpeas", "chickpeas", 14 * OZ),
    # "for ..." is what the food is for: 'butter for sauteing' was no food; butter's '1 tbsp'
    # is 14.2 g in portions.csv (fndds:81100000)
    ("1 tablespoon butter for sautéing", "butter", None),
    ("1 tablespoon kosher salt for pasta water", "salt", None),
    # a cook's note in brackets: 'olive oil optional' was no food
    ("½ teaspoon olive oil (optional)", "oil olive", None),
    ("2 teaspoons ground cumin (see Note)", "cumin", None),
    # a rib of celery is USDA's stalk (fndds:75109000 '1 stalk' 40 g)
    ("2 ribs celery, trimmed", "celery raw", 2 * 40.0),
    # an ear of corn (fndds:75216100 '1 regular ear' 105 g)
    ("2 ears corn, husks removed", "corn", 2 * 105.0),
    # an envelope of gelatin (sr28:19177 '1 envelope (1 tbsp)' 7 g)
    ("2 envelopes unflavored gelatin", "gelatin", 2 * 7.0),
    # a length is the size of the piece, not a count: "2 inch piece ginger" was no food, and the
    # USDA additional description 'ginger' is a Japanese tea cookie
    ("1 2-inch piece ginger, peeled", "ginger root", None),
    ("1 tsp ginger", "ginger root", 2.0),  # sr28:11216 '1 tsp' 2 g
]


@pytest.fixture(scope="module")
def reader() -> EntryReader:
    return EntryReader(region="us")


@pytest.mark.parametrize(("line", "words", "grams"), CASES, ids=[c[0] for c in CASES])
def test_recipe_wording(reader, line, words, grams):
    entries = reader.read_line(line, 1)
    ok = [e for e in entries if e.ok]
    assert len(entries) == 1, [(e.status, e.description, e.reason) for e in entries]
    assert len(ok) == 1, [(e.status, e.description, e.reason) for e in entries]
    description = ok[0].description.lower()
    assert all(w in description for w in words.split()), ok[0].description
    if grams is not None:
        assert ok[0].grams == pytest.approx(grams, rel=0.01)


def test_a_name_with_for_in_it_is_kept_whole(reader):
    # "for" opens a purpose only when the whole is no food's name
    entries = reader.read_line("Infant formula, Similac for Spit-Up, ready-to-feed", 1)
    assert [e.description for e in entries] == [
        "Infant formula, Similac for Spit-Up, ready-to-feed"
    ]


# Lines where a word that only describes a food became a food of its own
DESCRIBING_ONLY = [
    # "crushed" was USDA's crushed canned tomatoes (120 g)
    ("3 garlic cloves, peeled and crushed", ["garlic"]),
    # "finely chopped" was an unknown food of its own
    ("1 carrot, peeled and finely diced", ["carrots"]),
    # "extra for dusting" was 905 g of "Pineapple, raw, extra sweet variety"
    ("165g plain flour, plus extra for dusting", ["flour"]),
    # "grated" was grated parmesan
    ("5 cloves of garlic, whole, plus 1, grated", ["garlic"]),
]


@pytest.mark.parametrize(("line", "foods"), DESCRIBING_ONLY, ids=[c[0] for c in DESCRIBING_ONLY])
def test_a_describing_word_is_never_a_food(reader, line, foods):
    ok = [e for e in reader.read_line(line, 1) if e.ok]
    assert [e.description.lower() for e in ok if any(f in e.description.lower() for f in foods)]
    assert len(ok) == len(foods), [e.description for e in ok]


@pytest.mark.parametrize("name", ["grated", "crushed", "sliced", "chopped fine", "stoned"])
def test_describing_words_alone_match_no_food(reader, name):
    # once "Cheese, parmesan, grated", "Tomatoes, crushed, canned", turkey luncheon meat, a
    # ground pork, wheat crackers
    assert not any(e.ok for e in reader.read_line(name, 1))


def test_how_a_food_was_made_is_no_food(reader):
    # "1 cup made w/ water, topped" was 168 g of "Pretzels, soft, ready-to-eat, topped with meat"
    entries = reader.read_line("oatmeal, 1 cup made w/ water, topped with 1 medium banana", 1)
    foods = [e.description for e in entries if e.ok]
    assert not any("pretzel" in d.lower() for d in foods), foods
    assert any("oatmeal" in d.lower() for d in foods)
    assert any("banana" in d.lower() for d in foods)


@pytest.mark.parametrize("line", ["fresh rocket", "handful fresh rocket"])
def test_a_whole_name_row_allows_words_that_only_describe(line):
    # data/vocabulary.csv 'rocket' (British for arugula) is a whole name only ("Rocket" is also
    # an ice lolly); "fresh rocket" was unknown
    (entry,) = EntryReader(region="uk").read_line(line, 1)
    assert entry.ok
    assert "arugula" in entry.description.lower()


@pytest.mark.parametrize(
    ("line", "foods"),
    [
        # "avo toast" was unknown: what is on the toast, and the toast
        ("avo toast", ["avocado", "toasted"]),
        ("egg toast", ["egg", "toasted"]),
        # a name of the table with toast stays one food
        ("rye toast", ["rye, toasted"]),
        ("french toast", ["french toast"]),
    ],
)
def test_a_food_on_toast_written_without_on(line, foods):
    entries = EntryReader(region="uk").read_line(line, 1)
    got = [e.description.lower() for e in entries if e.ok]
    assert len(got) == len(foods), got
    assert len(entries) == len(foods), got
    assert all(any(f in d for d in got) for f in foods), got
