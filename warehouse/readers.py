"""The connection analysts' commands open on the published warehouse: it reads, and nothing else.

Read-only is not enough: a read-only DuckDB connection can still COPY a query's result to any
file, ATTACH another database, INSTALL or LOAD an extension and read files outside the
warehouse. With external access disabled and the configuration locked, none of that is
possible, and no statement can turn it back on.
"""

import re
from pathlib import Path

import duckdb

from warehouse.errors import ReadError, WarehouseHeld

LOCKED_DOWN: dict[str, str | bool | int | float | list[str]] = {"enable_external_access": False,
                                                                 "lock_configuration": True}


def connect_read_only(path: Path, locked_down: bool = True, may_write: Path | None = None,
                      memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    """A connection that can query the warehouse at `path` and cannot write, attach, load or read anything else
    (`locked_down`; the scenario command, which scans its own inputs, is only read-only). `may_write` is the one file
    it may write besides: an export's; `memory_limit` the most memory DuckDB may take (its own default: 80%).

    A client that opened the file for writing (DuckDB's CLI, DBeaver and notebooks do by default) blocks every other
    process: that is said in one line, naming the holder, with what to do.
    """
    try:
        config: dict[str, str | bool | int | float | list[str]] = (LOCKED_DOWN if locked_down and not may_write else {}) | (
            {"memory_limit": memory_limit} if memory_limit else {})
        con = duckdb.connect(str(path), read_only=True, config=config)
    except duckdb.IOException as error:
        if "Could not set lock" not in str(error):
            raise
        raise WarehouseHeld(held_message(path, str(error))) from None
    except (duckdb.ParserException, duckdb.InvalidInputException) as error:  # a memory limit DuckDB cannot read
        raise ReadError(f"cannot open {path}: {str(error).splitlines()[0]}") from None
    if may_write:  # the paths allowed are set before external access is closed and the configuration locked
        con.execute("set allowed_paths = [?]", [str(may_write)])
        for setting, value in LOCKED_DOWN.items():
            con.execute(f"set {setting} = {str(value).lower()}")
    return con


def held_message(path: Path, error: str) -> str:
    """One line: who holds the warehouse (the PID, when DuckDB names it) and how to open it without blocking others."""
    found = re.search(r"held in (.+?) \(PID (\d+)\)", error)
    holder = f"process {found.group(2)} ({found.group(1)})" if found else "another process"
    return (f"{holder} holds {path} open for writing, so it cannot be read now. Close that connection, or open the "
            "warehouse read-only: DuckDB CLI `duckdb -readonly FILE`, Python `duckdb.connect(FILE, read_only=True)`, "
            "DBeaver: tick Read-only in the connection's settings")
