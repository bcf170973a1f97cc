"""The report site in a real browser: headless Chromium loads every page, offline, on a phone (390 px) and a desktop
(1280 px), and finds it whole, fitted to the screen, named for a screen reader and legible."""

from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import sync_playwright

from flows.report_flow import report
from tests.browser import FLAGS, chromium

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}

# Each element's box against the viewport: what pokes out on either side (SVG internals are scaled with their SVG).
WIDER_THAN_VIEWPORT = """() => [...document.querySelectorAll('body *')].filter(e => !e.closest('svg') || e.tagName === 'svg')
    .map(e => [e, e.getBoundingClientRect()]).filter(([e, box]) => box.width > 0
        && (box.left < -0.5 || box.right > document.documentElement.clientWidth + 0.5))
    .map(([e, box]) => `${e.tagName}.${e.className} ${Math.round(box.left)}..${Math.round(box.right)}`)"""
# WCAG 2 contrast of two colours given as rgb() strings.
CONTRAST = """([a, b]) => { const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(v => {
    v = v / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g
    + 0.0722 * b; }; const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); }"""


@pytest.fixture(scope="module")
def browser():
    executable = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=FLAGS[1:])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site(recorded_warehouse, tmp_path_factory):
    warehouse, _ = recorded_warehouse
    index = Path(report(warehouse=str(warehouse), out_dir=str(tmp_path_factory.mktemp("site") / "report")))
    return warehouse, index.parent


def open_page(browser, path: Path, width: str):
    w, h = WIDTHS[width]
    page = browser.new_page(viewport={"width": w, "height": h})
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: problems.append(request.url) if not request.url.startswith("file://") else None)
    page.goto(path.as_uri(), wait_until="load")
    return page, problems


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_the_screen_with_no_error_and_no_network(site, browser, width):
    _, folder = site
    pages = sorted(folder.glob("*.html"))
    assert {p.name for p in pages} >= {"index.html", "indicators.html", "dictionary.html", "sources.html",
                                       "brief-lankov-2025.html"}
    for path in pages:
        page, problems = open_page(browser, path, width)
        wide = page.evaluate(WIDER_THAN_VIEWPORT)
        scroll = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"report-{path.stem}-{width}.png"), full_page=path.stem == "index")
        page.close()
        assert (path.name, problems, wide[:5], scroll) == (path.name, [], [], 0)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_claim_tip_opens_inside_the_screen_on_focus(site, browser, width):
    warehouse, folder = site
    with duckdb.connect(str(warehouse), read_only=True) as con:
        claims = dict(con.execute("select brief, count(*) from marts.claim_checks group by brief").fetchall())
    page, _ = open_page(browser, folder / "brief-lankov-2025.html", width)
    assert page.locator("table.claims tbody tr.claim").count() == claims["lankov-2025"]
    marks = page.locator("section.brief mark.claim-mark")
    outside = []
    for index in range(marks.count()):
        mark = marks.nth(index)
        tip = mark.locator(".claim-tip")
        assert not tip.is_visible()
        mark.evaluate("m => { m.scrollIntoView({block: 'center'}); m.focus({preventScroll: true}); }")
        box = tip.bounding_box()
        w, h = WIDTHS[width]
        if not (box and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= w
                and box["y"] + box["height"] <= h):
            outside.append((mark.inner_text()[:30], box))
        assert "the data give" in tip.inner_text()
        assert mark.get_attribute("aria-describedby") == tip.get_attribute("id")  # read out on focus
    count = marks.count()
    page.close()
    assert count > 40 and outside == []


def test_the_ledger_is_cards_on_a_phone_and_a_table_on_a_desktop(site, browser):
    _, folder = site
    shapes = {}
    for width in WIDTHS:
        page, _ = open_page(browser, folder / "brief-lankov-2025.html", width)
        row = page.locator("table.claims tr.claim").first
        cells = row.locator("td")
        shapes[width] = (row.evaluate("r => getComputedStyle(r).display"),
                         min(cells.nth(i).bounding_box()["width"] for i in range(cells.count())),
                         page.locator("table.claims td").evaluate_all(
                             "cells => cells.filter(c => c.scrollWidth > c.clientWidth + 1).length"))
        label = cells.nth(1).evaluate("c => getComputedStyle(c, '::before').content")
        page.close()
        if width == "phone":
            assert label == '"The brief says"'
    assert shapes["phone"][:2] == ("block", pytest.approx(shapes["phone"][1])) and shapes["phone"][1] > 300  # a card
    assert shapes["desktop"][0] == "table-row" and shapes["desktop"][1] >= 64  # no column squeezed to a letter
    assert shapes["phone"][2] == shapes["desktop"][2] == 0  # and no text overflows its cell


def test_every_chart_is_a_named_image_and_says_when_its_axis_is_not_linear(site, browser):
    _, folder = site
    page, _ = open_page(browser, folder / "indicators.html", "desktop")
    charts = page.locator("figure.chart svg")
    names = charts.evaluate_all("""svgs => svgs.map(s => [s.getAttribute('role'),
        s.getAttribute('aria-labelledby').split(' ').map(id => document.getElementById(id).textContent.trim())])""")
    drawn = charts.evaluate_all("svgs => svgs.map(s => s.querySelectorAll('path, rect, text').length)")
    symlog = page.locator("#competitors svg").evaluate("svg => svg.textContent")
    page.close()
    assert len(names) == 9 and all(count > 10 for count in drawn)
    assert all(role == "img" and len(title) > 5 and len(description) > 40 for role, (title, description) in names)
    assert "symmetric log scale" in symlog


def test_verdicts_differ_by_more_than_colour_and_their_marks_and_badges_meet_wcag_aa(site, browser):
    _, folder = site
    page, _ = open_page(browser, folder / "brief-lankov-2025.html", "desktop")
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    marks, badges = {}, {}
    for verdict in ("supported", "contradicted", "stale", "unverifiable", "error"):
        mark = page.locator(f"p .claim-mark.{verdict}").first  # the legend's sample marks are on every brief page
        colour, style = mark.evaluate("m => [getComputedStyle(m).textDecorationColor, "
                                      "getComputedStyle(m).textDecorationStyle]")
        marks[verdict] = (page.evaluate(CONTRAST, [colour, background]), style)
        badge = page.locator(f".verdict.{verdict}").first
        text, fill, symbol = badge.evaluate("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor, "
                                            "getComputedStyle(b, '::before').content]")
        badges[verdict] = (page.evaluate(CONTRAST, [text, fill]), symbol)
    page.close()
    assert all(contrast >= 3 for contrast, _ in marks.values()), marks
    assert len({style for _, style in marks.values()}) == 5  # a pattern each: solid, wavy, dashed, dotted, double
    assert all(contrast >= 4.5 for contrast, _ in badges.values()), badges
    assert len({symbol for _, symbol in badges.values()}) == 5
