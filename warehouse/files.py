"""Reading a person's input files (seeds, brief folders, a text to propose claims for) with their limits.

A file is read only if it is a regular file reached without a symlink, and only up to a size it
may have: a FIFO would hang the read, a device or a link could put any file of the machine into the
warehouse, and a huge file would be read whole before any check. Each refusal names the file.
"""

import io
import os
import stat
from pathlib import Path

import pandas as pd

from warehouse.errors import ParseError

MAX_INPUT_BYTES = 50_000_000  # the largest seed, ledger or brief text read; the recorded ones are under 100 kB


def read_input(path: Path, label: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file at `path`, opened without following a symlink and refused above `limit`."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise ParseError(f"{label}: {path} does not exist") from None
    except OSError as error:  # ELOOP: the last part of the path is a symlink
        raise ParseError(f"{label}: {path} cannot be read as a regular file (a symlink is not followed): "
                         f"{error.strerror}") from None
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise ParseError(f"{label}: {path} is not a regular file")
        content = handle.read(limit + 1)
    if len(content) > limit:
        raise ParseError(f"{label}: {path} is larger than {limit:,} bytes; no input of tradebrief is that large")
    return content


def read_csv_input(path: Path, label: str, name: str | None = None) -> pd.DataFrame:
    """A CSV input's rows as text; one that is not UTF-8 or not a CSV is refused by `name` (default: its path)."""
    content = read_input(path, label)
    name = name or str(path)
    try:
        content.decode("utf-8")
        return pd.read_csv(io.BytesIO(content), dtype=str, encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ParseError(f"{label}: {name} is not UTF-8: byte {error.start} cannot be decoded") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise ParseError(f"{label}: {name} is not a well-formed CSV: {error}") from None
