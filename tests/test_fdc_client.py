"""nutricheck.fdc.client against a real local HTTP server (pytest-httpserver), never the internet.

The server replays recorded FDC answers (tests/data/fdc/recorded/, copied unchanged from
../shared/data/fdc-api-samples/) and the hand-written ones in tests/data/fdc/, and simulates the failures a client must survive:
429 with Retry-After, 5xx, a slow answer, the full-format 404 quirk, empty and malformed bodies,
refused keys, no server at all. Every test also checks that the API key appears in no exception,
no log record and no cache file (the autouse fixture ``_key_never_leaks``).
"""

from __future__ import annotations

import json
import logging
import socket
import time
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

from nutricheck.fdc import (
    FDCAuthError,
    FDCConnectionError,
    FDCError,
    FDCNotFoundError,
    FDCQueryError,
    FDCRateLimitError,
    FDCResponseError,
)
from nutricheck.fdc import client as client_module
from nutricheck.fdc.cache import FDCCache
from nutricheck.fdc.client import FDCClient
from nutricheck.fdc.commands import fdc as fdc_command

KEY = "sEcReT-test-key-0123456789abcdef"
# Real FDC answers, copied unchanged (public domain; provenance and sha256 in its README).
SAMPLES = Path(__file__).resolve().parent / "data" / "fdc" / "recorded"
OWN = Path(__file__).resolve().parent / "data" / "fdc"
API = "/fdc/v1"


def sample(name: str) -> object:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def own(name: str) -> object:
    return json.loads((OWN / name).read_text(encoding="utf-8"))


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def text_of(exc: BaseException) -> str:
    """Everything an exception would show: str, repr, args and the printed traceback."""
    return "\n".join(
        [str(exc), repr(exc), repr(exc.args), "".join(traceback.format_exception(exc))]
    )


@pytest.fixture
def fdc(server):
    server.clear()
    yield server
    server.clear()


@pytest.fixture
def cache(tmp_path):
    return FDCCache(tmp_path / "cache")


@pytest.fixture
def client(fdc, cache):
    return FDCClient(
        api_key=KEY, base_url=fdc.url_for(API), timeout=2, retries=2, backoff=0.01, cache=cache
    )


