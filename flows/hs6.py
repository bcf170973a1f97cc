"""The HS6 flow: every year of a BACI release into the HS6 warehouse, one independent task a year.

Each year task reads its CSV into an in-memory DuckDB (9 M rows never touch the disk), checks
it, builds the `dbt_like_sql/hs6` models and writes only their tables to a year file in the
work folder. The publish task then gathers the year files into a new HS6 warehouse beside the
published one, keeps the published years it did not rebuild, and swaps it in by rename.

Years run on whatever task runner the flow is given: one at a time by default (a year already
uses both cores), or in parallel on a Dask cluster (`task_runner`).
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import unmapped

from flows.sources import baci
from warehouse import settings
from warehouse.errors import RefreshError
from warehouse.models import HS6_LAYERS, build, discover
from warehouse.publish import refresh_lock, sql_string, staged_build

FILES_TABLE = ("meta.baci_files", "baci.files",
               "One row per BACI year file in the warehouse: its release, sha256, rows and ingestion seconds, "
               "the process that built the year (host:pid), when its year task ended and the task's seconds.")


def task_runner(address: str | None = None, workers: int | None = None):
    """Sequential by default; a Dask runner on the cluster at `address`, or on a local cluster of `workers`."""
    if address or workers:
        try:
            from prefect_dask import DaskTaskRunner
        except ImportError:
            raise RefreshError("running years on a Dask cluster needs the scale extra, which is not installed: "
                               "pip install 'tradebrief[scale]' (in a clone: .venv/bin/pip install -e '.[scale]')"
                               ) from None

        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True})
    return ThreadPoolTaskRunner(max_workers=1)


def build_year_file(release_dir: Path, year: int, work_dir: Path, models_root: Path) -> Path:
    """Ingest one year, build the HS6 models in memory, and write their tables to `<work_dir>/hs6_<year>.duckdb`.

    The year's row in baci.files notes which process built it (host:pid, a Dask worker on a
    cluster), when the year task ended and its seconds, to follow a release's run across workers.
    """
    started = time.perf_counter()
    release = baci.find_release(release_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    target = work_dir / f"hs6_{year}.duckdb"
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with duckdb.connect() as con:
        baci.ingest_year(con, release, year)
        built = build(con, discover(models_root, HS6_LAYERS))
        con.execute(f"attach {sql_string(partial)} as year_file")
        for schema in ("baci", "hs6"):
            con.execute(f"create schema year_file.{schema}")
        for model in built:
            if model.model.materialization == "table":
                con.execute(f"create table year_file.{model.model.name} as select * from {model.model.name}")
                con.execute(f"comment on table year_file.{model.model.name} is $${model.model.description}$$")
        con.execute("create table year_file.baci.files as select *, ? as built_by, ? as built_at, ? as build_seconds "
                    "from baci.files", [f"{socket.gethostname()}:{os.getpid()}", datetime.now(UTC),
                                        time.perf_counter() - started])
        con.execute("detach year_file")
    partial.replace(target)
    return target


def publish_years(year_files: list[Path], published: Path) -> dict[str, int]:
    """Gather year files into a new HS6 warehouse and publish it; published years not rebuilt stay.

    Returns the row count of each table published.
    """
    with refresh_lock(published), staged_build(published, uuid.uuid4().hex) as building:
        with duckdb.connect(str(building)) as con:
            [(name,)] = con.execute("select current_database()").fetchall()
            database = f'"{name}"'  # the file's name may be a schema's
            catalogs = [f"year_{index}" for index in range(len(year_files))]
            for catalog, path in zip(catalogs, year_files):
                con.execute(f"attach {sql_string(path)} as {catalog} (read_only)")
            if published.exists():
                con.execute(f"attach {sql_string(published)} as published (read_only)")
            kept = {f"{schema}.{table}" for schema, table in con.execute(
                "select schema_name, table_name from duckdb_tables() where database_name = 'published'").fetchall()}
            rebuilt = [year for catalog in catalogs
                       for (year,) in con.execute(f"select year from {catalog}.baci.files").fetchall()]
            tables = [(f"hs6.{table}", f"hs6.{table}", comment) for table, comment in con.execute(
                "select table_name, coalesce(comment, '') from duckdb_tables() where database_name = ? "
                "and schema_name = 'hs6' order by all", [catalogs[0]]).fetchall()]
            counts = {target: gather(con, database, target, source, comment, catalogs, target in kept, rebuilt)
                      for target, source, comment in [*tables, FILES_TABLE]}
    for path in year_files:
        path.unlink(missing_ok=True)
    return counts


def gather(con: duckdb.DuckDBPyConnection, database: str, target: str, source: str, comment: str,
           catalogs: list[str], keep_published: bool, rebuilt: list[int]) -> int:
    """Create `target` from `source` in every year file, plus the published rows of the years not rebuilt."""
    parts = [f"select * from {catalog}.{source}" for catalog in catalogs]
    if keep_published:
        parts.append(f"select * from published.{target} where year not in ({', '.join(map(str, rebuilt))})")
    con.execute(f"create schema if not exists {database}.{target.split('.')[0]}")
    con.execute(f"create table {database}.{target} as {' union all by name '.join(parts)} order by all")
    con.execute(f"comment on table {database}.{target} is $${comment}$$")
    [(rows,)] = con.execute(f"select count(*) from {database}.{target}").fetchall()
    return rows


@task(name="build-hs6-year", cache_policy=NONE)
def build_year(release_dir: str, year: int, work_dir: str, models_dir: str) -> str:
    return str(build_year_file(Path(release_dir), year, Path(work_dir), Path(models_dir)))


@task(name="publish-hs6", cache_policy=NONE)
def publish(year_files: list[str], warehouse: str) -> dict[str, int]:
    return publish_years([Path(path) for path in year_files], Path(warehouse))


@flow(name="tradebrief-hs6")
def hs6_flow(release_dir: str, years: list[int] | None = None, warehouse: str | None = None,
             models_dir: str | None = None, work_dir: str | None = None) -> dict[str, int]:
    """Build the HS6 all-pairs indicators for the given years of a BACI release (all of them by default)."""
    published = Path(warehouse) if warehouse else settings.current().hs6_warehouse
    work = Path(work_dir) if work_dir else published.with_name(published.name + ".years")
    release = baci.find_release(Path(release_dir))
    years = sorted(years or release.year_files)
    for year in years:
        release.year_file(year)
    futures = build_year.map(str(release.directory), years, unmapped(str(work)),
                             unmapped(str(models_dir or settings.current().models)))
    counts = publish(futures.result(), str(published))
    get_run_logger().info("published %s: %s", published, counts)
    create_markdown_artifact(
        key="hs6-warehouse",
        markdown=f"# HS6 warehouse\n\n`{published}`, years {', '.join(map(str, years))} of BACI release "
                 f"`{release.version}`.\n\n" + "\n".join(f"- `{name}`: {rows:,} rows" for name, rows in counts.items()),
    )
    return counts
