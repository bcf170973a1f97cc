"""Build-then-rename: a refresh writes a new DuckDB file and moves it over the published one in one rename.

An analyst holding a read-only connection keeps reading the old file until they reconnect,
and a refresh that fails at any step leaves the published file exactly as it was.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged_build(published: Path, run_id: str) -> Iterator[Path]:
    """Yield the path of a fresh file to build into; publish it if the block succeeds, delete it if not."""
    published = Path(published)
    published.parent.mkdir(parents=True, exist_ok=True)
    building = published.with_name(f"{published.name}.building-{run_id}")
    try:
        yield building
        publish(building, published)
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
