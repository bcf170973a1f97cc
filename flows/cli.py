"""The `tradebrief` command: refresh the warehouse, query it, record snapshots.

pandas loads only in the commands that print tables: a refresh starts its Prefect server first.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from schemas.verdicts import VERDICTS
from warehouse import settings
from warehouse.errors import ReadError, TradebriefError
from warehouse.readers import connect_read_only

if TYPE_CHECKING:
    from flows.output import Result

# What a refresh imports while its temporary server boots: the flow, and what Prefect's first flow run imports
# (it serializes the run's parameters with FastAPI's encoder, 0.3 s to import).
WARM_IMPORTS = ("flows.refresh", "fastapi.encoders")
QUERY_TIMEOUT = 300  # seconds a statement of `query` may run unless told otherwise
FETCHED = 10_000  # rows fetched from DuckDB at a time when a result is streamed to the output
FORMATS = ("table", "csv", "json")
WAREHOUSE_HELP = "the DuckDB warehouse to read (default: warehouse/tradebrief.duckdb or $TRADEBRIEF_WAREHOUSE)"
SNAPSHOTS_HELP = "the snapshot store (default: snapshots/ or $TRADEBRIEF_SNAPSHOTS)"


LAST_RUNS = """
    select run_id, finished_at::timestamp(0) as finished, status, snapshots_used as snapshots,
           models_built as models, tests_passed as passed, tests_failed as failed, alerts
    from report.recent_runs"""
SOURCE_STATES = """
    select source, state, latest_period, last_fetched_at::timestamp(0) as last_fetched_at,
           last_failed_at::timestamp(0) as last_failed_at, last_failure, snapshots, state_rule
    from report.source_states"""
STATUS_HELP = """The last runs, each source's state, and the open alerts (with --format json, under the keys runs,
sources and alerts).

sources: one row per source, from the last published run:
  state            fresh; outdated (its latest period lags the current year by more than the source
                   declares, or, for data with no period, its recording is too old); fetch_failing (its
                   last live fetch failed); offline (it can be fetched live but never was)
  latest_period    the latest period (year) its data holds
  last_fetched_at  the last successful live fetch, in any run (UTC)
  last_failed_at   the last failed live fetch, and last_failure why
  state_rule       the rule that set the state, in words
