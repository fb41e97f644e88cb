"""``--online``: foods no table knows, looked up in FoodData Central, against a real local server.

A pytest-httpserver replays the recorded FDC answers in tests/data/fdc/recorded/ (copied unchanged
from ../shared/data/fdc-api-samples/): the 2019 "big mac" search with the full SR Legacy
detail of fdc 170720, and the Foundation "cheddar cheese" search with the abridged detail of
328637 (whose full format answers 404, an API quirk). Expected grams and nutrients are worked out
here from the recorded JSON (per-100 g ``amount`` x grams / 100), never taken from nutricheck.

The food table is one without those foods: a foods CSV for ``parse --foods``, and for ``report``
(whose suggestions need the foods and portions of data/suggestions.csv, which ``--foods`` cannot
give) the bundled foods of data/suggestions.csv plus one egg, put in place of the CLI's table.
No test reaches the internet, and none lets the API key appear in any output, log or cache file.
"""

from __future__ import annotations

import csv
import json
import logging
import socket
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from nutricheck import cli as cli_module
from nutricheck.cli import cli
from nutricheck.entries import EntryReader
from nutricheck.fdc.cache import FDCCache
from nutricheck.fdc.client import FDCClient
from nutricheck.fdc.lookup import GENERIC_TYPES, FDCLookup, best_hit
from nutricheck.fdc.parse import parse_search
from nutricheck.foods import Food, FoodTable, default_table
from nutricheck.profile import Profile
from nutricheck.report import analyze

KEY = "sEcReT-online-key-0123456789abcdef"
API = "/fdc/v1"
# Real FDC answers, copied unchanged (public domain; provenance and sha256 in its README).
SAMPLES = Path(__file__).resolve().parent / "data" / "fdc" / "recorded"
BIG_MAC_SEARCH = "DanClowry_FoodDataCentral.NET/BigMacSearch.json"
BIG_MAC_FOOD = "DanClowry_FoodDataCentral.NET/BigMacFood.json"
CHEDDAR_SEARCH = "trellislabs-hq_fooddata-central-mcp/cheddar-cheese.search-foundation.json"
CHEDDAR_ALL = "trellislabs-hq_fooddata-central-mcp/cheddar-cheese.search-all.json"
CHEDDAR_ABRIDGED = "trellislabs-hq_fooddata-central-mcp/food-328637.detail-abridged.json"
GENERIC = "Foundation,SR Legacy,Survey (FNDDS)"
NOTE_170720 = "looked up in FoodData Central (fdc_id 170720, SR Legacy)"

# Nutrient key -> FDC nutrient number, as FDC's nutrient.csv lists them (the recorded answers give
# every one of these in the registry's unit, mg or kcal; the helpers below check that).
FDC_NUMBERS = {
    "iron_mg": "303",
    "calcium_mg": "301",
    "magnesium_mg": "304",
    "potassium_mg": "306",
    "sodium_mg": "307",
    "thiamin_mg": "404",
    "energy_kcal": "208",
}


