"""Compare two builds of the warehouse table by table: the check that a refactoring changed no published number.

    python -m benchmarks.compare_builds BEFORE.duckdb AFTER.duckdb

Every table outside `meta` (which records runs, times and ids), and every staging view, must hold the same columns and rows in
both, by name (their order may differ); doubles may differ by 1e-12 relatively (a sum taken in another
order). Columns a build fills
from the clock (a verdict's `checked_at`) are compared by type only. Prints one line a table that
differs and a count; exits 1 when any does.
"""

import sys

import duckdb
import numpy as np

TOLERANCE = 1e-12


def tables(con: duckdb.DuckDBPyConnection, catalog: str) -> set[str]:
    """Every table outside meta, and every staging view (the report's views read meta, which differs by run)."""
    return {f"{schema}.{name}" for schema, name in con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = ? and schema_name <> 'meta' "
        "union all select schema_name, view_name from duckdb_views() where database_name = ? "
        "and schema_name = 'staging'", [catalog, catalog]).fetchall()}


def columns(con: duckdb.DuckDBPyConnection, catalog: str, table: str) -> list[tuple[str, str]]:
    schema, name = table.split(".")
    return con.execute("select column_name, data_type from duckdb_columns() where database_name = ? and "
                       "schema_name = ? and table_name = ? order by column_index", [catalog, schema, name]).fetchall()


def same_rows(con: duckdb.DuckDBPyConnection, table: str, kinds: list[tuple[str, str]]) -> str | None:
    """None when the table's rows agree; else what differs."""
    compared = ", ".join(f'"{name}"' for name, kind in kinds if not kind.startswith("TIMESTAMP"))
    differing = con.execute(f"select count(*) from (select {compared} from before.{table} except all "
                            f"select {compared} from after.{table})").fetchall()[0][0]
    if differing == 0:
        return None
    floats = [name for name, kind in kinds if kind in ("DOUBLE", "FLOAT")]
    if not floats:
        return f"{differing} rows differ"
    keys = [f'"{name}"' for name, kind in kinds if name not in floats and not kind.startswith("TIMESTAMP")]
    order = ", ".join(keys) if keys else "all"
    left, right = (con.execute(f"select {compared} from {side}.{table} order by {order}").df()
                   for side in ("before", "after"))
    if len(left) != len(right) or not left.drop(columns=floats).equals(right.drop(columns=floats)):
        return f"{differing} rows differ beyond their doubles"
    for name in floats:
        a, b = left[name].to_numpy(dtype=float), right[name].to_numpy(dtype=float)
        if not np.allclose(a, b, rtol=TOLERANCE, atol=TOLERANCE, equal_nan=True):
            worst = np.nanmax(np.abs(a - b))
            return f"{name} differs by up to {worst:g}"
    return None


def compare(before: str, after: str) -> list[str]:
    """One line for each table that is missing from a build or differs between them."""
    con = duckdb.connect()
    con.execute(f"attach '{before}' as before (read_only)")
    con.execute(f"attach '{after}' as after (read_only)")
    found, problems = tables(con, "before"), []
    for table in sorted(found | tables(con, "after")):
        if table not in found or table not in tables(con, "after"):
            problems.append(f"{table}: only in {'after' if table not in found else 'before'}")
            continue
        kinds = columns(con, "before", table)
        if sorted(kinds) != sorted(columns(con, "after", table)):
            problems.append(f"{table}: columns differ")
            continue
        differs = same_rows(con, table, kinds)
        if differs:
            problems.append(f"{table}: {differs}")
    return problems


if __name__ == "__main__":
    before, after = sys.argv[1:3]
    problems = compare(before, after)
    for line in problems:
        print(line)
    with duckdb.connect() as con:
        con.execute(f"attach '{before}' as before (read_only)")
        count = len(tables(con, "before"))
    print(f"{count} tables compared, {len(problems)} differ")
    sys.exit(1 if problems else 0)
