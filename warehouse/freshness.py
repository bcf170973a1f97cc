"""Each source's state, judged on the age of its data, not of its recording, and carried from run to run.

A source is `fetch_failing` when its last live fetch failed, `outdated` when the latest period
its data holds lags the current year by more than its source declares (or, for data with no
period, its recording is older than declared), `offline` when it can be fetched live but never
was, and `fresh` otherwise, in that order. The last successful and failed fetches are carried
forward in meta.source_status, so an offline refresh after a failed one still says the source is
failing. A failed fetch raises a `fetch_failed` alert, again at most once a day while it keeps
failing, and a `fetch_recovered` one when it succeeds again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import duckdb

from warehouse.alerts import Alert
from warehouse.snapshots import FetchOutcome

STATES = ("fresh", "outdated", "fetch_failing", "offline")
REALERT_AFTER = timedelta(days=1)
CONFIRMED = ("fetched", "unchanged")


@dataclass(frozen=True)
class Declared:
    """What a source declares of its freshness (seeds.source_freshness)."""

    max_age_days: int
    max_lag_years: int | None
    fetched_live: bool


@dataclass(frozen=True)
class Carried:
    """What the runs before this one knew of a source's live fetches."""

    last_fetched_at: datetime | None = None
    last_failed_at: datetime | None = None
    last_failure: str | None = None
    state: str | None = None
    last_alerted_at: datetime | None = None  # the last fetch_failed alert raised for it


@dataclass(frozen=True)
class SourceState:
    source: str
    latest_period: str | None
    last_fetched_at: datetime | None
    last_failed_at: datetime | None
    last_failure: str | None
    state: str
    state_rule: str


def judge(source: str, declared: Declared, carried: Carried, outcome: FetchOutcome, latest_period: str | None,
          recorded_at: datetime | None, now: datetime) -> SourceState:
    """The source's state after this run's fetch (or none), by the rules of the module's docstring."""
    fetched_at, failed_at, failure = carried.last_fetched_at, carried.last_failed_at, carried.last_failure
    if outcome.status in CONFIRMED:
        fetched_at = now
    elif outcome.status == "failed":
        failed_at, failure = now, outcome.error
    state, rule = data_state(declared, latest_period, recorded_at, now)
    if failed_at is not None and (fetched_at is None or failed_at > fetched_at):
        since = f"last success {fetched_at:%Y-%m-%d %H:%M} UTC" if fetched_at else "never fetched successfully"
        state, rule = "fetch_failing", f"the last live fetch failed at {failed_at:%Y-%m-%d %H:%M} UTC ({since}): {failure}"
    elif state == "fresh" and declared.fetched_live and fetched_at is None:
        state, rule = "offline", f"never fetched live; built from recorded snapshots ({rule})"
    return SourceState(source, latest_period, fetched_at, failed_at, failure, state, rule)


def data_state(declared: Declared, latest_period: str | None, recorded_at: datetime | None,
               now: datetime) -> tuple[str, str]:
    """fresh or outdated, by the latest period's lag where the data has periods, else by the recording's age."""
    year = period_year(latest_period)
    if declared.max_lag_years is not None and year is not None:
        lag = now.year - year
        verdict = "outdated" if lag > declared.max_lag_years else "fresh"
        behind = f"is {lag} years behind {now.year}" if lag > 0 else f"reaches {now.year}"
        return verdict, f"latest period {latest_period} {behind} (at most {declared.max_lag_years} allowed)"
    if declared.max_lag_years is not None:
        return "outdated", "none of its figures lands in staging with a period"
    if recorded_at is None:
        return "outdated", "no snapshot recorded"
    age = (now - recorded_at).days
    verdict = "outdated" if age > declared.max_age_days else "fresh"
    return verdict, f"no period; recorded {age} days ago (at most {declared.max_age_days} allowed)"


def period_year(period: str | None) -> int | None:
    """The year a period starts in ('2022', '2022-05', '2022Q1'), or None for a period that names none."""
    if period is None or len(period) < 4 or not period[:4].isdigit():
        return None
    return int(period[:4])


