"""Writing a validated DataFrame into the warehouse being built."""

import duckdb
import pandas as pd


def load_table(con: duckdb.DuckDBPyConnection, schema: str, table: str, frame: pd.DataFrame) -> int:
    """Create `<schema>.<table>` from the frame, replacing any table of that name; returns its row count."""
    con.register("incoming_frame", frame)
    try:
        con.execute(f"create or replace table {schema}.{table} as select * from incoming_frame")
    finally:
        con.unregister("incoming_frame")
    return len(frame)
