"""Connectors against a real HTTP server on 127.0.0.1 (pytest-httpserver), never the internet.

Fixtures served here are of two kinds, named at each use:
  - RECORDED: real bytes, from the committed snapshots or tests/fixtures/;
  - BUILT: a response in the documented API shape (the APIs' documentation) whose values
    come from a real recorded file, for endpoints no public fixture recorded.
"""

import json
import logging
import socket
import socketserver
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from werkzeug import Response

from flows import http
from flows.sources import comtrade, oec, worldbank
from tests.conftest import COMTRADE_RECORDED, RECORDED, comtrade_at, fetch

FIXTURES = Path(__file__).parent / "fixtures"
COMTRADE_EMPTY = (FIXTURES / "comtrade" / "bulk_v1_get_C_A_HS-a503f3.json").read_bytes()  # RECORDED


pytestmark = pytest.mark.usefixtures("quick_http")


@pytest.fixture
def one_comtrade_request(monkeypatch, httpserver):
    comtrade_at(monkeypatch, httpserver.url_for("/public/v1/preview/C/A/HS"), httpserver.url_for("/data/v1/get/C/A/HS"))


def test_a_recorded_comtrade_response_becomes_a_snapshot_with_its_request(one_comtrade_request, httpserver, store):
    httpserver.expect_request("/public/v1/preview/C/A/HS").respond_with_data(
        COMTRADE_RECORDED, content_type="application/json", headers={"ETag": '"v1"'})

    outcome = fetch(comtrade, store)

    assert outcome.status == "fetched" and len(outcome.new) == 1
    snapshot = store.latest("comtrade")["preview/156-32,276-M,X-2010.json"]
    assert snapshot.read_bytes() == COMTRADE_RECORDED
    assert snapshot.request["params"]["reporterCode"] == 156 and snapshot.request["etag"] == '"v1"'


def test_429_with_retry_after_is_waited_out_then_retried(one_comtrade_request, httpserver, store):
    httpserver.expect_ordered_request("/public/v1/preview/C/A/HS").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"})
    httpserver.expect_ordered_request("/public/v1/preview/C/A/HS").respond_with_data(
        COMTRADE_RECORDED, content_type="application/json")

    started = time.monotonic()
    outcome = fetch(comtrade, store)

    assert outcome.status == "fetched"
    assert time.monotonic() - started >= 1.0  # the backoff alone is 0.01 s: only Retry-After explains a second
    assert len(httpserver.log) == 2


def test_500_then_success_records_the_good_response(one_comtrade_request, httpserver, store):
    httpserver.expect_ordered_request("/public/v1/preview/C/A/HS").respond_with_data("oops", status=500)
    httpserver.expect_ordered_request("/public/v1/preview/C/A/HS").respond_with_data(
        COMTRADE_RECORDED, content_type="application/json")

    assert fetch(comtrade, store).status == "fetched"
    assert store.latest("comtrade")["preview/156-32,276-M,X-2010.json"].read_bytes() == COMTRADE_RECORDED


def test_a_server_that_keeps_failing_gives_a_failed_outcome_naming_source_and_request(one_comtrade_request, httpserver, store):
    httpserver.expect_request("/public/v1/preview/C/A/HS").respond_with_data("down", status=503)

    outcome = fetch(comtrade, store)

    assert outcome.status == "failed"
    assert outcome.error.startswith("comtrade: GET http://localhost") and "reporterCode=156" in outcome.error
    assert len(httpserver.log) == 3  # the first try and two retries
    assert store.all("comtrade") == []


def test_a_timeout_fails_the_source_without_recording_anything(one_comtrade_request, httpserver, store):
    def too_slow(request):
        time.sleep(1.5)
        return Response(COMTRADE_RECORDED, content_type="application/json")

    httpserver.expect_request("/public/v1/preview/C/A/HS").respond_with_handler(too_slow)

    outcome = fetch(comtrade, store)

    assert outcome.status == "failed" and "timed out" in outcome.error
    assert store.all("comtrade") == []


