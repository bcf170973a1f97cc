"""Hostile servers: each attack is cut off by a limit, fails only its own source, records nothing and leaks no key.

Responses are RECORDED (the real Comtrade response from the snapshots) or BUILT in the documented
API shapes (the APIs' documentation), or hostile on purpose: trickled, endless, compressed bombs,
redirects to another host, answers to another request.
"""

import gzip
import json
import logging
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from flows.sources import comtrade, oec, worldbank
from tests.conftest import COMTRADE_RECORDED, COMTRADE_REQUEST, fetch
from tests.hostile.conftest import KEY, LIMITS, everything_recorded

DEADLINE, BUDGET = float(LIMITS["REQUEST_DEADLINE"]), float(LIMITS["SOURCE_BUDGET"])


def timed(source, store):
    started = time.monotonic()
    outcome = fetch(source, store)
    return outcome, time.monotonic() - started


def assert_failed_cleanly(outcome, store, *words):
    """Failed with a one-line reason naming the source and the cause, and nothing recorded."""
    assert outcome.status == "failed", outcome
    assert "\n" not in outcome.error and outcome.error.startswith(outcome.source)
    for word in words:
        assert word in outcome.error, outcome.error
    assert everything_recorded(store) == b""


@pytest.fixture
def other_host():
    """A second server on another host name (localhost, not 127.0.0.1) and port: where a redirect may lead."""
    server = HTTPServer(host="localhost")
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


# Credentials and redirects

def test_a_redirect_to_another_host_never_carries_the_key(comtrade_here, httpserver, other_host, store, monkeypatch, caplog):
    monkeypatch.setenv(comtrade.KEY_VARIABLE, KEY)
    other_host.expect_request("/steal").respond_with_data(COMTRADE_RECORDED, content_type="application/json")
    httpserver.expect_request("/data").respond_with_data("", status=302, headers={"Location": other_host.url_for("/steal")})
    with caplog.at_level(logging.DEBUG):
        outcome, _ = timed(comtrade, store)
    assert_failed_cleanly(outcome, store, "redirected to another host", "credentials")
    assert other_host.log == []  # the other host was never asked, so it never saw the key
    assert KEY not in caplog.text and KEY not in outcome.error


def test_a_redirect_within_the_host_keeps_the_key(comtrade_here, httpserver, store, monkeypatch):
    monkeypatch.setenv(comtrade.KEY_VARIABLE, KEY)
    httpserver.expect_request("/data").respond_with_data("", status=302, headers={"Location": httpserver.url_for("/moved")})
    httpserver.expect_request("/moved", headers={comtrade.KEY_HEADER: KEY}).respond_with_data(
        COMTRADE_RECORDED, content_type="application/json")
    outcome, _ = timed(comtrade, store)
    assert outcome.status == "fetched"
    assert KEY.encode() not in everything_recorded(store)


def test_a_redirect_to_another_host_is_followed_when_no_key_is_sent(comtrade_here, httpserver, other_host, store):
    other_host.expect_request("/mirror").respond_with_data(COMTRADE_RECORDED, content_type="application/json")
    httpserver.expect_request("/preview").respond_with_data("", status=302, headers={"Location": other_host.url_for("/mirror")})
    assert fetch(comtrade, store).status == "fetched"


def test_a_redirect_loop_stops(comtrade_here, httpserver, store):
    httpserver.expect_request("/preview").respond_with_data("", status=302, headers={"Location": httpserver.url_for("/preview")})
    outcome, seconds = timed(comtrade, store)
    assert_failed_cleanly(outcome, store, "redirected more than 5 times")


# Bodies that hang or exhaust

def trickle(request):
    def one_byte_at_a_time():
        for _ in range(200):
            yield b" "
            time.sleep(0.2)
    return Response(one_byte_at_a_time(), content_type="application/json", direct_passthrough=True)


def test_a_body_trickled_a_byte_at_a_time_is_cut_off_at_the_deadline(comtrade_here, httpserver, store):
    httpserver.expect_request("/preview").respond_with_handler(trickle)
    outcome, seconds = timed(comtrade, store)
    assert_failed_cleanly(outcome, store, "did not finish its body")
    assert seconds < DEADLINE + 2


def endless(request):
    def forever():
        block = b"[" + b"1," * 32768
        while True:
            yield block
    return Response(forever(), content_type="application/json", direct_passthrough=True)


def test_an_endless_body_stops_at_the_byte_limit(comtrade_here, httpserver, store):
    httpserver.expect_request("/preview").respond_with_handler(endless)
    outcome, _ = timed(comtrade, store)
    assert_failed_cleanly(outcome, store, "bytes read (after decompression)")


