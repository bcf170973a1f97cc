"""tradebrief's errors, one family a kind of command, all under TradebriefError (which the CLI prints as one line).

A refresh's errors (RefreshError and below) name the source, the file and the rows at fault; a
reader's (query, export, report, status, claims: ReadError) the warehouse or the input refused;
SettingsError a variable that cannot be read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# pandas loads where tables are checked, not wherever an error is named: the CLI's refresh starts its Prefect server
# before it loads pandas.
if TYPE_CHECKING:
    import pandas as pd


class TradebriefError(Exception):
    """What any tradebrief command refuses or fails on, said in one line; nothing published is changed."""


class SettingsError(TradebriefError):
    """A setting's variable holds a value that cannot be read as what it sets."""


class RefreshError(TradebriefError):
    """A refresh, fetch, record or HS6 build cannot go on; what is already published stays as it was."""


class ReadError(TradebriefError):
    """A command that reads the published warehouse (query, export, report, status, claims, scenario) cannot answer."""


class WarehouseHeld(ReadError, RefreshError):
    """Another process holds the published warehouse open for writing, so no other process can open it."""


class SnapshotError(RefreshError):
    """A snapshot is missing, unreadable, or its bytes do not match its sha256."""


class ParseError(RefreshError):
    """A snapshot's bytes are not in the shape its source's parser expects."""


class ValidationFailed(RefreshError):
    """A raw table broke its Pandera schema; `failures` keeps every failure case with its file and line."""

    def __init__(self, source: str, table: str, failures: pd.DataFrame, shown: int = 20):
        from pandas import notna
        self.source = source
        self.table = table
        self.failures = failures
        lines = [
            f"  {row.source_file or '(whole table)'}"
            + (f" line {int(row.source_line)}" if notna(row.source_line) else "")
            + (f": {row.column} = {row.failure_case!r} breaks {row.check}" if row.column else f": row breaks {row.check}")
            for row in failures.head(shown).itertuples()
        ]
        more = len(failures) - shown
        if more > 0:
            lines.append(f"  ... and {more} more failure cases")
        super().__init__(
            f"{source}: {table} failed validation with {len(failures)} failure cases:\n" + "\n".join(lines)
        )


class ModelError(RefreshError):
    """A SQL model could not be read, ordered or built."""


class DataTestsFailed(RefreshError):
    """One or more data tests returned rows after the build."""


class FetchError(RefreshError):
    """A live request failed, or answered with something that is not the data it asked for."""
