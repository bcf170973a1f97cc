"""`refresh --fetch`: what fetches is recorded and built; what fails is built from its snapshots and reported stale."""

import json

import duckdb
import pytest
from markdown_it import MarkdownIt

from flows.refresh import refresh
from flows.sources import comtrade, oec, worldbank
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
    assert "STALE: worldbank" in summary and "STALE: oec" in summary and "HTML page" in summary
    # rendered as Prefect's UI renders the artifact: the errors' URLs verbatim in code, no text inside a table
    tokens = MarkdownIt("commonmark").enable("table").parse(summary)
    code = [child.content for token in tokens if token.type == "inline"
            for child in token.children if child.type == "code_inline"]
    assert any("worldbank" in text and "&" in text and "&amp;" not in text for text in code)
    cells = [tokens[i + 1].content for i, token in enumerate(tokens) if token.type in ("td_open", "th_open")]
    assert not any(cell.startswith(("Data tests", "Tables built", "STALE", "NO DATA")) for cell in cells)
    assert len(small_store.latest("comtrade")) == 2
    # China reports 6.80 bn USD of imports from Argentina; Argentina reports 90% of that as exports to China.
    assert gaps == [
        ("ARG", "CHN", "X", pytest.approx(6804128143.0 * 0.9), pytest.approx(6804128143.0), pytest.approx(0.9)),
        ("CHN", "ARG", "M", pytest.approx(6804128143.0), pytest.approx(6804128143.0 * 0.9), pytest.approx(1 / 0.9)),
    ]
    # Five own records (four of China's, one of Argentina's), each also seen from its partner's side.
    assert comtrade_rows == [(10,)]