@pytest.fixture(autouse=True)
def _key_never_leaks(caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    yield
    assert KEY not in caplog.text
    for record in caplog.records:
        assert KEY not in record.getMessage()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert KEY not in path.read_text(encoding="utf-8", errors="replace"), path


def requests_made(server: HTTPServer) -> list[Request]:
    return [req for req, _ in server.log]


# ------------------------------------------------------------------------------- happy paths


def test_search_replays_a_recorded_answer(fdc, client):
    data = sample("trellislabs-hq_fooddata-central-mcp/cheddar-cheese.search-foundation.json")
    fdc.expect_request(
        f"{API}/foods/search",
        method="GET",
        query_string={
            "query": "cheddar cheese",
            "pageSize": "10",
            "pageNumber": "1",
            "dataType": "Foundation",
        },
        headers={"X-Api-Key": KEY},
    ).respond_with_json(data)
    hits = client.search("cheddar  cheese", data_types=["foundation"], page_size=10)
    assert [h.fdc_id for h in hits][:3] == [328637, 746767, 747429]
    (request,) = requests_made(fdc)
    # The key travels as a header, never in the URL.
    assert "api_key" not in request.url
    assert KEY not in request.url
    assert request.headers["X-Api-Key"] == KEY


def test_search_several_data_types_are_comma_joined(fdc, client):
    fdc.expect_request(
        f"{API}/foods/search",
        query_string={
            "query": "x",
            "pageSize": "25",
            "pageNumber": "2",
            "dataType": "Foundation,SR Legacy",
        },
    ).respond_with_json({"foods": []})
    assert client.search("x", data_types=["Foundation", "sr", "SR Legacy"], page=2) == []


def test_get_food_replays_full_detail(fdc, client):
    fdc.expect_request(f"{API}/food/170720", query_string={"format": "full"}).respond_with_json(
        sample("DanClowry_FoodDataCentral.NET/BigMacFood.json")
    )
    food = client.get_food(170720)
    assert (food.key, food.per_100g["energy_kcal"], food.per_100g["sodium_mg"]) == (
        "fdc:170720",
        257.0,
        460.0,
    )
    assert food.portions[0].grams == 219.0


def test_full_404_then_abridged(fdc, client, caplog):
    # The recorded quirk: GET /food/328637 (full) answered 404 with an empty body.
    fdc.expect_oneshot_request(
        f"{API}/food/328637", query_string={"format": "full"}
    ).respond_with_data("", status=404)
    fdc.expect_oneshot_request(
        f"{API}/food/328637", query_string={"format": "abridged"}
    ).respond_with_json(
        sample("trellislabs-hq_fooddata-central-mcp/food-328637.detail-abridged.json")
    )
    food = client.get_food("328637")
    assert food.per_100g["energy_kcal"] == 408.0
    assert [r.args["format"] for r in requests_made(fdc)] == ["full", "abridged"]
    assert "format=abridged" in caplog.text
    # Both answers are remembered: the next call asks nothing.
    assert client.get_food(328637).per_100g["calcium_mg"] == 707.0
    assert len(requests_made(fdc)) == 2


def test_not_found_in_either_format(fdc, client):
    fdc.expect_request(f"{API}/food/999999999").respond_with_data("", status=404)
    with pytest.raises(FDCNotFoundError) as info:
        client.food(999999999)
    assert isinstance(info.value, LookupError)
    assert "no food with id 999999999" in str(info.value)
    assert len(requests_made(fdc)) == 2  # full, then abridged
    assert KEY not in text_of(info.value)


def test_foods_batches_of_twenty(fdc, client, caplog):
    def answer(request: Request) -> Response:
        body = request.get_json()
        assert body["format"] == "abridged"
        foods = [{"fdcId": i, "description": f"food {i}"} for i in body["fdcIds"] if i != 7]
        return Response(json.dumps(foods), content_type="application/json")

    fdc.expect_request(f"{API}/foods", method="POST").respond_with_handler(answer)
    client.cache.put("food/3", {"format": "abridged"}, {"fdcId": 3, "description": "cached"})
    ids = list(range(1, 47))
    foods = client.foods(ids, format="abridged")
    sent = [r.get_json()["fdcIds"] for r in requests_made(fdc)]
    assert [len(b) for b in sent] == [20, 20, 5]  # 45 ids: 3 was cached
    assert all(3 not in batch for batch in sent)
    assert [f["fdcId"] for f in foods] == [i for i in ids if i != 7]
    assert foods[2]["description"] == "cached"
    assert "no food for id(s) 7" in caplog.text
    # Each food is now cached on its own: asking again sends nothing.
    client.foods([1, 2, 46], format="abridged")
    assert len(requests_made(fdc)) == 3


# ---------------------------------------------------------------------------------- retries


def test_429_retry_after_is_honoured(fdc, client, caplog):
    fdc.expect_oneshot_request(f"{API}/food/1").respond_with_data(
        "", status=429, headers={"Retry-After": "1"}
    )
    fdc.expect_oneshot_request(f"{API}/food/1").respond_with_json({"fdcId": 1, "description": "x"})
    start = time.monotonic()
    data = client.food(1)
    elapsed = time.monotonic() - start
    assert data == {"fdcId": 1, "description": "x"}
    assert len(requests_made(fdc)) == 2
    assert elapsed >= 0.95  # backoff is 0.01 s: only Retry-After explains the wait
    assert "HTTP 429; retry 1 of 2 in 1.0 s (Retry-After)" in caplog.text


def test_500_then_200(fdc, client):
    fdc.expect_oneshot_request(f"{API}/food/2").respond_with_data("oops", status=500)
    fdc.expect_oneshot_request(f"{API}/food/2").respond_with_json({"fdcId": 2, "description": "y"})
    start = time.monotonic()
    assert client.food(2)["description"] == "y"
    assert len(requests_made(fdc)) == 2
    assert time.monotonic() - start < 1.0


def test_5xx_gives_up_after_the_retries(fdc, client):
    fdc.expect_request(f"{API}/food/3").respond_with_data("down", status=503)
    with pytest.raises(FDCError) as info:
        client.food(3)
    assert info.value.status == 503
    assert "HTTP 503" in str(info.value)
    assert "after 3 attempts" in str(info.value)
    assert len(requests_made(fdc)) == 3
    assert KEY not in text_of(info.value)


def test_429_asking_for_too_long_a_wait_gives_up_at_once(fdc, fdc_demo_client):
    fdc.expect_request(f"{API}/food/4").respond_with_data(
        "", status=429, headers={"Retry-After": "3600"}
    )
    start = time.monotonic()
    with pytest.raises(FDCRateLimitError) as info:
        fdc_demo_client.food(4)
    assert time.monotonic() - start < 1.0
    assert len(requests_made(fdc)) == 1
    assert "asks to wait 3600 s" in str(info.value)
    assert "DEMO_KEY" in str(info.value)
    assert "FDC_API_KEY" in str(info.value)


@pytest.fixture
def fdc_demo_client(fdc, cache, monkeypatch):
    monkeypatch.delenv("FDC_API_KEY", raising=False)
    return FDCClient(base_url=fdc.url_for(API), retries=2, backoff=0.01, cache=cache)


def test_http_date_retry_after(fdc, client):
    past = "Wed, 21 Oct 2015 07:28:00 GMT"  # already past: no wait
    fdc.expect_oneshot_request(f"{API}/food/5").respond_with_data(
        "", status=503, headers={"Retry-After": past}
    )
    fdc.expect_oneshot_request(f"{API}/food/5").respond_with_json({"fdcId": 5, "description": "z"})
    assert client.food(5)["fdcId"] == 5


# ------------------------------------------------------------------------------- failures


def test_slow_answer_times_out(fdc, cache):
    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response("{}", content_type="application/json")

    fdc.expect_request(f"{API}/food/6").respond_with_handler(slow)
    client = FDCClient(
        api_key=KEY, base_url=fdc.url_for(API), timeout=0.2, retries=3, backoff=0.01, cache=cache
    )
    start = time.monotonic()
    with pytest.raises(FDCConnectionError) as info:
        client.food(6)
    assert time.monotonic() - start < 0.9  # timeouts are not retried
    message = str(info.value)
    assert "could not be reached" in message
    assert "0.2 s" in message
    assert "offline" in message  # the hint
    assert isinstance(info.value, OSError)
    assert KEY not in text_of(info.value)
    # Let the slow handler finish here, so its late log entry cannot land in the next test's log.
    deadline = time.monotonic() + 3
    while not fdc.log and time.monotonic() < deadline:
        time.sleep(0.05)


def test_no_server(cache):
    client = FDCClient(
        api_key=KEY, base_url=f"http://127.0.0.1:{closed_port()}/fdc/v1", cache=cache
    )
    with pytest.raises(FDCConnectionError) as info:
        client.search("apple")
    assert "could not be reached (no connection to 127.0.0.1:" in str(info.value)
    assert "offline" in str(info.value)
    assert KEY not in text_of(info.value)


def test_the_key_is_redacted_even_where_it_should_never_be(cache):
    # Defence in depth: a key that somehow ends up in the URL is still not shown.
    client = FDCClient(
        api_key=KEY, base_url=f"http://127.0.0.1:{closed_port()}/{KEY}/fdc/v1", cache=cache
    )
    with pytest.raises(FDCConnectionError) as info:
        client.food(1)
    assert KEY not in text_of(info.value)
    assert "***" in str(info.value)
    assert KEY not in repr(client)


def test_redact():
    client = FDCClient(api_key=KEY, cache=False)
    assert (
        client.redact(f"GET /food/1?format=full&api_key={KEY}")
        == "GET /food/1?format=full&api_key=***"
    )
    assert client.redact("url?api_key=OTHER123&x=1") == "url?api_key=***&x=1"
    assert client.redact(f"header {KEY} here") == "header *** here"


def test_empty_body(fdc, client):
    fdc.expect_request(f"{API}/food/7").respond_with_data(
        "", status=200, content_type="application/json"
    )
    with pytest.raises(FDCResponseError, match="empty answer") as info:
        client.food(7)
    assert isinstance(info.value, ValueError)


def test_malformed_json(fdc, client):
    fdc.expect_request(f"{API}/food/8").respond_with_data(
        '{"fdcId": 8, "descr', status=200, content_type="application/json"
    )
    with pytest.raises(FDCResponseError, match="not JSON") as info:
        client.food(8)
    assert '{"fdcId": 8' in str(info.value)  # the start of what came, to recognise a proxy page
    assert client.cache.get("food/8", {"format": "full"}) is None  # nothing bad is cached


def test_json_of_the_wrong_shape(fdc, client):
    fdc.expect_request(f"{API}/food/9").respond_with_json([1, 2])
    with pytest.raises(FDCResponseError, match="not a JSON object"):
        client.food(9)
    fdc.expect_request(f"{API}/foods/search").respond_with_json({"totalHits": 0})
    with pytest.raises(FDCResponseError, match="'foods' list"):
        client.search("x")


@pytest.mark.parametrize("status", [401, 403])
def test_refused_key(fdc, client, status):
    body = {
        "error": {"code": "API_KEY_INVALID", "message": f"An invalid api_key was supplied: {KEY}"}
    }
    fdc.expect_request(f"{API}/food/10").respond_with_json(body, status=status)
    with pytest.raises(FDCAuthError) as info:
        client.food(10)
    message = str(info.value)
    assert f"HTTP {status}" in message
    assert "API_KEY_INVALID" in message
    assert "set FDC_API_KEY" in message
    assert len(requests_made(fdc)) == 1  # never retried
    assert KEY not in text_of(info.value)


def test_other_4xx(fdc, client):
    fdc.expect_request(f"{API}/foods/search").respond_with_json(
        {"message": "pageSize too big"}, status=400
    )
    with pytest.raises(FDCError, match=r"rejected the request \(HTTP 400\): pageSize too big"):
        client.search("x")


# ---------------------------------------------------------------------------- configuration


def test_demo_key_with_a_warning(fdc, cache, caplog, monkeypatch):
    monkeypatch.delenv("FDC_API_KEY", raising=False)
    client = FDCClient(base_url=fdc.url_for(API), cache=cache)
    assert "DEMO_KEY" in caplog.text
    assert "30 requests an hour" in caplog.text
    assert client.uses_demo_key
    fdc.expect_request(f"{API}/food/11", headers={"X-Api-Key": "DEMO_KEY"}).respond_with_json(
        {"fdcId": 11, "description": "d"}
    )
    assert client.food(11)["fdcId"] == 11


def test_key_and_url_from_the_environment(fdc, cache, monkeypatch):
    monkeypatch.setenv("FDC_API_KEY", KEY)
    monkeypatch.setenv("FDC_API_URL", fdc.url_for(API) + "/")
    client = FDCClient(cache=cache)
    assert client.base_url == fdc.url_for(API)
    assert not client.uses_demo_key
    fdc.expect_request(f"{API}/food/12", headers={"X-Api-Key": KEY}).respond_with_json(
        {"fdcId": 12, "description": "e"}
    )
    assert client.food(12)["fdcId"] == 12


def test_default_base_url(monkeypatch):
    monkeypatch.delenv("FDC_API_URL", raising=False)
    assert FDCClient(api_key=KEY, cache=False).base_url == "https://api.nal.usda.gov/fdc/v1"


def test_a_key_with_a_newline_is_refused_without_showing_it():
    with pytest.raises(FDCAuthError) as info:
        FDCClient(api_key=KEY + "\nX-Evil: 1", cache=False)
    assert KEY not in text_of(info.value)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"timeout": 0},
        {"timeout": float("inf")},
        {"retries": -1},
        {"base_url": "ftp://x"},
        {"base_url": "localhost:8000"},
        {"base_url": f"https://api.nal.usda.gov/fdc/v1?api_key={KEY}"},
    ],
    ids=[
        "zero-timeout",
        "infinite-timeout",
        "negative-retries",
        "ftp-url",
        "no-scheme",
        "key-in-url",
    ],
)
def test_bad_settings(kwargs):
    with pytest.raises(FDCQueryError) as info:
        FDCClient(api_key=KEY, cache=False, **kwargs)
    assert KEY not in text_of(info.value)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.search("   "), "query is empty"),
        (lambda c: c.search("x", page_size=0), "page_size"),
        (lambda c: c.search("x", page_size=201), "page_size"),
        (lambda c: c.search("x", data_types=["brand"]), "data type"),
        (lambda c: c.food("abc"), "positive whole number"),
        (lambda c: c.food(1, format="tiny"), "format must be"),
    ],
    ids=["empty-query", "page-size-0", "page-size-201", "bad-data-type", "bad-id", "bad-format"],
)
def test_bad_requests_fail_before_sending(fdc, client, call, message):
    with pytest.raises(FDCQueryError, match=message):
        call(client)
    assert requests_made(fdc) == []


