"""Reading CSV snapshots into one DataFrame that remembers where every row came from."""

import io

import numpy as np
import pandas as pd

from warehouse.errors import ParseError
from warehouse.snapshots import Snapshot


def read_csv(snapshot: Snapshot, columns: list[str], **read_options) -> pd.DataFrame:
    return read_csvs([snapshot], columns, **read_options)


def read_csvs(snapshots: list[Snapshot], columns: list[str], **read_options) -> pd.DataFrame:
    """Read the named columns of CSV snapshots into one frame, with `source_file`, `source_line` and `snapshot_sha256`.

    `source_line` is the 1-based line in the original file (the header is line 1), so an
    error can point a reader at the exact row. The file and checksum columns are
    categorical: a million rows share a few hundred values.
    """
    frames = [_read(snapshot, columns, read_options) for snapshot in snapshots]
    lengths = [len(frame) for frame in frames]
    table = pd.concat(frames, ignore_index=True)
    file_codes = np.repeat(np.arange(len(snapshots)), lengths)
    table["source_file"] = pd.Categorical.from_codes(file_codes, categories=[s.name for s in snapshots])
    table["source_line"] = np.concatenate([np.arange(2, n + 2) for n in lengths]) if lengths else []
    checksums = sorted({s.sha256 for s in snapshots})
    checksum_codes = np.array([checksums.index(s.sha256) for s in snapshots], dtype=int)
    table["snapshot_sha256"] = pd.Categorical.from_codes(checksum_codes[file_codes], categories=checksums)
    return table


def _read(snapshot: Snapshot, columns: list[str], read_options: dict) -> pd.DataFrame:
    try:
        return pd.read_csv(io.BytesIO(snapshot.read_bytes()), usecols=columns, **read_options)
    except ValueError as error:
        raise ParseError(f"{snapshot.source}: {snapshot.name} ({snapshot.sha256[:12]}) cannot be parsed: {error}") from error
    except pd.errors.ParserError as error:
        raise ParseError(f"{snapshot.source}: {snapshot.name} ({snapshot.sha256[:12]}) is not a well-formed CSV: {error}") from error
