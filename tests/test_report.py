"""The analyst report, read as HTML: every claim, every chart with titled axes and a source, nothing from the network."""

from pathlib import Path

import duckdb
from lxml import html
from prefect.artifacts import Artifact

from flows.cli import main
from schemas.verdicts import VERDICTS


def parsed(page, name: str = "index.html"):
    """One page of the report site, parsed: the overview by default, or its neighbour `name`."""
    return html.parse(Path(page).with_name(name)).getroot()


def brief_pages(page) -> dict[str, html.HtmlElement]:
    return {path.name: html.parse(path).getroot() for path in sorted(Path(page).parent.glob("brief-*.html"))}


def test_every_claim_has_a_row_with_its_verdict_linked_to_its_evidence_and_source(report_page):
    warehouse, page = report_page
    with duckdb.connect(str(warehouse), read_only=True) as con:
        verdicts = dict(con.execute("select claim_id, verdict from marts.claim_checks").fetchall())
        recorded = {source for (source,) in con.execute("select distinct source from meta.snapshots").fetchall()}
        evidence = dict(con.execute("select claim_id, coalesce(evidence_source, '') from marts.claim_checks").fetchall())
    rows = [row for root in brief_pages(page).values() for row in root.cssselect("tr.claim")]
    anchors = {element.get("id") for element in parsed(page, "dictionary.html").iter() if element.get("id")}

    assert {row.get("data-claim-id"): row.cssselect(".verdict")[0].text for row in rows} == verdicts
    evidence_links = [a.get("href") for row in rows for a in row.cssselect("td:nth-child(7) a")]
    assert len(evidence_links) > 20 and all(link.startswith("dictionary.html#table-") and link.split("#")[1] in anchors
                                            for link in evidence_links)
    from_a_source = {claim for claim, source in evidence.items() if source.split(",")[0] in recorded}
    linked = {row.get("data-claim-id") for row in rows if row.cssselect("td:nth-child(8) a[href^='http']")}
    assert linked == from_a_source


def test_the_sources_list_names_every_source_a_verdict_used_with_its_licence(report_page):
    warehouse, page = report_page
    with duckdb.connect(str(warehouse), read_only=True) as con:
        used = {source for (source,) in con.execute(
            "select distinct unnest(string_split(evidence_source, ',')) from marts.claim_checks").fetchall()}
        titles = {title for (title,) in con.execute("select distinct title from meta.snapshots "
                                                    "union select title from seeds.briefs").fetchall()}
    rows = parsed(page, "sources.html").cssselect("#sources tr.source")
    listed = {row.get("data-source") for row in rows}
    marked = {row.get("data-source") for row in rows if row.cssselect("td")[-1].text == "yes"}

    assert {"atlas_hs92", "energy", "fao", "hs_nomenclature", "imf", "published", "worldbank"} <= used
    assert used <= listed and marked == used
    assert all(row.cssselect("td.licence")[0].text_content().strip() for row in rows)
    # every recorded title and every brief has its row: the Energy Institute's 2024 workbook beside BP's 2021 review
    assert {row.cssselect("td")[1].text_content() for row in rows} == titles


# Each chart's quantity axis and the unit its title must give, in the order the page shows them.
AXIS_UNITS = [("Share of the country's goods exports", "(%)"),
              ("Revealed comparative advantage", "(Balassa index on a symmetric log scale; 1 = the world's share)"),
              ("Trade complementarity index", "(0-100)"),
              ("Export similarity with North Korea in China's market", "(0-100)"),
              ("Share of North Korea's goods exports", "(%)"),
              ("Trade complementarity index", "(0-100)"),
              ("North Korea's trade as the partner reports it", "(USD million)"),
              ("Remittance to the North Korean state", "(USD million a year)"),
              ("Annual wage per worker", "(USD)")]


def test_every_chart_is_an_inline_svg_with_titled_axes_and_a_source_under_it(report_page):
    _, page = report_page
    figures = parsed(page, "indicators.html").cssselect("figure.chart")

    assert len(figures) == len(AXIS_UNITS)
    for figure, (quantity, unit) in zip(figures, AXIS_UNITS):
        svg = figure.find("svg")  # the HTML parser keeps inline SVG elements without their namespace
        assert svg is not None and len(svg) > 0
        titles = [" ".join(text.itertext()) for text in svg.iter("text")]
        assert any(title.startswith(quantity) and title.endswith(unit) for title in titles), (quantity, titles[:20])
        assert figure.cssselect("figcaption")[0].text_content().startswith("Source:")


