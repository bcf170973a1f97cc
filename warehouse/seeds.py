"""Loading the seed CSVs into `seeds.*`, each validated by its schema first."""

from pathlib import Path

import duckdb
import pandas as pd

from schemas.seeds import SEED_SCHEMAS
from warehouse.errors import ParseError
from warehouse.load import load_table
from warehouse.validate import validate


def load_seeds(con: duckdb.DuckDBPyConnection, seeds_dir: Path) -> list[str]:
    """Load every `<name>.csv` as `seeds.<name>`; returns the table names."""
    loaded = []
    for path in sorted(Path(seeds_dir).glob("*.csv")):
        schema = SEED_SCHEMAS.get(path.stem)
        if schema is None:
            raise ParseError(f"seeds: {path} has no schema in schemas/seeds.py; every seed is validated")
        frame = pd.read_csv(path, dtype=str)
        frame["source_file"] = path.name
        frame["source_line"] = range(2, len(frame) + 2)
        validated = validate("seeds", f"seeds.{path.stem}", frame, schema)
        load_table(con, "seeds", path.stem, validated.drop(columns=["source_file", "source_line"]))
        loaded.append(f"seeds.{path.stem}")
    return loaded
