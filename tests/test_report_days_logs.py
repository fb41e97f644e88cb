"""Realistic day logs against totals worked out by hand from the food table (issue 4).

Each log in tests/data/logs has an expected file whose per-line values are data/foods.csv rows and
whose grams are data/portions.csv measures or the mass written on the line, with the arithmetic in
comments. These tests first check the expected files against the data files (so a typo in the
arithmetic, or a changed data row, fails here and not mysteriously later), then compare the report
(library and `nutricheck report --format json`) with them: totals, coverage, status per nutrient,
the entry each line became, and the lines that were not understood.
"""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from click.testing import CliRunner
from conftest import NUTRIENT_KEYS, TARGET_KEYS
from logcases import NAMES, case, foods_rows, portion_rows

from nutricheck import analyze
from nutricheck.cli import cli
from nutricheck.render import render

FORMATS = ("text", "json", "csv", "markdown", "html")


def _per_100g(value: str) -> float | None:
    return None if value == "" else float(value)


@pytest.fixture(scope="module", params=NAMES)
def day(request):
    c = case(request.param)
    return c, analyze(c.path, c.person())


@pytest.fixture(scope="module", params=NAMES)
def day_json(request):
    c = case(request.param)
    result = CliRunner().invoke(cli, ["report", str(c.path), *c.cli_profile, "--format", "json"])
    assert result.exit_code == 0, result.output
    return c, json.loads(result.stdout)


# ----------------------------------------------------------------- the expected files are honest
@pytest.mark.parametrize("name", NAMES)
def test_expected_values_are_the_food_table_rows(name):
    rows = foods_rows()
    for e in case(name).expected["entries"]:
        row = rows[e["food_key"]]
        assert e["per_100g"] == {k: _per_100g(row[k]) for k in NUTRIENT_KEYS}, e["line"]


@pytest.mark.parametrize("name", NAMES)
def test_expected_grams_are_the_portion_or_the_stated_mass(name):
    c = case(name)
    lines = c.lines
    for e in c.expected["entries"]:
        assert lines[e["line"] - 1] == e["text"]
        if "portion" in e:
            grams = portion_rows()[(e["food_key"], e["portion"]["description"])]
            assert e["grams"] == pytest.approx(e["portion"]["count"] * grams)
        else:
            assert e["stated"] is True
            assert re.search(rf"\b{e['grams']:g} ?g\b", e["text"]), e["text"]


@pytest.mark.parametrize("name", NAMES)
def test_expected_totals_and_coverage_are_the_sums_of_the_lines(name):
    x = case(name).expected
    all_grams = sum(e["grams"] for e in x["entries"])
    for key in NUTRIENT_KEYS:
        known = [e for e in x["entries"] if e["per_100g"][key] is not None]
        assert x["totals"][key] == pytest.approx(
            sum(e["per_100g"][key] * e["grams"] / 100 for e in known), rel=1e-6
        )
        assert x["coverage"][key] == pytest.approx(
            sum(e["grams"] for e in known) / all_grams, rel=1e-6
        )


@pytest.mark.parametrize("name", NAMES)
def test_every_line_is_either_an_expected_entry_or_expected_not_understood(name):
    x = case(name).expected
    numbered = {n for n, text in enumerate(case(name).lines, start=1) if text.strip()}
    described = [e["line"] for e in x["entries"]] + [u["line"] for u in x["not_understood"]]
    assert sorted(described) == sorted(numbered)


# ----------------------------------------------------------------- the report agrees: library
def test_library_totals(day):
    c, report = day
    for key in NUTRIENT_KEYS:
        r = report.totals[key]
        assert r.value == pytest.approx(c.expected["totals"][key], rel=1e-9, abs=1e-9), key
        assert r.coverage == pytest.approx(c.expected["coverage"][key], rel=1e-6), (
            key
        )  # written to 6 places


def test_library_status_per_nutrient(day):
    c, report = day
    assert {k: report.totals[k].status for k in TARGET_KEYS} == c.expected["status"]
    short = {"very_likely_short", "possibly_short", "below_ai"}
    assert report.shortfalls == tuple(k for k in TARGET_KEYS if c.expected["status"][k] in short)


def test_library_entries_are_the_foods_and_grams_worked_out(day):
    c, report = day
    ok = [e for e in report.entries if e.ok]
    assert [(e.line, e.food_key) for e in ok] == [
        (x["line"], x["food_key"]) for x in c.expected["entries"]
    ]
    for e, x in zip(ok, c.expected["entries"], strict=True):
        assert e.grams == pytest.approx(x["grams"]), e.line
        assert e.assumed is bool(x.get("assumed")), e.line
        if "portion" in x:
            assert e.portion == x["portion"]["description"], e.line


