"""The everyday vocabulary of food logs: what people write where USDA writes something else.

USDA describes foods in American, technical words ("Eggplant, raw", "Cream, fluid, heavy
whipping"); people write "aubergine", "double cream", "pb", "flat white", "2 chopped onions".
``data/vocabulary.csv`` holds the word- and phrase-level rules that bridge the two, one row per
phrase, each with its kind, its region and its source. Every row has a test that shows it on a line
of its own (tests/test_vocabulary.py). Kinds:

``aside``
    words that say how a food was cut, cleaned, handled, judged or served without changing what it
    is or its nutrients per gram ("chopped", "peeled", "free-range", "to taste"): set aside before
    matching, and kept as a note.
``spelling``, ``name``, ``shorthand``, ``drink``, ``product``, ``brand``, ``dish``
    a phrase read as the words USDA uses (``means``): "aubergine" -> "eggplant", "pb" -> "peanut
    butter", "flat white" -> "latte". A ``brand`` with no ``means`` is a chain or brand word that
    says nothing about the food ("greggs"): set aside.
``size``
    an ordered size that is an amount ("grande" = 16 fl oz): read by the log parser.

``region`` says where people write a phrase this way: ``uk`` or ``us``, or empty for both. A
regional phrase that USDA does not use at all ("courgette") is read the same everywhere; one that
is also a USDA name for something else ("chips": French fries in British usage, crisps in USDA's)
is read this way only when the log is read as that region's (:func:`detect_region`; the matcher
says which phrases are USDA names). ``whole`` marks a phrase that means this only as a food's whole
name ("bitter" is beer as "a pint of bitter", not in "bitter chocolate").

Rules are matched on :func:`~nutricheck.words.tokens` (lower case, singular, accents folded), the
longest phrase first, left to right, and never applied to USDA's own descriptions.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from nutricheck.errors import DataFileError
from nutricheck.units import millilitres_per
from nutricheck.words import tokens

__all__ = [
    "ASIDE",
    "COLUMNS",
    "KINDS",
    "REGIONS",
    "Rewrite",
    "Rule",
    "Vocabulary",
    "default_vocabulary",
    "read_vocabulary",
]

_DESCRIBERS = frozenset({"fresh", "organic", "raw", "wild", "washed", "baby", "some", "of"})
"""Words that leave a food its whole name ("fresh rocket" is still rocket)."""

COLUMNS = ("phrase", "kind", "means", "region", "whole", "source", "note")
ASIDE = "aside"
SIZE = "size"
KINDS = (ASIDE, "spelling", "name", "shorthand", "drink", "product", "brand", "dish", SIZE)
REGIONS = ("us", "uk")
_JOINING = re.compile(r"\s(?:and|&|n|with)\s")
_SAME_MEANING = frozenset({"spelling", "shorthand", ASIDE, SIZE})
"""Kinds whose rows mean the same wherever they are written ("omelette" is an omelet in any log)."""
"""The regions a log can be read as. The default is ``us`` (USDA's own usage); see
:func:`detect_region`."""


@dataclass(frozen=True)
class Rule:
    """One row of data/vocabulary.csv.

    Attributes:
        phrase: the words as people write them ("double cream").
        kind: one of :data:`KINDS`.
        means: the words USDA uses ("heavy cream"); empty for ``aside`` and for a brand word that
            says nothing about the food; an amount ("16 fl oz") for ``size``.
        region: ``""`` (everywhere), ``"uk"`` or ``"us"``.
        whole: the phrase means this only as a food's whole name.
        source: where the equivalence is stated.
        note: why, where it helps.
        line: the row's line in the file.
    """

    phrase: str
    kind: str
    means: str
    region: str
    whole: bool
    source: str
    note: str
    line: int

    @property
    def words(self) -> tuple[str, ...]:
        return tokens(self.phrase)

    @property
    def means_words(self) -> tuple[str, ...]:
        return tokens(self.means) if self.kind != SIZE else ()

    def describe(self) -> str:
        """What the rule did, for a note: "read 'aubergine' as 'eggplant'"."""
        if not self.means_words:
            return f"set aside '{self.phrase}'"
        where = f" ({self.region.upper()} usage)" if self.region else ""
        return f"read '{self.phrase}' as '{self.means}'{where}"


@dataclass(frozen=True)
class Rewrite:
    """A name after the vocabulary: its words, what was set aside and which rules applied.

    ``full`` is the name with its phrases read the table's way but nothing set aside ("chopped
    salad" may be a name before "chopped" is set aside); ``words`` is the same without the words
    set aside.
    """

    words: tuple[str, ...]
    aside: tuple[str, ...]
    rules: tuple[Rule, ...]
    full: tuple[str, ...] = ()

    def notes(self) -> tuple[str, ...]:
        return tuple(r.describe() for r in self.rules)


def read_vocabulary(path: str | Path | None = None) -> list[Rule]:
    """The rows of ``path`` (default: the bundled data/vocabulary.csv), validated.

    Raises:
        DataFileError: a column is missing, a kind or region is unknown, a phrase has no words or
            repeats an earlier row, or a rule that reads a phrase as other words has none.
    """
    if path is None:
        text = (resources.files("nutricheck") / "data" / "vocabulary.csv").read_text("utf-8")
        where = "data/vocabulary.csv"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise DataFileError(f"cannot read the file: {exc.strerror}", source=str(path)) from exc
        where = str(path)
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise DataFileError(f"missing column(s) {', '.join(missing)}", source=where, line=1)
    rules: list[Rule] = []
    seen: dict[tuple[tuple[str, ...], str], int] = {}
    for line, rec in enumerate(reader, start=2):
        cell = {c: (rec.get(c) or "").strip() for c in COLUMNS}

        def bad(problem: str, key: str, cell: dict[str, str] = cell, line: int = line) -> None:
            raise DataFileError(problem, source=where, line=line, key=key, text=cell[key])

        if cell["kind"] not in KINDS:
            bad(f"kind must be one of {', '.join(KINDS)}", "kind")
        if cell["region"] and cell["region"] not in REGIONS:
            bad(f"region must be empty or one of {', '.join(REGIONS)}", "region")
        if cell["whole"] not in ("", "1"):
            bad("whole must be empty or 1", "whole")
        words = tokens(cell["phrase"])
        if not words:
            bad("the phrase has no words", "phrase")
        if cell["kind"] not in (ASIDE, "brand") and not cell["means"]:
            bad(f"a {cell['kind']} rule needs what the phrase means", "means")
        if (words, cell["region"]) in seen:
            bad(f"the phrase repeats line {seen[words, cell['region']]}", "phrase")
        seen[words, cell["region"]] = line
        rules.append(
            Rule(
                cell["phrase"],
                cell["kind"],
                cell["means"] if cell["kind"] != ASIDE else "",
                cell["region"],
                cell["whole"] == "1",
                cell["source"],
                cell["note"],
                line,
            )
        )
    return rules


class Vocabulary:
    """The rules, indexed for rewriting a name's words (see the module docstring).

    Args:
        rules: the rows.
        is_name: says whether words are a USDA name (an alias, description or synonym of a food
            of the table); a regional rule whose phrase is one applies only in its region. When
            ``None``, every regional rule applies only in its region.
    """

    def __init__(
        self,
        rules: Iterable[Rule],
        is_name: Callable[[tuple[str, ...]], bool] | None = None,
        food_word: Callable[[str], bool] | None = None,
    ) -> None:
        # a rule whose phrase reads as its own meaning once in words ("yoghurt": tokens already
        # spell it "yogurt") does nothing, and is not shown as done
        self.rules = tuple(r for r in rules if r.kind == SIZE or r.words != r.means_words)
        self._food_word = food_word
        self.named = frozenset(
            r.line for r in self.rules if r.means_words and is_name is not None and is_name(r.words)
        )
        """Lines of the rules whose phrase is itself a name of the table ("oat milk")."""
        self.scoped = frozenset(
            r.line
            for r in self.rules
            if r.region
            and r.kind not in _SAME_MEANING
            and (is_name is None or r.line in self.named)
        )
        """Lines of the regional rules that apply only in their region."""
        # first word -> rules starting with it, longest phrase first
        self._by_first: dict[str, list[Rule]] = {}
        for r in self.rules:
            if r.kind != SIZE:
                self._by_first.setdefault(r.words[0], []).append(r)
        for found in self._by_first.values():
            found.sort(key=lambda r: (-len(r.words), r.line))
        self.sizes = {r.words: r for r in self.rules if r.kind == SIZE}
        self.aside_words = frozenset(
            w for r in self.rules if r.kind == ASIDE and len(r.words) == 1 for w in r.words
        )
        # the phrases that tell a region: regional ones that mean nothing else in the table;
        # not a measure both regions use with their own size ("pint")
        self.regional: dict[str, frozenset[tuple[str, ...]]] = {
            region: frozenset(
                r.words for r in self.rules
                if r.region == region and r.line not in self.scoped and r.kind != SIZE
            )
            for region in REGIONS
        }

    def rewrite(self, words: Sequence[str], region: str = "us") -> Rewrite:
        """``words`` with every rule that applies in ``region`` applied, longest phrase first.

        >>> v = default_vocabulary()
        >>> v.rewrite(("finely", "chopped", "aubergine")).words
        ('eggplant',)
        """
        return self._rewrite(tuple(words), region)

    @functools.lru_cache(maxsize=65536)  # noqa: B019  (one vocabulary per process)
    def _rewrite(self, words: tuple[str, ...], region: str) -> Rewrite:
        out: list[str] = []
        full: list[str] = []
        aside: list[str] = []
        used: list[Rule] = []
        i, n = 0, len(words)
        while i < n:
            rule = self._rule_at(words, i, region)
            if rule is None:
                out.append(words[i])
                full.append(words[i])
                i += 1
                continue
            k = len(rule.words)
            if rule.means_words:
                out.extend(rule.means_words)
                full.extend(rule.means_words)
                used.append(rule)
            elif out or i + k < n:  # a word set aside, while another word is left for the food
                aside.extend(words[i : i + k])
                full.extend(words[i : i + k])
                used.append(rule)
            else:
                out.extend(words[i : i + k])
                full.extend(words[i : i + k])
            i += k
        if not out:  # only words set aside: nothing is left to name the food, keep them
            return Rewrite(words, (), (), words)
        rules = tuple(dict.fromkeys(r for r in used if r.means_words))
        return Rewrite(tuple(out), tuple(aside), rules, tuple(full))

    def _rule_at(self, words: tuple[str, ...], i: int, region: str) -> Rule | None:
        for rule in self._by_first.get(words[i], ()):
            k = len(rule.words)
            if words[i : i + k] != rule.words:
                continue
            if rule.line in self.scoped and (rule.region != region or region == "us"):
                # a phrase that is also a USDA name keeps USDA's (American) meaning unless the
                # log is read as the phrase's other region ("chips" in a British log)
                continue
            if rule.line in self.named and not rule.region and k == len(words):
                continue  # "oat milk" alone is the table's oat milk; in a longer name, read on
            if rule.whole and any(
                w not in self.aside_words and w not in _DESCRIBERS
                for w in (*words[:i], *words[i + k :])
            ):
                continue  # the whole name, but for words that only describe ("fresh rocket")
            return rule
        return None

    def sizes_by_words(self, region: str = "us") -> Mapping[tuple[str, ...], tuple[str, str]]:
        """Ordered sizes that are amounts ("grande" -> 16 fl oz) in ``region``, by their words,
        as (amount, unit text) for the log parser; a size whose words USDA also uses for a food
        ("short" of short ribs) is left out."""
        return self._sizes(region)

    @functools.lru_cache(maxsize=4)  # noqa: B019  (one vocabulary per process)
    def _sizes(self, region: str) -> Mapping[tuple[str, ...], tuple[str, str]]:
        out: dict[tuple[str, ...], tuple[str, str]] = {}
        for r in self.rules:
            if r.kind != SIZE or (r.region and r.region != region):
                continue
            served = " of " in r.phrase  # "large glass of wine": a size, a unit and the food
            if self._food_word is not None and not served and any(
                self._food_word(w) for w in r.words
            ):
                continue
            amount, _, unit = r.means.partition(" ")
            # in millilitres: an ordered size is the same cup in a British log ("16 fl oz" of a
            # grande is 473 ml, not 16 imperial fluid ounces)
            ml = float(amount) * millilitres_per(unit)
            out[r.words] = (f"{ml:.4g}", "ml")
        return MappingProxyType(out)

    def joined_phrases(self, region: str = "us") -> Mapping[str, str]:
        """Phrases with "and", "&", "n" or "with" inside ("ben and jerry's", "mac n cheese",
        "salt and pepper"), which the log parser must read before it splits a line there:
        phrase -> what to read instead. A phrase whose meaning has no joining word is one
        food ("ben and jerry's": kept whole); one whose meaning has one is read as its meaning,
        which the parser then splits or not ("salt and pepper" -> "salt and black pepper",
        two foods; "mac n cheese" -> "macaroni or noodles with cheese", one)."""
        return self._joined(region)

    @functools.lru_cache(maxsize=4)  # noqa: B019  (one vocabulary per process)
    def _joined(self, region: str) -> Mapping[str, str]:
        out: dict[str, str] = {}
        for r in self.rules:
            if r.kind == SIZE or (r.line in self.scoped and r.region != region):
                continue
            if _JOINING.search(f" {r.phrase} "):
                if r.means and _JOINING.search(f" {r.means} "):
                    out[r.phrase] = r.means
                else:
                    out[r.phrase] = _JOINING.sub(lambda m: "_" + m[0].strip() + "_", r.phrase)
        return MappingProxyType(out)

    def regional_words(self, region: str, words: Iterable[str]) -> int:
        """How many of ``words`` (a log's, in order) start a phrase used only in ``region``."""
        by_first = self._regional_by_first(region)
        seq = tuple(words)
        n = len(seq)
        # a word starts at most one phrase ("semi skimmed milk" is one British phrase, not also
        # "semi skimmed"), and a phrase is whole (at the end of the log too)
        count = 0
        for i, w in enumerate(seq):
            starting = by_first.get(w)
            if starting and any(i + len(p) <= n and seq[i : i + len(p)] == p for p in starting):
                count += 1
        return count

    @functools.lru_cache(maxsize=4)  # noqa: B019 - one vocabulary per process, kept for good
    def _regional_by_first(self, region: str) -> dict[str, tuple[tuple[str, ...], ...]]:
        out: dict[str, list[tuple[str, ...]]] = {}
        for p in self.regional[region]:
            if p:
                out.setdefault(p[0], []).append(p)
        return {w: tuple(ps) for w, ps in out.items()}


def detect_region(lines: Iterable[str], vocabulary: Vocabulary | None = None) -> tuple[str, str]:
    """The region a log reads as, and why: ``uk`` when it uses more British-only phrases
    ("courgette", "crisps", "semi-skimmed") than American-only ones, otherwise ``us``."""
    v = vocabulary or default_vocabulary()
    words = [w for line in lines for w in tokens(line)]
    uk, us = v.regional_words("uk", words), v.regional_words("us", words)
    if uk > us:
        return "uk", f"British words in the log ({uk}) outnumber American ones ({us})"
    return "us", "American usage (USDA's), the default"


@functools.lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The bundled vocabulary, read once per process."""
    return Vocabulary(read_vocabulary())
