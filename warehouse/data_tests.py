"""Data tests: each `dbt_like_sql/tests/<name>.sql` returns the rows that break a rule; zero rows pass.

A test's fingerprint is its SQL with the fingerprints of the tables it reads. A test that passed on
the published warehouse with the same fingerprint would read the very same rows, so its result is
taken from there instead of run again; a test reading anything without a fingerprint (a volatile
model, a meta table) always runs.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import sqlglot
from sqlglot import exp

from warehouse.errors import ModelError

SAMPLE_ROWS = 5


@dataclass(frozen=True)
class DataTest:
    """One data test: its name, the file it is read from (or the model whose contract made it), and its SQL."""

    name: str
    path: Path
    sql: str


def file_tests(tests_dir: Path) -> list[DataTest]:
    """Every `<name>.sql` of the folder, by name."""
    return [DataTest(path.stem, path, path.read_text().strip().rstrip(";")) for path in sorted(Path(tests_dir).glob("*.sql"))]


@dataclass(frozen=True)
class DataTestResult:
    test: str
    failing_rows: int
    sample: str
    fingerprint: str | None = None
    reused: bool = False

    @property
    def passed(self) -> bool:
        return self.failing_rows == 0


def data_test_fingerprint(path: Path, sql: str, tables: dict[str, str | None]) -> str | None:
    """The test's SQL and the fingerprints of every table it names, or None when one of them has none."""
    try:
        [statement] = sqlglot.parse(sql, read="duckdb")
    except (sqlglot.errors.ParseError, ValueError) as error:
        raise ModelError(f"data test {path}: SQL does not parse as one select: {error}") from error
    if statement is None:
        raise ModelError(f"data test {path}: holds no SQL")
    parts = [sql]
    for table in sorted({f"{t.db}.{t.name}".lower() for t in statement.find_all(exp.Table) if t.db}):
        if tables.get(table) is None:
            return None
        parts.append(f"{table}={tables[table]}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def run_data_tests(con: duckdb.DuckDBPyConnection, tests_dir: Path, tables: dict[str, str | None] | None = None,
                   passed_before: dict[str, str] | None = None, generated: list[DataTest] | None = None
                   ) -> list[DataTestResult]:
    """Run every test file, and the tests `generated` from the models' contracts, and return each one's failing row
    count with a few of the failing rows.

    `tables` fingerprints the tables the tests may read, `passed_before` the tests that passed on the published
    warehouse; a test whose fingerprint is there is reused, not run.
    """
    results = []
    for test in [*file_tests(tests_dir), *(generated or [])]:
        path, sql = test.path, test.sql
        fingerprint = data_test_fingerprint(path, sql, tables) if tables else None
        if fingerprint is not None and (passed_before or {}).get(test.name) == fingerprint:
            results.append(DataTestResult(test.name, 0, "", fingerprint, reused=True))
            continue
        try:
            cursor = con.execute(
                f"select count(*) over () as failing_rows, * from ({sql}\n) limit {SAMPLE_ROWS}"  # \n: ends a last -- comment
            )
            columns = [d[0] for d in cursor.description][1:]
            rows = cursor.fetchall()
        except duckdb.Error as error:
            raise ModelError(f"data test {path} failed to run: {error}") from error
        failing = rows[0][0] if rows else 0
        sample = "; ".join(", ".join(f"{c}={v}" for c, v in zip(columns, row[1:])) for row in rows)
        results.append(DataTestResult(test.name, failing, sample, fingerprint))
    return results