def test_library_percent_is_value_over_target(day):
    from nutricheck.targets import targets_for

    c, report = day
    targets = targets_for(c.person()).by_nutrient
    for key in TARGET_KEYS:
        r = report.totals[key]
        assert r.percent == pytest.approx(100 * c.expected["totals"][key] / targets[key].value)


def test_vegetarian_iron_target_is_18_times_1_8():
    # targets.yaml: females_31_50 iron RDA 18, EAR 8.1; vegetarian modifier x1.8 on both.
    report = analyze(case("vegetarian_day").path, case("vegetarian_day").person())
    iron = report.totals["iron_mg"]
    assert (iron.target.value, iron.target.ear) == (
        pytest.approx(18 * 1.8),
        pytest.approx(8.1 * 1.8),
    )
    # The same food for a non-vegetarian: 18.40 mg >= RDA 18 -> meets.
    from nutricheck import Profile

    assert (
        analyze(case("vegetarian_day").path, Profile.create("female", 34)).totals["iron_mg"].status
        == "meets"
    )


def test_food_magnesium_over_the_supplement_ul_is_not_over_the_ul():
    # runner_day: 546.5 mg magnesium from food, above the 350 mg UL, which counts supplements only.
    c = case("runner_day")
    r = analyze(c.path, c.person()).totals["magnesium_mg"]
    assert r.value > r.target.ul == 350
    assert r.status == "meets"


# ----------------------------------------------------------------- the report agrees: CLI JSON
def test_cli_json_totals_status_coverage(day_json):
    c, data = day_json
    assert data["source"] == str(c.path)
    for key in NUTRIENT_KEYS:
        t = data["totals"][key]
        # to_dict rounds to 3 decimals (0.2775 -> 0.277 in binary floating point): allow 0.001.
        assert t["value"] == pytest.approx(c.expected["totals"][key], abs=1e-3), key
        assert t["coverage"] == pytest.approx(c.expected["coverage"][key], abs=1e-3), key
    assert {k: data["totals"][k]["status"] for k in TARGET_KEYS} == c.expected["status"]


def test_cli_json_entries_carry_their_nutrients(day_json):
    c, data = day_json
    ok = [e for e in data["entries"] if e["status"] == "ok"]
    assert [e["line"] for e in ok] == [x["line"] for x in c.expected["entries"]]
    for e, x in zip(ok, c.expected["entries"], strict=True):
        assert e["food"]["key"] == x["food_key"]
        for key in NUTRIENT_KEYS:
            per = x["per_100g"][key]
            got = e["nutrients"][key]["value"]
            if per is None:
                assert got is None, (e["line"], key)  # unknown stays unknown, not 0
            else:
                assert got == pytest.approx(per * x["grams"] / 100, abs=1e-3), (e["line"], key)


# ----------------------------------------------------------------- every line accounted for
def test_every_non_blank_line_is_an_entry_or_unparsed_with_a_reason(day):
    c, report = day
    numbered = {n for n, text in enumerate(c.lines, start=1) if text.strip()}
    assert numbered <= {e.line for e in report.entries}
    expected = {(u["line"], u["status"], u["text"]) for u in c.expected["not_understood"]}
    got = {(e.line, e.status, e.text) for e in report.unparsed if e.text.strip()}
    assert got == expected
    for e in report.unparsed:
        assert e.reason, e.line


def test_unknown_foods_come_with_suggestions_in_every_format():
    c = case("messy_day")
    report = analyze(c.path, c.person())
    unknown = [e for e in report.unparsed if e.status == "unknown_food"]
    assert [e.line for e in unknown] == [3, 6]
    for e in unknown:
        assert 1 <= len(e.suggestions) <= 5
        assert all(k in foods_rows() for k, _ in e.suggestions)
    # "kale chps" is a typo for kale: the suggestions should offer a kale.
    assert any("kale" in d.lower() for _, d in unknown[1].suggestions)
    data = json.loads(render(report, "json"))
    by_line = {u["line"]: u for u in data["unparsed"]}
    for e in unknown:
        assert by_line[e.line]["reason"] == e.reason
        assert [s["key"] for s in by_line[e.line]["suggestions"]] == [k for k, _ in e.suggestions]
    for fmt in ("text", "markdown", "html"):
        out = unescape(render(report, fmt))
        for e in report.unparsed:
            if e.text.strip():
                assert e.text.strip() in out, (fmt, e.line)
        for e in unknown:
            assert e.suggestions[0][1] in out, fmt


def test_lines_without_an_amount_are_marked_assumed():
    c = case("messy_day")
    report = analyze(c.path, c.person())
    assert [e.line for e in report.entries if e.assumed] == [1, 2]
    assert any("assumed" in n for n in report.notes)
    text = render(report, "text")
    assert "line 2: banana -> Bananas, raw, 118 g (assumed 1 medium" in text


