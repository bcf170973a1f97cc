"""The `meta` schema: what each run used, built and tested. It outlives rebuilds of the warehouse."""

from dataclasses import astuple, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from warehouse import kept, seals
from warehouse.data_tests import DataTestResult
from warehouse.freshness import SourceState
from warehouse.models import BuiltModel
from warehouse.publish import attached, sql_string
from warehouse.snapshots import FetchOutcome, Snapshot

SCHEMAS = ("raw", "seeds", "staging", "intermediate", "marts", "meta")


@dataclass(frozen=True)
class MetaTable:
    """One table of `meta`: what a row is, and each column's type and meaning (its catalog comment)."""

    description: str
    columns: tuple[tuple[str, str, str], ...]  # (name, DuckDB type, description)
    key: str | None = None

    def ddl(self) -> str:
        return "(" + ", ".join(f"{name} {kind}" + (" primary key" if name == self.key else "")
                               for name, kind, _ in self.columns) + ")"


META_TABLES = {
    "runs": MetaTable("One row per refresh, published or failed: when it ran, what it used and built, how it ended.", (
        ("run_id", "varchar", "the refresh's id (its Prefect flow run id)"),
        ("started_at", "timestamptz", "when the refresh started"),
        ("finished_at", "timestamptz", "when it finished, or failed"),
        ("status", "varchar", "success (published) or failed (nothing published)"),
        ("snapshots_used", "integer", "how many snapshots the build read"),
        ("models_built", "integer", "how many SQL models it built or reused"),
        ("tests_passed", "integer", "data tests that passed"),
        ("tests_failed", "integer", "data tests that failed"),
        ("alerts", "integer", "alerts the run raised"),
        ("error", "varchar", "why a failed run failed, in one line"),
    ), key="run_id"),
    "snapshots": MetaTable("One row per snapshot a run read: its bytes' sha256 and where they came from.", (
        ("run_id", "varchar", "the run that read it"),
        ("source", "varchar", "the tradebrief source"),
        ("name", "varchar", "the snapshot's name within its source"),
        ("sha256", "varchar", "sha256 of its bytes"),
        ("size", "bigint", "its size in bytes"),
        ("recorded_at", "varchar", "when it was recorded (ISO time)"),
        ("origin_path", "varchar", "the URL or file it was recorded from"),
        ("producer", "varchar", "who publishes the data"),
        ("title", "varchar", "the data set's title"),
        ("citation", "varchar", "how to cite it"),
        ("licence", "varchar", "the licence it is published under"),
        ("landing_url", "varchar", "the page that describes the data"),
        ("schema_signature", "varchar", "its layout: a CSV header, or a JSON body's keys"),
    )),
    "models": MetaTable("One row per SQL model a run built or reused.", (
        ("run_id", "varchar", "the run"),
        ("model", "varchar", "schema.table of the model"),
        ("layer", "varchar", "staging, intermediate or marts"),
        ("materialization", "varchar", "table or view"),
        ("depends_on", "varchar[]", "the tables the model reads"),
        ("row_count", "bigint", "its rows when built"),
        ("seconds", "double", "how long it took to build"),
        ("description", "varchar", "its header comment: what one row is"),
        ("fingerprint", "varchar", "digest of its SQL and inputs: equal fingerprints mean equal tables"),
        ("reused", "boolean", "true when taken from the published run unchanged"),
        ("seal", "varchar", "HMAC over the fingerprint and the table's rows: what the next run checks before reusing it"),
    )),
    "test_results": MetaTable("One row per data test a run ran.", (
        ("run_id", "varchar", "the run"),
        ("test", "varchar", "the data test (a file of dbt_like_sql/tests)"),
        ("status", "varchar", "pass or fail"),
        ("failing_rows", "bigint", "rows the test returned"),
        ("sample", "varchar", "some of those rows"),
        ("checked_at", "timestamptz", "when it ran"),
        ("fingerprint", "varchar", "digest of the tables it read"),
        ("reused", "boolean", "true when a pass on the very same tables was reused"),
        ("seal", "varchar", "HMAC over the fingerprint and the pass: what the next run checks before reusing it"),
    )),
    "source_status": MetaTable(
        "One row per (run, source): what the fetch did, what the data holds, and the source's state, carried run "
        "to run.", (
            ("run_id", "varchar", "the run"),
            ("source", "varchar", "the tradebrief source"),
            ("status", "varchar", "this run's fetch: fetched, unchanged, failed, manual (no live fetch) or offline"),
            ("error", "varchar", "why this run's fetch failed, in one line"),
            ("new_snapshots", "integer", "snapshots this run's fetch recorded"),
            ("snapshots", "integer", "snapshots the build read"),
            ("latest_recorded_at", "varchar", "when the newest of them was recorded"),
            ("fingerprint", "varchar", "digest of its snapshots and parser: equal means equal raw tables"),
            ("reused", "boolean", "true when its raw tables were taken from the published run"),
            ("latest_period", "varchar", "the latest period (year) the source's data holds"),
            ("last_fetched_at", "timestamptz", "the last successful live fetch, in any run (null: never)"),
            ("last_failed_at", "timestamptz", "the last failed live fetch, in any run (null: never)"),
            ("last_failure", "varchar", "why that fetch failed, in one line"),
            ("state", "varchar", "fresh, outdated, fetch_failing or offline (never fetched live)"),
            ("state_rule", "varchar", "the rule that set the state, in words"),
            ("seal", "varchar", "HMAC over the fingerprint and the raw tables' rows: checked before they are reused"),
        )),
    "indicator_history": MetaTable("One row per (run, headline indicator): its value, for drift alerts.", (
        ("run_id", "varchar", "the run"),
        ("indicator", "varchar", "the indicator (marts.headline_indicators)"),
        ("value", "double", "its value"),
        ("unit", "varchar", "its unit"),
        ("snapshot_sha256", "varchar", "the snapshots it was computed from"),
        ("recorded_at", "timestamptz", "when the run recorded it"),
    )),
    "claim_history": MetaTable("One row per (run, claim): its verdict, for verdict-change alerts.", (
        ("run_id", "varchar", "the run"),
        ("claim_id", "varchar", "the claim (seeds.claims)"),
        ("brief", "varchar", "the claim's brief (seeds.briefs); empty in runs before briefs were folders"),
        ("verdict", "varchar", "its verdict in that run"),
        ("computed_value", "double", "what the data gave"),
        ("recorded_at", "timestamptz", "when the run recorded it"),
    )),
    "alerts": MetaTable("One row per alert: what it says and whether every receiver has taken it (the outbox).", (
        ("alert_id", "varchar", "digest of run, kind and subject"),
        ("run_id", "varchar", "the run that raised it"),
        ("created_at", "timestamptz", "when it was recorded"),
        ("kind", "varchar", "what happened: fetch_failed, verdict_change, indicator_drift, ..."),
        ("subject", "varchar", "what it is about: a source, claim or indicator"),
        ("message", "varchar", "the alert in words"),
        ("severity", "varchar", "info, warning or error"),
        ("delivery", "varchar", "pending (in the outbox), delivered, or not configured (no receiver set)"),
        ("delivered_at", "timestamptz", "when every receiver took it"),
    ), key="alert_id"),
}


