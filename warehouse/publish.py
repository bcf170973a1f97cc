"""Build-then-rename: a refresh writes a new DuckDB file and moves it over the published one in one rename.

An analyst holding a read-only connection keeps reading the old file until they reconnect,
and a refresh that fails at any step leaves the published file exactly as it was.
"""

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.errors import RefreshError


class RefreshRunning(RefreshError):
    """Another refresh holds the warehouse's lock."""


class WarehouseWriteFailed(RefreshError):
    """The new warehouse file could not be written: a full disk, a permission, an I/O error."""


@contextmanager
def refresh_lock(published: Path) -> Iterator[None]:
    """Hold the warehouse's refresh lock, or refuse at once: two refreshes never both write.

    The lock is the kernel's (flock) on a file beside the warehouse, so a refresh that dies,
    even by SIGKILL, releases it with its process.
    """
    published = Path(published)
    published.parent.mkdir(parents=True, exist_ok=True)
    path = published.with_name(published.name + ".lock")
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise RefreshRunning(f"another refresh ({holder}) is writing {published}; this one stops without "
                                 "touching it. Run it again when that one ends.") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def staged_build(published: Path, run_id: str) -> Iterator[Path]:
    """Yield the path of a fresh file to build into; publish it if the block succeeds, delete it if not.

    Called under the refresh lock, so any other build file beside the warehouse is the leftover
    of a refresh that died (killed, or the machine stopped) and is removed first.
    """
    published = Path(published)
    published.parent.mkdir(parents=True, exist_ok=True)
    for leftover in published.parent.glob(f"{published.name}.building-*"):
        leftover.unlink(missing_ok=True)
    building = published.with_name(f"{published.name}.building-{run_id}")
    try:
        yield building
        publish(building, published)
    except (OSError, duckdb.Error) as error:  # DuckDB reports a full disk as an I/O, transaction or fatal error
        discard(building)
        raise WarehouseWriteFailed(
            f"could not write the new warehouse {building}: {error}. Nothing was published; "
            f"{published} is as it was.") from error
    except BaseException:
        discard(building)
        raise


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