# ------------------------------------------------------------------------------------ cache


def test_offline_after_one_fetch(tmp_path):
    cache = FDCCache(tmp_path / "cache")
    srv = HTTPServer()
    srv.start()
    try:
        url = srv.url_for(API)
        srv.expect_request(f"{API}/food/170720").respond_with_json(
            own("full-branded.json") | {"fdcId": 170720}
        )
        srv.expect_request(f"{API}/foods/search").respond_with_json(own("search-branded-ml.json"))
        online = FDCClient(api_key=KEY, base_url=url, cache=cache)
        first = online.get_food(170720)
        hits = online.search("juice")
    finally:
        srv.clear()
        srv.stop()
    offline = FDCClient(api_key=KEY, base_url=url, cache=cache)
    assert offline.get_food(170720) == first
    assert [h.fdc_id for h in offline.search("juice")] == [h.fdc_id for h in hits]
    with pytest.raises(FDCConnectionError):
        offline.get_food(170721)  # never fetched: a clear error, not a wrong answer
    for path in cache.entries():
        assert KEY not in path.read_text(encoding="utf-8")


def test_stale_search_is_used_only_when_offline(fdc, client, caplog, monkeypatch):
    fdc.expect_request(f"{API}/foods/search").respond_with_json(own("search-branded-ml.json"))
    client.search("juice")
    monkeypatch.setattr(client_module, "SEARCH_MAX_AGE", -1.0)  # every cached search is now stale
    client.search("juice")
    assert len(requests_made(fdc)) == 2  # stale: asked again
    offline = FDCClient(
        api_key=KEY, base_url=f"http://127.0.0.1:{closed_port()}/fdc/v1", cache=client.cache
    )
    # The cache key does not depend on the server, so the stale entry answers with a warning.
    assert [h.fdc_id for h in offline.search("juice")] == [900004, 900005]
    assert "showing a cached search" in caplog.text


