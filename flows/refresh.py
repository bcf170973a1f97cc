"""The refresh flow: (fetch), latest snapshots, parse, validate and load each source, seeds, build, test, publish.

Offline by default: it builds from the latest snapshots. With `fetch`, it first fetches
every source it can; a source that fails keeps its latest snapshots, is reported stale,
and the others go on. With no Prefect server configured, Prefect starts its temporary
local server for the run.
"""

import hashlib
import logging
import os
import threading
import uuid
from collections.abc import Set as AbstractSet
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NONE
from prefect.futures import wait
from prefect.runtime import flow_run
from prefect.states import Completed, Failed, State
from prefect.task_runners import ThreadPoolTaskRunner

from flows import http
from flows.fetch import fetch_source, one_line
from flows.registry import SOURCES, declared_tables
from flows.sources.limits import check_source
from flows.summary import summarize
from schemas.seeds import DECLARED_SCHEMAS, SEED_SCHEMAS
from warehouse import alerts, briefs, drift, freshness, kept, settings
from warehouse.alerts import Alert
from warehouse.contracts import check_families, contract_tests
from warehouse.data_tests import DataTestResult, run_data_tests
from warehouse.dictionary import write_dictionary
from warehouse.errors import DataTestsFailed, ParseError, RefreshError, SnapshotError
from warehouse.load import empty_frame, load_table
from warehouse.meta import (
    KEPT_RUNS,
    Fingerprints,
    carry_history,
    create_schemas,
    keep_failed_run,
    previous_fingerprints,
    record_run,
    snapshot_names,
    take_failed_runs,
)
from warehouse.models import LAYERS, BuiltModel, Model, build, discover, fingerprints
from warehouse.publish import attached, drop_all_but, in_published_format, refresh_lock, staged_build
from warehouse.seeds import load_seeds
from warehouse.snapshots import FetchOutcome, Snapshot, SnapshotStore
from warehouse.validate import validate, validate_raw_tables

SOURCE_TABLES = {source.SOURCE: tuple(source.SCHEMAS) for source in SOURCES}
INPUT_SCHEMAS = ({f"raw.{name}": schema for source in SOURCES for name, schema in source.SCHEMAS.items()}
                 | {f"seeds.{name}": schema for name, schema in (SEED_SCHEMAS | DECLARED_SCHEMAS).items()}
                 | briefs.TABLES)


class RefusalWithoutTraceback(logging.Filter):
    """A refusal the refresh explains in its own words (a RefreshError: a bad claim, a broken snapshot, a held file)
    is logged without Python's traceback, so its reason is not buried under one; a bug keeps its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], RefreshError):
            record.exc_info, record.exc_text = None, None
        return True


for _logger in ("prefect.task_runs", "prefect.flow_runs"):
    logging.getLogger(_logger).addFilter(RefusalWithoutTraceback())


PARSER_CODE = sorted([*(settings.PROJECT_ROOT / "flows" / "sources").rglob("*.py"),
                      *(settings.PROJECT_ROOT / "schemas").glob("*.py")])


@cache
def parser_code_digest() -> bytes:
    """The parser and schema code, digested once a process: the code this process runs, read when it first asks."""
    return hashlib.sha256(b"".join(path.read_bytes() for path in PARSER_CODE)).digest()


def source_fingerprint(snapshots: dict[str, Snapshot]) -> str:
    """What a source's raw tables are made of: its snapshots (by sha256) and the parser and schema code.

    Equal fingerprints mean equal raw tables, so a run may take them from the published warehouse.
    """
    digest = hashlib.sha256()
    for name, snapshot in sorted(snapshots.items()):
        digest.update(f"{name}={snapshot.sha256}\n".encode())
    digest.update(parser_code_digest())
    return digest.hexdigest()


def seed_fingerprints(models_root: Path, briefs_root: Path) -> dict[str, str]:
    """What each seed and brief table is made of: its CSV, or every brief folder's files with the code that reads them."""
    of_briefs = hashlib.sha256(briefs.fingerprint(briefs_root).encode() + parser_code_digest()).hexdigest()
    return ({f"seeds.{path.stem}": hashlib.sha256(path.read_bytes()).hexdigest()
             for path in (models_root / "seeds").glob("*.csv")} | {table: of_briefs for table in briefs.TABLES})


