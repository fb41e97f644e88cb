"""Tests for nutricheck.explain and the hand-kept knowledge in data/explanations.yaml.

The data tests read the YAML twice: raw (so that a bug in the loader cannot hide a missing source)
and through :func:`load_explanations`. The no-copy and title tests need the five source articles in
shared/seeds (next to the repository, or at $NUTRICHECK_SEEDS); without them they are skipped.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from nutricheck import assess, nutrients
from nutricheck import explain as ex
from nutricheck.errors import DataFileError

RAW: dict[str, Any] = yaml.safe_load(
    (resources.files("nutricheck") / "data" / "explanations.yaml").read_text(encoding="utf-8")
)
KNOWN_SOURCE_IDS = set(RAW["documents"]) | set(RAW["references"])
REFERENCE_IDS = set(RAW["references"])


def _key(alias: str) -> str:
    """A nutrient key through the registry (the one place keys are spelled)."""
    nutrient = nutrients.by_alias(alias)
    assert nutrient is not None, alias
    return nutrient.key


IRON, VITAMIN_D, VITAMIN_E, THIAMIN = _key("iron"), _key("vitamin d"), _key("vitamin e"), _key("b1")
POTASSIUM, MAGNESIUM, CALCIUM, SODIUM = _key("k"), _key("magnesium"), _key("calcium"), _key("na")
NOT_EXPLAINED = next(k for k in nutrients.KEYS if k not in nutrients.TARGET_KEYS)  # energy


# --------------------------------------------------------------------------------------------------
# Every statement has a known source (read from the raw YAML, independent of the loader)


def _raw_statements(raw: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(key path, mapping) of every sourced statement in the raw file."""
    for status, entry in raw["statuses"].items():
        yield f"statuses.{status}", entry
    for key, entry in raw["nutrients"].items():
        yield f"nutrients.{key}.summary", entry["summary"]
        for part in ("links", "symptoms", "who_is_at_risk", "caution"):
            for i, item in enumerate(entry[part]):
                yield f"nutrients.{key}.{part}[{i}]", item
    for i, item in enumerate(raw["other_factors"]):
        yield f"other_factors[{i}]", item
    for part in ("urgent", "see_a_gp"):
        for i, item in enumerate(raw["red_flags"][part]):
            yield f"red_flags.{part}[{i}]", item


STATEMENTS = list(_raw_statements(RAW))


@pytest.mark.parametrize(("path", "entry"), STATEMENTS, ids=[path for path, _ in STATEMENTS])
def test_every_statement_has_known_sources(path: str, entry: dict[str, Any]) -> None:
    sources = entry.get("sources")
    assert sources, f"{path} has no sources"
    assert set(sources) <= KNOWN_SOURCE_IDS, f"{path}: unknown {set(sources) - KNOWN_SOURCE_IDS}"
    if "evidence" in entry:
        # A grade is a statement about research, so it must rest on at least one reference.
        graded_by = entry.get("evidence_sources") or []
        assert set(graded_by) <= KNOWN_SOURCE_IDS, f"{path}: unknown evidence source"
        assert set(graded_by) & REFERENCE_IDS, f"{path}: graded without a research reference"
        assert entry["evidence"] in ex.EVIDENCE_LEVELS
        assert entry.get("evidence_note", "").strip()


# Guard the walker itself: if it silently found nothing, the test above would pass vacuously.
STATEMENT_KINDS = [
    pytest.param(".summary", 8, id="summaries"),
    pytest.param(".links[", 8, id="links"),
    pytest.param(".caution[", 8, id="cautions"),
    pytest.param("other_factors[", 9, id="other-factors"),
    pytest.param("red_flags.urgent[", 5, id="urgent-red-flags"),
    pytest.param("red_flags.see_a_gp[", 8, id="gp-red-flags"),
    pytest.param("statuses.", len(ex.STATUSES), id="statuses"),
]


@pytest.mark.parametrize(("fragment", "at_least"), STATEMENT_KINDS)
def test_statement_walker_covers_each_kind(fragment: str, at_least: int) -> None:
    assert sum(fragment in path for path, _ in STATEMENTS) >= at_least


