"""Assembling the report page: the figures, the tables, the data dictionary, written beside its stylesheet."""

from __future__ import annotations

import functools
import math
import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import pandas as pd

from report import charts
from report.brief import Mark, sections
from report.data import ReportData, read
from schemas.verdicts import VERDICTS
from warehouse.errors import ReadError

TEMPLATES = Path(__file__).parent / "templates"
ENVIRONMENT = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                 undefined=jinja2.StrictUndefined)


def number(value, digits: int = 2) -> str:
    """A figure for a table cell: millions shortened, missing values as a dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "–"
    if isinstance(value, str):
        return value
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.1f} M"
    return f"{value:,.{digits}f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"


def web(url) -> bool:
    """Whether a URL may be linked: http or https with a host. Any other (a `javascript:` or `data:` URL taken from a
    sidecar or a brief's provenance) is written as text, never as a link a click would run."""
    if not isinstance(url, str):
        return False
    parts = urlsplit(url.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


ENVIRONMENT.filters["number"] = number
ENVIRONMENT.tests["web"] = web


def source_line(data: ReportData, source: str, tables: str) -> str:
    """'Source: <producer>, <title>' from the snapshots' provenance, and the warehouse tables the chart reads."""
    row = data.sources[data.sources.source == source]
    if row.empty:
        return f"Source: {tables}."
    producer, title = row.iloc[0][["producer", "title"]]
    return f"Source: {producer}, {title}. Computed by tradebrief in {tables}."


def figures(data: ReportData) -> list[charts.Figure]:
    trade = functools.partial(source_line, data, "atlas_hs92")
    remittance_sources = ("Source: the brief's assumptions and the published figures in seeds.remittance_assumptions "
                          "(wages, worker counts, the rouble rate from the World Bank). Computed by tradebrief in {}.")
    return [
        charts.export_structure(data, trade("marts.export_structure")),
        charts.competitors(data, trade("marts.revealed_comparative_advantage")),
        charts.complementarity(data, trade("marts.complementarity_rank")),
        charts.similarity(data, trade("marts.export_similarity, market CHN")),
        charts.structure_series(data, trade("marts.export_structure_series")),
        charts.complementarity_series(data, trade("marts.complementarity_series")),
        charts.partner_trade(data, source_line(data, "comtrade", "marts.partner_trade_series")),
        charts.remittance(data, remittance_sources.format("marts.remittance_scenarios")),
        charts.sensitivity(data, remittance_sources.format("marts.remittance_sensitivity")),
    ]


@dataclass(frozen=True)
class Page:
    """One page of the report site: its file, its name in the navigation, its heading, its template and what it shows."""

    file: str
    label: str
    heading: str
    template: str
    context: dict = field(default_factory=dict)


def pages(data: ReportData) -> list[Page]:
    """The site: an overview, a page a brief (its annotated text and ledger), the charts, the dictionary, the sources."""
    briefs = sections(data.briefs, data.brief_lines, data.brief_quotes, data.claims)
    return [
        Page("index.html", "Overview", "The briefs' argument, checked against the data", "index.html.j2",
             {"briefs": briefs}),
        *(Page(f"brief-{section.about['brief']}.html", short(section.about["title"]), section.about["title"],
               "brief.html.j2", {"section": section}) for section in briefs),
        Page("indicators.html", "Indicators", "The indicators and charts", "indicators.html.j2",
             {"figures": figures(data)}),
        Page("dictionary.html", "Data dictionary", "Data dictionary", "dictionary.html.j2",
             {"dictionary": dict(iter(data.dictionary.groupby(["schema_name", "table_name"], sort=True)))}),
        Page("sources.html", "Sources", "Sources", "sources.html.j2"),
    ]


def short(title: str, words: int = 4) -> str:
    """A brief's title as the navigation names it: its first few words."""
    head = title.split()
    return " ".join(head[:words]) + ("…" if len(head) > words else "")


def render(data: ReportData) -> dict[str, str]:
    """Every page's HTML by its file name."""
    site = pages(data)
    shared = {"data": data, "run": data.run.iloc[0], "site": site, "verdict_order": VERDICTS,
              "is_mark": lambda run: isinstance(run, Mark),
              "written_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}
    return {page.file: ENVIRONMENT.get_template(page.template).render(
        **shared, **page.context, current=page.file, heading=page.heading) for page in site}


def write_report(warehouse: Path, out_dir: Path) -> Path:
    """Write the report's pages and their stylesheet into out_dir from the published warehouse; return the overview's
    path. Each file is written beside its final name and moved into place, so a reader never sees half a page."""
    if not Path(warehouse).exists():
        raise ReadError(f"no published warehouse at {warehouse}; run `tradebrief refresh` (or `make run`) first")
    written = render(read(warehouse))
    assets = out_dir / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEMPLATES / "report.css", assets / "report.css.partial")
    os.replace(assets / "report.css.partial", assets / "report.css")
    for name, html in written.items():
        partial = out_dir / f"{name}.partial"
        partial.write_text(html, encoding="utf-8")
        os.replace(partial, out_dir / name)
    for left in set(path.name for path in out_dir.glob("brief-*.html")) - set(written):
        (out_dir / left).unlink()  # the page of a brief the warehouse no longer holds
    return out_dir / "index.html"