# ----------------------------------------------------------------- coverage
def test_coverage_is_known_grams_over_all_grams():
    c = case("missing_vitamin_d_day")
    report = analyze(c.path, c.person())
    # Gala apple (172 g, "1 medium") and hemp seeds (30 g) have no vitamin D in foods.csv;
    # tempeh (100 g) and milk (244 g, "1 cup") have one.
    vit_d = report.totals["vitamin_d_ug"]
    assert vit_d.coverage == pytest.approx((100 + 244) / (172 + 30 + 100 + 244))
    assert vit_d.coverage_basis == "grams"
    # Known values only: tempeh 0.0 + milk 1.1 x 2.44 = 2.684 ug; the unknown foods add nothing,
    # and the total is a lower bound, not a zero for them.
    assert vit_d.value == pytest.approx(0.0 + 1.1 * 2.44)
    rows = foods_rows()
    assert vit_d.missing == (rows["sr28:09503"]["description"], rows["sr28:12012"]["description"])
    assert vit_d.low_coverage
    # Tempeh has no vitamin E: (172 + 30 + 244) / 546 = 0.817, above the 80% line.
    vit_e = report.totals["vitamin_e_mg"]
    assert vit_e.coverage == pytest.approx((172 + 30 + 244) / 546)
    assert vit_e.missing == (rows["sr28:16114"]["description"],)
    assert not vit_e.low_coverage


def _plain(text: str) -> str:
    return " ".join(unescape(text).split())


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_low_coverage_is_said_and_the_foods_named(fmt):
    c = case("missing_vitamin_d_day")
    report = analyze(c.path, c.person())
    out = _plain(render(report, fmt))
    rows = foods_rows()
    assert "may be low because data is missing" in out
    start = out.index("may be low because data is missing")
    # The section ends at the next heading: "Where it came from" (text), "Entries" (markdown, HTML).
    section = re.split(r"Where it came from|Entries", out[start:])[0]
    assert "Vitamin D" in section
    for key in ("sr28:09503", "sr28:12012"):
        assert rows[key]["description"] in section
    # Vitamin E is 82% known: not listed as possibly low.
    assert "Vitamin E" not in section


def test_low_coverage_in_json():
    c = case("missing_vitamin_d_day")
    data = json.loads(render(analyze(c.path, c.person()), "json"))
    vd = data["totals"]["vitamin_d_ug"]
    assert vd["low_coverage"] is True
    assert vd["coverage"] == pytest.approx(344 / 546, abs=1e-3)
    assert vd["missing_values"] == [
        foods_rows()[k]["description"] for k in ("sr28:09503", "sr28:12012")
    ]
    assert any("may be low because data is missing" in n for n in data["notes"])
    apple = next(e for e in data["entries"] if e["line"] == 1)
    assert apple["nutrients"]["vitamin_d_ug"]["value"] is None


def test_a_nutrient_no_food_has_is_unknown_not_zero():
    from nutricheck import Profile

    # Only the gala apple, which has no vitamin D value in foods.csv.
    report = analyze("1 gala apple", Profile.create("female", 25))
    r = report.totals["vitamin_d_ug"]
    assert (r.value, r.status, r.coverage, r.percent) == (None, "unknown", 0.0, None)
    assert "vitamin_d_ug" not in report.shortfalls
    assert json.loads(render(report, "json"))["totals"]["vitamin_d_ug"]["value"] is None
    line = next(x for x in render(report, "text").splitlines() if x.startswith("Vitamin D"))
    assert line.split()[:3] == ["Vitamin", "D", "unknown"]