def test_the_loader_resolves_every_cited_id() -> None:
    data = ex.load_explanations()
    assert set(data.sources) == KNOWN_SOURCE_IDS
    for explanation in ex.explain_shortfalls(
        dict.fromkeys(nutrients.TARGET_KEYS, "possibly_short")
    ).explanations:
        for item in explanation.statements():
            assert item.sources
            assert all(s.id in KNOWN_SOURCE_IDS for s in item.sources)


# --------------------------------------------------------------------------------------------------
# All eight nutrients, with what each must say


@pytest.mark.parametrize("key", nutrients.TARGET_KEYS, ids=nutrients.TARGET_KEYS)
def test_each_target_nutrient_is_explained(key: str) -> None:
    assert key in RAW["nutrients"]
    knowledge = ex.load_explanations().nutrients[key]
    assert knowledge.links, "at least one link to leg symptoms"
    assert knowledge.summary.text
    assert knowledge.cautions


def test_no_other_nutrient_is_explained() -> None:
    assert set(RAW["nutrients"]) == set(nutrients.TARGET_KEYS)


# (nutrient, claim id, weakest grade allowed to be claimed, word the note must contain)
EVIDENCE_CEILINGS = [
    # The brief's own example: Cochrane 2020 says Mg is unlikely to prevent idiopathic cramps.
    pytest.param(MAGNESIUM, "cramps", "weak", "Cochrane", id="magnesium-cramps"),
    pytest.param(MAGNESIUM, "heavy_legs_energy", "weak", "not a DRI", id="magnesium-heavy-legs"),
    # Low intake rarely lowers blood potassium: the kidneys conserve it.
    pytest.param(POTASSIUM, "cramps", "weak", "kidneys", id="potassium-cramps"),
    pytest.param(SODIUM, "cramps", "weak", "Schwellnus", id="sodium-cramps"),
    pytest.param(CALCIUM, "cramps", "weak", "weakly supported", id="calcium-cramps"),
    pytest.param(CALCIUM, "heavy_legs_with_vitamin_d", "weak", "bone", id="calcium-heavy-legs"),
    pytest.param(VITAMIN_D, "weak_heavy_legs", "weak", "deficient", id="vitamin-d-heavy-legs"),
    # Rare conditions only: not a plausible cause in a well-fed runner.
    pytest.param(THIAMIN, "heavy_legs_cramps", "very_weak", "not a plausible", id="thiamin"),
    pytest.param(VITAMIN_E, "heavy_legs_rare", "very_weak", "never been described", id="vitamin-e"),
    # Iron helps fatigue when stores are low, but not VO2max.
    pytest.param(IRON, "low_stores_fatigue", "moderate", "VO2max", id="iron-fatigue"),
    pytest.param(IRON, "restless_legs", "moderate", "ferritin", id="iron-restless-legs"),
]


@pytest.mark.parametrize(("key", "claim_id", "ceiling", "must_mention"), EVIDENCE_CEILINGS)
def test_evidence_is_no_stronger_than_research_allows(
    key: str, claim_id: str, ceiling: str, must_mention: str
) -> None:
    claim = next(c for c in ex.load_explanations().nutrients[key].links if c.id == claim_id)
    assert claim.evidence is not None
    assert ex.EVIDENCE_LEVELS.index(claim.evidence) >= ex.EVIDENCE_LEVELS.index(ceiling)
    assert must_mention in claim.evidence_note


def test_magnesium_cramps_rests_on_the_cochrane_review() -> None:
    claim = next(c for c in ex.explain(MAGNESIUM, "possibly_short").links if c.id == "cramps")
    assert claim.evidence in ("weak", "very_weak", "not_supported")
    assert "Cochrane" in claim.evidence_note
    assert any("Cochrane" in (s.citation or "") for s in claim.evidence_sources)


