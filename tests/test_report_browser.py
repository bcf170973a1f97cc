"""The report in a real browser: headless Chromium loads it, offline, and shows every chart and claim."""

from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import sync_playwright

from flows.report_flow import report
from tests.browser import FLAGS, chromium

SCREENSHOT = Path(__file__).resolve().parents[1] / "test-artifacts" / "report.png"


@pytest.fixture(scope="module")
def browser():
    executable = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=FLAGS[1:])
        yield launched
        launched.close()


def test_chromium_shows_every_chart_and_claim_with_no_error_and_no_network(recorded_warehouse, tmp_path, browser):
    warehouse, _ = recorded_warehouse
    page_path = Path(report(warehouse=str(warehouse), out_dir=str(tmp_path / "report")))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        claims = con.execute("select count(*) from marts.claim_checks").fetchone()[0]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors, requests = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"failed to load {request.url}"))
    page.on("request", lambda request: requests.append(request.url))

    page.goto(page_path.as_uri(), wait_until="load")
    charts = page.locator("figure.chart svg")
    sizes = [charts.nth(index).bounding_box() for index in range(charts.count())]
    drawn = [charts.nth(index).evaluate("svg => svg.querySelectorAll('path, rect, text').length")
             for index in range(charts.count())]
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    assert errors == []
    assert [url for url in requests if not url.startswith("file://")] == []
    assert len(sizes) == 9 and all(size["width"] > 100 and size["height"] > 50 for size in sizes)
    assert all(count > 10 for count in drawn)
    assert page.locator("table.claims tbody tr.claim").count() == claims
    # Every claim of the ledger stands once in the annotated brief; a mark shows its evidence on focus, no script.
    assert page.locator("section.brief .claim-entry").count() == claims
    ids = page.locator("section.brief .claim-entry").evaluate_all("entries => entries.map(e => e.dataset.claimId)")
    assert len(set(ids)) == claims
    mark = page.locator("section.brief mark.claim-mark.contradicted").first
    tip = mark.locator(".claim-tip")
    assert not tip.is_visible()
    mark.focus()
    assert tip.is_visible() and "the data gives" in tip.inner_text()
    supported = page.locator("table.claims .verdict.supported").first
    assert supported.evaluate("badge => getComputedStyle(badge).backgroundColor") == "rgb(217, 240, 211)"  # the stylesheet beside the page applied
    assert SCREENSHOT.stat().st_size > 10_000
