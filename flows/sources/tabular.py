"""Reading a CSV snapshot into a DataFrame that remembers where every row came from."""

import io

import pandas as pd

from warehouse.errors import ParseError
from warehouse.snapshots import Snapshot


def read_csv(snapshot: Snapshot, columns: list[str], **read_options) -> pd.DataFrame:
    """Read the named columns of a CSV snapshot, adding `source_file`, `source_line` and `snapshot_sha256`.

    `source_line` is the 1-based line in the original file (the header is line 1), so an
    error can point a reader at the exact row.
    """
    try:
        frame = pd.read_csv(io.BytesIO(snapshot.read_bytes()), usecols=columns, **read_options)
    except ValueError as error:
        raise ParseError(f"{snapshot.source}: {snapshot.name} ({snapshot.sha256[:12]}) cannot be parsed: {error}") from error
    except pd.errors.ParserError as error:
        raise ParseError(f"{snapshot.source}: {snapshot.name} ({snapshot.sha256[:12]}) is not a well-formed CSV: {error}") from error
    frame["source_file"] = snapshot.name
    frame["source_line"] = range(2, len(frame) + 2)
    frame["snapshot_sha256"] = snapshot.sha256
    return frame
