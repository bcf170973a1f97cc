"""What the models' contracts give the build besides the evidence union (warehouse.models.evidence_union): the
data tests of each grain and required column, and the check that every metric deciding a verdict has its
evidence model.

A model declares its contract in its header (warehouse.models.Contract). Nothing here is written twice: the
grain's test is made from the grain, and a family list exists only as the evidence models' declarations.
"""

import duckdb

from warehouse.data_tests import DataTest
from warehouse.errors import ModelError
from warehouse.models import Model


def contract_tests(models: list[Model]) -> list[DataTest]:
    """A data test for each model's grain (no two rows share it) and each of its required columns (never null)."""
    tests = []
    for model in models:
        schema, table = model.name.split(".")
        grain = ", ".join(model.contract.grain)
        if grain:
            # rows are grouped by their key's hash first, and only those that share a hash by the key's values:
            # two million rows of staging.trade_flows grouped on one number, not on nine columns
            tests.append(DataTest(f"grain_of_{schema}_{table}", model.path, f"""
                with keyed as (select {grain}, hash({grain}) as key_hash from {model.name}),
                shared_hashes as (select key_hash from keyed group by key_hash having count(*) > 1)
                select {grain}, count(*) as copies
                from keyed semi join shared_hashes using (key_hash)
                group by all
                having count(*) > 1"""))
        if model.contract.required:
            tests.append(DataTest(f"required_of_{schema}_{table}", model.path, " union all ".join(
                f"select '{column}' as column_name, count(*) as nulls from {model.name} where {column} is null "
                f"having count(*) > 0" for column in model.contract.required)))
    return tests


def check_families(con: duckdb.DuckDBPyConnection, models: list[Model]) -> None:
    """Refuse a build in which a metric that decides verdicts (seeds.claim_metrics) has no evidence model of its
    family, or its family's model does not declare it: its claims would be quietly unverifiable."""
    declared = {model.contract.family: model for model in models if model.contract.family}
    problems = []
    for metric, family in con.execute("select metric, family from seeds.claim_metrics where decides "
                                      "order by metric").fetchall():
        model = declared.get(family)
        if model is None:
            problems.append(f"{metric} (family {family}): no model declares the family")
        elif metric not in model.contract.metrics:
            problems.append(f"{metric} (family {family}): {model.path} does not declare it among its metrics")
    if problems:
        raise ModelError("metrics that decide verdicts have no evidence model: " + "; ".join(problems))