OTHER_FACTOR_GRADES = [
    pytest.param("hydration", "weak", id="hydration"),  # electrolyte/dehydration hypothesis is weak
    pytest.param("training_load", "moderate", id="training-load"),  # the favoured explanation
    pytest.param("warm_up_stretching", "weak", id="stretching"),
]


@pytest.mark.parametrize(("factor_id", "grade"), OTHER_FACTOR_GRADES)
def test_other_factor_grades(factor_id: str, grade: str) -> None:
    factor = next(f for f in ex.load_explanations().other_factors if f.id == factor_id)
    assert factor.evidence == grade


# The non-nutrient factors the articles name must all be there.
OTHER_FACTOR_TOPICS = [
    pytest.param("dehydration", id="hydration"),
    pytest.param("overtraining", id="training-load"),
    pytest.param("step by step", id="conditioning"),
    pytest.param("warm-up", id="warm-up"),
    pytest.param("overstriding", id="running-form"),
    pytest.param("venous insufficiency", id="veins"),
    pytest.param("sciatic nerve", id="nerve-compression"),
    pytest.param("statins", id="medicines"),
    pytest.param("Peripheral artery disease", id="pad"),
    pytest.param("underactive thyroid", id="hypothyroidism"),
    pytest.param("kidney disease", id="kidney-disease"),
]


@pytest.mark.parametrize("phrase", OTHER_FACTOR_TOPICS)
def test_other_factors_cover_what_the_articles_name(phrase: str) -> None:
    assert any(phrase in f.text for f in ex.load_explanations().other_factors)


# --------------------------------------------------------------------------------------------------
# Wording: informative, never diagnostic, never "just drink more"


