"""data/vocabulary.csv: every row shown on a line of its own, and the reader's validation.

Each rule is a word or phrase people write; its test is the line a person would write with it:
the phrase alone for a name ("aubergine" is an eggplant), in front of a food for a word set aside
("chopped apple" is an apple), before a drink for an ordered size ("grande latte" is 16 fl oz).
What a rule must give comes from the row itself (the words of ``means``, which must all be among
the chosen food's words in USDA's files), never from the matcher.
"""

from __future__ import annotations

import pytest
from conftest import ROOT

from nutricheck.entries import EntryReader
from nutricheck.errors import DataFileError
from nutricheck.matching import default_matcher
from nutricheck.units import millilitres_per
from nutricheck.vocabulary import ASIDE, SIZE, detect_region, read_vocabulary
from nutricheck.words import tokens

RULES = read_vocabulary()
NAMES = [r for r in RULES if r.kind not in (ASIDE, SIZE) and r.means]
ASIDES = [r for r in RULES if r.kind == ASIDE or (r.kind == "brand" and not r.means)]
SIZES = [r for r in RULES if r.kind == SIZE]


@pytest.fixture(scope="module")
def m():
    return default_matcher()


def _region(rule) -> str:
    return rule.region or "us"


@pytest.mark.parametrize("rule", NAMES, ids=[f"{r.line}:{r.phrase}" for r in NAMES])
def test_a_name_reads_as_the_food_it_means(m, rule):
    if rule.line in m.vocabulary.named and not rule.region:
        # the phrase is a name of the table too ("oat milk"): alone it stays the table's food,
        # and only inside a longer name is it read the rule's way
        assert m.get(rule.phrase, _region(rule)) is not None
        return
    if not m.content_words(tokens(rule.means)):
        # a word that says how a food comes ("tinned" -> "canned"): shown with a food
        got, want = m.get(f"{rule.phrase} tomatoes", _region(rule)), m.get(f"{rule.means} tomatoes")
        assert got is not None and got.food_key == want.food_key, rule.phrase
        return
    joiner = next((j for j in (" and ", " on ") if j in rule.means), None)
    if joiner and m.get(rule.means) is None:  # two foods ("salt and pepper", "beans on toast")
        entries = EntryReader(region=_region(rule)).read_line(rule.phrase, 1)
        halves = [h.strip() for h in rule.means.split(joiner)]
        assert [e.food_key for e in entries] == [m.get(h).food_key for h in halves]
        return
    got = m.get(rule.phrase, _region(rule))
    assert got is not None, f"{rule.phrase!r} ({rule.means!r}) matches nothing"
    food_words = m._food_words(m._index_of[got.food_key])
    wanted = m.content_words(tokens(rule.means)) - {"with", "and", "or"}
    missing = {w for w in wanted if w not in food_words and (w + "ed") not in food_words}
    assert not missing, f"{rule.phrase!r} -> {got.description!r} lacks {sorted(missing)}"


@pytest.mark.parametrize("rule", ASIDES, ids=[f"{r.line}:{r.phrase}" for r in ASIDES])
def test_a_word_set_aside_leaves_the_food_as_it_was(m, rule):
    plain = m.get("apple")
    got = m.get(f"{rule.phrase} apple", _region(rule))
    assert got is not None and got.food_key == plain.food_key, rule.phrase
    assert set(tokens(rule.phrase)) <= set(got.set_aside), got.set_aside


@pytest.mark.parametrize("rule", SIZES, ids=[f"{r.line}:{r.phrase}" for r in SIZES])
def test_an_ordered_size_is_its_amount(rule):
    sizes = default_matcher().vocabulary.sizes_by_words(_region(rule))
    if rule.words not in sizes:
        # a size whose words USDA uses for foods ("short" ribs), or a unit the parser reads
        # itself ("pint"): not read as a size, by design
        assert any(w in default_matcher()._df for w in rule.words) or rule.phrase.endswith(
            ("pint", "wine")
        )
        return
    amount, _, unit = rule.means.partition(" ")
    want_ml = float(amount) * millilitres_per(unit)
    # a size served with its food ("large glass of wine") is read whole; others before a latte
    line = rule.phrase if " of " in rule.phrase else f"{rule.phrase} latte"
    (entry,) = EntryReader(region=_region(rule)).read_line(line, 1)
    assert entry.ok
    assert entry.unit == "ml"
    assert entry.quantity == pytest.approx(want_ml, rel=1e-3)