def test_no_page_loads_anything_from_elsewhere_or_needs_a_script(report_page):
    _, page = report_page
    roots = [html.parse(path).getroot() for path in Path(page).parent.glob("*.html")]

    assert len(roots) >= 6
    for root in roots:
        assert not root.cssselect("script")
        loaded = [element.get("src") or element.get("href") for element in root.cssselect("link, img, iframe, source")]
        assert loaded == ["assets/report.css"]
        # every link within the site names a page that was written
        local = {a.get("href").split("#")[0] for a in root.cssselect("a[href]") if not a.get("href").startswith(
            ("http", "#", "mailto:"))}
        assert all((Path(page).parent / target).exists() for target in local), local
    stylesheet = Path(page).parent / "assets" / "report.css"
    assert stylesheet.stat().st_size > 0
    assert "@import" not in stylesheet.read_text() and "url(" not in stylesheet.read_text()


def test_the_data_dictionary_has_its_own_page(report_page):
    warehouse, page = report_page
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = {f"table-{s}.{t}" for s, t in con.execute("select distinct schema_name, table_name from meta.columns").fetchall()}

    assert {article.get("id") for article in parsed(page, "dictionary.html").cssselect("article.table")} == tables


def test_the_run_leaves_an_artifact_linking_to_the_report(report_page):
    _, page = report_page

    artifact = Artifact.get("tradebrief-report")

    assert artifact is not None and f"({Path(page).resolve().as_uri()})" in artifact.data


def test_the_command_writes_the_report(recorded_warehouse, tmp_path, capsys):
    path, _ = recorded_warehouse

    assert main(["report", "--warehouse", str(path), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "index.html").exists()
    assert str(tmp_path / "index.html") in capsys.readouterr().out


def test_each_brief_is_annotated_in_place_with_every_claim_once(report_page):
    warehouse, page = report_page
    with duckdb.connect(str(warehouse), read_only=True) as con:
        briefs = [slug for (slug,) in con.execute("select brief from seeds.briefs where text_file is not null").fetchall()]
        verdicts = {(brief, claim): verdict for brief, claim, verdict in con.execute(
            "select brief, claim_id, verdict from marts.claim_checks").fetchall()}
        quotes = {(brief, claim): quote for brief, claim, quote in con.execute(
            "select brief, claim_id, quote from seeds.claims").fetchall()}
    assert briefs
    for brief in briefs:
        root = parsed(page, f"brief-{brief}.html")
        section = f"#brief-{brief}"
        entries = root.cssselect(f"{section} .claim-entry")
        assert sorted(entry.get("data-claim-id") for entry in entries) == sorted(
            claim for slug, claim in verdicts if slug == brief)
        for mark in root.cssselect(f"{section} mark.claim-mark"):
            claims = [entry.get("data-claim-id") for entry in mark.cssselect(".claim-entry")]
            assert mark.text == quotes[brief, claims[0]]  # the mark underlines the claim's own words
            worst = min((verdicts[brief, claim] for claim in claims), key=VERDICTS.index)
            assert mark.get("class") == f"claim-mark {worst}" and mark.get("tabindex") == "0"
        # each brief's ledger lists what needs attention first
        order = [row.cssselect(".verdict")[0].text for row in root.cssselect(f"{section} tr.claim")]
        assert len(order) == sum(slug == brief for slug, _ in verdicts)
        assert order == sorted(order, key=VERDICTS.index)
    # The overview lists every brief, the brief the analyst marts weigh first of all, and so does the navigation.
    listed = [a.get("href") for a in parsed(page).cssselect("ul.briefs li > a")]
    assert listed[0] == "brief-lankov-2025.html" and set(listed) == {f"brief-{b}.html" for b in briefs}
    assert [a.get("href") for a in parsed(page).cssselect("header nav a")][1:1 + len(briefs)] == listed