def _raw_texts(node: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string value of the raw file (not keys), with its path."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _raw_texts(v, f"{path}.{k}" if path else str(k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _raw_texts(v, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


TEXTS = list(_raw_texts(RAW))

FORBIDDEN = [
    pytest.param(r"\byou have\b", id="you-have"),
    pytest.param(
        r"\byou(?: are|'re|\u2019re) (?:deficient|anaemic|anemic)\b", id="you-are-deficient"
    ),
    pytest.param(r"\byour deficiency\b", id="your-deficiency"),
    pytest.param(r"\bdiagnos", id="diagnosis"),  # the disclaimer's "not a diagnosis" is allowed
    pytest.param(r"\bcure[sd]?\b", id="cure"),  # not "secure" or "accurate"
    pytest.param(r"\bdrink (?:more|plenty)\b", id="drink-more"),  # over-drinking: hyponatraemia
    pytest.param(r"\bwill (?:stop|prevent|fix)\b", id="promise"),
]


@pytest.mark.parametrize("pattern", FORBIDDEN)
def test_no_text_diagnoses_or_promises(pattern: str) -> None:
    offenders = []
    for path, text in TEXTS:
        checked = text.replace("not a diagnosis", "") if path == "disclaimer" else text
        if re.search(pattern, checked, flags=re.IGNORECASE):
            offenders.append(path)
    assert not offenders


DISCLAIMER_MUST_SAY = [
    pytest.param("one day", id="one-day"),
    pytest.param("usual intake", id="usual-intake"),
    pytest.param("not a diagnosis", id="not-a-diagnosis"),
    pytest.param("information", id="information"),
]


@pytest.mark.parametrize("phrase", DISCLAIMER_MUST_SAY)
def test_disclaimer(phrase: str) -> None:
    assert phrase in ex.load_explanations().disclaimer
    assert "\n" not in ex.load_explanations().disclaimer


# --------------------------------------------------------------------------------------------------
# No copying from the source articles

SEEDS = Path(
    os.environ.get("NUTRICHECK_SEEDS", Path(__file__).resolve().parents[2] / "shared" / "seeds")
)
RUN = 8  # words in a row that count as copying


def _words(text: str) -> list[str]:
    """Lower-case words with punctuation dropped ("Don't" -> "dont", "case-control" -> 2 words)."""
    return re.findall(r"[^\W_]+", re.sub("['\u2019]", "", text.lower()))


def _runs(text: str, n: int = RUN) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


WORD_CASES = [
    pytest.param("Heavy, TIRED legs!", ["heavy", "tired", "legs"], id="case-and-punctuation"),
    pytest.param(
        "Don\u2019t over-drink", ["dont", "over", "drink"], id="curly-apostrophe-and-hyphen"
    ),
    pytest.param("1,500 mg (µg)", ["1", "500", "mg", "µg"], id="numbers-and-units"),
]


@pytest.mark.parametrize(("text", "expected"), WORD_CASES)
def test_words(text: str, expected: list[str]) -> None:
    assert _words(text) == expected


def _seed(file_name: str) -> str:
    path = SEEDS / file_name
    if not path.is_file():
        pytest.skip(f"source article not found at {path} (set NUTRICHECK_SEEDS)")
    return path.read_text(encoding="utf-8")


DOCUMENTS = [pytest.param(doc_id, entry, id=doc_id) for doc_id, entry in RAW["documents"].items()]


@pytest.mark.parametrize(("doc_id", "entry"), DOCUMENTS)
def test_no_text_copies_a_run_of_words_from_the_article(doc_id: str, entry: dict[str, str]) -> None:
    article = _runs(_seed(entry["file"]))
    assert article, "the detector found no word runs in the article"
    copied = {
        path: " ".join(sorted(_runs(text) & article)[0])
        for path, text in TEXTS
        if _runs(text) & article
    }
    assert not copied, f"{RUN}-word runs copied from {entry['file']}: {copied}"


def test_the_copy_detector_catches_a_copied_sentence() -> None:
    article = _seed(RAW["documents"]["hamstring_cramps"]["file"])
    sentence = next(line for line in article.splitlines() if len(_words(line)) > 20)
    assert _runs(sentence.upper().replace(",", " ;")) & _runs(article)


def _readme_titles() -> dict[str, str]:
    readme = SEEDS / "README.md"
    if not readme.is_file():
        pytest.skip(f"seeds README not found at {readme}")
    rows = re.findall(r"^\| (\S+\.txt) \| ([^|]+) \|", readme.read_text(encoding="utf-8"), re.M)
    return {file: title.strip() for file, title in rows}


@pytest.mark.parametrize(("doc_id", "entry"), DOCUMENTS)
def test_document_title_is_the_articles_own(doc_id: str, entry: dict[str, str]) -> None:
    assert _readme_titles()[entry["file"]] == entry["title"]


def test_every_seed_document_is_cited() -> None:
    files = {entry["file"] for entry in RAW["documents"].values()}
    assert files == set(_readme_titles())
    cited = {source_id for _, entry in STATEMENTS for source_id in entry["sources"]}
    assert set(RAW["documents"]) <= cited


# --------------------------------------------------------------------------------------------------
# Validation errors name the file and the key path

Mutation = Callable[[dict[str, Any]], None]


def _dump(raw: dict[str, Any]) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(raw, Dumper=dumper, sort_keys=False, allow_unicode=True)


def _factor_index(raw: dict[str, Any], factor_id: str) -> int:
    return next(i for i, f in enumerate(raw["other_factors"]) if f["id"] == factor_id)


def _set(path: list[Any], value: object) -> Mutation:
    def mutate(raw: dict[str, Any]) -> None:
        node: Any = raw
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return mutate


def _delete(path: list[Any]) -> Mutation:
    def mutate(raw: dict[str, Any]) -> None:
        node: Any = raw
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]

    return mutate


def _append(path: list[Any], value: object) -> Mutation:
    def mutate(raw: dict[str, Any]) -> None:
        node: Any = raw
        for part in path:
            node = node[part]
        node.append(value)

    return mutate


CONDITIONING = _factor_index(RAW, "conditioning")
FIRST_DOC = next(iter(RAW["documents"]))
MG_CRAMP_SOURCES = len(RAW["nutrients"][MAGNESIUM]["links"][0]["sources"])

