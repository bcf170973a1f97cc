"""The run summary: what a refresh used, built and tested, and the brief's headline figures as the data has them.

It is the run's markdown artifact, so it is written as Prefect's UI renders markdown: a blank line
after every table (a line right after one becomes its row), and errors and alert texts, which may
hold URLs with `&`, in code spans, shown as they are.
"""

from pathlib import Path

import pandas as pd

from warehouse.brief_facts import brief_facts
from warehouse.readers import connect_read_only

TOP_CHAPTERS = 5


def summarize(warehouse: Path, run_id: str) -> str:
    """A markdown summary of the run `run_id` that just published `warehouse` (its report.latest_run), read on a
    read-only connection."""
    with connect_read_only(warehouse) as con:
        facts = brief_facts(con)
        [(country, mirrored)] = con.execute(
            "select coalesce((select country_name from staging.countries where iso3 = $1), $1), "
            "exists (select 1 from seeds.mirror_reporters where iso3 = $1)", [facts.focus]).fetchall()
        run = con.execute(
            "select snapshots_used, models_built, tests_passed, tests_failed from meta.runs where run_id = ?", [run_id]
        ).fetchall()[0]
        snapshots = con.execute(
            "select sum(size) as bytes from meta.snapshots where run_id = ?",
            [run_id],
        ).df()
        sources = con.execute(
            "select source, fetch_status as \"fetch\", state, latest_period, snapshots, latest_recorded_at, error, state_rule "
            "from report.source_states"
        ).df()
        models = con.execute(
            "select model, materialization, row_count from meta.models where run_id = ? order by model", [run_id]
        ).df()
        chapters = con.execute(
            """select rank, product_code as hs2, short_name as product_name, value_usd / 1e6 as musd, 100 * share as share_pct
               from marts.export_structure
               where iso3 = ? and year = ? and product_level = 'hs2' and rank <= ?
               order by rank""",
            [facts.focus, facts.year, TOP_CHAPTERS],
        ).df()
        total = con.execute(
            "select sum(value_usd) / 1e9 from marts.export_structure where iso3 = ? and year = ? and product_level = 'hs2'",
            [facts.focus, facts.year],
        ).fetchall()[0][0]
        verdicts = con.execute(
            "select brief, verdict, count(*) as claims from marts.claim_checks group by all order by brief, verdict"
        ).df()
        raised = con.execute(
            "select kind, subject, message, delivery from report.open_alerts where raised_by_latest_run "
            "order by kind, subject"
        ).df()
        complementarity = con.execute(
            """select importer_iso3 as importer, tci, rank, importers
                from marts.complementarity_rank
                where exporter_iso3 = ? and year = ? and product_level = 'hs2'
                  and importer_iso3 in (?, ?)
                order by rank""",
            [facts.focus, facts.year, *facts.partners],
        ).df()
    snapshots_used, models_built, tests_passed, tests_failed = run
    return "\n".join([
        f"# tradebrief refresh {run_id}",
        "",
        f"Snapshots used: {snapshots_used} from {len(sources)} sources ({snapshots['bytes'].sum() / 1e6:.1f} MB)",
        "",
        *[f"- NO DATA: {r.source} has no snapshots yet; its tables are empty"
          for r in sources.itertuples() if r.snapshots == 0],
        *[f"- FETCH FAILED: {r.source} could not be fetched, so it was built from its snapshot of "
          f"{r.latest_recorded_at}: `{r.error}`" for r in sources.itertuples() if r.fetch == "failed"],
        *[f"- OUTDATED: {r.source}: {r.state_rule}" for r in sources.itertuples() if r.state == "outdated"],
        "",
        _markdown(sources.drop(columns=["error", "state_rule"]), {}),
        "",
        f"Data tests: {tests_passed} passed, {tests_failed} failed. Tables built: {models_built}.",
        "",
        _markdown(models, {"row_count": "{:,}".format}),
        "",
        f"## {country}'s top export chapters, {facts.year} (HS2{', mirror data' if mirrored else ''}; "
            + (f"total {total:.2f} bn USD)" if total is not None else "none: the warehouse holds no such trade)"),
        "",
        _markdown(chapters, {"musd": "{:,.1f}".format, "share_pct": "{:.1f}%".format}),
        "",
        f"## Complementarity of imports with {country}'s exports, {facts.year} (Michaely TCI, 0-100; rank among the "
        "economies that import)",
        "",
        _markdown(complementarity, {"tci": "{:.1f}".format}),
        "",
        "## The briefs' claims (`tradebrief claims --brief SLUG` lists each)",
        "",
        *[f"- {brief}: " + ", ".join(f"{r.claims} {r.verdict}" for r in rows.itertuples())
          for brief, rows in verdicts.groupby("brief")],
        "",
        f"## Alerts raised by this run: {len(raised)}",
        *([""] + [f"- {r.kind}: `{r.message}` (webhook: {r.delivery})" for r in raised.itertuples()] if len(raised) else []),
    ])


def _markdown(frame: pd.DataFrame, formats: dict) -> str:
    shown = frame.copy()
    for column, form in formats.items():
        shown[column] = shown[column].map(form)
    return shown.to_markdown(index=False)