def create_schemas(con: duckdb.DuckDBPyConnection) -> None:
    """The schemas and the meta tables, with their comments; a meta table from an older run gains its new columns."""
    for schema in SCHEMAS:
        con.execute(f"create schema if not exists {schema}")
    con.begin()  # one commit for the tables and their comments
    for table, spec in META_TABLES.items():
        con.execute(f"create table if not exists meta.{table} {spec.ddl()}")
        for name, kind, _ in spec.columns:
            con.execute(f"alter table meta.{table} add column if not exists {name} {kind}")
        con.execute(f"comment on table meta.{table} is {sql_string(spec.description)}")
        for name, _, description in spec.columns:
            con.execute(f"comment on column meta.{table}.{name} is {sql_string(description)}")
    con.commit()


def carry_history(con: duckdb.DuckDBPyConnection, published: Path) -> None:
    """Copy the meta tables of the published warehouse, if there is one, into the warehouse being built."""
    if not published.exists():
        return
    with attached(con, published, "published"):
        have = {row[0] for row in con.execute(
            "select table_name from duckdb_tables() where database_name = 'published' and schema_name = 'meta'"
        ).fetchall()}
        for table in META_TABLES:
            if table in have:
                con.execute(f"insert into meta.{table} by name select * from published.meta.{table}")


