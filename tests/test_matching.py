"""The matcher's tiers, its normalisation steps and its rules, as tables.

The alias table has its own test (tests/test_aliases.py); tie-break rules are tested on a small
made-up table, where each rule is the only difference between two foods.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nutricheck import matching
from nutricheck.errors import DataFileError, UnknownFoodError
from nutricheck.foods import Food, FoodTable
from nutricheck.matching import (
    SPELLINGS,
    THRESHOLD,
    Match,
    Matcher,
    default_matcher,
    drop_apostrophes,
    fold_accents,
    normalise,
    read_aliases,
    singular,
    spell_out_symbols,
    tokens,
    words_only,
)


@pytest.fixture(scope="module")
def m():
    return default_matcher()


# -- normalisation steps, each on its own ---------------------------------------------------------

STEP_CASES = [
    (fold_accents, "Jalapeño Crème Brûlée", "jalapeno creme brulee"),
    (fold_accents, "BANANAS, raw", "bananas, raw"),
    (spell_out_symbols, "coffee w/ milk", "coffee  with  milk"),
    (spell_out_symbols, "salad w/o dressing", "salad  without  dressing"),
    (spell_out_symbols, "mac & cheese", "mac  and  cheese"),
    (spell_out_symbols, "pb+j", "pb and j"),
    (spell_out_symbols, "2% milk", "2 percent  milk"),
    (spell_out_symbols, "plain text", "plain text"),  # nothing to do: returned as is
    (drop_apostrophes, "kellogg's", "kelloggs"),
    (drop_apostrophes, "mcdonald\u2019s", "mcdonalds"),
    (words_only, "hard-boiled (large)", "hard boiled large"),
    (words_only, "  a,,b  ", "a b"),
]


@pytest.mark.parametrize(
    ("step", "text", "expected"), STEP_CASES, ids=[f"{s.__name__}:{t}" for s, t, _ in STEP_CASES]
)
def test_normalisation_step(step, text, expected):
    assert step(text) == expected
    assert step(expected) == expected or step is spell_out_symbols  # idempotent


def test_normalise_runs_the_steps_in_order():
    assert (
        normalise("Kellogg's Crème w/ 2% milk & honey!")
        == "kelloggs creme with 2 percent milk and honey"
    )


SINGULAR_CASES = [
    ("eggs", "egg"), ("blueberries", "blueberry"), ("cherries", "cherry"), ("potatoes", "potato"),
    ("tomatoes", "tomato"), ("leaves", "leaf"), ("peaches", "peach"), ("cookies", "cookie"),
    ("brownies", "brownie"), ("smoothies", "smoothie"), ("fries", "fry"), ("patties", "patty"),
    ("strawberrys", "strawberry"), ("slices", "slice"), ("glasses", "glass"), ("loaves", "loaf"),
    ("hummus", "hummus"), ("couscous", "couscous"), ("asparagus", "asparagus"), ("swiss", "swiss"),
    ("grits", "grits"), ("molasses", "molasses"), ("bass", "bass"), ("peas", "pea"),
    ("oats", "oat"),
    ("gas", "gas"),  # three letters: never changed
    ("egg", "egg"), ("2", "2"),
]  # fmt: skip


@pytest.mark.parametrize(("word", "expected"), SINGULAR_CASES, ids=[w for w, _ in SINGULAR_CASES])
def test_singular(word, expected):
    assert singular(word) == expected
    assert singular(expected) == expected  # the singular of a singular is itself


SPELLING_CASES = {
    "w": ("coffee w milk", ("coffee", "with", "milk")),
    "yoghurt": ("greek yoghurt", ("greek", "yogurt")),
    "yoghourt": ("yoghourt", ("yogurt",)),
    "flavour": ("strawberry flavour", ("strawberry", "flavor")),
    "flavoured": ("flavoured water", ("flavored", "water")),
    "colour": ("colour", ("color",)),
    "wholemeal": ("wholemeal bread", ("whole", "wheat", "bread")),
    "wholewheat": ("wholewheat toast", ("whole", "wheat", "toast")),
    "wholegrain": ("wholegrain rice", ("whole", "grain", "rice")),
    "veggie": ("veggies", ("vegetable",)),  # the plural too
    "veg": ("mixed veg", ("mixed", "vegetable")),
    "aubergine": ("aubergine", ("eggplant",)),
    "courgette": ("courgettes", ("zucchini",)),
    "beetroot": ("beetroot", ("beet",)),
    "swede": ("swedes", ("rutabaga",)),
    "coriander": ("coriander", ("cilantro",)),
    "prawn": ("prawns", ("shrimp",)),
    "chilli": ("chilli", ("chili",)),
    "chile": ("green chile", ("green", "chili")),
    "donut": ("donuts", ("doughnut",)),
    "sauted": ("sauted onions", ("sauteed", "onion")),
    "bbq": ("bbq sauce", ("barbecue", "sauce")),
    "barbeque": ("barbeque chicken", ("barbecue", "chicken")),
    "hardboiled": ("hardboiled egg", ("hard", "boiled", "egg")),
    "softboiled": ("softboiled egg", ("soft", "boiled", "egg")),
    "catsup": ("catsup", ("ketchup",)),
    "oatmilk": ("oatmilk", ("oat", "milk")),
    "lowfat": ("lowfat milk", ("low", "fat", "milk")),
    "fatfree": ("fatfree yogurt", ("fat", "free", "yogurt")),
}


def test_every_spelling_has_a_case():
    assert set(SPELLING_CASES) == set(SPELLINGS)


@pytest.mark.parametrize(
    ("text", "expected"), list(SPELLING_CASES.values()), ids=list(SPELLING_CASES)
)
def test_spelling(text, expected):
    assert tokens(text) == expected


TOKENS_CASES = [
    ("Bananas, raw", ("banana", "raw")),
    ("2 Large Eggs & toast w/ PB", ("2", "large", "egg", "toast", "with", "pb")),
    ("Cheese, Mozzarella, part skim", ("cheese", "mozzarella", "part", "skim")),
    ("a bowl of the oatmeal", ("bowl", "oatmeal")),  # stopwords dropped
    ("2 x 50 g", ("2", "50", "g")),  # the multiplication x is not a word
    ("", ()),
    ("???", ()),
]


@pytest.mark.parametrize(
    ("text", "expected"), TOKENS_CASES, ids=[t or "empty" for t, _ in TOKENS_CASES]
)
def test_tokens(text, expected):
    assert tokens(text) == expected


# -- the tiers on the bundled table ---------------------------------------------------------------

# (name, food key, kind): exact descriptions in any case, order, punctuation and number
EXACT_CASES = [
    ("Bananas, raw", "sr28:09040", "exact"),
    ("raw banana", "sr28:09040", "exact"),  # word order; SR28 and FNDDS tie: the alias's food wins
    ("banana raw", "sr28:09040", "exact"),
    ("BANANAS RAW", "sr28:09040", "exact"),
    ("raw spinach", "sr28:11457", "exact"),
    ("ground beef", "fndds:21500100", "alias"),  # an alias and a description: the alias
    ("beef jerky", "fndds:21602100", "exact"),
    (
        "vanilla ice cream",
        "fndds:13110100",
        "exact",
    ),  # "Ice cream, vanilla" before SR28's "Ice creams"
    ("Egg, whole, raw, fresh", "sr28:01123", "exact"),
    ("chicken curry with rice", "fndds:27146155", "exact"),
    ("oatmeal cookies", "fndds:53233000", "exact"),  # "Cookie, oatmeal"
    ("cheese crackers", "fndds:54304000", "exact"),
    ("chicken noodle soup canned", "fndds:58403010", "exact"),
]


@pytest.mark.parametrize(("name", "key", "kind"), EXACT_CASES, ids=[n for n, _, _ in EXACT_CASES])
def test_exact_tier(m, name, key, kind):
    got = m.get(name)
    assert (got.food_key, got.kind, got.score) == (key, kind, 1.0)


# (name, food key): everyday names, plurals and word order of the alias table
ALIAS_TIER_CASES = [
    ("eggs", "sr28:01123"),
    ("blueberries", "fndds:63203010"),
    ("blueberry", "fndds:63203010"),
    ("potatoes", "sr28:11674"),
    ("tomatoes", "fndds:74101000"),
    ("cherries", "fndds:63115010"),
    ("cookies", "fndds:53201000"),
    ("spinach cooked", "sr28:11458"),  # any order when no other alias has these words
    ("milk chocolate", "sr28:19120"),  # candy ...
    ("chocolate milk", "fndds:11511000"),  # ... and a drink: the alias's own order first
    ("mac & cheese", "fndds:58145110"),
    ("Greek Yoghurt", "fndds:11411390"),
    ("coffee w/ milk", "fndds:92130010"),
]


@pytest.mark.parametrize(("name", "key"), ALIAS_TIER_CASES, ids=[n for n, _ in ALIAS_TIER_CASES])
def test_alias_tier(m, name, key):
    got = m.get(name)
    assert (got.food_key, got.kind, got.score) == (key, "alias", 1.0)


# (name, food key): typos forgiven, then an alias or a description
TYPO_CASES = [
    ("bananna", "sr28:09040"),
    ("brocolli", "fndds:72201211"),  # a spelling in data/vocabulary.csv: read before fuzzy
    ("spinnach", "sr28:11457"),
    ("avacado", "fndds:63105010"),
    ("chiken breast", "fndds:24120120"),
    ("sandwhich", "fndds:27500050"),
    ("protien bar", "fndds:53720500"),
    ("tomatoe", "fndds:74101000"),
    ("cheeze", "fndds:14010000"),
    ("strawbery", "fndds:63223020"),
    ("peanutbutter", "fndds:42202000"),  # two words written as one
    ("icecream", "fndds:13110000"),
]


@pytest.mark.parametrize(("name", "key"), TYPO_CASES, ids=[n for n, _ in TYPO_CASES])
def test_typos_are_forgiven(m, name, key):
    got = m.get(name)
    assert got is not None
    assert got.food_key == key
    # a misspelling people often make is a vocabulary row (an alias then); the rest are fuzzy
    assert (got.kind, got.score < 1) in (("fuzzy", True), ("alias", False))
    assert got.score >= THRESHOLD


# (name, words the description must contain, words it must not): preparation words count
PREP_CASES = [
    ("grilled salmon", "salmon grilled", ""),
    ("baked salmon", "salmon baked", ""),
    ("smoked salmon", "salmon smoked", ""),
    ("boiled spinach", "spinach boiled", ""),
    ("steamed broccoli", "broccoli cooked", ""),  # steamed ~ boiled
    ("fried egg", "egg fried", "boiled"),
    ("boiled egg", "egg boiled", "fried"),
    ("roasted chicken", "chicken roasted", ""),
    ("canned peaches", "peach canned", ""),
    ("dried mango", "mango dried", ""),
    (
        "grilled chicken breast",
        "chicken breast grilled without sauce",
        "",
    ),  # "without sauce" over "with"
    ("white bread toasted", "bread white toasted", ""),
    ("raw broccoli", "broccoli raw", "cooked"),
]


@pytest.mark.parametrize(("name", "want", "avoid"), PREP_CASES, ids=[n for n, _, _ in PREP_CASES])
def test_preparation_words_count(m, name, want, avoid):
    got = m.get(name)
    assert got is not None
    description = got.description.lower()
    assert all(w in description for w in want.split()), got.description
    assert not any(w in description for w in avoid.split()), got.description


# (name, food key): the fuzzy tier on names the alias table does not hold
FUZZY_CASES = [
    ("egg noodles", "fndds:56112000"),  # USDA's own other name for FNDDS "Noodles, cooked"
    ("canned corn", "fndds:75216113"),  # "Corn, canned, cooked, no added fat"
    ("cheese ravioli", "fndds:58131510"),  # "Ravioli, cheese-filled, no sauce"
    ("frosted flakes", "fndds:57348000"),  # USDA's other name for FNDDS's Frosted Flakes
    ("turkey bacon", "fndds:24208500"),
    ("roasted potatoes", "fndds:71104030"),
    ("sweet potato fries", "fndds:73410200"),
    ("salmon fillet", "fndds:26137120"),  # a measure word left in the name
    ("sausage links", "fndds:25221400"),
    ("vodka shot", "fndds:93505000"),
    ("lettuce leaves", "fndds:75113000"),
    ("celery 2 stalks", "fndds:75109000"),  # the number the parser left in the name is ignored
    ("onion rings", "fndds:75415022"),  # "Fried onion rings", not "Onion flavored rings"
]


@pytest.mark.parametrize(("name", "key"), FUZZY_CASES, ids=[n for n, _ in FUZZY_CASES])
def test_fuzzy_tier(m, name, key):
    got = m.get(name)
    assert got is not None, m.search(name, 3)
    # USDA's synonyms (data/synonyms.csv) are an exact tier before fuzzy ones
    assert (got.food_key, got.kind in ("fuzzy", "synonym")) == (key, True)


NOT_FOOD = [
    "felt tired",
    "???",
    "asdfgh",
    "went for a run",
    "energy gel",
    "rest day",
    "knee hurts",
    "slept badly",
    "cramp in calf",
    "long run",
    "",
    "   ",
    "x",
    "the",
    "run",
    "nap",
    "2",  # a number alone
    "100 %",
]


@pytest.mark.parametrize("name", NOT_FOOD, ids=[n or "empty" for n in NOT_FOOD])
def test_non_foods_match_nothing(m, name):
    assert m.get(name) is None


def test_lookup_raises_with_suggestions(m):
    with pytest.raises(UnknownFoodError) as info:
        m.lookup("energy gel")
    err = info.value
    assert isinstance(err, LookupError)
    assert err.query == "energy gel"
    assert 1 <= len(err.suggestions) <= 5
    assert all(isinstance(k, str) and isinstance(d, str) for k, d in err.suggestions)
    assert "did you mean" in str(err)


def test_lookup_returns_what_get_returns(m):
    assert m.lookup("banana") == m.get("banana")


def test_search_is_ranked_and_limited(m):
    results = m.search("chicken breast", limit=7)
    assert len(results) == 7
    assert results[0] == m.get("chicken breast")
    fuzzy = [r.score for r in results[1:]]
    assert fuzzy == sorted(fuzzy, reverse=True)
    assert len({r.food_key for r in results}) == 7
    assert all(isinstance(r, Match) and 0 <= r.score <= 1 for r in results)


def test_search_gives_suggestions_below_the_threshold(m):
    assert m.get("pear puree") is None
    assert m.search("pear puree", limit=3)


IS_DISH_CASES = [
    ("mac and cheese", True),
    ("peanut butter and jelly sandwich", True),
    ("PB&J", True),
    ("coffee with milk", True),
    ("rice and beans", True),
    ("chicken curry with rice", True),  # an exact description
    ("fish and chips", False),
    ("eggs and toast", False),
    ("coffee and milk", False),
    ("", False),
]


@pytest.mark.parametrize(
    ("text", "expected"), IS_DISH_CASES, ids=[t or "empty" for t, _ in IS_DISH_CASES]
)
def test_is_dish(m, text, expected):
    assert m.is_dish(text) is expected


def test_results_are_memoised_by_normalised_text(m):
    m.get("Bananas, RAW!")
    before = m._best.cache_info().hits
    assert m.get("bananas raw") == Match(
        "sr28:09040", "Bananas, raw", "exact", 1.0, "bananas raw", words=("banana", "raw")
    )
    assert m._best.cache_info().hits == before + 1


def test_match_is_frozen(m):
    with pytest.raises(AttributeError):
        m.get("banana").score = 0  # type: ignore[misc]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_gives_a_match_or_none(m, text):
    got = m.get(text)
    if got is not None:
        assert got.kind in ("exact", "alias", "synonym", "user", "fuzzy")
        assert 0 < got.score <= 1
        # below 1: a fuzzy match, or a name found once words were set aside (shown as such)
        assert got.score == 1.0 or got.kind == "fuzzy" or got.set_aside
        # a fuzzy match below THRESHOLD has every word of the name that says which food
        assert got.kind != "fuzzy" or got.score >= matching.CONTENT_FLOOR
    assert m.is_dish(text) in (True, False)


# -- tie-breaks, each on a made-up table where it is the only difference ---------------------------


def _table(*descriptions: str) -> FoodTable:
    return FoodTable(
        Food(key=f"user:{i:02d}", description=d, source="user") for i, d in enumerate(descriptions)
    )


@pytest.fixture
def no_aliases(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("alias,food_key,note\n", encoding="utf-8")
    return path


TIE_CASES = [
    # (name, descriptions, the one that must win)
    ("peaches canned", ["Babyfood, peaches, canned", "Peaches, canned"], "Peaches, canned"),
    (
        "corn flakes",
        ["Cereals, KELLOGG'S corn flakes", "Cereals, corn flakes"],
        "Cereals, corn flakes",
    ),
    (
        "kelloggs corn flakes",
        ["Cereals, corn flakes", "Cereals, KELLOGG'S corn flakes"],
        "Cereals, KELLOGG'S corn flakes",
    ),  # the name asks for the brand
    ("granola bar", ["Granola bar (Nature Valley)", "Granola bar, plain"], "Granola bar, plain"),
    ("cheddar", ["USDA Commodity, cheese, cheddar", "Cheese, cheddar"], "Cheese, cheddar"),
    ("lasagna", ["Restaurant, Italian, lasagna", "Lasagna, meat"], "Lasagna, meat"),
    (
        "caribou meat",
        ["Caribou, meat, cooked (Alaska Native)", "Caribou, meat, cooked"],
        "Caribou, meat, cooked",
    ),
    ("apple", ["Apple, dehydrated", "Apple, raw"], "Apple, raw"),
    ("apple", ["Apple juice", "Apple, raw"], "Apple, raw"),  # a word that makes another food
    ("apple", ["Apple, raw, with skin, sliced", "Apple, raw"], "Apple, raw"),  # fewer words
    ("plum", ["Plum, raw", "Plum, raw"], "Plum, raw"),  # the same: the lower key, user:00
]


@pytest.mark.parametrize(
    ("name", "descriptions", "winner"), TIE_CASES, ids=[f"{n}:{w}" for n, _, w in TIE_CASES]
)
def test_tie_breaks_go_to_the_plain_common_food(no_aliases, name, descriptions, winner):
    matcher = Matcher(_table(*descriptions), aliases_path=no_aliases)
    got = matcher.search(name, limit=1)[0]
    assert got.description == winner
    if name == "plum":
        assert got.food_key == "user:00"


def test_a_user_table_with_its_own_aliases(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text(
        "alias,food_key,note\nmy shake,user:01,\nghost,user:99,not in the table\n", encoding="utf-8"
    )
    matcher = Matcher(_table("Oatmeal, cooked", "Shake, chocolate, homemade"), aliases_path=path)
    assert matcher.get("my shake").food_key == "user:01"
    assert [a.alias for a in matcher.aliases] == [
        "my shake"
    ]  # an alias of a missing food is skipped
    assert matcher.get("ghost") is None


ALIAS_FILE_ERRORS = [
    ("alias,food\negg,sr28:01123\n", "missing column"),
    ("alias,food_key,note\negg,,\n", "must not be empty"),
    (
        "alias,food_key,note\negg,sr28:01123,\neggs,sr28:01123,\n",
        "repeats line 2",
    ),  # plural of a row
    ("alias,food_key,note\nyogurt,a,\nyoghurt,b,\n", "repeats line 2"),  # another spelling of a row
]


@pytest.mark.parametrize(
    ("text", "message"), ALIAS_FILE_ERRORS, ids=[m for _, m in ALIAS_FILE_ERRORS]
)
def test_alias_file_errors_name_the_file_and_line(tmp_path, text, message):
    path = tmp_path / "aliases.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        read_aliases(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_a_missing_alias_file_is_a_data_file_error(tmp_path):
    with pytest.raises(DataFileError):
        read_aliases(tmp_path / "nope.csv")


def test_default_matcher_is_built_once():
    assert matching.default_matcher() is matching.default_matcher()


# -- suggestions: one per description ------------------------------------------------------------


def test_suggestions_are_distinct_by_description_and_keep_the_better_one(no_aliases):
    # An SR28 and an FNDDS food with the same description, as "Kale, raw" is in the bundled table.
    table = FoodTable(
        [
            Food(key="sr28:11233", description="Kale, raw", source="sr28"),
            Food(key="fndds:72119190", description="Kale, raw", source="fndds_2021_2023"),
            Food(key="sr28:11234", description="Kale, cooked, boiled", source="sr28"),
            Food(key="sr28:11235", description="Kale, frozen", source="sr28"),
        ]
    )
    matcher = Matcher(table, aliases_path=no_aliases)
    ranked = matcher.search("kale chps", limit=10)
    assert [m.description for m in ranked].count("Kale, raw") == 2  # search keeps both foods
    got = matcher.suggest("kale chps", limit=10)
    assert sorted(m.description for m in got) == [
        "Kale, cooked, boiled",
        "Kale, frozen",
        "Kale, raw",
    ]
    # the one kept is the one search ranks higher, in search's order
    first_raw = next(m for m in ranked if m.description == "Kale, raw")
    assert next(m for m in got if m.description == "Kale, raw").food_key == first_raw.food_key
    assert [m.food_key for m in got] == [m.food_key for m in ranked if m in got]


def test_unknown_food_suggestions_of_the_bundled_table_are_distinct(m):
    # "kale chps" once suggested "Kale, raw; Kale, raw" (fndds:72119190 and sr28:11233).
    assert [x.description for x in m.search("kale chps", limit=2)] == ["Kale, raw", "Kale, raw"]
    with pytest.raises(UnknownFoodError) as info:
        m.lookup("kale chps")
    descriptions = [d for _, d in info.value.suggestions]
    assert len(descriptions) == 5
    assert len({d.casefold() for d in descriptions}) == 5
    assert descriptions[0] == "Kale, raw"