@task(task_run_name="fetch-{source.SOURCE}", cache_policy=NONE)
def fetch(source, store: SnapshotStore) -> FetchOutcome:
    """Fetch one source live; its failure is reported, not raised, so the other sources go on."""
    with http.Client() as client:
        outcome = fetch_source(source, store, client)
    if outcome.status == "failed":
        get_run_logger().warning("%s: fetch failed, building from its latest snapshots: %s", source.SOURCE, outcome.error)
    return outcome


# One source loads into the build at a time, while others parse: DuckDB's Python client, binding an Arrow scan on one
# connection while another connection of the same database binds one too, at times finds no python_arrow_scan.
LOADING = threading.Lock()


@dataclass
class SourceRead:
    """What one source gives this run: its latest snapshots, their fingerprint, and whether the published run's raw
    tables can be reused (`unchanged`) or its own were loaded."""

    snapshots: dict[str, Snapshot]
    fingerprint: str
    unchanged: bool


@task(task_run_name="parse-{source.SOURCE}", cache_policy=NONE)
def read_source(source, store: SnapshotStore, building: Path, prior_fingerprint: str | None,
                had: set[str], retired: AbstractSet[str]) -> SourceRead:
    """The source's latest snapshots, parsed, validated and loaded into the build as its raw tables, or only read
    through (every byte is still checked) when they are what the published run was built from. Each source loads as
    soon as it is checked, while the others parse. A snapshot name the published run was built from that has none now
    stops the refresh, unless it (or its whole source) is retired."""
    snapshots = store.latest(source.SOURCE)
    check_none_vanished(source.SOURCE, store, snapshots, had, retired)
    fingerprint = source_fingerprint(snapshots)
    if fingerprint == prior_fingerprint:
        for snapshot in snapshots.values():
            snapshot.read_bytes()
        return SourceRead(snapshots, fingerprint, True)
    tables = validate_raw_tables(source.SOURCE, parse_tables(source, snapshots), source.SCHEMAS)
    with LOADING, duckdb.connect(building) as con:
        for name, frame in tables.items():
            load_table(con, "raw", name, frame)
    return SourceRead(snapshots, fingerprint, False)


def check_none_vanished(source: str, store: SnapshotStore, snapshots: dict[str, Snapshot], had: set[str],
                        retired: AbstractSet[str]) -> None:
    """Refuse a build missing a snapshot name the published run read: losing one country's file would publish its
    trade as nothing. Retiring is explicit: `--retire SOURCE` for a whole source, `--retire SOURCE/NAME` for one name."""
    if source in retired:
        return
    gone = sorted(name for name in had - set(snapshots) if f"{source}/{name}" not in retired)
    if not gone:
        return
    folder = store.root / source
    if not snapshots:
        raise SnapshotError(f"{source}: the published warehouse was built from {len(had)} snapshots of it, and {folder} "
                            f"now has none; nothing was published. Restore them, or retire the source explicitly "
                            f"(tradebrief refresh --retire {source})")
    raise SnapshotError(f"{source}: {len(gone)} of the {len(had)} snapshots the published warehouse was built from are "
                        f"gone from {folder}: {', '.join(gone[:5])}{' and more' if len(gone) > 5 else ''}; nothing was "
                        f"published. Restore them, or retire each explicitly (tradebrief refresh --retire "
                        f"{source}/{gone[0]}), or the whole source (--retire {source})")


def parse_tables(source, snapshots: dict[str, Snapshot]) -> dict[str, pd.DataFrame]:
    """The source's raw tables; a source with no snapshot yet gives empty tables, so the models still build."""
    if not snapshots:
        get_run_logger().warning("%s: no snapshots yet; its raw tables are empty", source.SOURCE)
        return {table: empty_frame(schema) for table, schema in source.SCHEMAS.items()}
    check_source(source.SOURCE, list(snapshots.values()))
    try:
        return source.parse(snapshots)
    except RefreshError:
        raise
    except Exception as error:  # a parser's own slip still names the source, and the failed run is recorded
        raise ParseError(f"{source.SOURCE}: its snapshots could not be parsed: {type(error).__name__}: {error}") from error