def record_run(con: duckdb.DuckDBPyConnection, run_id: str, started_at: datetime, finished_at: datetime,
               snapshots: list[Snapshot], built: list[BuiltModel], results: list[DataTestResult],
               outcomes: list[FetchOutcome], alerts: int, sources: dict[str, tuple[str, bool]],
               signatures: dict[str, str], states: list[SourceState], source_tables: dict[str, tuple[str, ...]]) -> None:
    """This run's row in every meta table, the headline indicators and claim verdicts included, with the seals that
    let the next run reuse a table or a passed test."""
    key = seals.integrity_key()
    passed = sum(r.passed for r in results)
    con.execute(
        "insert into meta.runs values (?, ?, ?, 'success', ?, ?, ?, ?, ?, null)",
        [run_id, started_at, finished_at, len(snapshots), len(built), passed, len(results) - passed, alerts],
    )
    insert_rows(con, "meta.snapshots", [
        [run_id, s.source, s.name, s.sha256, s.size, s.recorded_at, s.request.get("origin_path") or s.request.get("url"),
         s.origin.get("producer"), s.origin.get("title"), s.origin.get("citation"), s.origin.get("licence"),
         s.origin.get("landing_url"), signatures[s.sha256]] for s in snapshots])
    insert_rows(con, "meta.models", [
        [run_id, b.model.name, b.model.layer, b.model.materialization, sorted(b.model.depends_on), b.rows, b.seconds,
         b.model.description, b.fingerprint, b.reused,
         seals.seal(key, *seals.model_parts(con, b.model.name, b.fingerprint)) if b.model.materialization == "table"
         else None] for b in built])
    by_source: dict[str, list[str]] = {}
    for snapshot in snapshots:
        by_source.setdefault(snapshot.source, []).append(snapshot.recorded_at)
    state_of = {state.source: state for state in states}
    insert_rows(con, "meta.source_status", [
        [run_id, o.source, o.status, o.error, len(o.new), len(by_source.get(o.source, [])),
         max(by_source.get(o.source, [""])), *sources[o.source], *astuple(state_of[o.source])[1:],
         seals.seal(key, *seals.source_parts(con, o.source, sources[o.source][0], source_tables[o.source]))]
        for o in outcomes])
    insert_rows(con, "meta.test_results",
                [[run_id, r.test, "pass" if r.passed else "fail", r.failing_rows, r.sample, finished_at, r.fingerprint,
                 r.reused, seals.seal(key, *seals.test_parts(r.test, r.fingerprint)) if r.passed else None]
                 for r in results])
    con.execute("insert into meta.indicator_history select ?, indicator, value, unit, snapshot_sha256, ? "
                "from marts.headline_indicators", [run_id, finished_at])
    con.execute("insert into meta.claim_history by name select ? as run_id, claim_id, brief, verdict, computed_value, "
                "? as recorded_at from marts.claim_checks", [run_id, finished_at])


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[list]) -> None:
    """Insert rows into a meta table in one statement (DuckDB runs `executemany` a row at a time: 270 snapshot rows
    took half a second); a run may have none of a kind (a build with every source retired)."""
    if not rows:
        return
    con.register("meta_rows", pd.DataFrame(rows, columns=[f"c{i}" for i in range(len(rows[0]))], dtype=object))
    try:
        con.execute(f"insert into {table} select * from meta_rows")
    finally:
        con.unregister("meta_rows")


