"""How far a source's snapshots may unfold when they are read: bytes (once unzipped), rows, columns, line length.

A fetch's byte limit counts what came over the network, and a snapshot's size what was recorded;
but a 5 MB workbook is a zip whose shared strings can unfold to gigabytes, a sheet can name a cell
a million rows down, and a short CSV can hold a line of a gigabyte. So every reader checks what it
is about to parse against these limits first (a zip's declared sizes and ratios before it is
opened, its members' real sizes as they inflate, a sheet's extent from its cell references, a
CSV's lines and header) and refuses past them with one line naming the snapshot. The defaults
hold every real file with room to grow (the largest, the Atlas's 102,031 lines and the Energy
Institute's 15.6 MB unzipped workbook, sit far inside); a source whose files need more declares
its own `LIMITS`.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass

import numpy as np

from warehouse.errors import ParseError
from warehouse.snapshots import Snapshot

MiB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    file_bytes: int = 16 * MiB  # one snapshot's bytes, or a workbook's members in all once unzipped
    source_bytes: int = 64 * MiB  # all of a source's latest snapshots together
    rows: int = 500_000  # lines of one CSV, rows of one sheet, records of one JSON body
    columns: int = 1_000  # fields of a CSV's header, columns of a sheet
    line_bytes: int = 1 * MiB  # the longest line of a CSV
    zip_ratio: int = 100  # a zip member's unzipped size over its zipped size (the real workbook's highest is 25)
    cells: int = 5_000_000  # a sheet's rows times its columns, as a reader fills them in


DEFAULT = ReadLimits()


def refused(snapshot: Snapshot, why: str) -> ParseError:
    """The error that refuses a snapshot, naming its source, its name and the start of its sha256."""
    return ParseError(f"{snapshot.source}: {snapshot.name} ({snapshot.sha256[:12]}) {why}")


def limits_of(source: str) -> ReadLimits:
    """The source's own LIMITS, or the defaults."""
    from flows.registry import SOURCES  # the registry imports every source, and they read through this module

    return next((getattr(s, "LIMITS", DEFAULT) for s in SOURCES if s.SOURCE == source), DEFAULT)


def check_source(source: str, snapshots: list[Snapshot]) -> None:
    """Refuse a source whose snapshots, by the sizes their sidecars give, hold more than its limit: before any is read."""
    limits = limits_of(source)
    total = sum(snapshot.size for snapshot in snapshots)
    if total > limits.source_bytes:
        raise ParseError(f"{source}: its {len(snapshots)} latest snapshots hold {total:,} bytes, over the "
                         f"{limits.source_bytes:,} a refresh reads of one source; nothing of it was read")


def check_size(snapshot: Snapshot) -> None:
    """Refuse a snapshot larger than a file of its source may be, from the size its sidecar gives: before its blob is
    inflated."""
    limits = limits_of(snapshot.source)
    if snapshot.size > limits.file_bytes:
        raise refused(snapshot, f"holds {snapshot.size:,} bytes, over the {limits.file_bytes:,} a file may hold")


def read_checked(snapshot: Snapshot) -> bytes:
    """The snapshot's bytes, once its size is known to be within its source's limit."""
    check_size(snapshot)
    return snapshot.read_bytes()


def check_text(snapshot: Snapshot, content: bytes, header_line: int = 1) -> None:
    """Refuse a CSV with more lines, a longer line, or more header fields (on line `header_line`) than its source's
    limits."""
    limits = limits_of(snapshot.source)
    newlines = np.flatnonzero(np.frombuffer(content, dtype=np.uint8) == ord("\n"))
    lines = len(newlines) + (not content.endswith(b"\n") and bool(content))
    if lines > limits.rows:
        raise refused(snapshot, f"has {lines:,} lines, over the {limits.rows:,} a file may have")
    ends = np.concatenate(([-1], newlines, [len(content)]))
    longest = int(np.diff(ends).max()) - 1
    if longest > limits.line_bytes:
        number = int(np.diff(ends).argmax()) + 1
        raise refused(snapshot, f"line {number} is {longest:,} bytes long, over the {limits.line_bytes:,} a line may be")
    if header_line <= len(ends) - 1:
        start, end = ends[header_line - 1] + 1, ends[header_line]
        header = content[start:end].decode("utf-8", errors="replace")
        fields = len(next(csv.reader([header]), []))
        if fields > limits.columns:
            raise refused(snapshot, f"line {header_line} has {fields:,} fields, over the {limits.columns:,} a file may have")


CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')


def check_workbook(snapshot: Snapshot, content: bytes) -> None:
    """Refuse a workbook that would unfold past its limits: the zip's declared sizes and ratios are checked before any
    member is inflated, each member's real size as it inflates (a header that understates it fails its CRC), and
    each sheet's extent (its last row and column, as a reader fills the cells in between) from its cell references."""
    limits = limits_of(snapshot.source)
    try:
        workbook = zipfile.ZipFile(io.BytesIO(content))
        members = workbook.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise refused(snapshot, f"is not a readable workbook (not a zip): {error}") from None
    declared = sum(member.file_size for member in members)
    if declared > limits.file_bytes:
        raise refused(snapshot, f"unzips to {declared:,} bytes, over the {limits.file_bytes:,} a file may hold")
    for member in members:
        if member.file_size > limits.zip_ratio * max(member.compress_size, 1):
            raise refused(snapshot, f"member {member.filename} unzips {member.file_size // max(member.compress_size, 1):,} "
                                   f"times over, past the {limits.zip_ratio} a workbook's members do")
    for member in members:
        extent = [0, 0]
        try:
            with workbook.open(member) as unzipped:
                tail = b""
                while chunk := unzipped.read(MiB):
                    if member.filename.startswith("xl/worksheets/"):
                        sheet_extent(tail + chunk, extent)
                        tail = chunk[-32:]
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
            raise refused(snapshot, f"member {member.filename} does not unzip as its header says: {error}") from None
        rows, columns = extent
        if rows > limits.rows or columns > limits.columns or rows * columns > limits.cells:
            raise refused(snapshot, f"sheet {member.filename} reaches row {rows:,} and column {columns:,}, past the "
                                   f"{limits.rows:,} rows, {limits.columns:,} columns or {limits.cells:,} cells a sheet "
                                   f"may fill")


def sheet_extent(xml: bytes, extent: list[int]) -> None:
    """Widen `extent` ([last row, last column]) to the cells `xml` names."""
    for column, row in CELL.findall(xml):
        extent[0] = max(extent[0], int(row))
        extent[1] = max(extent[1], column_number(column))


def column_number(letters: bytes) -> int:
    """A spreadsheet column's number: A is 1, Z 26, AA 27, XFD 16,384."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number