INVALID = [
    pytest.param(
        _set(["nutrients", IRON, "links", 0, "sources"], []),
        f"nutrients.{IRON}.links[0].sources",
        id="claim-without-sources",
    ),
    pytest.param(
        _append(["nutrients", MAGNESIUM, "links", 0, "sources"], "somebody_2099"),
        f"nutrients.{MAGNESIUM}.links[0].sources[{MG_CRAMP_SOURCES}]",
        id="unknown-source-id",
    ),
    pytest.param(
        _delete(["nutrients", SODIUM, "summary", "sources"]),
        f"nutrients.{SODIUM}.summary.sources",
        id="summary-without-sources",
    ),
    pytest.param(
        _set(["nutrients", IRON, "caution", 0, "sources"], ["not_a_source"]),
        f"nutrients.{IRON}.caution[0].sources[0]",
        id="caution-unknown-source",
    ),
    pytest.param(
        _set(["red_flags", "urgent", 0, "sources"], []),
        "red_flags.urgent[0].sources",
        id="red-flag-without-sources",
    ),
    pytest.param(
        _set(["nutrients", POTASSIUM, "links", 0, "evidence"], "certain"),
        f"nutrients.{POTASSIUM}.links[0].evidence",
        id="evidence-off-the-scale",
    ),
    pytest.param(
        _delete(["nutrients", THIAMIN, "links", 0, "evidence_note"]),
        f"nutrients.{THIAMIN}.links[0].evidence_note",
        id="link-without-evidence-note",
    ),
    pytest.param(
        # An other factor may be ungraded, but a grade needs its note and references.
        _set(["other_factors", CONDITIONING, "evidence"], "weak"),
        f"other_factors[{CONDITIONING}].evidence_note",
        id="half-graded-factor",
    ),
    pytest.param(_delete(["nutrients", CALCIUM]), f"nutrients.{CALCIUM}", id="missing-nutrient"),
    pytest.param(
        _set(["nutrients", "not_a_nutrient"], {}), "nutrients.not_a_nutrient", id="unknown-nutrient"
    ),
    pytest.param(_set(["extra"], 1), "extra", id="unknown-top-level-key"),
    pytest.param(
        _set(["other_factors", 0, "severity"], "high"),
        "other_factors[0].severity",
        id="unknown-claim-key",
    ),
    pytest.param(
        _set(["nutrients", VITAMIN_D, "links", 0, "id"], "Bad Id"),
        f"nutrients.{VITAMIN_D}.links[0].id",
        id="bad-claim-id",
    ),
    pytest.param(
        _set(["nutrients", IRON, "links", 1, "id"], RAW["nutrients"][IRON]["links"][0]["id"]),
        f"nutrients.{IRON}.links[1].id",
        id="duplicate-claim-id",
    ),
    pytest.param(_delete(["statuses", "below_ai"]), "statuses.below_ai", id="missing-status"),
    pytest.param(
        _set(["statuses", "meets", "text"], "{nutrient} is fine"),
        "statuses.meets.text",
        id="bad-placeholder",
    ),
    pytest.param(
        _delete(["documents", FIRST_DOC, "file"]),
        f"documents.{FIRST_DOC}.file",
        id="document-without-file",
    ),
    pytest.param(
        _set(["references", FIRST_DOC], {"title": "x", "citation": "y"}),
        f"references.{FIRST_DOC}",
        id="source-id-used-twice",
    ),
    pytest.param(_set(["disclaimer"], "   "), "disclaimer", id="blank-disclaimer"),
    pytest.param(_set(["red_flags", "see_a_gp"], []), "red_flags.see_a_gp", id="no-gp-red-flags"),
    pytest.param(
        _set(["evidence_scale"], dict(reversed(list(RAW["evidence_scale"].items())))),
        "evidence_scale",
        id="scale-out-of-order",
    ),
]