@task(task_run_name="load-warehouse", cache_policy=NONE)
def load_warehouse(building: Path, published: Path, reused: list[str], models_root: Path, briefs_root: Path,
                   in_place: bool) -> None:
    """Load the seeds and the briefs beside the raw tables the sources loaded. The reused raw tables are copied from the published
    warehouse, or, in a build that began as a copy of it (`in_place`), kept while every raw table no source makes
    and every seed table is dropped."""
    with duckdb.connect(building) as con:
        if in_place:
            drop_all_but(con, ("raw", "seeds"), {f"raw.{name}" for source in SOURCES for name in source.SCHEMAS})
        else:
            carry_history(con, published)
        if reused and not in_place:
            with attached(con, published, "published"):
                for name in reused:
                    con.execute(f"create table raw.{name} as select * from published.raw.{name}")
        load_seeds(con, models_root / "seeds", briefs_root)
        for name, frame in declared_tables().items():
            frame = frame.assign(source_file="flows/sources (FRESHNESS, REVISIONS)", source_line=range(1, len(frame) + 1))
            validated = validate("registry", f"seeds.{name}", frame, DECLARED_SCHEMAS[name])
            load_table(con, "seeds", name, validated.drop(columns=["source_file", "source_line"]))


@task(task_run_name="build-models", cache_policy=NONE)
def build_models(building: Path, published: Path, models_root: Path, inputs: dict[str, str],
                 reusable: dict[str, str], in_place: bool) -> list[BuiltModel]:
    """Build every model, then the data dictionary. Those whose fingerprint matches the published run's are copied
    from it, or, in a build that began as a copy of it (`in_place`), kept while every other model is dropped."""
    models = discover(models_root)
    prints = fingerprints(models, inputs)
    with duckdb.connect(building) as con:
        check_families(con, models)
        if in_place:
            drop_all_but(con, LAYERS, {model.name for model in models if model.materialization == "table"
                                       and prints[model.name] is not None and reusable.get(model.name) == prints[model.name]})
            built = build(con, models, prints, reusable, reuse_from=None)
        else:
            with attached(con, published, "published") if reusable else nullcontext():
                built = build(con, models, prints, reusable)
        write_dictionary(con, models, INPUT_SCHEMAS)
    return built


@task(task_run_name="test-warehouse", cache_policy=NONE)
def test_warehouse(building: Path, published: Path, models_root: Path, run_id: str, tables: dict[str, str | None],
                   passed_before: dict[str, str], models: list[Model]) -> list[DataTestResult]:
    """Run the data tests, and those the built `models`' contracts make (those that passed on the very same tables are
    reused); a failure is an alert too, kept beside the warehouse since nothing is published."""
    with duckdb.connect(building) as con:
        results = run_data_tests(con, models_root / "tests", tables, passed_before, contract_tests(models))
    failed = [r for r in results if not r.passed]
    if failed:
        alerts.keep_unpublished(published, [
            Alert(run_id, "data_test_failed", r.test, f"data test {r.test} failed with {r.failing_rows} rows, e.g. {r.sample}")
            for r in failed])
        raise DataTestsFailed(
            "data tests failed, so nothing was published:\n"
            + "\n".join(f"  {r.test}: {r.failing_rows} failing rows, e.g. {r.sample}" for r in failed)
        )
    return results