def test_a_cache_that_cannot_be_written_costs_nothing_but_a_warning(fdc, tmp_path, caplog):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder should be")
    client = FDCClient(api_key=KEY, base_url=fdc.url_for(API), cache=FDCCache(blocker / "fdc"))
    fdc.expect_request(f"{API}/food/13").respond_with_json({"fdcId": 13, "description": "f"})
    assert client.food(13)["fdcId"] == 13
    assert "FDC cache not written" in caplog.text


def test_no_cache(fdc, tmp_path):
    client = FDCClient(api_key=KEY, base_url=fdc.url_for(API), cache=False)
    fdc.expect_request(f"{API}/food/14").respond_with_json({"fdcId": 14, "description": "g"})
    client.food(14)
    client.food(14)
    assert len(requests_made(fdc)) == 2


# -------------------------------------------------------------------------------------- CLI


@pytest.fixture
def cli_env(fdc):
    return {"FDC_API_URL": fdc.url_for(API), "FDC_API_KEY": KEY}


def test_cli_search_text(fdc, cli_env):
    fdc.expect_request(
        f"{API}/foods/search",
        query_string={"query": "orange juice", "pageSize": "5", "pageNumber": "1"},
    ).respond_with_json(own("search-branded-ml.json"))
    result = CliRunner().invoke(
        fdc_command, ["search", "orange", "juice", "--limit", "5"], env=cli_env
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "900004  Branded         Orange juice (Juice Co.)\n"
        "900005  Survey (FNDDS)  Cheese, test, FNDDS\n"
        "\n"
        "Add one to your foods with: nutricheck foods add --fdc 900004\n"
    )