def test_a_gzip_bomb_stops_at_the_byte_limit_counted_after_decompression(comtrade_here, httpserver, store):
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)  # 64 MiB of zeros in about 64 KiB
    httpserver.expect_request("/preview").respond_with_data(
        bomb, content_type="application/json", headers={"Content-Encoding": "gzip"})
    outcome, _ = timed(comtrade, store)
    assert len(bomb) < int(LIMITS["MAX_BYTES"]) < 64 * 1024 * 1024
    assert_failed_cleanly(outcome, store, "after decompression")


def test_a_body_that_is_not_gzip_as_it_claims_is_refused(comtrade_here, httpserver, store):
    httpserver.expect_request("/preview").respond_with_data(
        b"not gzip at all", content_type="application/json", headers={"Content-Encoding": "gzip"})
    assert_failed_cleanly(fetch(comtrade, store), store, "cannot be decompressed")


@pytest.mark.parametrize(("wait", "reason"), [
    # Before issue 27 a Retry-After above the 120 s cap was waited out at the cap, retry after retry (480 s a source).
    ("100000", "asked to wait 100000 s, more than the 120 s a fetch waits at most"),
    ("100", "asked to wait 100 s, past the source's time budget"),  # under the cap, past this test's 4 s budget
])
def test_a_retry_after_past_the_cap_or_the_budget_ends_the_source_at_once(comtrade_here, httpserver, store, wait,
                                                                          reason):
    httpserver.expect_request("/preview").respond_with_data("slow down", status=429, headers={"Retry-After": wait})
    outcome, seconds = timed(comtrade, store)
    assert_failed_cleanly(outcome, store, reason)
    assert seconds < 2


def test_many_slow_answers_stop_at_the_source_time_budget(comtrade_here, httpserver, store, monkeypatch):
    monkeypatch.setattr(comtrade, "plan", lambda: [dict(COMTRADE_REQUEST, period=year) for year in range(2000, 2006)])

    def slow(request):
        time.sleep(0.9)  # under the 1 s timeout, but six of them pass the 4 s budget
        body = json.loads(COMTRADE_RECORDED)
        year = int(request.args["period"])
        body["data"] = [record | {"refYear": year} for record in body["data"]]
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request("/preview").respond_with_handler(slow)
    outcome, seconds = timed(comtrade, store)
    assert_failed_cleanly(outcome, store, "time budget")
    assert seconds < BUDGET + 2


# Pages and records without end

def worldbank_body(indicator: str, pages: int) -> list:
    """BUILT: an API v2 page in the documented shape, one record of the requested indicator for Russia."""
    return [{"page": 1, "pages": pages, "per_page": 1, "total": pages},
            [{"indicator": {"id": indicator, "value": "x"}, "country": {"id": "RU", "value": "Russian Federation"},
              "countryiso3code": "RUS", "date": "2020", "value": 72.1, "unit": "", "obs_status": "", "decimal": 1}]]


def test_a_million_pages_stop_at_the_page_limit(httpserver, store, monkeypatch):
    monkeypatch.setattr(worldbank, "API", httpserver.url_for("/wb/{countries}/{indicator}"))
    monkeypatch.setattr(worldbank, "INDICATORS", {"PA.NUS.FCRF": "local currency per USD"})
    httpserver.expect_request("/wb/RUS;CHN;PRK/PA.NUS.FCRF").respond_with_json(worldbank_body("PA.NUS.FCRF", 1_000_000))
    outcome = fetch(worldbank, store)
    assert_failed_cleanly(outcome, store, f"more than {LIMITS['MAX_REQUESTS']} requests")
    assert len([entry for entry in httpserver.log if entry[0].path.startswith("/wb/")]) == int(LIMITS["MAX_REQUESTS"])


def test_an_endpoint_that_always_returns_a_full_page_stops_at_the_page_limit(httpserver, store, monkeypatch):
    monkeypatch.setattr(oec, "API", httpserver.url_for("/oec"))
    monkeypatch.setattr(oec, "PAGE", 2)
    full = {"data": [{"Year": 2016, "Exporter Country ID": "asprk", "Section ID": 1, "Section": "x", "Trade Value": 1.0}] * 2}
    httpserver.expect_request("/oec").respond_with_json(full)
    outcome = fetch(oec, store)
    assert_failed_cleanly(outcome, store, "requests (pages)")
    assert len([entry for entry in httpserver.log if entry[0].path == "/oec"]) == int(LIMITS["MAX_REQUESTS"])


def test_records_beyond_the_cap_are_counted_not_taken_from_the_count_field(comtrade_here, httpserver, store):
    body = json.loads(COMTRADE_RECORDED)
    httpserver.expect_request("/preview").respond_with_json(body | {"count": 1, "data": body["data"] * 200})
    assert_failed_cleanly(fetch(comtrade, store), store, "the 500-record cap")