@task(task_run_name="record-alerts", cache_policy=NONE)
def record_alerts(building: Path, published: Path, run_id: str, started_at: datetime, used: list[Snapshot],
                  built: list[BuiltModel], results: list[DataTestResult], outcomes: list[FetchOutcome],
                  sources: dict[str, tuple[str, bool]], accept_shrink: bool = False) -> list[Alert]:
    """Compare with the published run, judge each source's state, and record this run and its alerts in meta; the
    alerts wait in the outbox until the build is published. A file that lost more than half its rows stops the
    refresh unless `accept_shrink`."""
    now = datetime.now(UTC)
    with duckdb.connect(building) as con:
        with attached(con, published, "published") if published.exists() else nullcontext():
            signatures = drift.snapshot_signatures(con, used, {s.SOURCE: getattr(s, "PREAMBLES", {}) for s in SOURCES})
            raised = drift.detect(con, run_id, used, published.exists(), signatures)
            changed = {source.SOURCE: list(source.SCHEMAS) for source in SOURCES if not sources[source.SOURCE][1]}
            shrunk = drift.shrunk(con, changed) if published.exists() else []
            if shrunk and not accept_shrink:
                raise SnapshotError("; ".join(f"{source}: {file} holds {now:,} rows, against {before:,} in the last "
                                              f"published build" for source, file, before, now in shrunk[:5])
                                    + "; nothing was published. If the data truly shrank, refresh with --accept-shrink")
            raised += drift.shrink_alerts(run_id, shrunk)
        states, fetch_raised = freshness.assess(con, run_id, outcomes, recorded_by_source(used), now)
        raised = fetch_raised + raised
        record_run(con, run_id, started_at, now, used, built, results, outcomes, len(raised), sources, signatures,
                   states, SOURCE_TABLES)
        alerts.take_unpublished(con, published)
        alerts.take_delivered(con, published)
        take_failed_runs(con, published)
        alerts.record(con, raised)
    return raised


def recorded_by_source(used: list[Snapshot]) -> dict[str, datetime]:
    """When each source's newest snapshot was recorded."""
    newest: dict[str, str] = {}
    for snapshot in used:
        newest[snapshot.source] = max(newest.get(snapshot.source, ""), snapshot.recorded_at)
    return {source: datetime.fromisoformat(at) for source, at in newest.items()}


# The sources parse in threads under one interpreter lock: with more threads than cores the longest (the Atlas)
# only waits its turn more often, and the refresh waits for it.
@flow(name="tradebrief-refresh",
      task_runner=ThreadPoolTaskRunner(max_workers=os.cpu_count()))  # type: ignore[arg-type]  # Prefect's generic runner type
def refresh(snapshot_dir: str | None = None, warehouse: str | None = None, models_dir: str | None = None,
            briefs_dir: str | None = None, fetch_live: bool = False, full: bool = False, retire: list[str] | None = None, write_report: bool = False,
            fail_on_alert: bool = False, accept_shrink: bool = False) -> State:
    """Rebuild the warehouse from the latest snapshots and publish it only if every step and test passes.

    Unchanged sources and models are taken from the published warehouse unless `full` is set. A
    snapshot name the published run read that has none now stops the refresh, unless it (SOURCE/NAME)
    or its source is named in `retire`: retiring is an explicit act. So does a file that lost more than
    half its rows, unless `accept_shrink`. `write_report` writes the report
    from what was published. A run that raised alerts ends Completed with a message naming them and
    the sources whose fetch failed, or, with `fail_on_alert` (for a scheduler to show), Failed (notes of severity
    info, such as a recovered fetch, do not count).
    """
    started_at = datetime.now(UTC)
    run_id = flow_run.get_id() or str(uuid.uuid4())
    store = SnapshotStore(Path(snapshot_dir) if snapshot_dir else settings.current().snapshots)
    published = Path(warehouse) if warehouse else settings.current().warehouse
    models_root = Path(models_dir) if models_dir else settings.current().models
    briefs_root = Path(briefs_dir) if briefs_dir else settings.current().briefs

    with refresh_lock(published):
        try:
            raised = build_and_publish(store, published, models_root, briefs_root, run_id, started_at, fetch_live,
                                       full, set(retire or ()), accept_shrink)
        except Exception as error:  # whatever failed, the run is recorded: nothing else would say it happened
            keep_failure(published, run_id, started_at, error)
            raise
        kept.forget(published, alerts.KEPT, KEPT_RUNS)
    alerts.deliver_outbox(published)  # outside the lock: a slow receiver never holds the next refresh

    summary = summarize(published, run_id)
    create_markdown_artifact(markdown=summary, key="refresh-summary", description="What the refresh built and found")
    create_table_artifact(table=[a.payload() for a in raised], key="refresh-alerts",
                          description=f"{len(raised)} alerts raised by this refresh")
    get_run_logger().info("published %s with %d alerts", published, len(raised))
    if write_report:
        from flows.report_flow import report  # charting libraries, loaded only by a run that writes the report

        report(warehouse=str(published))
    message = outcome_message(published, raised)
    actionable = any(alert.actionable for alert in raised)
    return Failed(message=message) if fail_on_alert and actionable else Completed(message=message, data=summary)