def test_every_regional_rule_names_its_region():
    assert {r.region for r in RULES} <= {"", "uk", "us"}
    assert sum(r.region == "uk" for r in RULES) > 100  # the British/US family


@pytest.mark.parametrize(
    ("lines", "region"),
    [
        (["2 courgettes", "a pint of bitter"], "uk"),
        (["1 cup zucchini", "2 eggs"], "us"),
        (["2 eggs", "toast"], "us"),  # no regional word: the default, USDA's usage
    ],
    ids=["british", "american", "neither"],
)
def test_the_region_of_a_log(m, lines, region):
    assert detect_region(lines, m.vocabulary)[0] == region


def test_a_british_pint_is_568_ml():
    # UK Weights and Measures Act 1985: an imperial pint is 568.26125 ml; US pint 473.176 ml
    (uk,) = EntryReader(region="uk").read_line("1 pint water", 1)
    (us,) = EntryReader(region="us").read_line("1 pint water", 1)
    assert uk.unit == "uk pint"
    per_ml = us.grams / 473.176473  # the food's own density, the same in both
    assert uk.grams == pytest.approx(568.26125 * per_ml, rel=1e-4)


def test_chips_mean_fries_only_in_a_british_log(m):
    assert "potato chip" in m.get("chips", "us").description.lower().replace("chips", "chip")
    assert "fries" in m.get("chips", "uk").description.lower()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("phrase,kind,means,region,whole,source,note\nxyzzy,colour,,,,,\n", "kind must be"),
        ("phrase,kind,means,region,whole,source,note\nxyzzy,name,y,fr,,,\n", "region must be"),
        ("phrase,kind,means,region,whole,source,note\nxyzzy,name,,,,,\n", "needs what"),
        ("phrase,kind,means,region,whole,source,note\nxyzzy,name,y,,,,\nxyzzy,name,z,,,,\n", "repeats"),
        ("phrase,kind,means\nx,name,y\n", "missing column"),
    ],
    ids=["kind", "region", "means", "repeat", "columns"],
)
def test_a_bad_row_is_named(tmp_path, text, problem):
    path = tmp_path / "vocabulary.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=problem) as err:
        read_vocabulary(path)
    assert str(path) in str(err.value)


def test_the_file_is_the_bundled_one():
    assert (ROOT / "data" / "vocabulary.csv").read_text(encoding="utf-8").startswith("phrase,")


def test_regional_phrases_are_counted_once_each_and_whole():
    from nutricheck.vocabulary import Rule, Vocabulary

    def rule(phrase, line):
        return Rule(phrase, "name", "milk reduced fat", "uk", False, "", "", line)

    rules = [rule("semi skimmed", 1), rule("semi skimmed milk", 2), rule("oat cake bar bite", 3)]
    v = Vocabulary(rules, is_name=lambda words: False)  # no phrase is a name of the table
    # one phrase at "semi", not two; "oat cake" at the end of a log is no "oat cake bar bite"
    assert v.regional_words("uk", tokens("1 cup semi skimmed milk")) == 1
    assert v.regional_words("uk", tokens("toast oat cake")) == 0
    assert v.regional_words("uk", tokens("oat cake bar bite, semi skimmed")) == 2


def test_a_measure_both_regions_use_tells_no_region(m):
    # "pint" is a size rule for British logs (568 ml) but Americans write pints too
    assert detect_region(["1 pint blueberries"], m.vocabulary)[0] == "us"
