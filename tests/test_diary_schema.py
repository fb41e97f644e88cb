"""The diary report's JSON against docs/diary-report-schema.json, for every diary format, listed
and too large to list; and what its per-day totals leave to the summary."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import ROOT
from referencing import Registry, Resource

from nutricheck import days
from nutricheck.days import build_diary_report, build_generic_report
from nutricheck.diary import read_diary
from nutricheck.profile import Profile
from nutricheck.render.days import render_days

DOCS = ROOT / "docs"
DIARIES = ROOT / "tests" / "data" / "diaries"
PERSON = Profile.create("female", 34)


def _schema(name: str) -> dict:
    return json.loads((DOCS / name).read_text(encoding="utf-8"))


SCHEMA = _schema("diary-report-schema.json")
DAY_SCHEMA = _schema("report-schema.json")
# the diary schema refers to the one-day report's entry, suggestion and total by its $id
REGISTRY = Registry().with_resource(DAY_SCHEMA["$id"], Resource.from_contents(DAY_SCHEMA))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, registry=REGISTRY)


def _check(report) -> dict:
    data = json.loads(render_days(report, "json"))
    errors = sorted(VALIDATOR.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    return data


@pytest.mark.parametrize(
    "name",
    [
        "generic_structured.csv",
        "generic_text.csv",
        "cronometer_servings.csv",
        "cronometer_daily.csv",
        "mfp_summary.csv",
        "loseit_food_logs.csv",
    ],
)
def test_each_format_matches_the_schema(name):
    data = _check(build_diary_report(read_diary(DIARIES / name), PERSON))
    assert data["kind"] == "diary"
    assert data["days"], name


def test_the_example_week_matches_the_schema_and_lists_its_entries():
    data = _check(build_generic_report(ROOT / "examples" / "week.csv", PERSON))
    assert data["entries_listed"] is True
    assert all(d["entries"] for d in data["days"])
    assert any(t["top_sources"] for d in data["days"] for t in d["totals"].values())


def test_a_diary_too_large_to_list_matches_the_schema(monkeypatch):
    monkeypatch.setattr(days, "LIST_LIMIT", 5)
    data = _check(build_generic_report(ROOT / "examples" / "week.csv", PERSON))
    assert data["entries_listed"] is False
    assert not any("entries" in d for d in data["days"])


def test_a_day_total_names_its_nutrient_only_in_the_summary():
    report = build_generic_report(ROOT / "examples" / "week.csv", PERSON)
    data = _check(report)
    iron = report.summary["iron_mg"].result
    assert data["summary"]["nutrients"]["iron_mg"]["unit"] == "mg"
    assert data["summary"]["nutrients"]["iron_mg"]["target"] == iron.target.value
    first = data["days"][0]["totals"]["iron_mg"]
    assert "target" not in first
    assert "unit" not in first
    assert "status_label" not in first
    # the day's value against the target the summary gives, as the report computed it
    day = report.days[0].totals["iron_mg"]
    assert first["value"] == round(day.value, 3)
    assert first["percent"] == round(100 * day.value / iron.target.value, 1)
    assert data["status_labels"][first["status"]]
