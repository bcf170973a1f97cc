"""Loading the seed CSVs and the briefs into `seeds.*` (and each brief's text into `raw.brief_*`), each validated
by its schema first."""

from pathlib import Path

import duckdb
import pandas as pd
import pandera.pandas as pa

from schemas.seeds import LEDGER_SCHEMAS, REFERENCES, SEED_SCHEMAS
from warehouse import settings
from warehouse.briefs import TABLES as BRIEF_TABLES
from warehouse.briefs import brief_tables, read_briefs
from warehouse.claim_args import refuse_bad_claims
from warehouse.errors import ParseError
from warehouse.files import read_csv_input
from warehouse.load import load_table
from warehouse.validate import validate

SCHEMAS = SEED_SCHEMAS | {table.removeprefix("seeds."): schema for table, schema in BRIEF_TABLES.items()
                          if table.startswith("seeds.")}


def load_seeds(con: duckdb.DuckDBPyConnection, seeds_dir: Path, briefs_dir: Path | None = None) -> list[str]:
    """Validate every `<name>.csv` and every brief folder, then load each as its table; returns the table names.

    All seeds are validated before any is loaded, since one seed's keys check another's columns, and each claim
    against its metric's arguments, its brief's text and the raw tables already loaded into `con` (the HS chapters).
    """
    frames = {}
    for path in sorted(Path(seeds_dir).glob("*.csv")):
        if path.stem in LEDGER_SCHEMAS:
            raise ParseError(f"seeds: {path} is a brief's ledger; it belongs in a brief folder, briefs/<slug>/")
        if path.stem not in SEED_SCHEMAS:
            raise ParseError(f"seeds: {path} has no schema in schemas/seeds.py; every seed is validated")
        frame = read_csv_input(path, "seeds")
        frame["source_file"] = path.name
        frame["source_line"] = range(2, len(frame) + 2)
        frames[path.stem] = frame
    briefs_dir = briefs_dir or settings.current().briefs
    briefs = read_briefs(briefs_dir)
    made = brief_tables(briefs)
    frames |= {table.removeprefix("seeds."): frame for table, frame in made.items() if table.startswith("seeds.")}
    validated = {name: validate("seeds", f"seeds.{name}", frame, with_references(name, frames))
                 for name, frame in frames.items()}
    texts = {table: validate("briefs", table, frame, BRIEF_TABLES[table])
             for table, frame in made.items() if table.startswith("raw.")}
    refuse_bad_claims(con, validated, briefs)
    weighed = validated["brief_facts"].set_index("fact")["value"].get("brief") if "brief_facts" in validated else None
    if weighed is not None and weighed not in {brief.slug for brief in briefs}:
        raise ParseError(f"seeds: brief_facts.csv names the brief {weighed!r}, which is no folder of {briefs_dir}")
    for table, frame in texts.items():
        load_table(con, "raw", table.removeprefix("raw."), frame)
    for name, frame in validated.items():
        load_table(con, "seeds", name, frame.drop(columns=["source_file", "source_line"]))
    return [f"seeds.{name}" for name in frames] + list(texts)


def with_references(name: str, frames: dict[str, pd.DataFrame]) -> pa.DataFrameSchema:
    """The seed's schema, with each column that names another seed's key checked against that seed's keys."""
    schema = SCHEMAS[name].to_schema()
    for (seed, column), (target, key) in REFERENCES.items():
        if seed != name:
            continue
        keys = frames[target][key].dropna().tolist() if target in frames else []
        check = pa.Check.isin(keys, error=f"{column} must be a {key} of seeds.{target}")
        schema = schema.update_column(column, checks=[*schema.columns[column].checks, check])
    return schema