def keep_failure(published: Path, run_id: str, started_at: datetime, error: Exception) -> None:
    """Keep a failed run's row and its one failure alert beside the warehouse (a failed data test sent its own). A
    disk too full to keep them is logged, and the refresh's own error is what the caller raises."""
    try:
        keep_failed_run(published, run_id, started_at, error)
        if not isinstance(error, DataTestsFailed):
            alerts.keep_unpublished(published, [Alert(run_id, "refresh_failed", "refresh", one_line(
                f"the refresh failed, so nothing was published: {error}", limit=1000), severity="error")])
    except OSError as kept_error:
        get_run_logger().error("the failed run could not be kept beside %s: %s", published, kept_error)


def outcome_message(published: Path, raised: list[Alert]) -> str:
    """What the run's final state says: published, with how many alerts, and which sources could not be fetched."""
    failed = sorted({alert.subject for alert in raised if alert.kind == "fetch_failed"})
    return (f"published {published} with {len(raised)} alerts"
            + (f"; fetch failed: {', '.join(failed)} (built from their latest snapshots)" if failed else ""))


def build_and_publish(store: SnapshotStore, published: Path, models_root: Path, briefs_root: Path, run_id: str,
                      started_at: datetime, fetch_live: bool, full: bool, retired: AbstractSet[str] = frozenset(),
                      accept_shrink: bool = False) -> list[Alert]:
    """The refresh's steps, under its lock: (fetch), parse or reuse, load, build, test, record, publish."""
    if not store.root.is_dir():
        raise SnapshotError(f"the snapshot folder {store.root} does not exist; nothing was built or published")
    unknown = {name for name in retired if name.split("/")[0] not in {source.SOURCE for source in SOURCES}}
    if unknown:
        raise RefreshError(f"cannot retire {', '.join(sorted(unknown))}: the sources are "
                           f"{', '.join(source.SOURCE for source in SOURCES)}")
    had = snapshot_names(published)
    prior = Fingerprints() if full else previous_fingerprints(published, SOURCE_TABLES)
    if prior.refused:
        get_run_logger().warning("the published warehouse's %s no longer match what its run recorded (edited outside "
                                 "tradebrief?): built and tested again", ", ".join(prior.refused))
    outcomes = [fetch(source, store) if fetch_live else FetchOutcome(source.SOURCE, "offline") for source in SOURCES]

    # most of the published warehouse stays: build on a copy of it, if it is written in the format to publish
    in_place = bool(prior.models) and in_published_format(published)
    with staged_build(published, run_id, copy_published=in_place) as building:
        # One connection stays open while the tasks build, so that the database is opened and written out once (each
        # task's own connection joins it), not once a task.
        with duckdb.connect(building) as con:
            create_schemas(con)
            reads = [read_source.submit(source, store, building, prior.sources.get(source.SOURCE),
                                        had.get(source.SOURCE, set()), retired) for source in SOURCES]
            wait(reads)  # every source has stopped writing to the build before a failed one stops the refresh
            used: list[Snapshot] = []
            reused: list[str] = []
            sources: dict[str, tuple[str, bool]] = {}
            inputs = seed_fingerprints(models_root, briefs_root)
            for source, future in zip(SOURCES, reads):
                read = future.result()
                used.extend(read.snapshots.values())
                sources[source.SOURCE] = (read.fingerprint, read.unchanged)
                inputs |= {f"raw.{table}": read.fingerprint for table in source.SCHEMAS}
                if read.unchanged:
                    reused.extend(source.SCHEMAS)
            load_warehouse(building, published, reused, models_root, briefs_root, in_place)
            built = build_models(building, published, models_root, inputs, prior.models, in_place)
            tables = inputs | {b.model.name: b.fingerprint for b in built}
            results = test_warehouse(building, published, models_root, run_id, tables, prior.tests,
                                     [b.model for b in built])
            raised = record_alerts(building, published, run_id, started_at, used, built, results, outcomes, sources,
                                   accept_shrink)
    return raised
