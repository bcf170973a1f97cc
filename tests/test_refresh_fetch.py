"""`refresh --fetch`: what fetches is recorded and built; what fails is built from its snapshots, alerted, and kept
as the source's state in the published warehouse."""

import json
import socket

import duckdb
import pytest
from markdown_it import MarkdownIt

from flows.cli import main
from flows.refresh import refresh
from flows.sources import comtrade, energy, iea, oec, worldbank
from flows.sources.declarations import Live
from tests.test_connectors import COMTRADE_RECORDED

CHINA_REPORTS = {"reporterCode": 156, "partnerCode": "32,276", "flowCode": "M,X", "period": 2010}  # what the recorded response answers
ARGENTINA_REPORTS = {"reporterCode": 32, "partnerCode": 156, "flowCode": "X", "period": 2010}


def argentina_mirror_response() -> dict:
    """BUILT: Argentina's report of its 2010 exports to China, in the recorded envelope and record shape,
    from the recorded record of China's imports from Argentina with sides swapped and the value 10% lower."""
    body = json.loads(COMTRADE_RECORDED)
    record = next(r for r in body["data"] if r["partnerISO"] == "ARG" and r["flowCode"] == "M")
    mirrored = record | {"reporterCode": 32, "reporterISO": "ARG", "reporterDesc": "Argentina",
                         "partnerCode": 156, "partnerISO": "CHN", "partnerDesc": "China",
                         "flowCode": "X", "flowDesc": "Export", "primaryValue": record["primaryValue"] * 0.9}
    return body | {"count": 1, "data": [mirrored]}


@pytest.fixture
def live_sources(monkeypatch, httpserver):
    for name, value in {"TIMEOUT": "1", "RETRIES": "1", "BACKOFF_FACTOR": "0.01", "BACKOFF_JITTER": "0",
                        "PER_SECOND": "1000"}.items():
        monkeypatch.setenv(f"TRADEBRIEF_HTTP_{name}", value)
    monkeypatch.delenv(comtrade.KEY_VARIABLE, raising=False)
    monkeypatch.setattr(comtrade, "PREVIEW", httpserver.url_for("/comtrade"))
    monkeypatch.setattr(comtrade, "plan", lambda: [CHINA_REPORTS, ARGENTINA_REPORTS])
    httpserver.expect_request("/comtrade", query_string={**{k: str(v) for k, v in CHINA_REPORTS.items()}, **FIXED}) \
        .respond_with_data(COMTRADE_RECORDED, content_type="application/json")  # RECORDED
    httpserver.expect_request("/comtrade", query_string={**{k: str(v) for k, v in ARGENTINA_REPORTS.items()}, **FIXED}) \
        .respond_with_json(argentina_mirror_response())
    monkeypatch.setattr(worldbank, "API", httpserver.url_for("/worldbank/{countries}/{indicator}"))
    monkeypatch.setattr(oec, "API", httpserver.url_for("/oec"))
    httpserver.expect_request("/oec").respond_with_data("<html><body>Maintenance</body></html>", content_type="text/html")
    # Nothing else is expected: the World Bank requests get pytest-httpserver's 500.
    with socket.socket() as closed:  # a port nobody listens on: the connection is refused
        closed.bind(("127.0.0.1", 0))
        refused = closed.getsockname()[1]
    monkeypatch.setattr(energy, "LIVE", (Live(energy.WORKBOOK, f"http://127.0.0.1:{refused}/ei.xlsx", "xlsx"),))
    with socket.socket() as silent:  # accepts connections (the kernel's backlog) and never answers: a timeout
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        monkeypatch.setattr(iea, "LIVE", (Live("iea2000.json", f"http://127.0.0.1:{silent.getsockname()[1]}/iea", "json"),))
        yield {"refused": refused, "silent": silent.getsockname()[1], "server": httpserver.port}


FIXED = {"partner2Code": "0", "cmdCode": "AG2", "customsCode": "C00", "motCode": "0", "maxRecords": "500",
         "includeDesc": "true"}


def test_refresh_with_fetch_builds_what_it_fetched_and_reports_the_rest_stale(
        prefect_server, live_sources, small_store, tmp_path):
    warehouse = tmp_path / "tradebrief.duckdb"

    summary = refresh(snapshot_dir=str(small_store.root), warehouse=str(warehouse), fetch_live=True)

    with duckdb.connect(str(warehouse), read_only=True) as con:
        status = dict(con.execute("select source, status from meta.source_status").fetchall())
        gaps = con.execute("""select reporter_iso3, partner_iso3, flow, reported_usd, mirrored_usd, gap_ratio
                              from marts.mirror_gaps order by reporter_iso3""").fetchall()
        comtrade_rows = con.execute("select count(*) from staging.trade_flows where source = 'comtrade'").fetchall()
    assert status["comtrade"] == "fetched"
    assert status["worldbank"] == "failed" and status["oec"] == "failed"
    assert status["atlas_hs92"] == "manual"
    assert "FETCH FAILED: worldbank" in summary and "FETCH FAILED: oec" in summary and "HTML page" in summary
    # rendered as Prefect's UI renders the artifact: the errors' URLs verbatim in code, no text inside a table
    tokens = MarkdownIt("commonmark").enable("table").parse(summary)
    code = [child.content for token in tokens if token.type == "inline"
            for child in token.children if child.type == "code_inline"]
    assert any("worldbank" in text and "&" in text and "&amp;" not in text for text in code)
    cells = [tokens[i + 1].content for i, token in enumerate(tokens) if token.type in ("td_open", "th_open")]
    assert not any(cell.startswith(("Data tests", "Tables built", "FETCH FAILED", "NO DATA")) for cell in cells)
    assert len(small_store.latest("comtrade")) == 2
    # China reports 6.80 bn USD of imports from Argentina; Argentina reports 90% of that as exports to China.
    assert gaps == [
        ("ARG", "CHN", "X", pytest.approx(6804128143.0 * 0.9), pytest.approx(6804128143.0), pytest.approx(0.9)),
        ("CHN", "ARG", "M", pytest.approx(6804128143.0), pytest.approx(6804128143.0 * 0.9), pytest.approx(1 / 0.9)),
    ]
    # Five own records (four of China's, one of Argentina's), each also seen from its partner's side.
    assert comtrade_rows == [(10,)]