def test_cli_search_json(fdc, cli_env):
    fdc.expect_request(
        f"{API}/foods/search",
        query_string={"query": "juice", "pageSize": "10", "pageNumber": "1", "dataType": "Branded"},
    ).respond_with_json(own("search-branded-ml.json"))
    result = CliRunner().invoke(
        fdc_command, ["search", "juice", "--data-type", "branded", "--format", "json"], env=cli_env
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert [h["fdc_id"] for h in out] == [900004, 900005]
    assert out[0]["per_100g"]["potassium_mg"] == {"value": 200.0, "unit": "mg"}


def test_cli_search_nothing_found(fdc, cli_env):
    fdc.expect_request(f"{API}/foods/search").respond_with_json({"foods": []})
    result = CliRunner().invoke(fdc_command, ["search", "zzzz"], env=cli_env)
    assert (result.exit_code, result.stdout) == (0, "No foods found.\n")


def test_cli_bad_data_type_exits_2_without_a_request(fdc, cli_env):
    result = CliRunner().invoke(fdc_command, ["search", "x", "--data-type", "brand"], env=cli_env)
    assert result.exit_code == 2
    assert "unknown FoodData Central data type (got 'brand')" in result.output
    assert requests_made(fdc) == []


def test_cli_refused_key_exits_2(fdc, cli_env):
    fdc.expect_request(f"{API}/foods/search").respond_with_json(
        {"error": {"code": "API_KEY_INVALID"}}, status=403
    )
    result = CliRunner().invoke(fdc_command, ["search", "x"], env=cli_env)
    assert result.exit_code == 2
    assert "Error:" in result.output
    assert "refused the key in FDC_API_KEY (HTTP 403)" in result.output
    assert KEY not in result.output


def test_cli_unreachable_exits_2(cli_env):
    env = cli_env | {"FDC_API_URL": f"http://127.0.0.1:{closed_port()}/fdc/v1"}
    result = CliRunner().invoke(fdc_command, ["search", "x"], env=env)
    assert result.exit_code == 2
    assert "could not be reached" in result.output
    assert "offline" in result.output
