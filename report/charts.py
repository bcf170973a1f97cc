"""The report's charts: Vega-Altair specifications, rendered to SVG offline by vl-convert.

Every chart has a title, axis titles with their units, and a source line, which the page
prints under it. An SVG needs no script and no font from elsewhere, so the page works offline.
Each SVG is an image with a name and a description (`role="img"`, `<title>`, `<desc>`) for a
screen reader, and every mark's colour has 3:1 contrast or more against the white page.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd
import vl_convert
from lxml import etree

from report.data import ReportData

NAMES = {"PRK": "North Korea", "RUS": "Russia", "CHN": "China"}
COLOURS = {"North Korea": "#b2182b", "Russia": "#2166ac", "China": "#b35806", "other": "#8c8c8c"}
SERIES = ["#1b7837", "#762a83", "#b35806", "#2166ac", "#b2182b", "#4d4d4d"]  # for lines that are not countries
WIDTH = 640
SVG = "http://www.w3.org/2000/svg"


@dataclass(frozen=True)
class Figure:
    anchor: str
    title: str
    svg: str
    source: str


def svg(chart: alt.TopLevelMixin, name: str, description: str) -> str:
    """The chart as an SVG image named for a screen reader, its legends and labels never cut short."""
    chart = chart.configure_legend(labelLimit=0, titleLimit=0).configure_axis(labelLimit=0, titleLimit=0)
    root = etree.fromstring(vl_convert.vegalite_to_svg(chart.to_json()).encode())
    anchor = "chart-" + "-".join(name.lower().split()[:6]).replace("'", "").replace(",", "")
    root.set("role", "img")
    root.set("aria-labelledby", f"{anchor}-title {anchor}-desc")
    for tag, text in (("desc", description), ("title", name)):  # the title first: inserted last, at the top
        element = etree.Element(f"{{{SVG}}}{tag}", id=f"{anchor}-{tag}")
        element.text = text
        root.insert(0, element)
    return etree.tostring(root, encoding="unicode")


def country(iso3: pd.Series) -> pd.Series:
    return iso3.map(NAMES).fillna("other")


def colours(frame: pd.DataFrame) -> alt.Scale:
    """The same colour for a country in every chart; the legend lists only those the chart shows."""
    shown = [name for name in COLOURS if name in set(frame["country"])]
    return alt.Scale(domain=shown, range=[COLOURS[name] for name in shown])


def chapter_label(frame: pd.DataFrame) -> pd.Series:
    return frame["product_code"] + " " + frame["short_name"].fillna(frame["product_name"]).fillna("").str.slice(0, 38)


def export_structure(data: ReportData, source: str) -> Figure:
    frame = data.export_structure.assign(country=lambda f: country(f.iso3), chapter=chapter_label)
    chart = alt.Chart(frame).mark_bar().encode(
        x=alt.X("share_pct:Q", title="Share of the country's goods exports (%)"),
        y=alt.Y("chapter:N", sort="-x", title="HS2 chapter"),
        color=alt.Color("country:N", scale=colours(frame), legend=None),
    ).properties(width=260, height=alt.Step(16)).facet(
        column=alt.Column("country:N", title=None, sort=["North Korea", "Russia"]),
    ).resolve_scale(y="independent").properties(
        title=f"What North Korea and Russia export: their top HS2 chapters, {data.year}")
    leaders = "; ".join(f"{name}'s largest is {row.chapter} at {row.share_pct:.1f}%"
                        for name, row in frame.sort_values("rank").groupby("country").first().iterrows())
    return Figure("export-structure", "Export structure", svg(chart, "Export structure", (
        f"Bar charts of the HS2 chapters North Korea and Russia export most, by share of each one's goods exports, "
        f"{data.year}. {leaders}.")), source)


def competitors(data: ReportData, source: str) -> Figure:
    frame = data.competitors.assign(country=lambda f: country(f.iso3), chapter=chapter_label)
    bars = alt.Chart(frame).mark_bar().encode(
        x=alt.X("rca:Q", title="Revealed comparative advantage (Balassa index on a symmetric log scale; "
                               "1 = the world's share)",
                scale=alt.Scale(type="symlog")),
        y=alt.Y("chapter:N", sort=alt.SortField("rank"), title=f"North Korea's top HS2 chapters, {data.year}"),
        yOffset="country:N",
        color=alt.Color("country:N", scale=colours(frame), title="Exporter"),
    )
    parity = alt.Chart(pd.DataFrame({"rca": [1.0]})).mark_rule(strokeDash=[4, 3], color="black").encode(x="rca:Q")
    chart = (bars + parity).properties(
        width=WIDTH - 200, height=alt.Step(12),
        title=f"Competitors, not partners: Russia's advantage in North Korea's main chapters, {data.year}")
    above = int((frame[frame.iso3 == "RUS"].rca > 1).sum())
    return Figure("competitors", "Competitor view", svg(chart, "Competitor view", (
        f"Bars of North Korea's and Russia's revealed comparative advantage in North Korea's main HS2 chapters, "
        f"{data.year}, on a symmetric log scale; the dashed line at 1 is the world's share. Russia's advantage is above "
        f"1 in {above} of the {frame.chapter.nunique()} chapters.")), source)


def complementarity(data: ReportData, source: str) -> Figure:
    frame = data.complementarity.assign(country=lambda f: country(f.importer_iso3))
    points = alt.Chart(frame).mark_bar(width=2).encode(
        x=alt.X("rank:Q", title=f"Importers ranked by complementarity with North Korea's exports (1 = best of {len(frame)})",
                scale=alt.Scale(domain=[0, len(frame) + 1], nice=False)),
        y=alt.Y("tci:Q", title="Trade complementarity index (0-100)"),
        color=alt.Color("country:N", scale=colours(frame), title="Importer"),
    )
    labels = alt.Chart(frame[frame.country != "other"]).mark_text(dy=-8, fontWeight="bold").encode(
        x="rank:Q", y="tci:Q", text=alt.Text("label:N"),
    ).transform_calculate(label="datum.country + ' #' + datum.rank")
    chart = (points + labels).properties(
        width=WIDTH, height=240,
        title=f"Where Russia and China rank among all importers by complementarity with North Korea, {data.year}")
    ranks = "; ".join(f"{row.country} ranks {row['rank']} with {row.tci:.1f}"
                      for _, row in frame[frame.country != "other"].iterrows())
    return Figure("complementarity", "Complementarity rank", svg(chart, "Complementarity rank", (
        f"Bars of the trade complementarity index (0-100) of each of {len(frame)} importers with North Korea's "
        f"exports, {data.year}, best first. {ranks}.")), source)


def similarity(data: ReportData, source: str, shown: int = 20) -> Figure:
    frame = data.similarity
    frame = frame[(frame["rank"] <= shown) | frame.exporter_iso3.isin(["RUS"])].assign(
        country=lambda f: country(f.exporter_iso3))
    chart = alt.Chart(frame).mark_bar().encode(
        x=alt.X("esi:Q", title="Export similarity with North Korea in China's market (0-100)"),
        y=alt.Y("exporter_iso3:N", sort="-x", title="Exporter to China (ISO3)"),
        color=alt.Color("country:N", scale=colours(frame), title="Exporter"),
    ).properties(width=WIDTH - 160, height=alt.Step(14),
                 title=f"Who sells China what North Korea sells it: the {shown} most similar exporters and Russia, {data.year}")
    russia = frame[frame.exporter_iso3 == "RUS"].esi
    said = f" Russia's index is {russia.iloc[0]:.1f}." if len(russia) else ""
    return Figure("similarity", "Export similarity in China", svg(chart, "Export similarity in China", (
        f"Bars of the export similarity index (0-100) with North Korea in China's market of the {shown} most similar "
        f"exporters and Russia, {data.year}.{said}")), source)


def span(years: pd.Series) -> str:
    """The years a series covers, as its title says them: '2010-2020'."""
    return f"{years.min()}-{years.max()}" if len(years) else "no year held"


def structure_series(data: ReportData, source: str) -> Figure:
    frame = data.structure_series.assign(chapter=chapter_label)
    chart = alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("year:O", title="Year"),
        y=alt.Y("share_pct:Q", title="Share of North Korea's goods exports (%)"),
        color=alt.Color("chapter:N", title="HS2 chapter", scale=alt.Scale(range=SERIES)),
    )
    sanctions = alt.Chart(pd.DataFrame({"year": [2017]})).mark_rule(strokeDash=[4, 3], color="black").encode(x="year:O")
    chart = (chart + sanctions).properties(
        width=WIDTH - 160, height=260,
        title=f"What North Korea sold, {span(frame.year)}: its main chapters' shares (dashed: the 2017 sanctions)")
    return Figure("structure-series", "Export structure by year", svg(chart, "Export structure by year", (
        f"Lines of the shares of North Korea's main HS2 chapters in its goods exports, {span(frame.year)}, with the "
        "2017 sanctions marked by a dashed line.")), source)


def complementarity_series(data: ReportData, source: str) -> Figure:
    names = {("PRK", "RUS"): "North Korea's exports, Russia's imports", ("RUS", "PRK"): "Russia's exports, North Korea's imports"}
    frame = data.complementarity_series.assign(
        pair=lambda f: [names.get(pair, " / ".join(pair)) for pair in zip(f.exporter_iso3, f.importer_iso3)])
    chart = alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("year:O", title="Year"),
        y=alt.Y("tci:Q", title="Trade complementarity index (0-100)"),
        color=alt.Color("pair:N", title="Exports matched against imports", scale=alt.Scale(range=SERIES)),
    ).properties(width=WIDTH - 160, height=240,
                 title=f"How well North Korea's and Russia's trade match, {span(frame.year)}")
    return Figure("complementarity-series", "Complementarity by year", svg(chart, "Complementarity by year", (
        f"Two lines of the trade complementarity index (0-100) between North Korea and Russia, each one's exports "
        f"against the other's imports, {span(frame.year)}.")), source)


def partner_trade(data: ReportData, source: str) -> Figure:
    frame = data.partner_trade.melt(id_vars=["year", "partner_iso3"], var_name="direction", value_name="musd").dropna()
    frame = frame.assign(country=lambda f: country(f.partner_iso3),
                         direction=lambda f: f.direction.map({"imports_musd": "North Korea's imports",
                                                              "exports_musd": "North Korea's exports"}))
    chart = alt.Chart(frame).mark_bar().encode(
        x=alt.X("year:O", title="Year"),
        y=alt.Y("musd:Q", title="North Korea's trade as the partner reports it (USD million)"),
        xOffset="country:N",
        color=alt.Color("country:N", scale=colours(frame), title="Partner"),
    ).properties(width=WIDTH - 160, height=160).facet(
        row=alt.Row("direction:N", title=None, sort=["North Korea's imports", "North Korea's exports"]),
    ).resolve_scale(y="independent").properties(
        title=f"North Korea's trade with China and Russia, {span(frame.year)} (UN Comtrade, partners' reports)")
    return Figure("partner-trade", "Trade with China and Russia by year", svg(chart, "Trade with China and Russia", (
        f"Bars of North Korea's imports (above) and exports (below) with China and Russia as the partners report them "
        f"to UN Comtrade, in USD million, {span(frame.year)}.")), source)


def remittance(data: ReportData, source: str, brief_figure: float = 400e6) -> Figure:
    frame = data.scenarios.assign(remittance_musd=lambda f: f.remittance_usd / 1e6)
    bars = alt.Chart(frame).mark_bar(color="#4d4d4d").encode(
        x=alt.X("remittance_musd:Q", title="Remittance to the North Korean state (USD million a year)"),
        y=alt.Y("scenario:N", sort="-x", title="Scenario"),
    )
    brief = alt.Chart(pd.DataFrame({"remittance_musd": [brief_figure / 1e6]})).mark_rule(
        strokeDash=[4, 3], color="#b2182b").encode(x="remittance_musd:Q")
    chart = (bars + brief).properties(width=WIDTH - 160, height=alt.Step(22),
                                      title="Remittance scenarios beside the brief's 400 M USD a year (dashed)")
    return Figure("remittance", "Remittance scenarios", svg(chart, "Remittance scenarios", (
        f"Bars of the remittance to the North Korean state under each of {len(frame)} scenarios, in USD million a "
        f"year, from {frame.remittance_musd.min():,.0f} to {frame.remittance_musd.max():,.0f}, beside the brief's "
        f"{brief_figure / 1e6:,.0f} (a dashed line).")), source)


def sensitivity(data: ReportData, source: str) -> Figure:
    frame = data.sensitivity.assign(remittance_musd=lambda f: f.remittance_usd / 1e6,
                                    workers_k=lambda f: f.workers / 1000)
    share = frame["share_taken"].iloc[0] if len(frame) else 0
    chart = alt.Chart(frame).mark_rect().encode(
        x=alt.X("wage_usd:O", title="Annual wage per worker (USD)"),
        y=alt.Y("workers_k:O", sort="descending", title="North Korean workers in Russia (thousands)"),
        color=alt.Color("remittance_musd:Q", title="USD million a year", scale=alt.Scale(range=["#4292c6", "#08306b"])),
    ).properties(width=WIDTH - 200, height=300,
                 title=f"Sensitivity: remittance by workforce and wage, the state taking {share:.0%}")
    return Figure("sensitivity", "Remittance sensitivity", svg(chart, "Remittance sensitivity", (
        f"A heat map of the remittance, in USD million a year, by the number of North Korean workers in Russia and "
        f"their annual wage, the state taking {share:.0%}: from {frame.remittance_musd.min():,.0f} to "
        f"{frame.remittance_musd.max():,.0f}, darker for more.")), source)
