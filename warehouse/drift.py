"""What changed since the last published run, as alerts.

Compared with the history carried from the published warehouse: claim verdicts, headline
indicators (against seeds.drift_rules), the values of sources whose snapshots changed
(revised past values apart from new periods, against seeds.revision_checks), and the layout of
each source file (its header or record keys); each source's fetches and data age are judged in
warehouse/freshness.py. Runs on the warehouse being built, with the published one attached
read-only as `published`.
"""

from __future__ import annotations

import json

import duckdb

from warehouse.alerts import Alert
from warehouse.meta import latest_run
from warehouse.snapshots import Snapshot

REVISION_EXAMPLES = 3
SHRINK = 0.5  # a file may lose at most half its rows against the published build before it is held back
SHRINK_FLOOR = 10  # files of fewer rows than this before are too small to judge by share


def previous_run(con: duckdb.DuckDBPyConnection) -> str | None:
    """The run that published the warehouse this build replaces (its latest run, carried into the build)."""
    rows = con.execute(f"select {latest_run(con)}").fetchall()
    return rows[0][0] if rows else None


def detect(con: duckdb.DuckDBPyConnection, run_id: str, snapshots: list[Snapshot], published_attached: bool,
           signatures: dict[str, str]) -> list[Alert]:
    previous = previous_run(con)
    if previous is None:
        return []
    alerts = verdict_changes(con, run_id, previous)
    alerts += indicator_drift(con, run_id, previous)
    alerts += schema_changes(con, run_id, previous, snapshots, signatures)
    if published_attached:
        alerts += revisions(con, run_id, previous, snapshots)
    return alerts


def shrunk(con: duckdb.DuckDBPyConnection, tables: dict[str, list[str]]) -> list[tuple[str, str, int, int]]:
    """(source, file, rows before, rows now) for each file of the given sources' raw tables (by source) that lost more
    than SHRINK of the rows it gave the published build: a one-row file recorded over a country's year would
    otherwise replace that country-year silently."""
    published = {name for (name,) in con.execute(
        "select table_name from duckdb_tables() where database_name = 'published' and schema_name = 'raw'").fetchall()}
    found = []
    for source, names in tables.items():
        for table in sorted(set(names) & published):
            found += [(source, *row) for row in con.execute(f"""
                with now as (select source_file, count(*) as n from raw.{table} group by all),
                before as (select source_file, count(*) as n from published.raw.{table} group by all)
                select source_file, before.n, now.n from before join now using (source_file)
                where before.n >= {SHRINK_FLOOR} and now.n < before.n * (1 - {SHRINK})
                order by source_file""").fetchall()]
    return found


def shrink_alerts(run_id: str, files: list[tuple[str, str, int, int]]) -> list[Alert]:
    return [Alert(run_id, "shrink", f"{source}/{file}", f"{source}: {file} holds {now:,} rows, against {before:,} in the "
                  f"last published build (published with --accept-shrink)") for source, file, before, now in files]


def verdict_changes(con, run_id: str, previous: str) -> list[Alert]:
    rows = con.execute(
        """select now.brief || '/' || now.claim_id, before.verdict, now.verdict, before.computed_value, now.computed_value
           from marts.claim_checks as now
           join meta.claim_history as before
               on before.brief = now.brief and before.claim_id = now.claim_id and before.run_id = ?
           where before.verdict <> now.verdict
           order by now.brief, now.claim_id""", [previous]).fetchall()
    return [Alert(run_id, "verdict_change", claim,
                  f"claim {claim} went from {old} to {new} (computed {_num(old_value)} -> {_num(new_value)})")
            for claim, old, new, old_value, new_value in rows]


def indicator_drift(con, run_id: str, previous: str) -> list[Alert]:
    rows = con.execute(
        """with rules as (
               select now.indicator, now.value as new_value, before.value as old_value, rules.threshold_abs,
                      rules.threshold_rel, rules.indicator_pattern
               from marts.headline_indicators as now
               join meta.indicator_history as before on before.indicator = now.indicator and before.run_id = ?
               join seeds.drift_rules as rules on now.indicator like rules.indicator_pattern
               qualify row_number() over (partition by now.indicator order by length(rules.indicator_pattern) desc) = 1
           )
           select indicator, old_value, new_value, indicator_pattern from rules
           where abs(new_value - old_value) > coalesce(threshold_abs, 'infinity'::double)
              or abs(new_value - old_value) > coalesce(threshold_rel, 'infinity'::double) * abs(old_value)
           order by indicator""", [previous]).fetchall()
    return [Alert(run_id, "indicator_drift", indicator,
                  f"{indicator} moved from {_num(old)} to {_num(new)}, past its threshold ({pattern})")
            for indicator, old, new, pattern in rows]


