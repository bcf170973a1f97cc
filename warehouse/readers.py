"""The connection analysts' commands open on the published warehouse: it reads, and nothing else.

Read-only is not enough: a read-only DuckDB connection can still COPY a query's result to any
file, ATTACH another database, INSTALL or LOAD an extension and read files outside the
warehouse. With external access disabled and the configuration locked, none of that is
possible, and no statement can turn it back on.
"""

from pathlib import Path

import duckdb

LOCKED_DOWN = {"enable_external_access": False, "lock_configuration": True}


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection that can query the warehouse at `path` and cannot write, attach, load or read anything else."""
    return duckdb.connect(str(path), read_only=True, config=LOCKED_DOWN)
