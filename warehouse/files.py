"""Opening the files tradebrief reads and writes, never through a symlink and never a special file.

Inputs (seeds, brief folders, a text to propose claims for, files to record, snapshots) are read
only if they are regular files reached without a symlink, and only up to a size they may have: a
FIFO would hang the read, a device or a link could put any file of the machine into the warehouse
(a link to /proc/self/environ would record the process's secrets), and a huge file would be read
whole before any check. The lock and the files kept beside the warehouse are opened the same way,
so a symlink planted in their place is refused rather than written through. Each refusal names the file.
"""

import io
import os
import stat
from pathlib import Path
from typing import IO, TYPE_CHECKING

from warehouse.errors import ParseError, TradebriefError

if TYPE_CHECKING:
    import pandas as pd

MAX_INPUT_BYTES = 50_000_000  # the largest seed, ledger or brief text read; the recorded ones are under 100 kB


def open_regular(path: Path, label: str, mode: str = "rb", within: Path | None = None,
                 error: type[TradebriefError] = ParseError) -> IO:
    """The regular file at `path`, opened without following a symlink (in its last part, or in any folder between
    `within` and it); "a" and "r+" create it when missing. Anything else is refused with one line naming it."""
    if within is not None:
        for folder in reversed(Path(path).parents):
            if folder.is_relative_to(within) and folder != Path(within) and folder.is_symlink():
                raise error(f"{label}: {path} is reached through the symlink {folder}, which is not followed")
    flags = {"rb": os.O_RDONLY, "a": os.O_WRONLY | os.O_APPEND | os.O_CREAT, "r+": os.O_RDWR | os.O_CREAT}[mode]
    try:
        descriptor = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    except FileNotFoundError:
        raise error(f"{label}: {path} does not exist") from None
    except OSError as failure:  # ELOOP: the last part of the path is a symlink; ENXIO: a FIFO with no writer
        raise error(f"{label}: {path} cannot be opened as a regular file (a symlink is not followed): "
                    f"{failure.strerror}") from None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise error(f"{label}: {path} is not a regular file")
    os.set_blocking(descriptor, True)
    return os.fdopen(descriptor, mode, encoding=None if "b" in mode else "utf-8")


def read_input(path: Path, label: str, limit: int = MAX_INPUT_BYTES, within: Path | None = None,
               error: type[TradebriefError] = ParseError) -> bytes:
    """The bytes of a regular file at `path`, opened without following a symlink and refused above `limit`."""
    with open_regular(path, label, within=within, error=error) as handle:
        content = handle.read(limit + 1)
    if len(content) > limit:
        raise error(f"{label}: {path} is larger than {limit:,} bytes, the most this input may hold")
    return content


def read_csv_input(path: Path, label: str, name: str | None = None) -> "pd.DataFrame":
    """A CSV input's rows as text; one that is not UTF-8 or not a CSV is refused by `name` (default: its path)."""
    import pandas as pd  # here, not above: the refresh lock opens its file through this module before pandas loads

    content = read_input(path, label)
    name = name or str(path)
    try:
        content.decode("utf-8")
        return pd.read_csv(io.BytesIO(content), dtype=str, encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ParseError(f"{label}: {name} is not UTF-8: byte {error.start} cannot be decoded") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise ParseError(f"{label}: {name} is not a well-formed CSV: {error}") from None
