"""Writing a validated DataFrame into the warehouse being built."""

import duckdb
import pandas as pd
import pandera.pandas as pa
import pyarrow

from schemas.common import columns


def load_table(con: duckdb.DuckDBPyConnection, schema: str, table: str, frame: pd.DataFrame) -> int:
    """Create `<schema>.<table>` from the frame, replacing any table of that name; returns its row count.

    Categorical columns (a compact form for repeated values in pandas) become plain varchar,
    not DuckDB enums, so analysts see ordinary text columns. The frame goes over as an Arrow table,
    which DuckDB reads in half the time it takes to scan pandas' own columns.
    """
    columns = ", ".join(
        f'"{name}"::varchar as "{name}"' if isinstance(dtype, pd.CategoricalDtype) else f'"{name}"'
        for name, dtype in frame.dtypes.items()
    )
    con.register("incoming_frame", pyarrow.Table.from_pandas(frame, preserve_index=False))
    try:
        con.execute(f"create or replace table {schema}.{table} as select {columns} from incoming_frame")
    finally:
        con.unregister("incoming_frame")
    return len(frame)


def empty_frame(schema: type[pa.DataFrameModel]) -> pd.DataFrame:
    """A frame with the schema's columns and types and no rows: the raw table of a source not yet recorded."""
    types = schema.to_schema().columns
    return pd.DataFrame({name: pd.Series(dtype=str(types[name].dtype)) for name in columns(schema)})
