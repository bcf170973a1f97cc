"""Reading CSV snapshots into one DataFrame that remembers where every row came from."""

import io
import json
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.csv

from flows.sources.limits import check_text, read_checked, refused
from warehouse.errors import ParseError
from warehouse.snapshots import Snapshot


def read_csv(snapshot: Snapshot, columns: list[str], **read_options) -> pd.DataFrame:
    return read_csvs([snapshot], columns, **read_options)


def read_csvs(snapshots: list[Snapshot], columns: list[str] | Callable[[str], bool], **read_options) -> pd.DataFrame:
    """Read the named columns of CSV snapshots into one frame, with `source_file`, `source_line` and `snapshot_sha256`.

    `source_line` is the 1-based line in the original file (the header is line 1, or the
    line after an integer `skiprows`), so an error can point a reader at the exact row. The
    file and checksum columns are categorical: a million rows share a few hundred values.
    """
    first_line = 2 + read_options.get("skiprows", 0)
    frames = [_read(snapshot, columns, read_options) for snapshot in snapshots]
    lengths = [len(frame) for frame in frames]
    table = pd.concat(frames, ignore_index=True)
    return with_origin_columns(table, snapshots, lengths, first_line)


def with_origin_columns(table: pd.DataFrame, snapshots: list[Snapshot], lengths: list[int], first_line: int = 2) -> pd.DataFrame:
    """Add `source_file`, `source_line` and `snapshot_sha256` to rows concatenated from `snapshots` in order.

    """
    file_codes = np.repeat(np.arange(len(snapshots)), lengths)
    table["source_file"] = pd.Categorical.from_codes(file_codes, categories=[s.name for s in snapshots])
    table["source_line"] = np.concatenate([np.arange(first_line, first_line + n) for n in lengths]) if lengths else []
    checksums = sorted({s.sha256 for s in snapshots})
    checksum_codes = np.array([checksums.index(s.sha256) for s in snapshots], dtype=int)
    table["snapshot_sha256"] = pd.Categorical.from_codes(checksum_codes[file_codes], categories=checksums)
    return table


def read_csvs_with_arrow(snapshots: list[Snapshot], columns: list[str]) -> pd.DataFrame:
    """read_csvs for many UTF-8 files of plain values, such as the Atlas's 239: Arrow's reader parses them, a file
    per core at a time, without holding the interpreter's lock, so the sources parsing beside them go on meanwhile.

    A column that reads as text in one file and as numbers in another is text in all of them, so the schema finds
    the values that do not parse at their file and line.
    """
    with ThreadPoolExecutor(os.cpu_count()) as pool:
        tables = list(pool.map(lambda snapshot: _read_arrow(snapshot, columns), snapshots))
    text = {field.name for table in tables for field in table.schema if pyarrow.types.is_string(field.type)}
    tables = [table.cast(pyarrow.schema([(field.name, pyarrow.string() if field.name in text else field.type)
                                         for field in table.schema])) for table in tables]
    table = pyarrow.concat_tables(tables, promote_options="permissive")
    return with_origin_columns(table.to_pandas(), snapshots, [t.num_rows for t in tables])


def _read_arrow(snapshot: Snapshot, columns: list[str]) -> pyarrow.Table:
    try:
        return pyarrow.csv.read_csv(pyarrow.py_buffer(checked_text(snapshot, "utf-8")),
                                    read_options=pyarrow.csv.ReadOptions(use_threads=False),
                                    convert_options=pyarrow.csv.ConvertOptions(include_columns=columns))
    except KeyError as error:  # a column it was asked for is not in the file
        raise refused(snapshot, f"cannot be parsed: {error}") from error
    except pyarrow.ArrowInvalid as error:
        raise refused(snapshot, f"is not a well-formed CSV: {error}") from error


def checked_text(snapshot: Snapshot, encoding: str, header_line: int = 1) -> bytes:
    """The snapshot's bytes, checked against its source's limits (its size before it is inflated, then its lines) and
    its encoding; a byte that does not decode is a ParseError naming it and its line."""
    content = read_checked(snapshot)
    check_text(snapshot, content, header_line)
    try:
        content.decode(encoding)
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        raise refused(snapshot, f"is not {encoding}: byte {error.start} (line {line}) cannot be decoded") from None
    return content


def _read(snapshot: Snapshot, columns: list[str] | Callable[[str], bool], read_options: dict) -> pd.DataFrame:
    skipped = read_options.get("skiprows", 0)
    content = checked_text(snapshot, read_options.get("encoding", "utf-8"), 1 + (skipped if isinstance(skipped, int) else 0))
    try:
        return pd.read_csv(io.BytesIO(content), usecols=columns, **read_options)
    except ValueError as error:
        raise refused(snapshot, f"cannot be parsed: {error}") from error
    except pd.errors.ParserError as error:
        raise refused(snapshot, f"is not a well-formed CSV: {error}") from error


def read_json(snapshot: Snapshot):
    """The decoded JSON of a snapshot; one past its source's size limit, or a truncated or non-JSON body, is a
    ParseError naming the snapshot."""
    return decode_json(read_checked(snapshot), snapshot.source, f"{snapshot.name} ({snapshot.sha256[:12]})")


def decode_json(content: bytes, source: str, name: str):
    try:
        return json.loads(content)
    except ValueError as error:
        raise ParseError(f"{source}: {name} is not valid JSON: {error}") from error
    except RecursionError:
        raise ParseError(f"{source}: {name} is JSON nested too deep to read (a hostile or broken body)") from None


def frames_with_origin(parts: list[tuple[Snapshot, pd.DataFrame]]) -> pd.DataFrame:
    """Concatenate frames parsed from snapshots; each frame's `record` column (its line in a CSV, its
    position in a JSON response) becomes `source_line`."""
    table = pd.concat([frame for _, frame in parts], ignore_index=True)
    table = with_origin_columns(table, [snapshot for snapshot, _ in parts], [len(frame) for _, frame in parts])
    table["source_line"] = table.pop("record").astype("int64")
    return table
