"""What each section of the report shows, read from the published warehouse in one read-only connection."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from schemas.verdicts import VERDICTS
from warehouse.brief_facts import brief_facts
from warehouse.readers import connect_read_only

MAIN_CHAPTERS = 8


@dataclass(frozen=True)
class ReportData:
    year: int
    run: pd.DataFrame
    claims: pd.DataFrame
    export_structure: pd.DataFrame
    competitors: pd.DataFrame
    complementarity: pd.DataFrame
    similarity: pd.DataFrame
    structure_series: pd.DataFrame
    complementarity_series: pd.DataFrame
    partner_trade: pd.DataFrame
    scenarios: pd.DataFrame
    sensitivity: pd.DataFrame
    runs: pd.DataFrame
    alerts: pd.DataFrame
    verdict_changes: pd.DataFrame
    indicator_changes: pd.DataFrame
    dictionary: pd.DataFrame
    sources: pd.DataFrame
    briefs: pd.DataFrame
    brief_lines: pd.DataFrame
    brief_quotes: pd.DataFrame


def full_year(con: duckdb.DuckDBPyConnection, focus: str) -> int:
    """The latest year in which the brief's country's exports are ranked against every importer, not one or two."""
    [(year,)] = con.execute("""
        select max(year) from marts.complementarity_rank
        where exporter_iso3 = ? and product_level = 'hs2' and rank is not null""", [focus]).fetchall()
    return year


def read(warehouse: Path) -> ReportData:
    with connect_read_only(warehouse) as con:
        facts = brief_facts(con)
        year = full_year(con, facts.focus)
        run = con.execute("select * from report.latest_run").df()

        def q(sql: str) -> pd.DataFrame:
            return con.execute(sql.format(year=year, focus=facts.focus, partner=facts.partner,
                                          comparator=facts.comparator, brief=facts.brief,
                                          chapters=MAIN_CHAPTERS, verdict_order=VERDICTS)).df()

        return ReportData(
            year=year,
            run=run,
            claims=q("select * from report.claim_ledger "
                     "order by brief, list_position({verdict_order}, verdict), claim_id"),
            export_structure=q("""
                select iso3, product_code, product_name, short_name, 100 * share as share_pct, rank
                from marts.export_structure
                where year = {year} and product_level = 'hs2' and iso3 in ('{focus}', '{partner}') and rank <= {chapters}
                order by iso3, rank"""),
            competitors=q("""
                with main_chapters as (
                    select product_code, product_name, short_name, rank from marts.export_structure
                    where year = {year} and product_level = 'hs2' and iso3 = '{focus}' and rank <= {chapters}
                )
                select rca.iso3, main_chapters.product_code, main_chapters.product_name, main_chapters.short_name,
                       main_chapters.rank, rca.rca
                from marts.revealed_comparative_advantage as rca
                join main_chapters using (product_code)
                where rca.year = {year} and rca.product_level = 'hs2' and rca.iso3 in ('{focus}', '{partner}')
                order by main_chapters.rank, rca.iso3"""),
            complementarity=q("""
                select importer_iso3, tci, rank, importers from marts.complementarity_rank
                where year = {year} and exporter_iso3 = '{focus}' and product_level = 'hs2' order by rank"""),
            similarity=q("""
                select exporter_b_iso3 as exporter_iso3, esi,
                       rank() over (order by esi desc) as rank
                from marts.export_similarity
                where year = {year} and exporter_a_iso3 = '{focus}' and market_iso3 = '{comparator}' and product_level = 'hs2'
                order by esi desc"""),
            structure_series=q("""
                with main as (
                    select distinct product_code from marts.export_structure_series
                    where iso3 = '{focus}' and rank <= 3
                )
                select series.year, series.product_code, series.short_name, series.product_name,
                       100 * series.share as share_pct
                from marts.export_structure_series as series
                join main using (product_code)
                where series.iso3 = '{focus}'
                order by series.year, series.product_code"""),
            complementarity_series=q("""
                select exporter_iso3, importer_iso3, year, tci from marts.complementarity_series
                where '{focus}' in (exporter_iso3, importer_iso3) and '{partner}' in (exporter_iso3, importer_iso3)
                order by exporter_iso3, year"""),
            partner_trade=q("""
                select year, partner_iso3, imports_usd / 1e6 as imports_musd, exports_usd / 1e6 as exports_musd
                from marts.partner_trade_series
                where iso3 = '{focus}' and partner_iso3 in ('{partner}', '{comparator}')
                order by year, partner_iso3"""),
            scenarios=q("select * from marts.remittance_scenarios order by remittance_usd"),
            sensitivity=q("""
                select * from marts.remittance_sensitivity
                where share_taken = (select share_taken from marts.remittance_scenarios where scenario = 'brief_central')"""),
            runs=q("select * from report.recent_runs"),
            alerts=q("""select created_at, kind, subject, message, severity, delivery from report.open_alerts
                        order by created_at desc"""),
            verdict_changes=q("select * from report.verdict_changes"),
            indicator_changes=q("select * from report.indicator_changes"),
            dictionary=q("select * from meta.columns order by schema_name, table_name"),
            sources=q("select * from report.source_list order by source, title"),
            briefs=q("select * from seeds.briefs order by brief = '{brief}' desc, published desc, brief"),
            brief_lines=q("select brief, line, text from raw.brief_lines order by brief, line"),
            brief_quotes=q("select brief, claim_id, line, start, \"end\" from intermediate.brief_quotes "
                           "where owner = 'claim'"),
        )
