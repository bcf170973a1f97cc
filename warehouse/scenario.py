"""One remittance scenario of an analyst's own, computed with the very SQL of marts.remittance_scenarios.

The mart's model file is read, its input `seeds.remittance_assumptions` is swapped (with
sqlglot) for a temporary table holding the one scenario, and it runs on a read-only
connection to the published warehouse: nothing is written. The scenario is checked by the
seed's own schema first, so the command and the ledger refuse the same things.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import sqlglot
from sqlglot import exp

from schemas.seeds import RemittanceAssumption
from warehouse.brief_facts import brief_facts
from warehouse.errors import ReadError, ValidationFailed
from warehouse.readers import connect_read_only
from warehouse.validate import validate

MODEL = Path("marts") / "remittance_scenarios.sql"
INPUT = ("seeds", "remittance_assumptions")
SCENARIO_TABLE = "scenario_input"
BRIEF_CLAIM = "remittance_total"


class ScenarioRefused(ReadError):
    """The scenario's inputs are out of bounds, or the data cannot convert its wage."""


def swap_input(sql: str, table: str) -> str:
    """The model's SQL reading `table` (a temporary table) wherever it read the seed."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    for node in tree.find_all(exp.Table):
        if (node.db, node.name) == INPUT:
            node.replace(exp.to_table(f"temp.main.{table}").as_(node.alias_or_name))
    return tree.sql(dialect="duckdb")


def run_scenario(warehouse: Path, models_root: Path, workers: float, wage: float, currency: str, year: int,
                 share: float, wage_per: str = "year") -> dict:
    """The scenario's row of the mart, with the brief's own case beside it (its scenarios in the seed, `brief_*`, and
    its remittance claim); refused inputs raise ScenarioRefused."""
    sql = swap_input((models_root / MODEL).read_text(), SCENARIO_TABLE)
    with connect_read_only(warehouse, locked_down=False) as con:
        facts = brief_facts(con)
        brief_case = con.execute(
            "select any_value(workers), min(wage), max(wage), any_value(share_taken) from seeds.remittance_assumptions "
            "where scenario like 'brief%'").df().iloc[0].tolist()
        scenario = pd.DataFrame([{
            "scenario": "command_line", "workers": workers, "workers_figure_id": None, "wage": wage,
            "wage_figure_id": None, "wage_per": wage_per, "currency": currency, "wage_year": year,
            "share_taken": share, "exports_year": facts.year, "sources": "given on the command line",
        }])
        try:
            scenario = validate("scenario", "the scenario", scenario.assign(source_file="command line", source_line=None),
                                RemittanceAssumption).drop(columns=["source_file", "source_line"])
        except ValidationFailed as error:
            raise ScenarioRefused(refusal(error)) from None
        con.register("scenario_frame", scenario)
        con.execute(f"create temp table {SCENARIO_TABLE} as select * from scenario_frame")
        [row] = con.execute(sql).df().to_dict("records")
        brief = con.execute("select published_value, verdict, note from marts.claim_checks "
                            "where brief = ? and claim_id = ?", [facts.brief, BRIEF_CLAIM]).fetchall()
    if pd.isna(row["wage_usd"]):
        raise ScenarioRefused(f"no {currency} exchange rate for {year} or any earlier year in the warehouse "
                              "(staging.macro_indicators, PA.NUS.FCRF)")
    row["focus_iso3"], row["exports_year"] = facts.focus, facts.year  # the mart names neither
    row["brief_workers"], row["brief_wage_low"], row["brief_wage_high"], row["brief_share"] = brief_case
    if brief:
        row["brief_remittance_usd"] = brief[0][0] * 1e6
        row["brief_verdict"], row["brief_note"] = brief[0][1], brief[0][2]
    return row


def refusal(error: ValidationFailed) -> str:
    """The broken rules of a refused scenario, in the words of the options."""
    words = {"workers": "--workers must be a number from 0 to 10,000,000", "share_taken": "--share must be between 0 and 1",
             "currency": "--currency must be one of USD, RUB", "wage": "--wage must be a number from 0 to 1,000,000,000",
             "wage_year": "--year must be a year between 1990 and 2100"}
    words |= {"workers_given": words["workers"], "wage_given": words["wage"]}  # NaN reads as missing: not given
    broken = [words.get(column) or words.get(str(check).split(":")[0], f"{column}: {check}") for column, check in
              error.failures[["column", "check"]].itertuples(index=False)]
    return "; ".join(dict.fromkeys(broken))
