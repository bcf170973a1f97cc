"""The `meta` schema: what each run used, built and tested. It outlives rebuilds of the warehouse."""

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from warehouse import kept
from warehouse.data_tests import DataTestResult
from warehouse.models import BuiltModel
from warehouse.publish import attached
from warehouse.snapshots import FetchOutcome, Snapshot

SCHEMAS = ("raw", "seeds", "staging", "intermediate", "marts", "meta")

META_TABLES = {
    "runs": """(run_id varchar primary key, started_at timestamptz, finished_at timestamptz, status varchar,
                snapshots_used integer, models_built integer, tests_passed integer, tests_failed integer,
                alerts integer, error varchar)""",
    "snapshots": """(run_id varchar, source varchar, name varchar, sha256 varchar, size bigint, recorded_at varchar,
                     origin_path varchar, producer varchar, title varchar, citation varchar, licence varchar,
                     landing_url varchar, schema_signature varchar)""",
    "models": """(run_id varchar, model varchar, layer varchar, materialization varchar, depends_on varchar[],
                  row_count bigint, seconds double, description varchar, fingerprint varchar, reused boolean)""",
    "test_results": """(run_id varchar, test varchar, status varchar, failing_rows bigint, sample varchar,
                        checked_at timestamptz, fingerprint varchar, reused boolean)""",
    "source_status": """(run_id varchar, source varchar, status varchar, error varchar, new_snapshots integer,
                         snapshots integer, latest_recorded_at varchar, fingerprint varchar, reused boolean)""",
    "indicator_history": """(run_id varchar, indicator varchar, value double, unit varchar, snapshot_sha256 varchar,
                             recorded_at timestamptz)""",
    "claim_history": """(run_id varchar, claim_id varchar, verdict varchar, computed_value double,
                         recorded_at timestamptz)""",
    "alerts": """(alert_id varchar primary key, run_id varchar, created_at timestamptz, kind varchar, subject varchar,
                  message varchar, severity varchar, delivery varchar, delivered_at timestamptz)""",
}


def create_schemas(con: duckdb.DuckDBPyConnection) -> None:
    for schema in SCHEMAS:
        con.execute(f"create schema if not exists {schema}")
    for table, columns in META_TABLES.items():
        con.execute(f"create table if not exists meta.{table} {columns}")


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
               signatures: dict[str, str]) -> None:
    """This run's row in every meta table, the headline indicators and claim verdicts included."""
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
         b.model.description, b.fingerprint, b.reused] for b in built])
    by_source = {}
    for snapshot in snapshots:
        by_source.setdefault(snapshot.source, []).append(snapshot.recorded_at)
    insert_rows(con, "meta.source_status", [
        [run_id, o.source, o.status, o.error, len(o.new), len(by_source.get(o.source, [])),
         max(by_source.get(o.source, [""])), *sources[o.source]] for o in outcomes])
    insert_rows(con, "meta.test_results",
                [[run_id, r.test, "pass" if r.passed else "fail", r.failing_rows, r.sample, finished_at, r.fingerprint,
                 r.reused] for r in results])
    con.execute("insert into meta.indicator_history select ?, indicator, value, unit, snapshot_sha256, ? "
                "from marts.headline_indicators", [run_id, finished_at])
    con.execute("insert into meta.claim_history select ?, claim_id, verdict, computed_value, ? from marts.claim_checks",
                [run_id, finished_at])


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


@dataclass(frozen=True)
class Fingerprints:
    """What the published warehouse's last run was made of: source, model and passed data-test fingerprints."""

    sources: dict[str, str] = field(default_factory=dict)
    models: dict[str, str] = field(default_factory=dict)
    tests: dict[str, str] = field(default_factory=dict)


def previous_fingerprints(published: Path) -> Fingerprints:
    """The fingerprints of the published warehouse's last run: what this run may reuse."""
    if not published.exists():
        return Fingerprints()
    try:
        with duckdb.connect(str(published), read_only=True) as con:
            last = "(select run_id from meta.runs order by finished_at desc limit 1)"
            found = [dict(con.execute(f"select {key}, fingerprint from meta.{table} where run_id = {last} "
                                      f"and fingerprint is not null{extra}").fetchall())
                     for table, key, extra in (("source_status", "source", ""), ("models", "model", ""),
                                               ("test_results", "test", " and status = 'pass'"))]
    except duckdb.Error:  # a warehouse from before fingerprints: rebuild and test everything
        return Fingerprints()
    return Fingerprints(*found)


def sources_with_snapshots(published: Path) -> dict[str, int]:
    """The sources the published warehouse's last successful run was built from, with their snapshot counts."""
    if not published.exists():
        return {}
    try:
        with duckdb.connect(str(published), read_only=True) as con:
            return dict(con.execute(
                "select source, snapshots from meta.source_status where snapshots > 0 and run_id = "
                "(select run_id from meta.runs where status = 'success' order by finished_at desc limit 1)").fetchall())
    except duckdb.Error:  # a warehouse from before source_status: nothing to compare with
        return {}


KEPT_RUNS = "failed-runs"


def keep_failed_run(published: Path, run_id: str, started_at: datetime, error: Exception) -> None:
    """A failed run publishes nothing, so its row of meta.runs waits beside the warehouse for the next published run."""
    kept.keep(published, KEPT_RUNS, [{"run_id": run_id, "started_at": started_at.isoformat(),
                                      "finished_at": datetime.now(timezone.utc).isoformat(), "error": str(error)}])


def take_failed_runs(con: duckdb.DuckDBPyConnection, published: Path) -> None:
    for run in kept.kept(published, KEPT_RUNS):
        con.execute("insert into meta.runs (run_id, started_at, finished_at, status, error) "
                    "values (?, ?, ?, 'failed', ?) on conflict do nothing",
                    [run["run_id"], run["started_at"], run["finished_at"], run["error"]])