# Odd answers

def test_a_304_with_no_earlier_snapshot_fails_the_source_not_the_refresh(httpserver, store, monkeypatch):
    monkeypatch.setattr(worldbank, "API", httpserver.url_for("/wb/{countries}/{indicator}"))
    httpserver.expect_request("/wb/RUS;CHN;PRK/SL.UEM.TOTL.ZS").respond_with_data("", status=304)
    assert_failed_cleanly(fetch(worldbank, store), store, "304 Not Modified", "asked nothing conditionally")


def test_a_count_that_is_not_a_number_does_not_abort(comtrade_here, httpserver, store):
    httpserver.expect_request("/preview").respond_with_json(json.loads(COMTRADE_RECORDED) | {"count": "lots"})
    assert fetch(comtrade, store).status == "fetched"


def test_json_nested_two_hundred_thousand_deep_is_refused_by_name(comtrade_here, httpserver, store):
    httpserver.expect_request("/preview").respond_with_data("[" * 200_000 + "]" * 200_000, content_type="application/json")
    assert_failed_cleanly(fetch(comtrade, store), store, "nested too deep")


def test_an_html_error_page_with_status_200_is_refused(comtrade_here, httpserver, store):
    httpserver.expect_request("/preview").respond_with_data("<!doctype html><h1>Maintenance</h1>", content_type="text/html")
    assert_failed_cleanly(fetch(comtrade, store), store, "HTML page")


def test_a_response_to_another_reporter_is_refused(comtrade_here, httpserver, store):
    body = json.loads(COMTRADE_RECORDED)
    body["data"][2]["reporterCode"] = 643
    httpserver.expect_request("/preview").respond_with_json(body)
    assert_failed_cleanly(fetch(comtrade, store), store, "record 3 answers another request", "reporterCode is 643")


def test_a_worldbank_page_of_another_indicator_is_refused(httpserver, store, monkeypatch):
    monkeypatch.setattr(worldbank, "API", httpserver.url_for("/wb/{countries}/{indicator}"))
    httpserver.expect_request("/wb/RUS;CHN;PRK/SL.UEM.TOTL.ZS").respond_with_json(worldbank_body("SP.POP.TOTL", 1))
    assert_failed_cleanly(fetch(worldbank, store), store, "answers another request", "'SP.POP.TOTL'")


def test_an_oec_page_for_another_year_is_refused(httpserver, store, monkeypatch):
    monkeypatch.setattr(oec, "API", httpserver.url_for("/oec"))
    httpserver.expect_request("/oec").respond_with_json(
        {"data": [{"Year": 1999, "Exporter Country ID": "asprk", "Section ID": 1, "Section": "x", "Trade Value": 1.0}]})
    assert_failed_cleanly(fetch(oec, store), store, "answers another request", "Year 1999")


def test_a_closed_port_fails_the_source_in_one_line(comtrade_here, httpserver, store, monkeypatch):
    monkeypatch.setattr(comtrade, "PREVIEW", "http://127.0.0.1:9/preview")  # the discard port: nothing listens
    assert_failed_cleanly(fetch(comtrade, store), store, "failed")


def test_a_body_cut_short_is_refused_as_truncated(comtrade_here, httpserver, store):
    def cut(request):
        return Response(COMTRADE_RECORDED[:200], content_type="application/json",
                        headers={"Content-Length": str(len(COMTRADE_RECORDED))}, direct_passthrough=True)
    httpserver.expect_request("/preview").respond_with_handler(cut)
    outcome = fetch(comtrade, store)
    assert outcome.status == "failed" and everything_recorded(store) == b""


def test_an_iea_answer_for_another_year_is_not_recorded(httpserver, store, monkeypatch):
    # Before issue 27 the IEA connector recorded whatever year the server answered under the name of the year asked,
    # and the next refresh stopped on it. The server here answers the recorded 2000 rows to a request for 2023.
    from flows.sources import iea
    from flows.sources.declarations import Live
    from tests.conftest import RECORDED

    monkeypatch.setenv("TRADEBRIEF_HTTP_MAX_BYTES", str(64 * 1024 * 1024))
    answer = RECORDED.latest("iea")["iea2000.json"].read_bytes()
    httpserver.expect_request("/stats").respond_with_data(answer, content_type="application/json")
    monkeypatch.setattr(iea, "LIVE", (Live("iea2023.json", httpserver.url_for("/stats"), "json",
                                           {"year": 2023, "countries": "RUS,PRK", "series": "BALANCES"}),))
    outcome = fetch(iea, store)
    assert outcome.status == "failed" and "holds rows of 2000" in outcome.error
    assert store.latest("iea") == {}