def status_json(warehouse) -> dict:
    return json.loads(run_cli(["status", "--format", "json", "--warehouse", str(warehouse)]))


def run_cli(args: list[str]) -> str:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(args) == 0
    return out.getvalue()


def fetch_alerts_of(warehouse, run: str = "last") -> list[tuple[str, str, str]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        last = "(select run_id from meta.runs order by finished_at desc limit 1)"
        return con.execute(f"select kind, subject, message from meta.alerts where kind like 'fetch_%' "
                           f"{'and run_id = ' + last if run == 'last' else ''} order by subject").fetchall()


def test_each_failed_fetch_is_an_alert_a_state_in_status_and_survives_an_offline_refresh(
        prefect_server, live_sources, small_store, tmp_path):
    from prefect.exceptions import FailedRun

    warehouse = tmp_path / "tradebrief.duckdb"
    failing = ["energy", "iea", "oec", "worldbank"]  # refused port, timeout, HTML page as 200, HTTP 500

    with pytest.raises(FailedRun, match="fetch failed: energy, iea, oec, worldbank"):
        refresh(snapshot_dir=str(small_store.root), warehouse=str(warehouse), fetch_live=True, fail_on_alert=True)

    raised = fetch_alerts_of(warehouse)
    assert [(kind, subject) for kind, subject, _ in raised] == [("fetch_failed", source) for source in failing]
    hosts = {"energy": live_sources["refused"], "iea": live_sources["silent"], "oec": live_sources["server"],
             "worldbank": live_sources["server"]}
    for _, source, message in raised:
        assert f":{hosts[source]} failed, so it was built from its snapshots: GET http" in message, message
        assert message.startswith(f"{source}: the live fetch from ") and "\n" not in message
    reasons = {source: message for _, source, message in raised}
    assert "timed out" in reasons["iea"] and "HTML page" in reasons["oec"] and "500" in reasons["worldbank"]
    assert "refused" in reasons["energy"].lower()

    sources = {row["source"]: row for row in status_json(warehouse)["sources"]}
    for source in failing:
        assert sources[source]["state"] == "fetch_failing", sources[source]
        assert sources[source]["last_failed_at"] and sources[source]["last_failure"]
        assert sources[source]["last_fetched_at"] is None
        assert sources[source]["state_rule"].startswith("the last live fetch failed")
    assert sources["comtrade"]["last_fetched_at"] and sources["comtrade"]["state"] != "fetch_failing"

    # an offline refresh fetches nothing: the failures stay in status, and nothing is alerted again
    assert refresh(snapshot_dir=str(small_store.root), warehouse=str(warehouse), fail_on_alert=True,
                   return_state=True).is_completed()
    after = {row["source"]: row for row in status_json(warehouse)["sources"]}
    assert all(after[source]["state"] == "fetch_failing" for source in failing)
    assert [after[source]["last_failed_at"] for source in failing] == [sources[s]["last_failed_at"] for s in failing]
    assert fetch_alerts_of(warehouse) == []

    # failing again within the day: noted in the state's rule, not alerted again
    refresh(snapshot_dir=str(small_store.root), warehouse=str(warehouse), fetch_live=True)
    assert fetch_alerts_of(warehouse) == []
    again = {row["source"]: row for row in status_json(warehouse)["sources"]}
    assert all("not again within a day" in again[source]["state_rule"] for source in failing)
    assert len(fetch_alerts_of(warehouse, run="any")) == len(failing)


def test_status_as_json_has_machine_keys_and_one_state_per_source(recorded_warehouse):
    from flows.registry import SOURCES
    from warehouse.freshness import STATES

    status = status_json(recorded_warehouse[0])

    assert sorted(status) == ["alerts", "runs", "sources"]
    assert sorted(row["source"] for row in status["sources"]) == sorted(source.SOURCE for source in SOURCES)
    assert all(row["state"] in STATES and row["state_rule"] for row in status["sources"])
    iea_row = next(row for row in status["sources"] if row["source"] == "iea")
    assert (iea_row["latest_period"], iea_row["state"]) == ("2000", "outdated")  # the IEA response ends in 2000