def latest_run(con: duckdb.DuckDBPyConnection) -> str:
    """SQL for the id of the run that published the warehouse `con` reads: report.latest_run, where "the latest run"
    is defined; a warehouse published before the report views gets the same rule over meta.runs, so that its first
    refresh since still knows which snapshots it was built from."""
    [(views,)] = con.execute("select count(*) from duckdb_views() where database_name = current_database() "
                             "and schema_name = 'report' and view_name = 'latest_run'").fetchall()
    return ("(select run_id from report.latest_run)" if views else
            "(select run_id from meta.runs where status = 'success' order by finished_at desc limit 1)")


@dataclass(frozen=True)
class Fingerprints:
    """What the published warehouse's last run was made of and may be reused: source, table-model and passed
    data-test fingerprints whose seals hold over the published content; `refused` names those whose seals do not."""

    sources: dict[str, str] = field(default_factory=dict)
    models: dict[str, str] = field(default_factory=dict)
    tests: dict[str, str] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)


def previous_fingerprints(published: Path, source_tables: dict[str, tuple[str, ...]]) -> Fingerprints:
    """The fingerprints of the published warehouse's last run that this run may reuse: each one's seal is checked
    against the published tables as they read now, so an edited table or a forged pass is not reused."""
    if not published.exists():
        return Fingerprints()
    key = seals.integrity_key()
    try:
        with duckdb.connect(str(published), read_only=True) as con:
            last = latest_run(con)
            rows = {table: con.execute(f"select {name}, fingerprint, seal from meta.{table} where run_id = {last} "
                                       f"and seal is not null").fetchall()
                    for table, name in (("source_status", "source"), ("models", "model"), ("test_results", "test"))}
            checked = {
                "sources": {s: (f, seal, seals.source_parts(con, s, f, source_tables.get(s, ())))
                            for s, f, seal in rows["source_status"]},
                "models": {m: (f, seal, seals.model_parts(con, m, f)) for m, f, seal in rows["models"]},
                "tests": {t: (f, seal, seals.test_parts(t, f)) for t, f, seal in rows["test_results"]},
            }
    except duckdb.Error:  # a warehouse from before seals: rebuild and test everything
        return Fingerprints()
    holding = {kind: {name: f for name, (f, seal, parts) in found.items() if seals.holds(key, seal, *parts)}
               for kind, found in checked.items()}
    refused = sorted(name for kind, found in checked.items() for name in found if name not in holding[kind])
    return Fingerprints(**holding, refused=refused)


def snapshot_names(published: Path) -> dict[str, set[str]]:
    """The names of the snapshots each source gave the published warehouse's last successful run."""
    if not published.exists():
        return {}
    try:
        with duckdb.connect(str(published), read_only=True) as con:
            rows = con.execute(
                f"select source, name from meta.snapshots where run_id = {latest_run(con)}").fetchall()
    except duckdb.Error:  # a warehouse from before meta.snapshots: nothing to compare with
        return {}
    names: dict[str, set[str]] = {}
    for source, name in rows:
        names.setdefault(source, set()).add(name)
    return names


KEPT_RUNS = "failed-runs"


def keep_failed_run(published: Path, run_id: str, started_at: datetime, error: Exception) -> None:
    """A failed run publishes nothing, so its row of meta.runs waits beside the warehouse for the next published run."""
    kept.keep(published, KEPT_RUNS, [{"run_id": run_id, "started_at": started_at.isoformat(),
                                      "finished_at": datetime.now(UTC).isoformat(), "error": str(error)}])


def take_failed_runs(con: duckdb.DuckDBPyConnection, published: Path) -> None:
    for run in kept.kept(published, KEPT_RUNS):
        con.execute("insert into meta.runs (run_id, started_at, finished_at, status, error) "
                    "values (?, ?, ?, 'failed', ?) on conflict do nothing",
                    [run["run_id"], run["started_at"], run["finished_at"], run["error"]])

