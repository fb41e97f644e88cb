"""The library for meal-planning apps: nutricheck.analyze(source, profile) -> Report (issue 4).

Expected totals come from the hand-worked tests/data/logs/runner_day.expected.yaml.
"""

from __future__ import annotations

import dataclasses
import json

import jsonschema
import pytest
from conftest import NUTRIENT_KEYS, ROOT, TARGET_KEYS
from logcases import case

import nutricheck
from nutricheck import FoodAmount, Profile, analyze

SCHEMA = json.loads((ROOT / "docs" / "report-schema.json").read_text(encoding="utf-8"))
RUNNER = case("runner_day")
PERSON = Profile(sex="female", age_years=34)


def _sources():
    """The same day in every form analyze accepts."""
    text = RUNNER.path.read_text(encoding="utf-8")
    foods = [x for x in RUNNER.expected["entries"]]
    return [
        ("text", text),
        ("list-of-lines", text.splitlines()),
        ("generator-of-lines", (line for line in text.splitlines())),
        ("path", RUNNER.path),
        ("mappings", [{"food_key": x["food_key"], "grams": x["grams"]} for x in foods]),
        ("food-amounts", [FoodAmount(x["food_key"], x["grams"], x["text"]) for x in foods]),
    ]


@pytest.mark.parametrize(("kind", "source"), _sources(), ids=[s[0] for s in _sources()])
def test_every_source_gives_the_hand_worked_totals(kind, source):
    report = analyze(source, PERSON)
    for key in NUTRIENT_KEYS:
        assert report.totals[key].value == pytest.approx(
            RUNNER.expected["totals"][key], rel=1e-9
        ), (kind, key)
    assert {k: report.totals[k].status for k in TARGET_KEYS} == RUNNER.expected["status"]


def test_source_names():
    assert analyze(RUNNER.path, PERSON).source == str(RUNNER.path)
    assert analyze("1 cup milk", PERSON).source == "<text>"
    assert analyze(["1 cup milk"], PERSON).source == "<lines>"
    assert analyze([FoodAmount("fndds:11100000", 244)], PERSON).source == "<entries>"


def test_structured_entries_skip_parsing_and_keep_the_label():
    report = analyze([FoodAmount("sr28:09040", 118, "my banana")], PERSON)
    (entry,) = report.entries
    assert (entry.text, entry.food_key, entry.grams, entry.match_kind) == (
        "my banana",
        "sr28:09040",
        118,
        "key",
    )
    # Bananas, raw (sr28:09040): potassium 358 mg/100 g x 118 g = 422.44 mg.
    assert report.totals["potassium_mg"].value == pytest.approx(358 * 1.18)


def test_structured_entries_with_a_bad_row_report_it_and_keep_the_rest():
    report = analyze(
        [
            {"food_key": "sr28:09040", "grams": 118},
            {"food_key": "sr28:00000", "grams": 50},
            {"food_key": "sr28:09040", "grams": -5},
        ],
        PERSON,
    )
    assert [(e.line, e.status) for e in report.entries] == [
        (1, "ok"),
        (2, "unknown_food"),
        (3, "unconvertible"),
    ]
    assert all(e.reason for e in report.unparsed)
    assert report.totals["potassium_mg"].value == pytest.approx(358 * 1.18)


def test_a_structured_entry_without_grams_is_an_error_naming_it():
    with pytest.raises(nutricheck.DataFileError, match="food_key and grams"):
        analyze([{"food_key": "sr28:09040"}], PERSON)


# ----------------------------------------------------------------------------------- Report
@pytest.fixture(scope="module")
def report():
    return analyze(RUNNER.path, PERSON)


@pytest.mark.parametrize(
    "attribute", ["totals", "entries", "shortfalls", "explanations", "suggestions", "profile"]
)
def test_report_is_frozen(report, attribute):
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(report, attribute, None)


def test_results_inside_the_report_are_frozen(report):
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.totals["iron_mg"].value = 99.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.entries[0].grams = 1.0  # type: ignore[misc]
    assert isinstance(report.entries, tuple)
    assert isinstance(report.shortfalls, tuple)


def test_report_mappings_cannot_be_changed():
    report = analyze(RUNNER.path, PERSON)  # its own report: the shared one must stay intact
    for mapping in (report.totals, report.suggestions):
        try:
            mapping["iron_mg"] = None  # type: ignore[index]
        except TypeError:
            continue
        raise AssertionError("a report mapping accepted an assignment")


def test_to_dict_validates_against_the_schema(report):
    data = report.to_dict()
    jsonschema.validate(data, SCHEMA)
    assert (
        data["schema_version"]
        == SCHEMA["properties"]["schema_version"]["const"]
        == nutricheck.Report.schema_version
    )
    assert json.loads(json.dumps(data)) == data  # JSON-ready: no sets, tuples or dataclasses left
    assert set(data["totals"]) == set(NUTRIENT_KEYS)


def test_to_dict_of_a_messy_day_validates_too():
    messy = case("messy_day")
    data = analyze(messy.path, messy.person()).to_dict()
    jsonschema.validate(data, SCHEMA)
    assert [u["line"] for u in data["unparsed"] if u["text"].strip()] == [3, 5, 6]


def test_the_schema_rejects_a_report_without_a_version(report):
    data = report.to_dict()
    del data["schema_version"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


def test_to_frame_has_a_row_per_nutrient_with_named_columns(report):
    from nutricheck import nutrients

    frame = report.to_frame()
    assert list(frame.index) == list(NUTRIENT_KEYS)
    assert frame.index.name == "nutrient"
    assert {
        "name",
        "value",
        "unit",
        "target",
        "target_kind",
        "percent",
        "status",
        "coverage",
    } <= set(frame.columns)
    assert list(frame["unit"]) == [nutrients.get(k).unit for k in NUTRIENT_KEYS]
    for key in NUTRIENT_KEYS:
        assert frame.loc[key, "value"] == pytest.approx(RUNNER.expected["totals"][key], abs=1e-3)
    assert frame.loc["iron_mg", "target"] == 18
    assert frame.loc["iron_mg", "target_kind"] == "RDA"
    assert list(frame.loc[list(TARGET_KEYS), "status"]) == [
        RUNNER.expected["status"][k] for k in TARGET_KEYS
    ]


def test_public_names(report):
    assert {"analyze", "Profile", "Report", "FoodAmount", "NutrientResult"} <= set(
        nutricheck.__all__
    )
    assert isinstance(report, nutricheck.Report)
    assert isinstance(report.totals["iron_mg"], nutricheck.NutrientResult)


def test_energy_has_no_target_and_is_not_judged(report):
    # The DRIs used here give no energy target, so energy must not read as "meets the target".
    energy = report.totals["energy_kcal"]
    assert energy.target is None
    assert energy.status == "no_target"
    assert not energy.shortfall