The state is kept in the published warehouse (meta.source_status) and carried from run to run, so an
offline refresh after a failed fetch still says fetch_failing."""
OPEN_ALERTS = "select created_at::timestamp(0) as created_at, kind, delivery, message from report.open_alerts"


def build_parser() -> argparse.ArgumentParser:
    """Every command and option, each with its help text."""
    parser = argparse.ArgumentParser(prog="tradebrief", description=__doc__)
    parser.add_argument("--version", action="version", version=f"tradebrief {metadata.version('tradebrief')}",
                        help="print tradebrief's version and exit")
    warehouse = argparse.ArgumentParser(add_help=False)
    warehouse.add_argument("--warehouse", type=Path, help=WAREHOUSE_HELP)
    printed = argparse.ArgumentParser(add_help=False)
    printed.add_argument("--format", choices=FORMATS, default="table",
                         help="table: aligned for reading (the default); csv or json: for scripts")
    snapshots = argparse.ArgumentParser(add_help=False)
    snapshots.add_argument("--snapshots", type=Path, help=SNAPSHOTS_HELP)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    refresh = commands.add_parser("refresh", parents=[snapshots], help="rebuild the warehouse from the latest snapshots (offline)")
    refresh.add_argument("--warehouse", type=Path, help="DuckDB file to publish (default: warehouse/tradebrief.duckdb)")
    refresh.add_argument("--briefs", type=Path, help="the folder of briefs, one folder each (default: briefs/ or "
                                                    "$TRADEBRIEF_BRIEFS)")
    refresh.add_argument("--fetch", action="store_true", help="fetch every source live first; failures fall back to snapshots")
    refresh.add_argument("--full", action="store_true", help="parse and build everything, reusing nothing")
    refresh.add_argument("--fail-on-alert", action="store_true", help="exit 3 when the run raised alerts (a failed fetch among them; notes of severity info "
                              "do not count), for schedulers")
    refresh.add_argument("--retire", action="append", metavar="SOURCE[/NAME]",
                         help="build without a source, or one snapshot name of it, that the last build read (repeat "
                              "for several); without it, a snapshot that vanished stops the refresh")
    refresh.add_argument("--accept-shrink", action="store_true",
                         help="publish even where a file lost more than half its rows since the last build (each is "
                              "a shrink alert); without it, such a file stops the refresh")

    claims = commands.add_parser("claims", parents=[warehouse, printed],
                                 help="print the briefs' claims with their verdicts, a brief's coverage, or propose "
                                      "ledger rows for a new text")
    claims.add_argument("view", nargs="?", choices=["ledger", "coverage", "propose"], default="ledger",
                        help="ledger: every claim and its verdict (the default); coverage: every number in each "
                             "brief's text and every checkable statement with no number, and the claim or the "
                             "exclusion that accounts for it; propose PATH: a draft ledger row for each number of the "
                             "text at PATH, written to a CSV for a person to review")
    claims.add_argument("path", nargs="?", type=Path, help="for propose: the text to read")
    claims.add_argument("--brief", metavar="SLUG", help="only this brief's claims (its folder's name in briefs/)")
    claims.add_argument("--verdict", choices=VERDICTS, help="only the claims with this verdict")
    claims.add_argument("--out", type=Path, help="for propose: the draft CSV to write (default: PATH with "
                                                 ".proposed.csv; never a ledger)")

    scenario = commands.add_parser("scenario", parents=[warehouse], help="compute one remittance scenario with the mart's SQL, beside the brief's")
    scenario.add_argument("--workers", type=float, required=True, help="how many workers are abroad")
    scenario.add_argument("--wage", type=float, required=True, help="annual wage (monthly with --per month)")
    scenario.add_argument("--currency", default="USD", help="USD or RUB (converted at the official rate)")
    scenario.add_argument("--year", type=int, default=2024, help="the wage's year, for the exchange rate")
    scenario.add_argument("--share", type=float, required=True, help="share of the wage taken, 0 to 1")
    scenario.add_argument("--per", choices=["year", "month"], default="year", help="whether --wage is per year or month")

    commands.add_parser("verify", parents=[snapshots], help="check every snapshot against its sha256")

    commands.add_parser("status", parents=[warehouse, printed], formatter_class=argparse.RawDescriptionHelpFormatter,
                        help="the last runs, each source's state, and the open alerts", description=STATUS_HELP)

    serve_command = commands.add_parser("serve", help="serve the refresh on a cron schedule (weekly by default, with --fetch)")
    serve_command.add_argument("--cron", help="cron schedule, UTC (default: Mondays 06:00)")
    serve_command.add_argument("--no-fetch", action="store_true", help="scheduled runs build offline from snapshots")

    commands.add_parser("alerts", parents=[warehouse, printed],
                        help="print the open alerts: the last run's, and any not yet delivered")

    fetch = commands.add_parser("fetch", parents=[snapshots], help="fetch sources live and record what changed as new snapshots")
    fetch.add_argument("sources", nargs="*", help="source names (default: every source that can be fetched)")

    sql = argparse.ArgumentParser(add_help=False)
    sql.add_argument("sql", nargs="?", help="the SQL, e.g. \"select * from marts.claim_checks\" (or give it with -f, "
                                            "or on standard input)")
    sql.add_argument("-f", "--file", type=Path, help="read the SQL from this file (- for standard input)")
    query = commands.add_parser("query", parents=[warehouse, printed, sql],
                                help="run SQL on a read-only connection and print the result")
    query.add_argument("--all", action="store_true", help="run each of several statements in turn (without it, SQL "
                                                          "of several statements is refused)")
    query.add_argument("--max-rows", type=positive, help="print at most this many rows, and say so at the end when "
                                                         "there were more (default: every row)")
    query.add_argument("--timeout", type=positive, default=QUERY_TIMEOUT,
                       help=f"stop a statement after this many seconds (default {QUERY_TIMEOUT}); Ctrl-C stops it too")
    query.add_argument("--memory-limit", default=None, metavar="SIZE",
                       help="the most memory DuckDB may take, such as 4GB (default: a quarter of this machine's)")

    export = commands.add_parser("export", parents=[warehouse, sql],
                                 help="write one select's result to a file with DuckDB's own writer")
    export.add_argument("--to", type=Path, required=True, metavar="FILE",
                        help="the file to write: .csv, .parquet, .json (an array) or .jsonl (a record a line); "
                             "not in the warehouse's folder or the snapshot store")

    record = commands.add_parser("record", parents=[snapshots], help="record a folder of real source files as snapshots")
    record.add_argument("data_dir", type=Path, help="a folder of source files, one subfolder a source's layout (atlas_hs92/, comtrade/, fao/, ...)")

    report = commands.add_parser("report", parents=[warehouse], help="write the analyst report (HTML, charts, data dictionary) from the warehouse")
    report.add_argument("--out", type=Path, help="folder to write index.html into (default: warehouse/report/)")

    hs6 = commands.add_parser("hs6", help="build the HS6 all-pairs indicators from an unzipped BACI release")
    hs6.add_argument("release_dir", type=Path, help="the folder of BACI_<HS>_Y<year>_V<release>.csv and its code lists")
    hs6.add_argument("--years", type=int, nargs="+", help="the years to (re)build (default: every year in the folder)")
    hs6.add_argument("--warehouse", type=Path, help="DuckDB file to publish (default: warehouse/tradebrief_hs6.duckdb)")
    hs6.add_argument("--work-dir", type=Path, help="where year tasks write their files; on a cluster, a folder every "
                                                    "worker and this machine share (default: beside the warehouse)")
    where = hs6.add_mutually_exclusive_group()
    where.add_argument("--dask-address", help="run the years in parallel on this Dask scheduler (tcp://host:8786)")
    where.add_argument("--dask-workers", type=int, help="run the years in parallel on a local Dask cluster of N workers")
    return parser


def positive(text: str) -> int:
    """An argument that must be a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # the temporary server has no network to report to
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return {"report": run_report, "hs6": run_hs6, "refresh": run_refresh, "fetch": run_fetch, "query": run_query, "export": run_export, "record": run_record,
                "claims": run_claims, "alerts": run_alerts, "scenario": run_scenario, "verify": run_verify,
                "status": run_status, "serve": run_serve}[args.command](args)
    except TradebriefError as error:
        print(f"tradebrief {args.command} failed: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader left early (`tradebrief status | head`): what it read was all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def run_refresh(args) -> int:
    from warehouse.publish import refresh_lock

    with refresh_lock(args.warehouse or settings.current().warehouse) as lock:  # refused here, before Prefect starts
        from flows.server import temporary_server

        with temporary_server(lock, while_starting=lambda: [importlib.import_module(name) for name in WARM_IMPORTS]):
            from flows.refresh import refresh

            print(refresh(
                snapshot_dir=str(args.snapshots) if args.snapshots else None,
                warehouse=str(args.warehouse) if args.warehouse else None,
                briefs_dir=str(args.briefs) if args.briefs else None,
                fetch_live=args.fetch,
                full=args.full,
                retire=args.retire,
                accept_shrink=args.accept_shrink,
            ))
    if args.fail_on_alert:
        from warehouse.alerts import ACTIONABLE

        [(raised,)] = read(args.warehouse,
                           f"select count(*) from report.open_alerts where {ACTIONABLE} and raised_by_latest_run")
        if raised:
            print(f"{raised} alerts raised (--fail-on-alert)", file=sys.stderr)
            return 3
    return 0


def run_report(args) -> int:
    """Write the report from the published warehouse, without Prefect: it only reads, so it needs no server."""
    from report.page import write_report

    page = write_report(args.warehouse or settings.current().warehouse, args.out or settings.current().report_dir(args.warehouse))
    print(f"report written: {page.resolve()}")
    return 0


def run_hs6(args) -> int:
    from flows.server import temporary_server
    from warehouse.publish import refresh_lock

    with refresh_lock(args.warehouse or settings.current().hs6_warehouse) as lock, temporary_server(lock):
        from flows.hs6 import hs6_flow, task_runner

        runner = task_runner(args.dask_address or settings.current().dask_address, args.dask_workers)
        counts = hs6_flow.with_options(task_runner=runner)(
            release_dir=str(args.release_dir),
            years=args.years,
            warehouse=str(args.warehouse) if args.warehouse else None,
            work_dir=str(args.work_dir) if args.work_dir else None,
        )
    for table, rows in counts.items():
        print(f"{table}: {rows:,} rows")
    return 0


def run_claims(args) -> int:
    if args.view == "propose":
        return run_propose(args)
    if args.path is not None:
        raise ReadError(f"claims {args.view} takes no path; only `claims propose PATH` reads a text")
    brief = brief_condition(args)
    if args.view == "coverage":
        return run_coverage(args, brief)
    where = f"where {brief}" + (f" and verdict = '{args.verdict}'" if args.verdict else "")
    ledger = f"""
        select brief, claim_id, verdict, published_value, computed_value, unit, delta, delta_unit, evidence_source,
               evidence_table, evidence_period, evidence_snapshot_sha256, evidence_match, note
        from marts.claim_checks {where}
        order by brief, list_position({VERDICTS}, verdict), claim_id"""
    if args.format != "table":
        return show(args, {"claims": ledger})
    from flows.output import claim_cards

    print(claim_cards(fetch(args.warehouse, ledger)))
    return 0


def run_propose(args) -> int:
    """Draft ledger rows for a new text, written beside it (or to --out) for a person to review."""
    from flows.propose import propose

    if args.path is None:
        raise ReadError("claims propose needs the text to read: tradebrief claims propose PATH")
    out = args.out or args.path.with_suffix(".proposed.csv")
    read(args.warehouse, "select 1")  # a missing warehouse is one line, before anything is read
    with connect_read_only(args.warehouse or settings.current().warehouse) as con:
        rows = propose(args.path, out, con)
    proposed = rows["metric"].notna().sum()
    print(f"{len(rows)} numbers read in {args.path}: {proposed} rows proposed with a metric, {len(rows) - proposed} "
          f"without one (proposal_note says why); the draft is {out}. Review it, then copy the rows that hold into a "
          "brief's claims.csv.")
    return 0


def brief_condition(args) -> str:
    """The SQL condition picking `--brief`'s rows (every brief's without it); a brief the warehouse lacks is refused,
    naming those it holds."""
    if args.brief is None:
        return "true"
    held = [slug for (slug,) in read(args.warehouse, "select brief from seeds.briefs order by brief")]
    if args.brief not in held:
        raise ReadError(f"no brief {args.brief!r} in the warehouse; its briefs are {', '.join(held)}")
    return f"brief = '{args.brief}'"


def run_coverage(args, brief: str) -> int:
    """Every number in each brief's text with the claim or exclusion that accounts for it; exits 1 if any is neither."""
    show(args, {"coverage": f"""
        select brief, line, expression, kind, coverage, coalesce(claim_ids, excluded_because) as accounted_for_by
        from marts.brief_coverage where {brief} order by brief, line, start"""})
    counts = dict(((kind, coverage), rows) for kind, coverage, rows in read(
        args.warehouse, f"select kind = 'statement', coverage, count(*) from marts.brief_coverage where {brief} "
                        "group by all"))
    if args.format == "table":
        for statements, what in ((False, "numbers"), (True, "checkable statements with no number")):
            found = {coverage: rows for (kind, coverage), rows in counts.items() if kind == statements}
            print(f"{'' if statements else chr(10)}{sum(found.values())} {what} in the text: {found.get('ledger', 0)} in "
                  f"the ledger, {found.get('excluded', 0)} excluded with a reason, {found.get('uncovered', 0)} neither")
    return 1 if any(coverage == "uncovered" for _, coverage in counts) else 0


def run_scenario(args) -> int:
    from warehouse.scenario import run_scenario as compute

    path = args.warehouse or settings.current().warehouse
    if not path.exists():
        print(f"no warehouse at {path}: run `tradebrief refresh` (or `make run`) first", file=sys.stderr)
        return 1
    row = compute(path, settings.current().models, args.workers, args.wage, args.currency.upper(), args.year,
                  args.share, args.per)
    print(f"{'':24}{'this scenario':>18}{'the brief':>18}")
    brief_wage = f"{row['brief_wage_low']:,.0f}-{row['brief_wage_high']:,.0f}"
    brief_remittance = f"{row['brief_remittance_usd'] / 1e6:,.0f}" if "brief_remittance_usd" in row else "not stated"
    print(f"{'workers':24}{row['workers']:>18,.0f}{row['brief_workers']:>18,.0f}")
    print(f"{'annual wage, USD':24}{row['wage_usd']:>18,.0f}{brief_wage:>18}")
    print(f"{'share taken':24}{row['share_taken']:>18.0%}{row['brief_share']:>18.0%}")
    print(f"{'remittance, M USD/year':24}{row['remittance_usd'] / 1e6:>18,.1f}{brief_remittance:>18}")
    print(f"{'of ' + row['focus_iso3'] + ' ' + str(row['exports_year']) + ' exports':24}{row['remittance_to_exports']:>18.1%}")
    print(f"sources: {row['sources']}")
    if "brief_verdict" in row:
        print(f"the brief's figure is {row['brief_verdict']}: {row['brief_note']}")
    return 0


def run_verify(args) -> int:
    from warehouse.snapshots import SnapshotStore

    store = SnapshotStore(args.snapshots or settings.current().snapshots)
    checked, problems, orphans = store.verify()
    for problem in problems:
        print(problem, file=sys.stderr)
    for orphan in orphans:
        print(orphan, file=sys.stderr)
    print(f"{checked} snapshots match their sidecars, sha256 and names" + (f"; {len(problems)} with a problem" if problems else "")
          + (f"; {len(orphans)} orphan blobs (left by an interrupted recording; harmless)" if orphans else ""))
    return 1 if problems else 0


def run_status(args) -> int:
    """The last runs, each source's state (judged on its data's latest period and its live fetches), the open alerts."""
    return show(args, {"runs": LAST_RUNS, "sources": SOURCE_STATES, "alerts": OPEN_ALERTS})


def run_serve(args) -> int:
    from flows.schedule import DEFAULT_CRON, serve_weekly

    serve_weekly(args.cron or DEFAULT_CRON, fetch=not args.no_fetch)
    return 0


def run_alerts(args) -> int:
    return show(args, {"alerts": OPEN_ALERTS})


def published(warehouse: Path | None) -> Path:
    """The published warehouse's path; a missing one is one line saying how to build it."""
    path = warehouse or settings.current().warehouse
    if not path.exists():
        raise ReadError(f"no warehouse at {path}: run `tradebrief refresh` (or `make run`) first")
    return path


def read(warehouse: Path | None, sql: str) -> list[tuple]:
    """Rows of SQL run read-only on the published warehouse."""
    with connect_read_only(published(warehouse)) as con:
        return con.execute(sql).fetchall()


def execute(con: duckdb.DuckDBPyConnection, sql: str) -> duckdb.DuckDBPyConnection:
    """Run one statement; a failing one is one line's error."""
    try:
        return con.execute(sql)
    except duckdb.Error as error:
        raise ReadError(f"query failed: {str(error).splitlines()[0]}") from None


def chunks(cursor: duckdb.DuckDBPyConnection, max_rows: int | None) -> Iterator[list[tuple]]:
    """The cursor's rows, FETCHED at a time, up to max_rows."""
    left = max_rows if max_rows is not None else float("inf")
    while left > 0 and (rows := cursor.fetchmany(int(min(FETCHED, left)))):
        left -= len(rows)
        yield rows


def fetch(warehouse: Path | None, sql: str) -> Result:
    """The whole result of one statement run read-only on the published warehouse."""
    from flows.output import Result

    with connect_read_only(published(warehouse)) as con:
        cursor = execute(con, sql)
        return Result([d[0] for d in cursor.description], [str(d[1]) for d in cursor.description], cursor.fetchall())


def show(args, queries: dict[str, str]) -> int:
    """Print each query's result under its title, in the format asked for (`--format`)."""
    from flows.output import render

    print(render({title: fetch(args.warehouse, sql) for title, sql in queries.items()}, args.format))
    return 0


def run_fetch(args) -> int:
    from flows import http
    from flows.fetch import fetch_source
    from flows.registry import SOURCES, source_named
    from warehouse.snapshots import SnapshotStore

    try:
        sources = [source_named(name) for name in args.sources] if args.sources else list(SOURCES)
    except KeyError as error:
        print(error.args[0], file=sys.stderr)
        return 2
    store = SnapshotStore(args.snapshots or settings.current().snapshots)
    failed = 0
    with http.Client() as client:
        for source in sources:
            outcome = fetch_source(source, store, client)
            detail = outcome.error or f"{len(outcome.new)} new snapshots"
            print(f"{outcome.source}: {outcome.status} ({detail})")
            failed += outcome.status == "failed"
    return 1 if failed else 0


def sql_text(args) -> str:
    """The SQL to run: the argument, the file given with -f (- for standard input), or standard input."""
    if args.sql is not None and args.file is not None:
        raise ReadError("give the SQL once: as an argument or with -f FILE, not both")
    if args.file is not None and str(args.file) != "-":
        from warehouse.files import read_input

        content = read_input(args.file, "the SQL", error=ReadError)  # a regular file, of a bounded size
        try:
            return content.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ReadError(f"the SQL in {args.file} is not UTF-8: byte {error.start}") from None
    if args.sql is not None:
        return args.sql
    if args.file is None and sys.stdin.isatty():
        raise ReadError(f"{args.command} needs SQL: as an argument, from a file with -f FILE, or on standard input")
    return sys.stdin.read()


def run_query(args) -> int:
    """Run the SQL's statement (each in turn with --all) read-only, streaming CSV and JSON as rows arrive."""
    from warehouse.export import statements

    sql = sql_text(args)
    with connect_read_only(published(args.warehouse), memory_limit=args.memory_limit or quarter_of_memory()) as con:
        found = statements(con, sql)
        if len(found) > 1 and not args.all:
            raise ReadError(f"the SQL holds {len(found)} statements and query runs one; pass --all to run each "
                               "in turn")
        for number, statement in enumerate(found, start=1):
            if len(found) > 1 and args.format != "json":  # JSON prints one array a statement, as jq reads them
                print(f"{'' if number == 1 else chr(10)}{'#' if args.format == 'csv' else '--'} statement {number}: "
                      f"{' '.join(statement.query.split())[:70]}", flush=True)
            cut = interruptible(con, args.timeout, lambda query=statement.query: run_statement(con, query, args))
            if cut:
                sys.stdout.flush()
                print(f"(the first {args.max_rows:,} rows, as --max-rows asked; the result has more)", file=sys.stderr)
    return 0


def run_statement(con: duckdb.DuckDBPyConnection, sql: str, args) -> bool:
    """Run one statement and print its rows; returns whether --max-rows cut them short."""
    cursor = execute(con, sql)
    if cursor.description is None:
        return False
    print_rows(cursor, args.format, args.max_rows)
    return args.max_rows is not None and bool(cursor.fetchmany(1))


def interruptible(con: duckdb.DuckDBPyConnection, seconds: int, work):
    """`work()`, stopped by DuckDB's interrupt when it runs past `seconds` or on Ctrl-C.

    The work runs in a thread of its own: while DuckDB computes, the main thread waits on an event that the
    SIGINT handler sets, which a call into DuckDB could not do.
    """
    import signal
    import threading

    outcome: dict = {}
    finished = threading.Event()

    def run():
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the main thread, raised there
            outcome["error"] = error
        finished.set()

    def ctrl_c(*_):
        outcome["stopped"] = "stopped by Ctrl-C"
        finished.set()

    previous = signal.signal(signal.SIGINT, ctrl_c)
    worker = threading.Thread(target=run, daemon=True)
    try:
        worker.start()
        if not finished.wait(seconds):
            outcome["stopped"] = f"stopped after {seconds:,} s (--timeout {seconds}; raise it for a longer query)"
        if "stopped" in outcome:
            con.interrupt()
            worker.join()  # DuckDB ends the statement at its next check; the connection closes only after it
            raise ReadError(f"query {outcome['stopped']}")
    finally:
        signal.signal(signal.SIGINT, previous)
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def quarter_of_memory() -> str:
    """A quarter of this machine's memory, as DuckDB's memory_limit reads it: a query cannot take the machine."""
    return f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') // 4 // 2**20}MiB"


def print_rows(cursor: duckdb.DuckDBPyConnection, fmt: str, max_rows: int | None) -> None:
    """The cursor's rows printed in `fmt`: a table once all are read, CSV and JSON as they arrive."""
    from flows.output import Result, as_table, write_csv, write_json

    columns = [d[0] for d in cursor.description]
    if fmt == "table":
        rows = [row for chunk in chunks(cursor, max_rows) for row in chunk]
        print(as_table(Result(columns, [str(d[1]) for d in cursor.description], rows)))
    else:
        (write_csv if fmt == "csv" else write_json)(columns, chunks(cursor, max_rows), sys.stdout)


def run_export(args) -> int:
    from warehouse.export import export

    rows = export(published(args.warehouse), sql_text(args), args.to,
                  guarded=[published(args.warehouse).parent, settings.current().snapshots])
    print(f"{rows:,} rows written to {args.to}")
    return 0


def run_record(args) -> int:
    from flows.record import record_folder
    from warehouse.snapshots import SnapshotStore

    results = record_folder(args.data_dir, SnapshotStore(args.snapshots or settings.current().snapshots))
    new = [snapshot for snapshot, is_new in results if is_new]
    for snapshot in new:
        print(f"recorded {snapshot.source}/{snapshot.name} {snapshot.sha256[:12]} ({snapshot.size:,} bytes)")
    print(f"{len(new)} new snapshots, {len(results) - len(new)} unchanged")
    return 0


def exit_with(status: int) -> None:
    """End the command's process with `status`, without a last sweep of its heap.

    A refresh leaves a heap of Prefect's, pandas' and DuckDB's objects, and the interpreter's last
    garbage collection of it took 1.4 s of the command's time, for memory the process is about to
    hand back whole. Freezing the heap leaves it out of that collection; connections and files are
    closed by then, and exit handlers still run.
    """
    gc.freeze()
    sys.exit(status)


def command() -> None:
    """The `tradebrief` console command."""
    exit_with(main())


if __name__ == "__main__":
    command()
