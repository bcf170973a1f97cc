"""Seals: what lets a run reuse a published table or data-test result, checked against the content itself.

A fingerprint says what a table was made from, but anyone who can write the published file can edit
a table, or forge the meta row that says a test passed. So each run also records a seal: an HMAC,
under a key kept outside the warehouse, over the fingerprint and a checksum of the table's rows (or
over the test's fingerprint and its outcome). The next run reuses only what still matches its seal
as it reads now; an edited table or a forged row is built or run again, never trusted on its row alone.
"""

import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path

import duckdb

from warehouse import settings

log = logging.getLogger(__name__)


def integrity_key(path: Path | None = None) -> bytes | None:
    """This installation's key, made on first use (readable by its owner only); None when it cannot be read or
    made, so that nothing is reused rather than reused unchecked."""
    path = Path(path or settings.current().integrity_key_path())
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".{path.name}.{os.getpid()}")
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with os.fdopen(descriptor, "w") as out:
                out.write(secrets.token_hex(32))
            try:
                os.link(partial, path)  # whole or not at all; a process that made one first wins
            except FileExistsError:
                pass
            finally:
                partial.unlink()
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(descriptor) as key:
            text = key.read(200).strip()
    except OSError as error:
        log.warning("seals: the integrity key %s cannot be read or made (%s): nothing is reused, every table is built "
                    "and tested again", path, error.strerror)
        return None
    if len(text) == 64 and all(c in "0123456789abcdef" for c in text):
        return bytes.fromhex(text)
    log.warning("seals: %s holds no key: nothing is reused, every table is built and tested again", path)
    return None


def table_checksum(con: duckdb.DuckDBPyConnection, table: str) -> str | None:
    """The table's row count and the sum of its rows' hashes (any order); None when it cannot be read."""
    try:
        [(rows, total)] = con.execute(f"select count(*), coalesce(sum(hash(t)::hugeint), 0) from {table} t").fetchall()
    except duckdb.Error:
        return None
    return f"{rows}:{total}"


def seal(key: bytes | None, *parts: str | None) -> str | None:
    """The HMAC of the parts under the key; None when there is no key or a part is missing."""
    present = [part for part in parts if part is not None]
    if key is None or len(present) < len(parts):
        return None
    return hmac.new(key, "\x1f".join(present).encode(), hashlib.sha256).hexdigest()


def holds(key: bytes | None, recorded: str | None, *parts: str | None) -> bool:
    """Whether the recorded seal is the one the parts make now."""
    expected = seal(key, *parts)
    return expected is not None and recorded is not None and hmac.compare_digest(expected, recorded)


def source_parts(con: duckdb.DuckDBPyConnection, source: str, fingerprint: str, tables: tuple[str, ...]) -> list:
    """What a source's seal covers: its fingerprint and the checksum of each of its raw tables."""
    return ["source", source, fingerprint, *(table_checksum(con, f"raw.{table}") for table in tables)]


def model_parts(con: duckdb.DuckDBPyConnection, model: str, fingerprint: str | None) -> list:
    """What a table model's seal covers: its fingerprint and its rows' checksum."""
    return ["model", model, fingerprint, table_checksum(con, model)]


def test_parts(test: str, fingerprint: str | None) -> list:
    """What a passed data test's seal covers: its fingerprint (its SQL and the tables it read) and that it passed."""
    return ["test", test, fingerprint, "pass"]
