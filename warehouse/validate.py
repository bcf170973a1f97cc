"""Validating a raw table against its Pandera schema, lazily, with every failure located in its file."""

import pandas as pd
import pandera.pandas as pa

from warehouse.errors import ValidationFailed


def validate(source: str, table: str, frame: pd.DataFrame,
             schema: type[pa.DataFrameModel] | pa.DataFrameSchema) -> pd.DataFrame:
    """Return the validated frame, or raise ValidationFailed listing each broken rule by file and line."""
    try:
        return schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        raise ValidationFailed(source, table, locate_failures(errors.failure_cases, frame)) from None


def validate_raw_tables(source: str, tables: dict[str, pd.DataFrame],
                        schemas: dict[str, type[pa.DataFrameModel]]) -> dict[str, pd.DataFrame]:
    """Each of a source's parsed tables validated against its schema, as raw.<table>."""
    return {name: validate(source, f"raw.{name}", frame, schemas[name]) for name, frame in tables.items()}


def locate_failures(failure_cases: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (check, row) with the file and line it came from.

    A dataframe-wide check reports each failing row once per column; those repeats say
    nothing new, so they are folded into one row per check and row, with no column.
    """
    cases = failure_cases.copy()
    wide = cases["schema_context"].eq("DataFrameSchema") & cases["index"].notna()
    rows = cases[wide].drop_duplicates(["check", "index"]).assign(column=None, failure_case=None)
    cases = pd.concat([cases[~wide], rows])
    index = pd.to_numeric(cases["index"], errors="coerce")
    for column in ("source_file", "source_line"):
        if column in frame.columns:
            cases[column] = index.map(frame[column]).astype(object)
        else:
            cases[column] = None
    cases["failure_case"] = cases["failure_case"].astype(object)
    ordered = cases.assign(_line=pd.to_numeric(cases["source_line"], errors="coerce"))
    ordered = ordered.sort_values(["source_file", "_line"], na_position="first", kind="stable")
    return ordered[["source_file", "source_line", "column", "check", "failure_case"]].reset_index(drop=True)