# ----------------------------------------------------------------- explanations
@pytest.fixture(scope="module")
def explanations_data():
    import yaml
    from conftest import ROOT

    return yaml.safe_load((ROOT / "data" / "explanations.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def short_of_magnesium():
    c = case("messy_day")
    report = analyze(c.path, c.person())
    assert report.totals["magnesium_mg"].status == "very_likely_short"  # 140.5 mg < EAR 350 mg
    return report


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_magnesium_cramps_link_names_its_documents_and_says_the_evidence_is_weak(
    fmt, short_of_magnesium, explanations_data
):
    out = _plain(render(short_of_magnesium, fmt))
    link = next(
        x for x in explanations_data["nutrients"]["magnesium_mg"]["links"] if x["topic"] == "cramps"
    )
    assert link["evidence"] == "weak"
    claim = " ".join(link["text"].split())
    assert claim in out
    after = out[out.index(claim) :]
    for source in link["sources"]:
        title = explanations_data["documents"][source]["title"]
        assert title in after[:1000], (fmt, title)
    note = " ".join(link["evidence_note"].split())
    assert re.search(r"Evidence: weak\W+" + re.escape(note), after), fmt


def test_magnesium_cramps_evidence_in_json(short_of_magnesium, explanations_data):
    data = json.loads(render(short_of_magnesium, "json"))
    mg = next(x for x in data["explanations"]["explanations"] if x["nutrient"] == "magnesium_mg")
    link = next(x for x in mg["links"] if x["id"] == "cramps")
    documents = explanations_data["documents"]
    assert link["evidence"] == "weak"
    assert [s["title"] for s in link["sources"]] == [
        documents[i]["title"]
        for i in ("heavy_legs_running", "hamstring_cramps", "nocturnal_leg_cramps")
    ]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_report_carries_the_disclaimer(fmt, short_of_magnesium, explanations_data):
    assert " ".join(explanations_data["disclaimer"].split()) in _plain(
        render(short_of_magnesium, fmt)
    )


DIAGNOSES = re.compile(
    r"you (have|had|are|were) (a |an )?(\w+ )?deficien|you are deficient|you have a deficiency",
    re.I,
)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_no_format_tells_anyone_they_are_deficient(name, fmt):
    c = case(name)
    out = _plain(render(analyze(c.path, c.person()), fmt))
    assert not DIAGNOSES.search(out)


def test_the_diagnosis_check_can_fail():
    assert DIAGNOSES.search("Sadly you have a deficiency of iron")
    assert DIAGNOSES.search("You are deficient in magnesium")
    assert DIAGNOSES.search("you have an iron deficiency")
    assert not DIAGNOSES.search("a result below target is not a diagnosis")


def test_a_day_that_meets_everything_has_no_explanations_or_suggestions():
    c = case("meets_all_day")
    report = analyze(c.path, c.person())
    assert report.shortfalls == ()
    assert report.suggestions == {}
    assert report.to_dict()["explanations"]["explanations"] == []
    assert "No nutrient is short of its target" in render(report, "text")


# Regression: a log with no food said "No nutrient is short of its target": it read as all clear.
NOTHING_COUNTED = [
    (
        "only-notes",
        "felt tired, heavy legs\nran 10k",
        "No food was counted, so no nutrient can be judged.",
    ),
    (
        "unknown-food",
        "2 scoops glorbnax powder",
        "No food was counted, so no nutrient can be judged.",
    ),
]


@pytest.mark.parametrize(
    ("text", "sentence"), [c[1:] for c in NOTHING_COUNTED], ids=[c[0] for c in NOTHING_COUNTED]
)
def test_a_report_with_nothing_counted_does_not_say_all_is_well(text, sentence):
    from nutricheck import Profile

    report = analyze(text, Profile.create("female", 34))
    out = render(report, "text")
    assert sentence in out
    assert "No nutrient is short of its target" not in out


@pytest.mark.parametrize("text", ["", "\n  \n"], ids=["empty", "blank"])
def test_an_empty_log_is_an_input_error_not_a_report(text):
    from nutricheck import DataFileError, Profile

    with pytest.raises(DataFileError, match="empty"):
        analyze(text, Profile.create("female", 34))


def test_a_report_with_unknown_nutrients_and_no_shortfall_names_the_unknown(tmp_path):
    from nutricheck import FoodAmount, FoodTable, Profile

    # A made-up food with more than every female 31-50 target per 100 g (iron RDA 18, vitamin E 15,
    # thiamin 1.1, potassium 2600, magnesium 320, calcium 1000, sodium 1500) and no vitamin D value.
    path = tmp_path / "foods.csv"
    path.write_text(
        "food_key,description,iron_mg,vitamin_e_mg,thiamin_mg,potassium_mg,magnesium_mg,calcium_mg,sodium_mg\n"
        "my:all,Everything bar,20,16,1.2,2700,330,1100,1600\n",
        encoding="utf-8",
    )
    from nutricheck.foods import default_table

    table = default_table().merged(FoodTable.load(path))
    report = analyze([FoodAmount("my:all", 100)], Profile.create("female", 34), table=table)
    assert report.shortfalls == ()
    out = render(report, "text")
    assert "No nutrient with data is short of its target; no data for Vitamin D." in out
    assert "No nutrient is short of its target in what was logged." not in out


def test_a_blank_line_is_kept_as_an_entry_but_not_listed_as_not_understood():
    from nutricheck import Profile

    report = analyze("2 large eggs\n\n   \n1 banana", Profile.create("female", 34))
    blank = [e for e in report.entries if e.line in (2, 3)]
    assert [e.status for e in blank] == ["not_food", "not_food"]  # parse shows every line
    assert [e.line for e in report.unparsed] == []
    assert report.to_dict()["unparsed"] == []
    assert "Foods counted: 2 of 2 entries" in render(report, "text")
