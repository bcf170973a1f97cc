"""Exporting a query's result to a file through DuckDB's own writers, at DuckDB's speed.

The connection is the analysts' locked-down one with a single exception: it may write the one
file the export is going to, under a partial name that is renamed into place once whole. The
warehouse's own folder and the snapshot store are refused as targets, so an export can never
replace the published file, a file kept beside it, or a snapshot.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from warehouse.errors import ReadError
from warehouse.readers import connect_read_only

FORMATS = {".csv": "format csv, header true", ".parquet": "format parquet", ".json": "format json, array true",
           ".jsonl": "format json"}


class ExportRefused(ReadError):
    """The export's target or SQL is not one tradebrief writes; nothing was written."""


def statements(con: duckdb.DuckDBPyConnection, sql: str) -> list:
    """The statements of `sql` as DuckDB's parser splits them; a syntax error is one line."""
    try:
        found = con.extract_statements(sql)
    except duckdb.Error as error:
        raise ReadError(f"query failed: {str(error).splitlines()[0]}") from None
    if not found:
        raise ReadError("query failed: the SQL holds no statement")
    return found


def check_target(target: Path, guarded: list[Path]) -> str:
    """The COPY options for `target` by its suffix; a target inside a guarded folder, or not a file, is refused."""
    options = FORMATS.get(target.suffix.lower())
    if options is None:
        raise ExportRefused(f"export writes {', '.join(FORMATS)} files; {target} has none of those suffixes")
    resolved = target.resolve()
    for folder in guarded:
        if resolved.is_relative_to(folder.resolve()):
            raise ExportRefused(f"export does not write into {folder} (the warehouse's folder or the snapshot store, "
                                f"whose files tradebrief keeps); choose a path outside it, not {target}")
    if resolved.is_dir():
        raise ExportRefused(f"export writes a file and {target} is a folder")
    if not resolved.parent.is_dir():
        raise ExportRefused(f"export's folder {resolved.parent} does not exist")
    return options


def export(warehouse: Path, sql: str, target: Path, guarded: list[Path]) -> int:
    """Write the result of `sql` (one SELECT) on the published warehouse to `target`; returns the rows written.

    DuckDB writes a partial file beside the target, which replaces the target only once whole: an export that
    fails or is interrupted leaves whatever was at `target` before.
    """
    options = check_target(target, guarded)
    partial = target.resolve().with_name(f".{target.name}.{os.getpid()}.partial")
    quoted = str(partial).replace("'", "''")
    con = connect_read_only(warehouse, may_write=partial)
    try:
        found = statements(con, sql)
        if len(found) > 1:
            raise ExportRefused(f"export writes one statement's result, and the SQL holds {len(found)}")
        [statement] = found
        if statement.type != duckdb.StatementType.SELECT:
            raise ExportRefused(f"export writes the result of a select, and the SQL is a {statement.type.name.lower()}")
        query = statement.query
        partial.unlink(missing_ok=True)  # DuckDB writes beside a file that exists, to a name it may not write
        copied = con.sql(query).query("export_source", f"copy (select * from export_source) to '{quoted}' ({options})")
        if copied is None:
            raise ExportRefused("export wrote nothing: DuckDB gave no count of the rows it copied")
        [(rows,)] = copied.fetchall()
        os.replace(partial, target)
    except duckdb.Error as error:
        raise ReadError(f"export failed: {str(error).splitlines()[0]}") from None
    finally:
        con.close()
        partial.unlink(missing_ok=True)
    return rows