@pytest.mark.parametrize(("mutate", "key"), INVALID)
def test_invalid_data_names_the_key_path(tmp_path: Path, mutate: Mutation, key: str) -> None:
    raw = copy.deepcopy(RAW)
    mutate(raw)
    path = tmp_path / "explanations.yaml"
    path.write_text(_dump(raw), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        ex.load_explanations(path)
    assert caught.value.key == key
    assert caught.value.source == str(path)
    assert repr(key) in str(caught.value)


def test_an_unchanged_dump_loads(tmp_path: Path) -> None:
    # The control for the table above: the dump itself is valid, so each error is the mutation's.
    path = tmp_path / "explanations.yaml"
    path.write_text(_dump(RAW), encoding="utf-8")
    loaded = ex.load_explanations(path)
    assert loaded.nutrients == ex.load_explanations().nutrients
    assert loaded.path == str(path)


_REAL_LINES = (
    (resources.files("nutricheck") / "data" / "explanations.yaml")
    .read_text(encoding="utf-8")
    .splitlines()
)
_BROKEN_AT = next(i for i, line in enumerate(_REAL_LINES, 1) if line.startswith("documents:")) + 1

MALFORMED = [
    pytest.param("disclaimer: a\nevidence_scale:\n\tstrong: x\n", 3, id="tab-indent"),
    pytest.param("disclaimer: a: b\n", 1, id="colon-in-plain-value"),
    pytest.param("documents:\n  a: 1\n b: 2\n", 3, id="bad-dedent"),
    pytest.param("disclaimer: one\ndisclaimer: two\n", 2, id="duplicate-key"),
    pytest.param("nutrients:\n  x: {a: 1, a: 2}\n", 2, id="duplicate-key-in-flow"),
    pytest.param(
        "\n".join(
            [*_REAL_LINES[: _BROKEN_AT - 1], "  broken: a: b", *_REAL_LINES[_BROKEN_AT - 1 :]]
        ),
        _BROKEN_AT,
        id="real-file-with-a-broken-line",
    ),
]


@pytest.mark.parametrize(("text", "line"), MALFORMED)
def test_malformed_yaml_names_the_line(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        ex.load_explanations(path)
    assert caught.value.line == line
    assert caught.value.source == str(path)
    assert f"line {line}" in str(caught.value)


NOT_A_MAPPING = [
    pytest.param("", id="empty-file"),
    pytest.param("- a list\n", id="top-level-list"),
    pytest.param("just text\n", id="top-level-scalar"),
]


@pytest.mark.parametrize("text", NOT_A_MAPPING)
def test_a_file_that_is_not_a_mapping(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match="expected a mapping"):
        ex.load_explanations(path)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read") as caught:
        ex.load_explanations(tmp_path / "nope.yaml")
    assert caught.value.source == str(tmp_path / "nope.yaml")


# --------------------------------------------------------------------------------------------------
# explain() and explain_shortfalls()

SHORTFALL_CASES = [
    pytest.param({}, (), (), id="nothing-assessed"),
    pytest.param(dict.fromkeys(nutrients.TARGET_KEYS, "meets"), (), (), id="all-met"),
    pytest.param(
        {
            IRON: "very_likely_short",
            VITAMIN_D: "possibly_short",
            POTASSIUM: "below_ai",
            MAGNESIUM: "meets",
            CALCIUM: "over_ul",
            SODIUM: "above_cdrr",
            THIAMIN: "unknown",
        },
        (IRON, VITAMIN_D, POTASSIUM),
        (THIAMIN,),
        id="one-of-each-status",
    ),
    pytest.param(
        # Given out of order: explanations still come in registry order.
        {SODIUM: "below_ai", MAGNESIUM: "very_likely_short", IRON: "possibly_short"},
        (IRON, MAGNESIUM, SODIUM),
        (),
        id="registry-order",
    ),
    pytest.param(
        dict.fromkeys(nutrients.TARGET_KEYS, "unknown"),
        (),
        nutrients.TARGET_KEYS,
        id="no-data-at-all",
    ),
]


@pytest.mark.parametrize(("statuses", "explained", "no_data"), SHORTFALL_CASES)
def test_explain_shortfalls_keeps_only_shortfalls(
    statuses: dict[str, str], explained: tuple[str, ...], no_data: tuple[str, ...]
) -> None:
    result = ex.explain_shortfalls(statuses)
    assert tuple(e.nutrient for e in result.explanations) == explained
    assert all(e.is_shortfall for e in result.explanations)
    assert result.no_data == no_data
    # The shared parts come once, whether or not anything is short.
    assert result.other_factors
    assert result.red_flags.urgent
    assert result.red_flags.see_a_gp
    assert result.disclaimer == ex.load_explanations().disclaimer


@given(st.dictionaries(st.sampled_from(nutrients.TARGET_KEYS), st.sampled_from(ex.STATUSES)))
def test_explain_shortfalls_property(statuses: dict[str, str]) -> None:
    result = ex.explain_shortfalls(statuses)
    expected = [k for k in nutrients.TARGET_KEYS if statuses.get(k) in ex.SHORTFALL_STATUSES]
    assert [e.nutrient for e in result.explanations] == expected
    assert [e.status for e in result.explanations] == [statuses[k] for k in expected]
    as_json = json.dumps(result.to_dict(), ensure_ascii=False)
    assert json.loads(as_json) == result.to_dict()


# (status, phrase the wording must contain)
STATUS_WORDING = [
    pytest.param("very_likely_short", "Estimated Average Requirement", id="below-ear"),
    pytest.param("possibly_short", "Recommended Dietary Allowance", id="between-ear-and-rda"),
    pytest.param("below_ai", "cannot be judged a deficit", id="below-ai"),
    pytest.param("meets", "over many days", id="meets"),
    pytest.param("over_ul", "Upper Intake Level", id="over-ul"),
    pytest.param("above_cdrr", "not a toxicity", id="above-cdrr"),  # sodium only, in practice
    pytest.param("unknown", "never counted as zero", id="unknown"),
]


@pytest.mark.parametrize(("status", "phrase"), STATUS_WORDING)
def test_wording_differs_by_status(status: str, phrase: str) -> None:
    explanation = ex.explain(POTASSIUM, status)
    assert phrase in explanation.status_text
    assert explanation.status_text.startswith(nutrients.get(POTASSIUM).name)
    assert "{" not in explanation.status_text
    assert explanation.status_sources
    assert explanation.is_shortfall == (status in ex.SHORTFALL_STATUSES)


def test_statuses_are_those_of_assess_and_all_worded() -> None:
    assert set(ex.load_explanations().statuses) == set(ex.STATUSES)
    assert set(ex.SHORTFALL_STATUSES) == set(assess.SHORTFALL_STATUSES)
    assert set(ex.SHORTFALL_STATUSES) == {"very_likely_short", "possibly_short", "below_ai"}
    assert {"meets", "over_ul", "above_cdrr", "unknown"} <= set(ex.STATUSES)


BAD_CALLS = [
    pytest.param(lambda: ex.explain("zinc", "possibly_short"), KeyError, id="unknown-nutrient"),
    pytest.param(lambda: ex.explain(NOT_EXPLAINED, "possibly_short"), KeyError, id="not-a-target"),
    pytest.param(lambda: ex.explain(IRON, "deficient"), ValueError, id="unknown-status"),
    pytest.param(
        lambda: ex.explain_shortfalls({"zinc": "meets"}), KeyError, id="shortfalls-unknown-key"
    ),
    pytest.param(
        lambda: ex.explain_shortfalls({IRON: "low"}), ValueError, id="shortfalls-unknown-status"
    ),
]


@pytest.mark.parametrize(("call", "error"), BAD_CALLS)
def test_bad_calls_raise(call: Callable[[], object], error: type[Exception]) -> None:
    with pytest.raises(error):
        call()


def test_bundled_data_is_read_through_importlib_resources_and_cached() -> None:
    data = ex.load_explanations()
    assert data is ex.load_explanations()
    assert data.path.endswith("explanations.yaml")


def test_results_are_frozen() -> None:
    explanation = ex.explain(IRON, "possibly_short")
    with pytest.raises(AttributeError):
        explanation.status = "meets"  # type: ignore[misc]


# --------------------------------------------------------------------------------------------------
# Rendering

ALL_SHORT = dict.fromkeys(nutrients.TARGET_KEYS, "very_likely_short")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_text_puts_sources_and_evidence_after_every_claim() -> None:
    result = ex.explain_shortfalls(ALL_SHORT)
    flat = _flat(ex.format_explanations_text(result))
    claims = [link for e in result.explanations for link in e.links]
    for claim in claims:
        grade = claim.evidence.replace("_", " ") if claim.evidence else ""
        expected = (
            f"- {claim.text} Sources: {'; '.join(s.label for s in claim.sources)} "
            f"Evidence: {grade} - {claim.evidence_note}"
        )
        assert _flat(expected) in flat, claim.id
    for factor in result.other_factors:
        assert _flat(f"{factor.topic}: {factor.text} Sources:") in flat
    assert "Evidence: weak - " in flat


@pytest.mark.parametrize("width", [60, 88, 100], ids=["narrow", "default", "wide"])
def test_text_is_wrapped(width: int) -> None:
    text = ex.format_explanations_text(ex.explain_shortfalls(ALL_SHORT), width=width)
    assert max(len(line) for line in text.splitlines()) <= width


RENDERERS = [
    pytest.param(ex.format_explanations_text, id="text"),
    pytest.param(ex.format_explanations_markdown, id="markdown"),
]


@pytest.mark.parametrize("render", RENDERERS)
def test_renderers_show_disclaimer_red_flags_and_no_data(
    render: Callable[[ex.ExplanationSet], str],
) -> None:
    result = ex.explain_shortfalls({MAGNESIUM: "possibly_short", VITAMIN_E: "unknown"})
    out = render(result)
    flat = _flat(out)
    assert _flat(result.disclaimer) in flat
    assert nutrients.get(MAGNESIUM).name in out
    assert f"no data): {nutrients.get(VITAMIN_E).name}" in out
    for statement in (*result.red_flags.urgent, *result.red_flags.see_a_gp):
        assert _flat(statement.text) in flat
    for source in result.sources():
        assert source.title in out


@pytest.mark.parametrize("render", RENDERERS)
def test_renderers_say_when_nothing_is_short(render: Callable[[ex.ExplanationSet], str]) -> None:
    out = render(ex.explain_shortfalls(dict.fromkeys(nutrients.TARGET_KEYS, "meets")))
    assert "No nutrient was short of its target" in out


def test_markdown_structure() -> None:
    md = ex.format_explanations_markdown(ex.explain_shortfalls({MAGNESIUM: "possibly_short"}))
    assert f"## {nutrients.get(MAGNESIUM).name}: between the EAR and the RDA" in md
    assert "**Evidence: weak** - " in md
    assert "## When to see a doctor" in md
    assert "`002_fbe74ef4ea91ffb8.txt`" in md


def test_renderers_can_nest_under_a_report_heading() -> None:
    result = ex.explain_shortfalls({MAGNESIUM: "possibly_short"})
    text = ex.format_explanations_text(result, title=None)
    assert ex.TITLE not in text
    assert text.startswith(result.disclaimer.split()[0])
    md = ex.format_explanations_markdown(result, level=2, title=None)
    assert not re.search(r"^#{1,2} ", md, flags=re.M)
    assert f"### {nutrients.get(MAGNESIUM).name}: " in md
    assert "#### Cautions" in md
    with pytest.raises(ValueError, match="level"):
        ex.format_explanations_markdown(result, level=5)


def test_sources_are_listed_once_in_first_cited_order() -> None:
    sources = ex.explain_shortfalls(ALL_SHORT).sources()
    ids = [s.id for s in sources]
    assert len(ids) == len(set(ids))
    assert set(RAW["documents"]) <= set(ids)


# --------------------------------------------------------------------------------------------------
# Nothing heavy on import


@pytest.mark.slow
def test_import_pulls_in_neither_pandas_nor_pint() -> None:
    code = "import sys, nutricheck.explain; print(sorted({'pandas', 'pint'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