def schema_changes(con, run_id: str, previous: str, snapshots: list[Snapshot],
                   signatures: dict[str, str]) -> list[Alert]:
    before = {(source, name): (sha, signature) for source, name, sha, signature in con.execute(
        "select source, name, sha256, schema_signature from meta.snapshots where run_id = ?", [previous]).fetchall()}
    alerts = []
    for snapshot in snapshots:
        old = before.get((snapshot.source, snapshot.name))
        new = signatures[snapshot.sha256]
        if old and old[0] != snapshot.sha256 and old[1] != new:
            alerts.append(Alert(run_id, "schema_change", f"{snapshot.source}/{snapshot.name}",
                                f"{snapshot.source}: the layout of {snapshot.name} changed from {old[1]!r} to {new!r}"))
    return alerts


def revisions(con, run_id: str, previous: str, snapshots: list[Snapshot]) -> list[Alert]:
    """For each source whose snapshots changed, past values that changed, apart from periods that are new."""
    before = {(source, sha) for source, sha in con.execute(
        "select source, sha256 from meta.snapshots where run_id = ?", [previous]).fetchall()}
    changed = sorted({s.source for s in snapshots if (s.source, s.sha256) not in before})
    alerts = []
    for source, model, keys, value, period, series, where in con.execute(
            "select source, model, keys, value_column, period_column, series, source_filter from seeds.revision_checks "
            "order by source, source_filter").fetchall():
        if source not in changed:
            continue
        key_list = ", ".join(keys.split("|"))
        key_text = "concat_ws(' ', " + ", ".join(f"{key}::varchar" for key in keys.split("|")) + ")"
        compared = f"""
            with now as (select {key_list}, {value} as value from {model} where {where}),
                 before as (select {key_list}, {value} as value from published.{model} where {where}),
                 old_periods as (select distinct {period} from before),
                 joined as (
                     select {key_list}, now.value as new_value, before.value as old_value,
                            {period} in (select {period} from old_periods) as old_period
                     from now full join before using ({key_list})
                 )"""
        revised = con.execute(compared + f"""
            select count(*), list(printf('%s: %s -> %s', {key_text}, old_value::varchar, coalesce(new_value::varchar, 'removed')))[:{REVISION_EXAMPLES}]
            from joined
            where old_value is not null
              and (new_value is null or abs(new_value - old_value) > 1e-9 * greatest(abs(old_value), 1))""").fetchall()[0]
        added = con.execute(compared + f"""
            select count(*), list(distinct {period} order by {period})
            from joined where not old_period and new_value is not null""").fetchall()[0]
        subject = f"{source}/{model}" + (f" ({series} rows)" if series and series != source else "")
        if revised[0]:
            alerts.append(Alert(run_id, "revision", subject,
                                f"{source}: {revised[0]} past values in {model} were revised by a new snapshot "
                                f"(e.g. {'; '.join(revised[1])})"))
        if added[0]:
            alerts.append(Alert(run_id, "new_period", subject,
                                f"{source}: {added[0]} values for new periods in {model} "
                                f"({', '.join(str(p) for p in added[1])})", severity="info"))
    return alerts


def snapshot_signatures(con: duckdb.DuckDBPyConnection, snapshots: list[Snapshot],
                        preambles: dict[str, dict[str, int]] | None = None) -> dict[str, str]:
    """The layout of each snapshot, by sha256: taken from earlier runs where the same bytes were seen, else read.
    `preambles` gives, by source, the preambles its files may open with (see schema_signature)."""
    known = dict(con.execute(
        "select sha256, any_value(schema_signature) from meta.snapshots where schema_signature is not null group by sha256"
    ).fetchall())
    return {s.sha256: known.get(s.sha256) or schema_signature(s, (preambles or {}).get(s.source, {})) for s in snapshots}


def schema_signature(snapshot: Snapshot, preambles: dict[str, int] | None = None) -> str:
    """A file's layout: a CSV's header line, or the keys of a JSON body and of its first record. A file that opens
    with one of `preambles` (its source declares them: a first line's start, and the line its header stands on) is
    read from that line."""
    head = snapshot.head(65536).decode("utf-8-sig", errors="replace")
    if head.lstrip().startswith(("{", "[")):
        try:
            return json.dumps(_keys(json.loads(snapshot.read_bytes())))
        except (ValueError, RecursionError):
            return "invalid JSON"
    lines = head.splitlines()
    header = next((line for prefix, line in (preambles or {}).items() if lines and lines[0].startswith(prefix)), 0)
    return lines[header] if len(lines) > header else ""


def _keys(body) -> list:
    if isinstance(body, dict):
        first = next((v for v in body.values() if isinstance(v, list) and v and isinstance(v[0], dict)), None)
        return sorted(body) + ([sorted(first[0])] if first else [])
    if isinstance(body, list):
        return [_keys(item) for item in body[:2]]
    return []


def _num(value) -> str:
    return "none" if value is None else f"{value:.4g}"
