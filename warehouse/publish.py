"""Build-then-rename: a refresh writes a new DuckDB file and moves it over the published one in one rename.

An analyst holding a read-only connection keeps reading the old file until they reconnect,
and a refresh that fails at any step leaves the published file exactly as it was. Publishing
is the last line of defence: a build is renamed into place only after it is checkpointed into
one file with no WAL beside it, reopened read-only, and found to hold every model its run
recorded with the row count it recorded (a file cut short by a full disk or a file-size limit
never is), and written in the storage format of DuckDB 1.0, which every DuckDB client from 1.1 on
opens (DBeaver, R, Node and notebooks on 1.x cannot read DuckDB 2's own format).
"""

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.errors import RefreshError
from warehouse.files import open_regular

STORAGE_VERSION = "v1.0.0"  # the storage format written; DuckDB 1.1 is the oldest client that opens the warehouse


def in_published_format(path: Path) -> bool:
    """Whether a DuckDB file is written in the storage format published (DuckDB names it `v1.0.0+`)."""
    return storage_version(path) == f"{STORAGE_VERSION}+"


def storage_version(path: Path) -> str | None:
    """The storage format a DuckDB file is written in (`v1.0.0+` for the format of DuckDB 1.0 and 1.1), None if it cannot be read."""
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            return con.execute("select tags['storage_version'] from duckdb_databases() "
                               "where database_name = current_database()").fetchall()[0][0]
    except duckdb.Error:
        return None


class RefreshRunning(RefreshError):
    """Another refresh holds the warehouse's lock."""


class WarehouseWriteFailed(RefreshError):
    """The new warehouse file could not be written: a full disk, a permission, an I/O error."""


class WarehouseLocked(RefreshError):
    """Another process holds a DuckDB file the refresh needs (the published one, open for writing elsewhere)."""


class BuildIncomplete(RefreshError):
    """The new warehouse file does not hold what its run recorded building: it is not published."""


def sql_string(text: str | Path) -> str:
    """A text or path as a SQL string literal, quotes in it doubled: a warehouse may live at /data/analyst's/."""
    return "'" + str(text).replace("'", "''") + "'"


@contextmanager
def attached(con: duckdb.DuckDBPyConnection, path: Path, alias: str, read_only: bool = True) -> Iterator[None]:
    """Attach another DuckDB file under `alias` for the block, then detach it."""
    con.execute(f"attach {sql_string(path)} as {alias}" + (" (read_only)" if read_only else ""))
    try:
        yield
    finally:
        con.execute(f"detach {alias}")


HELD: dict[Path, "RefreshLock"] = {}  # the locks this process holds, so that taking one again does not block itself


class RefreshLock:
    """The held lock: its file says which process holds it, and what else it noted (the Prefect server it started);
    `previous` is what the last holder's file said, for whoever cleans up after a holder that died."""

    def __init__(self, path: Path, handle, previous: str):
        self.path, self.handle, self.previous = path, handle, previous

    def note(self, line: str) -> None:
        """Add a line to the lock file's notes, under the holder's process id."""
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(f"pid {os.getpid()}\n{line}\n")
        self.handle.flush()


