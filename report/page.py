"""Assembling the report page: the figures, the tables, the data dictionary, written beside its stylesheet."""

from __future__ import annotations

import functools
import math
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

import jinja2
import pandas as pd

from report import charts
from report.brief import Mark, sections
from report.data import ReportData, read
from schemas.verdicts import VERDICTS
from warehouse.errors import RefreshError

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


ENVIRONMENT.filters["number"] = number


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


def render(data: ReportData) -> str:
    tables = {name: group for name, group in data.dictionary.groupby(["schema_name", "table_name"], sort=True)}
    return ENVIRONMENT.get_template("report.html.j2").render(
        data=data,
        figures=figures(data),
        verdict_order=VERDICTS,
        briefs=sections(data.briefs, data.brief_lines, data.brief_quotes, data.claims),
        is_mark=lambda run: isinstance(run, Mark),
        dictionary=tables,
        written_at=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    )


def write_report(warehouse: Path, out_dir: Path) -> Path:
    """Write `index.html` and its stylesheet into out_dir from the published warehouse; return the page's path.

    Each file is written beside its final name and moved into place, so a reader never sees half a page.
    """
    if not Path(warehouse).exists():
        raise RefreshError(f"no published warehouse at {warehouse}; run `tradebrief refresh` (or `make run`) first")
    html = render(read(warehouse))
    assets = out_dir / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEMPLATES / "report.css", assets / "report.css.partial")
    os.replace(assets / "report.css.partial", assets / "report.css")
    page = out_dir / "index.html"
    partial = page.with_name("index.html.partial")
    partial.write_text(html, encoding="utf-8")
    os.replace(partial, page)
    return page