@pytest.fixture
def truncating_server():
    """A server on 127.0.0.1 that promises the whole recorded body, sends half, and hangs up.

    pytest-httpserver (werkzeug) corrects a wrong Content-Length, so this one speaks HTTP by hand.
    """
    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            self.request.recv(65536)
            head = (f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(COMTRADE_RECORDED)}\r\nConnection: close\r\n\r\n")
            self.request.sendall(head.encode() + COMTRADE_RECORDED[: len(COMTRADE_RECORDED) // 2])

    with socketserver.TCPServer(("127.0.0.1", 0), Handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{server.server_address[1]}/public/v1/preview/C/A/HS"
        server.shutdown()


def test_a_truncated_body_is_refused(one_comtrade_request, truncating_server, monkeypatch, store):
    monkeypatch.setattr(comtrade, "PREVIEW", truncating_server)

    outcome = fetch(comtrade, store)

    assert outcome.status == "failed" and "truncated body" in outcome.error
    assert store.all("comtrade") == []


def test_a_body_cut_short_that_the_server_calls_complete_is_refused_as_invalid_json(one_comtrade_request, httpserver, store):
    httpserver.expect_request("/public/v1/preview/C/A/HS").respond_with_data(
        COMTRADE_RECORDED[:1000], content_type="application/json")

    outcome = fetch(comtrade, store)

    assert outcome.status == "failed" and "not valid JSON" in outcome.error
    assert store.all("comtrade") == []


def test_an_html_error_page_served_with_status_200_is_refused(one_comtrade_request, httpserver, store):
    httpserver.expect_request("/public/v1/preview/C/A/HS").respond_with_data(
        "<!DOCTYPE html><html><body><h1>Service temporarily unavailable</h1></body></html>", content_type="text/html")

    outcome = fetch(comtrade, store)

    assert outcome.status == "failed" and "HTML page" in outcome.error and "reporterCode=156" in outcome.error
    assert store.all("comtrade") == []


def test_an_empty_result_where_data_was_expected_is_refused(one_comtrade_request, httpserver, store):
    httpserver.expect_request("/public/v1/preview/C/A/HS").respond_with_data(COMTRADE_EMPTY, content_type="application/json")

    outcome = fetch(comtrade, store)

    assert outcome.status == "failed" and "no records" in outcome.error
    assert store.all("comtrade") == []


def test_the_api_key_goes_in_a_header_and_never_into_snapshots_metadata_or_logs(
        one_comtrade_request, httpserver, store, monkeypatch, caplog):
    key = "test-key-0123456789abcdef"
    monkeypatch.setenv(comtrade.KEY_VARIABLE, key)
    httpserver.expect_request("/data/v1/get/C/A/HS", headers={comtrade.KEY_HEADER: key}).respond_with_data(
        COMTRADE_RECORDED, content_type="application/json")

    with caplog.at_level(logging.DEBUG):
        outcome = fetch(comtrade, store)

    assert outcome.status == "fetched"
    assert key not in httpserver.log[0][0].url
    stored = b"".join(path.read_bytes() for path in store.root.rglob("*") if path.is_file())
    assert key.encode() not in stored
    assert key not in caplog.text


def test_a_failure_message_with_a_key_set_does_not_carry_the_key(one_comtrade_request, httpserver, store, monkeypatch):
    key = "test-key-fedcba9876543210"
    monkeypatch.setenv(comtrade.KEY_VARIABLE, key)
    httpserver.expect_request("/data/v1/get/C/A/HS").respond_with_data("forbidden", status=401)

    outcome = fetch(comtrade, store)

    assert outcome.status == "failed" and "401" in outcome.error and key not in outcome.error


def test_an_unchanged_resource_is_asked_for_conditionally_and_records_nothing(one_comtrade_request, httpserver, store):
    httpserver.expect_ordered_request("/public/v1/preview/C/A/HS").respond_with_data(
        COMTRADE_RECORDED, content_type="application/json", headers={"ETag": '"v1"'})
    httpserver.expect_ordered_request("/public/v1/preview/C/A/HS", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304)

    assert fetch(comtrade, store).status == "fetched"
    second = fetch(comtrade, store)

    assert second.status == "unchanged" and second.new == []
    assert len(store.all("comtrade")) == 1


def test_a_response_at_the_preview_cap_is_refused_as_possibly_cut_short(one_comtrade_request, httpserver, store):
    # BUILT: the recorded envelope with its records repeated up to the cap, and a count field that says 4.
    recorded = json.loads(COMTRADE_RECORDED)
    body = recorded | {"count": 4, "data": (recorded["data"] * comtrade.PREVIEW_CAP)[:comtrade.PREVIEW_CAP]}
    httpserver.expect_request("/public/v1/preview/C/A/HS").respond_with_json(body)

    outcome = fetch(comtrade, store)

    assert outcome.status == "failed" and "500 records, the 500-record cap" in outcome.error


def test_the_count_field_alone_neither_trips_nor_hides_the_cap(one_comtrade_request, httpserver, store):
    # BUILT: the recorded four records under a count field that claims the cap, or nonsense.
    for count in (comtrade.PREVIEW_CAP, "lots"):
        httpserver.clear()
        httpserver.expect_request("/public/v1/preview/C/A/HS").respond_with_json(json.loads(COMTRADE_RECORDED) | {"count": count})
        assert fetch(comtrade, store).status in {"fetched", "unchanged"}


def test_the_comtrade_plan_stays_under_the_preview_cap_and_covers_both_sides():
    requests = comtrade.plan()
    assert {(r["reporterCode"], r["partnerCode"]) for r in requests} >= {(643, 408), (156, 408), (643, 156), (156, 643)}
    assert len({tuple(sorted(r.items())) for r in requests}) == len(requests)
    # Each request asks for one reporter, partner, flow and year at HS2 (AG2): at most 97 chapters come back.
    chapters = 97
    for request in requests:
        answers = 1
        for key in ("reporterCode", "partnerCode", "flowCode", "period"):
            answers *= len(str(request[key]).split(","))
        assert answers * chapters < comtrade.PREVIEW_CAP


def worldbank_page(indicator: str, page: int, pages: int, records: pd.DataFrame) -> list:
    """BUILT: the World Bank API v2 body, its records taken from a real WDI bulk snapshot."""
    return [
        {"page": page, "pages": pages, "per_page": len(records), "total": len(records) * pages, "sourceid": "2",
         "lastupdated": "2024-09-19"},
        [{"indicator": {"id": indicator, "value": row.indicator_name}, "country": {"id": row.iso3[:2], "value": row.country_name},
          "countryiso3code": row.iso3, "date": str(row.year), "value": row.value, "unit": "", "obs_status": "", "decimal": 1}
         for row in records.itertuples()],
    ]


def test_worldbank_pages_are_followed_until_the_last(monkeypatch, httpserver, store):
    bulk = worldbank.parse({"CurrencyRates.csv": RECORDED.latest("worldbank")["CurrencyRates.csv"]})["worldbank_indicators"]
    rates = bulk[bulk.iso3.isin(["RUS", "CHN"])].sort_values(["iso3", "year"])
    first, second = rates.iloc[: len(rates) // 2], rates.iloc[len(rates) // 2:]
    path = "/v2/country/RUS;CHN;PRK/indicator/PA.NUS.FCRF"
    monkeypatch.setattr(worldbank, "API", httpserver.url_for("/v2/country/{countries}/indicator/{indicator}"))
    monkeypatch.setattr(worldbank, "INDICATORS", {"PA.NUS.FCRF": worldbank.INDICATORS["PA.NUS.FCRF"]})
    httpserver.expect_request(path, query_string={"format": "json", "per_page": "1000", "page": "1", "date": "1990:2100"}) \
        .respond_with_json(worldbank_page("PA.NUS.FCRF", 1, 2, first))
    httpserver.expect_request(path, query_string={"format": "json", "per_page": "1000", "page": "2", "date": "1990:2100"}) \
        .respond_with_json(worldbank_page("PA.NUS.FCRF", 2, 2, second))

    outcome = fetch(worldbank, store)

    assert outcome.status == "fetched"
    assert sorted(store.latest("worldbank")) == ["api/PA.NUS.FCRF/page-1.json", "api/PA.NUS.FCRF/page-2.json"]
    fetched = worldbank.parse(store.latest("worldbank"))["worldbank_indicators"]
    assert fetched.astype({"year": int}).set_index(["iso3", "year"])["value"].to_dict() == \
        rates.astype({"year": int}).set_index(["iso3", "year"])["value"].to_dict()


def test_worldbank_api_error_message_is_refused(monkeypatch, httpserver, store):
    # BUILT: the documented error body.
    monkeypatch.setattr(worldbank, "API", httpserver.url_for("/v2/country/{countries}/indicator/{indicator}"))
    monkeypatch.setattr(worldbank, "INDICATORS", {"XX.BAD": None})
    httpserver.expect_request("/v2/country/RUS;CHN;PRK/indicator/XX.BAD").respond_with_json(
        [{"message": [{"id": "120", "key": "Invalid value", "value": "The provided parameter value is not valid"}]}])

    outcome = fetch(worldbank, store)

    assert outcome.status == "failed" and "Invalid value" in outcome.error


def test_oec_pages_follow_limit_and_offset(monkeypatch, httpserver, store):
    # BUILT: jsonrecords in the documented shape, with the real 2019-2021 exporter x section values of the
    # recorded OEC CSV; the Year field is the test's, to exercise a single-year response.
    real = pd.read_csv(RECORDED.latest("oec")["global_exports.csv"].path, compression="gzip")
    rows = real[real["Country ID"].isin(["asprk", "eurus", "aschn"])]
    records = [{"Year": 2021, "Exporter Country ID": r["Country ID"], "Exporter Country": r["Country"],
                "Section ID": int(r["Section ID"]), "Section": r["Section"], "Trade Value": r["Trade Value"]}
               for _, r in rows.iterrows()]
    monkeypatch.setattr(oec, "API", httpserver.url_for("/tesseract/data.jsonrecords"))
    monkeypatch.setattr(oec, "LEVELS", {"Section": oec.LEVELS["Section"]})
    monkeypatch.setattr(oec, "YEARS", [2021])
    monkeypatch.setattr(oec, "PAGE", 40)
    for offset in range(0, len(records) + 1, 40):
        for side in ("Exporter", "Importer"):
            page = records[offset: offset + 40] if side == "Exporter" else (records[:5] if offset == 0 else [])
            if side == "Importer" and offset > 0:
                continue
            httpserver.expect_request("/tesseract/data.jsonrecords", query_string={
                "cube": oec.CUBE, "drilldowns": f"Year,{side} Country,Section", "measures": "Trade Value",
                "include": f"{side} Country:{'asprk,eurus,aschn' if side == 'Exporter' else 'eurus,aschn'};Year:2021",
                "limit": f"40,{offset}"}).respond_with_json(
                {"data": page if side == "Exporter" else [r | {"Importer Country ID": "eurus"} for r in page]})

    outcome = fetch(oec, store)

    assert outcome.status == "fetched", outcome.error
    exporter_pages = sorted(name for name in store.latest("oec") if name.startswith("api/exporter"))
    assert len(exporter_pages) == len(records) // 40 + 1
    parsed = oec.parse({n: s for n, s in store.latest("oec").items() if n.startswith("api/exporter")})["oec_trade"]
    assert len(parsed) == len(records)
    assert parsed.groupby("exporter_iso3")["value_usd"].sum().to_dict() == \
        rows.assign(iso3=rows["Country ID"].str[-3:].str.upper()).groupby("iso3")["Trade Value"].sum().to_dict()


def test_requests_are_rate_limited_per_host(httpserver, monkeypatch):
    monkeypatch.setenv("TRADEBRIEF_HTTP_PER_SECOND", "5")
    httpserver.expect_request("/x").respond_with_data("{}", content_type="application/json")
    same_host, other_host = httpserver.url_for("/x"), httpserver.url_for("/x").replace("localhost", "127.0.0.1")

    with http.Client() as client:
        started = time.monotonic()
        for _ in range(6):
            client.get("test", same_host, expect="json")
        one_host = time.monotonic() - started
        started = time.monotonic()
        for _ in range(3):
            client.get("test", other_host, expect="json")
        another_host = time.monotonic() - started

    assert one_host >= 0.9  # six requests at five a second wait about a second
    assert another_host < 0.5  # a second host has its own allowance


def test_fetch_command_reports_each_source_and_fails_when_one_does(one_comtrade_request, httpserver, tmp_path, capsys):
    from flows.cli import main

    httpserver.expect_request("/public/v1/preview/C/A/HS").respond_with_data(COMTRADE_RECORDED, content_type="application/json")
    assert main(["fetch", "comtrade", "published", "--snapshots", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "comtrade: fetched (1 new snapshots)" in out and "published: manual" in out

    httpserver.clear()
    httpserver.expect_request("/public/v1/preview/C/A/HS").respond_with_data("<html>down</html>", content_type="text/html")
    assert main(["fetch", "comtrade", "--snapshots", str(tmp_path / "other")]) == 1
    assert "comtrade: failed" in capsys.readouterr().out


def test_fetch_command_refuses_an_unknown_source(capsys):
    from flows.cli import main

    assert main(["fetch", "nosuchsource"]) == 2
    assert "unknown source 'nosuchsource'" in capsys.readouterr().err


def test_a_host_that_does_not_resolve_is_tried_once_and_named_in_one_short_line(monkeypatch, store, capsys):
    """No network: every source fails at its first request, with no retries, in a line that names the host."""
    from flows.cli import main

    looked_up = []

    def no_dns(host, *args, **kwargs):
        looked_up.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    monkeypatch.setenv("TRADEBRIEF_HTTP_RETRIES", "4")
    assert main(["fetch", "worldbank", "iea", "energy", "--snapshots", str(store.root)]) == 1

    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["worldbank", "iea", "energy"]
    assert all(" failed " in line and "cannot resolve" in line and len(line) < 160 for line in lines)
    assert "api.worldbank.org" in lines[0] and "api.iea.org" in lines[1]
    assert sorted(set(looked_up)) == sorted(looked_up)  # each host asked once, not once a retry
    assert store.all("worldbank") == []