def fetch_alerts(run_id: str, carried: Carried, state: SourceState, outcome: FetchOutcome, host: str | None,
                 now: datetime) -> tuple[list[Alert], str | None]:
    """The alerts a source's fetch raises, and a note for the run when a repeat is held back."""
    if outcome.status == "failed":
        if carried.last_alerted_at is not None and now - carried.last_alerted_at < REALERT_AFTER \
                and carried.state == "fetch_failing":
            return [], (f"failed again; alerted at {carried.last_alerted_at:%Y-%m-%d %H:%M} "
                        "UTC, not again within a day")
        where = f" from {host}" if host else ""
        reason = (outcome.error or "no reason given").removeprefix(f"{state.source}: ")
        return [Alert(run_id, "fetch_failed", state.source,
                      f"{state.source}: the live fetch{where} failed, so it was built from its snapshots: {reason}")], None
    if outcome.status in CONFIRMED and carried.state == "fetch_failing":
        return [Alert(run_id, "fetch_recovered", state.source,
                      f"{state.source}: fetched again after failing since {carried.last_failed_at:%Y-%m-%d %H:%M} UTC",
                      severity="info")], None
    return [], None


def carried_states(con: duckdb.DuckDBPyConnection) -> dict[str, Carried]:
    """What the runs carried into this build knew of each source: its last run's row, and its last fetch alert."""
    rows = con.execute(
        """with last as (
               select source, last_fetched_at, last_failed_at, last_failure, state
               from meta.source_status join meta.runs using (run_id)
               qualify row_number() over (partition by source order by runs.finished_at desc) = 1
           ),
           alerted as (select subject as source, max(created_at) as at from meta.alerts
                       where kind = 'fetch_failed' group by all)
           select source, last.last_fetched_at, last.last_failed_at, last.last_failure, last.state, alerted.at
           from last full join alerted using (source)""").fetchall()
    return {source: Carried(*fields) for source, *fields in rows}


def declared_sources(con: duckdb.DuckDBPyConnection) -> dict[str, Declared]:
    return {source: Declared(*fields) for source, *fields in con.execute(
        "select source, max_age_days, max_lag_years, fetched_live from seeds.source_freshness").fetchall()}


def latest_periods(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The latest period of each source's figures, where they land in staging (seeds.revision_checks)."""
    landings = con.execute("select source, model, period_column, source_filter from seeds.revision_checks").fetchall()
    if not landings:
        return {}
    periods = " union all ".join(f"select '{source}' as source, max({period}::varchar) as period from {model} where {where}"
                                 for source, model, period, where in landings)
    return {source: period for source, period in con.execute(
        f"select source, max(period) from ({periods}) group by source having max(period) is not null").fetchall()}


def assess(con: duckdb.DuckDBPyConnection, run_id: str, outcomes: list[FetchOutcome],
           recorded: dict[str, datetime], now: datetime) -> tuple[list[SourceState], list[Alert]]:
    """Every source's state after this run and the fetch alerts it raises (a repeat held back is noted in its rule).

    Runs on the build, whose meta holds the published history and whose staging holds this run's data.
    """
    declared, carried, periods = declared_sources(con), carried_states(con), latest_periods(con)
    states, raised = [], []
    for outcome in outcomes:
        before = carried.get(outcome.source, Carried())
        state = judge(outcome.source, declared.get(outcome.source, Declared(1, None, False)), before, outcome,
                      periods.get(outcome.source), recorded.get(outcome.source), now)
        alerts, note = fetch_alerts(run_id, before, state, outcome, outcome.host, now)
        if note:
            state = replace(state, state_rule=f"{state.state_rule}; {note}")
        if state.state == "outdated" and before.state not in (None, "outdated"):
            alerts.append(Alert(run_id, "source_outdated", state.source, f"{state.source} is outdated: {state.state_rule}"))
        states.append(state)
        raised += alerts
    return states, raised
