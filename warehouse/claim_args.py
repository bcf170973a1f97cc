"""Each claim of the ledger checked against its metric and the recorded data before anything is built.

A metric declares its arguments in seeds/claim_metrics.csv (`args`: `name:kind` joined by '|',
a `?` after an optional one, `...` after one that repeats, `?...` after one that repeats or is left out) and the dimension of what it gives
(`dimension`). A claim whose arguments break that (a missing argument, a country code or an HS
chapter that does not exist, a year no source can hold, a published figure not recorded), whose
unit measures another dimension, or whose quote does not stand in its brief's text (in its own
sentence, for a brief that is a plain list of claims, where each claim cites its source) is
refused here, one line each naming the brief's file, the line and the claim, instead of failing
a data test after the build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import pandas as pd

from schemas.common import COUNTRY_CODES
from warehouse.briefs import Brief
from warehouse.errors import RefreshError

LATEST_YEAR_AHEAD = 10  # forecasts (the IMF's to 2029) run a few years ahead; no source runs ten
EARLIEST_YEAR = 1900


class ClaimsRefused(RefreshError):
    """A claim of the ledger cannot be checked as written: nothing was built or published."""


@dataclass(frozen=True)
class Recorded:
    """What the recorded data holds that a claim's arguments may name; an empty set is not checked (not recorded)."""

    chapters: frozenset[str] = frozenset()
    figures: frozenset[str] = frozenset()


def recorded(con: duckdb.DuckDBPyConnection) -> Recorded:
    """The HS chapters and published figures the build's raw tables hold (none where a table is absent)."""
    tables = {name for (name,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'raw' and database_name = current_database()"
    ).fetchall()}

    def values(table: str, sql: str) -> list:
        return [row[0] for row in con.execute(sql).fetchall()] if table in tables else []

    return Recorded(
        chapters=frozenset(values("hs_nomenclature", "select hscode from raw.hs_nomenclature where level = 2")),
        figures=frozenset(values("published_figures", "select distinct figure_id from raw.published_figures")),
    )


def refusals(claims: pd.DataFrame, metrics: pd.DataFrame, units: pd.DataFrame, data: Recorded,
             texts: dict[str, list[str] | None], now: datetime | None = None) -> list[str]:
    """One line for each problem of each claim, naming its file and line; empty when every claim can be checked.

    `texts` holds each brief's lines, or None for a brief that is a plain list of claims.
    """
    latest = (now or datetime.now(UTC)).year + LATEST_YEAR_AHEAD
    spec = metrics.set_index("metric")
    dimensions = dict(zip(units["unit"], units["dimension"]))
    claim_ids = claims.groupby("brief")["claim_id"].agg(set).to_dict()
    problems = []
    for row in claims.itertuples(index=False):
        where = f"{row.source_file} line {row.source_line} ({row.claim_id})"
        found = quote_problems(row, texts.get(row.brief))
        if row.metric in spec.index:  # an unknown metric is the schema's refusal (REFERENCES)
            metric = spec.loc[row.metric]
            found += argument_problems(row.metric, metric["args"], row.metric_args, claim_ids[row.brief], data, latest)
            wanted = metric["dimension"]
            if isinstance(wanted, str) and wanted and dimensions.get(row.unit) != wanted:
                found.append(f"its unit {row.unit!r} measures {dimensions.get(row.unit, 'nothing known')}, but "
                             f"{row.metric} gives a {wanted}")
        problems += [f"{where}: {problem}" for problem in found]
    return problems


def quote_problems(row, lines: list[str] | None) -> list[str]:
    """A quote stands in its brief's text, or, in a brief with no text, in the claim's own sentence, which then cites
    its source."""
    if not isinstance(row.quote, str):
        return []
    if lines is not None:
        return [] if any(row.quote in line for line in lines) else [
            f"its quote {row.quote!r} does not stand in the brief's text"]
    problems = [] if isinstance(row.sentence, str) and row.quote in row.sentence else [
        f"its quote {row.quote!r} does not stand in its sentence (the brief has no text)"]
    if not isinstance(row.source, str) or not row.source.strip():
        problems.append("it names no source, and its brief has no text to be its source")
    return problems


def argument_problems(metric: str, declared, given, claim_ids: set[str], data: Recorded, latest: int) -> list[str]:
    """What is wrong with one claim's `metric_args` against its metric's declared arguments."""
    names = [part.split(":") for part in declared.split("|")] if isinstance(declared, str) and declared else []
    values = given.split("|") if isinstance(given, str) and given else []
    if not names:
        return [f"{metric} takes no arguments, but the row gives {given!r}"] if values else []
    usage = f"{metric} takes {declared}"
    repeats = names[-1][1].endswith("...")
    required = [kind for _, kind in names if "?" not in kind]
    if len(values) < len(required) or (len(values) > len(names) and not repeats):
        return [f"{usage}, but the row gives {len(values)} argument{'s' * (len(values) != 1)}: {given!r}"]
    kinds = [kind for _, kind in names] + [names[-1][1]] * max(0, len(values) - len(names))
    problems = []
    for value, kind in zip(values, kinds):
        problem = value_problem(value, kind.rstrip("?.").strip(), claim_ids, data, latest)
        if problem and not ("?" in kind and value == ""):
            problems.append(f"{usage}: {problem}")
    return problems


def value_problem(value: str, kind: str, claim_ids: set[str], data: Recorded, latest: int) -> str | None:
    """Why one argument is not a `kind`, or None when it is."""
    if kind == "country" and value not in COUNTRY_CODES:
        return f"{value!r} is no ISO 3166 country code"
    if kind == "year" and not (re.fullmatch(r"\d{4}", value) and EARLIEST_YEAR <= int(value) <= latest):
        return f"{value!r} is no year any source holds ({EARLIEST_YEAR}-{latest})"
    if kind == "hs2" and not (re.fullmatch(r"\d{2}", value) and (not data.chapters or value in data.chapters)):
        return f"{value!r} is no HS chapter of the official nomenclature"
    if kind == "figure" and data.figures and value not in data.figures:
        return f"{value!r} is no recorded published figure"
    if kind in ("claim", "claims") and not set(value.split("+")) <= claim_ids:
        return f"{value!r} names a claim the ledger does not hold"
    if kind == "text" and not value.strip():
        return "an argument is empty"
    return None


def refuse_bad_claims(con: duckdb.DuckDBPyConnection, seeds: dict[str, pd.DataFrame], briefs: list[Brief]) -> None:
    """Raise ClaimsRefused listing every problem of the ledgers, one line each."""
    if "claim_metrics" not in seeds or "units" not in seeds:
        return
    texts = {brief.slug: brief.lines if brief.text is not None else None for brief in briefs}
    problems = refusals(seeds["claims"], seeds["claim_metrics"], seeds["units"], recorded(con), texts)
    if problems:
        raise ClaimsRefused(f"{len(problems)} claims of the ledgers cannot be checked as written; nothing was built "
                            "or published:\n" + "\n".join(f"  {problem}" for problem in problems))
