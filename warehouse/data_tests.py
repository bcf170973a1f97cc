"""Data tests: each `dbt_like_sql/tests/<name>.sql` returns the rows that break a rule; zero rows pass."""

from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.errors import ModelError

SAMPLE_ROWS = 5


@dataclass(frozen=True)
class DataTestResult:
    test: str
    failing_rows: int
    sample: str

    @property
    def passed(self) -> bool:
        return self.failing_rows == 0


def run_data_tests(con: duckdb.DuckDBPyConnection, tests_dir: Path) -> list[DataTestResult]:
    """Run every test file and return its failing row count with a few of the failing rows."""
    results = []
    for path in sorted(Path(tests_dir).glob("*.sql")):
        sql = path.read_text().strip().rstrip(";")
        try:
            cursor = con.execute(
                f"select count(*) over () as failing_rows, * from ({sql}) limit {SAMPLE_ROWS}"
            )
            columns = [d[0] for d in cursor.description][1:]
            rows = cursor.fetchall()
        except duckdb.Error as error:
            raise ModelError(f"data test {path} failed to run: {error}") from error
        failing = rows[0][0] if rows else 0
        sample = "; ".join(", ".join(f"{c}={v}" for c, v in zip(columns, row[1:])) for row in rows)
        results.append(DataTestResult(path.stem, failing, sample))
    return results