def sample(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def recorded_per_100g(detail: dict) -> dict[str, float]:
    """Per-100 g amounts of the recorded detail (full or abridged), read straight off the JSON."""
    out = {}
    for item in detail["foodNutrients"]:
        inner = item.get("nutrient", item)
        for key, number in FDC_NUMBERS.items():
            if inner.get("number") == number and item.get("amount") is not None:
                assert inner["unitName"].lower() == key.rsplit("_", 1)[1], (key, inner["unitName"])
                out[key] = float(item["amount"])
    assert set(out) == set(FDC_NUMBERS)
    return out


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def fdc(server, monkeypatch):
    server.clear()
    monkeypatch.setenv("FDC_API_KEY", KEY)
    monkeypatch.setenv("FDC_API_URL", server.url_for(API))
    yield server
    server.clear()


@pytest.fixture(autouse=True)
def _key_never_leaks(caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    yield
    assert KEY not in caplog.text
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert KEY not in path.read_text(encoding="utf-8", errors="replace"), path


@pytest.fixture
def foods_csv(tmp_path) -> Path:
    path = tmp_path / "foods.csv"
    path.write_text("food_key,description,iron_mg\nmy:egg,Egg,1.8\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small_table() -> FoodTable:
    """The bundled foods data/suggestions.csv needs (so a report can suggest foods), and an egg."""
    bundled = default_table()
    with (resources.files("nutricheck") / "data" / "suggestions.csv").open(encoding="utf-8") as fh:
        keys = list(dict.fromkeys(row["food_key"] for row in csv.DictReader(fh)))
    egg = Food(key="my:egg", description="Egg", per_100g={"iron_mg": 1.8})
    return FoodTable([bundled[k] for k in keys] + [egg])


@pytest.fixture
def report_table(small_table, monkeypatch):
    monkeypatch.setattr(cli_module, "_load_table", lambda foods_path: small_table)
    return small_table


def serve_big_mac(server: HTTPServer, query: str = "big mac") -> None:
    server.expect_request(
        f"{API}/foods/search",
        query_string={"query": query, "dataType": GENERIC, "pageSize": "25", "pageNumber": "1"},
    ).respond_with_json(sample(BIG_MAC_SEARCH))
    server.expect_request(f"{API}/food/170720", query_string={"format": "full"}).respond_with_json(
        sample(BIG_MAC_FOOD)
    )


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def requests_made(server: HTTPServer) -> list[str]:
    return [req.path for req, _ in server.log]


def assert_clean(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert KEY not in result.output


# ----------------------------------------------------------------------------------- found online


def test_parse_json_says_the_food_was_looked_up(fdc, tmp_path, foods_csv):
    serve_big_mac(fdc)
    log = tmp_path / "day.txt"
    log.write_text("200 g big mac\nbig mac\n", encoding="utf-8")
    result = run("parse", str(log), "--foods", str(foods_csv), "--online", "--format", "json")
    assert_clean(result)
    assert result.exit_code == 0
    entries = json.loads(result.stdout)["entries"]
    portion = sample(BIG_MAC_FOOD)["foodPortions"][0]
    expected = [(200.0, None, False), (portion["gramWeight"], "1 item 7.6 oz", True)]
    for entry, (grams, used, assumed) in zip(entries, expected, strict=True):
        assert entry["status"] == "ok"
        assert entry["food"] == {"key": "fdc:170720", "description": "McDONALD'S, BIG MAC"}
        assert entry["match"]["kind"] == "fdc"
        assert entry["notes"][0] == NOTE_170720
        assert entry["grams"] == grams
        assert (entry["portion"], entry["assumed"]) == (used, assumed)
    # One search and one detail for both lines: the same food text is looked up once.
    assert requests_made(fdc) == [f"{API}/foods/search", f"{API}/food/170720"]


def test_parse_text_says_the_food_was_looked_up(fdc, foods_csv):
    # The session shown in docs/fdc.md.
    serve_big_mac(fdc)
    result = CliRunner().invoke(
        cli, ["parse", "-", "--foods", str(foods_csv), "--online"], input="200 g big mac\nbig mac\n"
    )
    assert_clean(result)
    assert result.stdout == (
        "   1  200 g big mac\n"
        "      -> 200 g McDONALD'S, BIG MAC = 200 g [fdc 1.0]\n"
        f"         {NOTE_170720}\n"
        "   2  big mac\n"
        "      -> McDONALD'S, BIG MAC = 219 g (assumed 1 item 7.6 oz) [fdc 1.0]\n"
        f"         {NOTE_170720}\n"
    )


def test_report_counts_the_food_looked_up(fdc, tmp_path, report_table):
    serve_big_mac(fdc)
    log = tmp_path / "day.txt"
    log.write_text("200 g big mac\n200 g big mac\n", encoding="utf-8")
    args = ["report", str(log), "--sex", "female", "--age", "34", "--online"]
    result = run(*args, "--format", "json")
    assert_clean(result)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    entry, again = data["entries"]
    assert again == {**entry, "line": 2}
    assert entry["status"] == "ok"
    assert entry["match"]["kind"] == "fdc"
    assert NOTE_170720 in entry["notes"]
    per_100g = recorded_per_100g(sample(BIG_MAC_FOOD))
    for key, value in per_100g.items():
        assert entry["nutrients"][key]["value"] == pytest.approx(value * 200 / 100, abs=1e-3), key
        assert data["totals"][key]["value"] == pytest.approx(value * 400 / 100, abs=1e-3), key
    # The recorded detail has no vitamin D, E: unknown, never zero.
    assert entry["nutrients"]["vitamin_d_ug"]["value"] is None
    assert entry["nutrients"]["vitamin_e_mg"]["value"] is None
    assert any(
        "Looked up in USDA FoodData Central" in n and "fdc:170720" in n for n in data["notes"]
    )

    text = run(*args)
    assert_clean(text)
    assert "line 1: 200 g big mac -> McDONALD'S, BIG MAC, 200 g" in text.stdout
    assert (
        "Looked up in USDA FoodData Central (--online) and cached for offline use: "
        "McDONALD'S, BIG MAC (fdc:170720, SR Legacy) for lines 1, 2."
    ) in text.stdout.replace("\n", " ")


def test_foundation_food_after_the_full_format_404(fdc, foods_csv):
    # 328637's full format answers 404 with an empty body; the abridged one has the nutrients.
    fdc.expect_request(
        f"{API}/foods/search",
        query_string={
            "query": "cheddar cheese",
            "dataType": GENERIC,
            "pageSize": "25",
            "pageNumber": "1",
        },
    ).respond_with_json(sample(CHEDDAR_SEARCH))
    fdc.expect_request(f"{API}/food/328637", query_string={"format": "full"}).respond_with_data(
        "", status=404
    )
    fdc.expect_request(f"{API}/food/328637", query_string={"format": "abridged"}).respond_with_json(
        sample(CHEDDAR_ABRIDGED)
    )
    reader = EntryReader(FoodTable.load(foods_csv), online=FDCLookup())
    [entry] = reader.read_lines(["30 g cheddar cheese"])
    assert entry.status == "ok"
    assert (entry.food_key, entry.description) == ("fdc:328637", "Cheese, cheddar")
    assert entry.notes[0] == "looked up in FoodData Central (fdc_id 328637, Foundation)"
    assert entry.grams == 30
    for key, value in recorded_per_100g(sample(CHEDDAR_ABRIDGED)).items():
        assert entry.nutrients[key] == pytest.approx(value * 30 / 100), key


def test_library_analyze_online(fdc, tmp_path, small_table):
    serve_big_mac(fdc)
    client = FDCClient(api_key=KEY, base_url=fdc.url_for(API), cache=FDCCache(tmp_path / "c"))
    report = analyze(
        "200 g big mac\n2 egg",
        Profile(sex="female", age_years=34),
        table=small_table,
        online=FDCLookup(client),
    )
    assert [e.match_kind for e in report.entries] == ["fdc", "exact"]
    assert report.entries[0].nutrients["iron_mg"] == pytest.approx(2.0 * 200 / 100)
    assert any("Looked up in USDA FoodData Central" in n for n in report.notes)


# ------------------------------------------------------------------------------------ the cache


def test_second_run_uses_the_cache(fdc, tmp_path, foods_csv, monkeypatch):
    serve_big_mac(fdc)
    log = tmp_path / "day.txt"
    log.write_text("200 g big mac\n", encoding="utf-8")
    args = ["parse", str(log), "--foods", str(foods_csv), "--online", "--format", "json"]
    first = run(*args)
    assert json.loads(first.stdout)["entries"][0]["status"] == "ok"
    assert len(fdc.log) == 2

    # The same server, asked nothing: the decision "big mac" -> 170720 and the food are cached.
    again = run(*args)
    assert again.stdout == first.stdout
    assert len(fdc.log) == 2

    # The server gone: the same from the cache; a food never looked up fails, cleanly.
    monkeypatch.setenv("FDC_API_URL", f"http://127.0.0.1:{closed_port()}{API}")
    log.write_text("200 g big mac\n100 g cheese gel\n", encoding="utf-8")
    offline = run(*args)
    assert_clean(offline)
    assert offline.exit_code == 0
    found, missing = json.loads(offline.stdout)["entries"]
    assert found == json.loads(first.stdout)["entries"][0]
    assert missing["status"] == "unknown_food"
    assert "the online lookup failed: FoodData Central could not be reached" in missing["reason"]


def test_nothing_fits_is_unknown_and_remembered(fdc, foods_csv):
    # Neither the generic foods nor the Branded cheddars are "crunchy space cheese".
    fdc.expect_request(
        f"{API}/foods/search",
        query_string={
            "query": "crunchy space cheese",
            "dataType": GENERIC,
            "pageSize": "25",
            "pageNumber": "1",
        },
    ).respond_with_json(sample(CHEDDAR_SEARCH))
    fdc.expect_request(
        f"{API}/foods/search",
        query_string={
            "query": "crunchy space cheese",
            "dataType": "Branded",
            "pageSize": "25",
            "pageNumber": "1",
        },
    ).respond_with_json(sample(CHEDDAR_ALL))
    for _ in range(2):  # the second time from the cache
        reader = EntryReader(FoodTable.load(foods_csv), online=FDCLookup())
        [entry] = reader.read_lines(["40 g crunchy space cheese"])
        assert entry.status == "unknown_food"
        assert entry.reason == (
            "no food in the table matches 'crunchy space cheese', "
            "nor does any food found in FoodData Central"
        )
    assert requests_made(fdc) == [f"{API}/foods/search"] * 2


# ------------------------------------------------------------------------------------- failures

FAILURES = [
    (500, {"Retry-After": "0"}, "FoodData Central is failing (HTTP 500) after 4 attempts", 4),
    (
        429,
        {"Retry-After": "0"},
        "FoodData Central is rate-limiting us (HTTP 429) after 4 attempts",
        4,
    ),
    (401, {}, "FoodData Central refused the key in FDC_API_KEY (HTTP 401)", 1),
    (403, {}, "FoodData Central refused the key in FDC_API_KEY (HTTP 403)", 1),
]


@pytest.mark.parametrize(
    ("status", "headers", "why", "attempts"), FAILURES, ids=["500", "429", "401", "403"]
)
def test_failure_leaves_foods_unknown_and_says_why(
    fdc, tmp_path, report_table, caplog, status, headers, why, attempts
):
    # The server echoes the key, as a careless proxy might: it must still never be shown.
    body = {"error": {"code": "API_KEY_INVALID", "message": f"bad api_key={KEY} ({KEY})"}}
    fdc.expect_request(f"{API}/foods/search").respond_with_json(
        body, status=status, headers=headers
    )
    log = tmp_path / "day.txt"
    log.write_text("200 g big mac\n50 g egg\n100 g cheese gel\n", encoding="utf-8")
    args = ["report", str(log), "--sex", "female", "--age", "34", "--format", "json"]
    result = run(*args, "--online")
    assert_clean(result)
    assert result.exit_code == 0
    first, egg, second = json.loads(result.stdout)["entries"]
    assert egg["status"] == "ok"
    assert first["status"] == second["status"] == "unknown_food"
    assert first["reason"].startswith(
        f"no food in the table matches 'big mac'; the online lookup failed: {why}"
    )
    assert second["reason"].startswith(
        f"no food in the table matches 'cheese gel'; the online lookup failed: {why}"
    )
    assert second["reason"].endswith("; not asked again after the first failure in this run")
    # The table's suggestions are given as without --online.
    offline = json.loads(run(*args).stdout)["entries"]
    assert [first["suggestions"], second["suggestions"]] == [
        offline[0]["suggestions"],
        offline[2]["suggestions"],
    ]
    assert offline[2]["suggestions"]
    # Only the first unknown food asked (with its retries); one warning for the run.
    assert len(fdc.log) == attempts
    warnings = [r for r in caplog.records if r.name == "nutricheck.fdc.lookup"]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING
    assert why in warnings[0].getMessage()


def test_no_connection_leaves_foods_unknown(tmp_path, foods_csv, monkeypatch, caplog):
    monkeypatch.setenv("FDC_API_KEY", KEY)
    monkeypatch.setenv("FDC_API_URL", f"http://127.0.0.1:{closed_port()}{API}")
    result = CliRunner().invoke(
        cli, ["parse", "-", "--foods", str(foods_csv), "--online"], input="big mac\nquark\n"
    )
    assert_clean(result)
    assert result.exit_code == 0
    assert (
        result.stdout.count("the online lookup failed: FoodData Central could not be reached") == 2
    )
    assert [r.name for r in caplog.records if r.levelno >= logging.WARNING].count(
        "nutricheck.fdc.lookup"
    ) == 1


def test_without_online_no_request_is_made(fdc, tmp_path, foods_csv, report_table):
    serve_big_mac(fdc)
    log = tmp_path / "day.txt"
    log.write_text("200 g big mac\n", encoding="utf-8")
    parsed = run("parse", str(log), "--foods", str(foods_csv), "--format", "json")
    reported = run("report", str(log), "--sex", "female", "--age", "34", "--format", "json")
    for result in (parsed, reported):
        assert_clean(result)
        [entry] = json.loads(result.stdout)["entries"]
        assert entry["status"] == "unknown_food"
        assert entry["reason"] == "no food in the table matches 'big mac'"
    assert fdc.log == []


def test_online_refuses_diary_files(tmp_path):
    diary = tmp_path / "diary.csv"
    diary.write_text("date,meal,text\n2024-05-01,breakfast,2 eggs\n", encoding="utf-8")
    result = run("report", str(diary), "--sex", "female", "--age", "34", "--online")
    assert result.exit_code == 2
    assert "--online reads food logs (text)" in result.output
    assert "Traceback" not in result.output


# ---------------------------------------------------------------------- which hit fits the query

HITS = [
    # FDC ranks "(without Big Mac Sauce)" first; the plain one has fewer words the query lacks.
    ("big mac", BIG_MAC_SEARCH, GENERIC_TYPES, 170720),
    ("mcdonalds big breakfast", BIG_MAC_SEARCH, GENERIC_TYPES, 172064),
    # The sandwich "without Big Mac Sauce" has no sauce, and no other hit names one.
    ("big mac sauce", BIG_MAC_SEARCH, GENERIC_TYPES, None),
    # An activity phrase never fits a food, whatever FDC answers.
    ("went for a run", BIG_MAC_SEARCH, GENERIC_TYPES, None),
    # Branded hits are not taken when generic types were asked for.
    ("cheddar cheese", CHEDDAR_ALL, GENERIC_TYPES, None),
    ("cheddar cheese", CHEDDAR_SEARCH, GENERIC_TYPES, 328637),
    # A misspelling of five letters or more is one edit away.
    ("chedar cheese", CHEDDAR_SEARCH, GENERIC_TYPES, 328637),
    # A Branded food fits by its brand: the first of FDC's Weis cheddars.
    ("weis cheddar cheese", CHEDDAR_ALL, ["Branded"], 2021456),
    ("cheddar cheese", CHEDDAR_ALL, ["Branded"], 2057648),
    ("cheddar cheese sauce", CHEDDAR_ALL, ["Branded"], None),
]


@pytest.mark.parametrize(
    ("query", "answer", "types", "fdc_id"),
    HITS,
    ids=[f"{q}-{a.split('/')[0][:5]}" for q, a, *_ in HITS],
)
def test_best_hit(query, answer, types, fdc_id):
    chosen = best_hit(query, parse_search(sample(answer)), types)
    assert (None if chosen is None else chosen[0].fdc_id) == fdc_id