@contextmanager
def refresh_lock(published: Path) -> Iterator[RefreshLock]:
    """Hold the warehouse's refresh lock, or refuse at once: two refreshes never both write.

    The lock is the kernel's (flock) on a file beside the warehouse, so a refresh that dies,
    even by SIGKILL, releases it with its process. A process that holds it already (the CLI
    takes it before starting Prefect, the flow takes it again) is let through. The last holder's
    notes are kept on the lock (`previous`) for whoever cleans up after a holder that died.
    """
    published = Path(published)
    published.parent.mkdir(parents=True, exist_ok=True)
    path = published.parent.resolve() / (published.name + ".lock")  # the folder resolved, never the lock file itself
    if path in HELD:
        yield HELD[path]
        return
    with open_regular(path, "the refresh lock", "r+", error=RefreshError) as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = " ".join(handle.read().split()[:2]) or "another process"
            raise RefreshRunning(f"another refresh ({holder}) is writing {published}; this one stops without "
                                 "touching it. Run it again when that one ends.") from None
        handle.seek(0)
        previous = handle.read(4096)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        HELD[path] = RefreshLock(path, handle, previous)
        try:
            yield HELD[path]
        finally:
            del HELD[path]
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def staged_build(published: Path, run_id: str, copy_published: bool = False) -> Iterator[Path]:
    """Yield the path of a file to build into, fresh or (`copy_published`) a copy of the published warehouse for a
    refresh that keeps most of it; publish it if the block succeeds, delete it if not.

    Called under the refresh lock, so any other build file beside the warehouse is the leftover
    of a refresh that died (killed, or the machine stopped) and is removed first.
    """
    published = Path(published)
    published.parent.mkdir(parents=True, exist_ok=True)
    for leftover in published.parent.glob(f"{published.name}.building-*"):
        leftover.unlink(missing_ok=True)
    building = published.with_name(f"{published.name}.building-{run_id}")
    try:
        if copy_published:
            shutil.copyfile(published, building)
            wal = published.with_name(published.name + ".wal")
            if wal.exists():  # changes a writer left unmerged: DuckDB replays them when the copy is opened
                shutil.copyfile(wal, building.with_name(building.name + ".wal"))
        else:
            duckdb.connect(str(building), config={"storage_compatibility_version": STORAGE_VERSION}).close()
        yield building
        check_build(building, run_id)
        publish(building, published)
    except (OSError, duckdb.Error) as error:  # DuckDB reports a full disk as an I/O, transaction or fatal error
        discard(building)
        if isinstance(error, duckdb.IOException) and "Could not set lock" in str(error):
            raise WarehouseLocked(
                f"another process holds a lock on a warehouse file this refresh needs ({error}). A connection that "
                f"writes, such as a notebook that opened {published} without read_only=True, blocks the refresh: close "
                f"it, or open it read-only. Nothing was published; {published} is as it was.") from error
        raise WarehouseWriteFailed(
            f"could not write the new warehouse {building}: {error}. Nothing was published; "
            f"{published} is as it was.") from error
    except BaseException:
        discard(building)
        raise


def drop_all_but(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...], keep: set[str]) -> None:
    """Drop every table and view of `schemas` not named in `keep`: what a build that began as a copy of the
    published warehouse makes anew, or no longer makes, does not linger from the copy."""
    found = con.execute(
        "select schema_name, table_name, 'table' from duckdb_tables() where database_name = current_database() union all "
        "select schema_name, view_name, 'view' from duckdb_views() where database_name = current_database() "
        "and not internal").fetchall()
    for schema, name, kind in found:
        if schema in schemas and f"{schema}.{name}" not in keep:
            con.execute(f'drop {kind} "{schema}"."{name}"')


def check_build(building: Path, run_id: str) -> None:
    """Checkpoint the build into one file, reopen it read-only, and check it holds every model its run recorded and
    is written in the storage format to publish.

    Raises BuildIncomplete, naming what is missing, short or unreadable to older clients, so that nothing is published.
    """
    with duckdb.connect(str(building)) as con:
        con.execute("checkpoint")
    wal = building.with_name(building.name + ".wal")
    if wal.exists():
        raise BuildIncomplete(f"the new warehouse {building} still has a WAL ({wal}) after its checkpoint; "
                              "nothing was published")
    problems = missing_models(building, run_id)
    if not in_published_format(building):
        problems.append(f"it is written in DuckDB's storage format {storage_version(building)}, not {STORAGE_VERSION}, "
                        "which every DuckDB client from 1.1 on opens")
    if problems:
        raise BuildIncomplete(f"the new warehouse {building} is not what its run built ({'; '.join(problems[:5])}); "
                              "nothing was published")


def missing_models(building: Path, run_id: str) -> list[str]:
    """What of the models its run recorded the build lacks, or holds with another row count; nothing for a warehouse
    that records no models (the HS6 one)."""
    with duckdb.connect(str(building), read_only=True) as con:
        if not con.execute("select count(*) from duckdb_tables() where schema_name = 'meta' and table_name = 'models'"
                           ).fetchall()[0][0]:
            return []
        recorded = con.execute("select model, row_count from meta.models where run_id = ?", [run_id]).fetchall()
        present = {f"{schema}.{name}" for schema, name in con.execute(
            "select schema_name, table_name from duckdb_tables() union all "
            "select schema_name, view_name from duckdb_views() where not internal").fetchall()}
        problems = [] if recorded else [f"run {run_id} recorded no models"]
        for model, rows in recorded:
            if model not in present:
                problems.append(f"{model} is missing")
                continue
            found = con.execute(f"select count(*) from {model}").fetchall()[0][0]
            if rows is not None and found != rows:
                problems.append(f"{model} has {found:,} rows, the build recorded {rows:,}")
    return problems


def publish(building: Path, published: Path) -> None:
    """Flush the built file to disk, then atomically replace the published one with it."""
    with open(building, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(building, published)
    directory = os.open(published.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def discard(building: Path) -> None:
    for leftover in (building, building.with_name(building.name + ".wal")):
        leftover.unlink(missing_ok=True)
