"""The data dictionary: every table and column of staging and marts, described where it is made.

A table's description is its model's header comment. A column's is the comment written beside
it in the model's final select; a column a model only passes on keeps the description it has
in the nearest table the model reads: another model, or a raw or seed table, whose Pandera
schema field carries a `description`. Nothing is written twice, and a column nobody describes
shows up empty (a test keeps that from happening).
"""

from __future__ import annotations

from collections import deque

import duckdb
import pandas as pd
import pandera.pandas as pa

from warehouse.models import Model

DOCUMENTED_LAYERS = ("staging", "marts")
COLUMNS = ["schema_name", "table_name", "column_name", "data_type", "description", "described_in", "table_description"]


def schema_descriptions(schemas: dict[str, type[pa.DataFrameModel]]) -> dict[str, dict[str, str]]:
    """For each raw or seed table, the descriptions its Pandera schema gives its columns."""
    return {table: {name: column.description for name, column in schema.to_schema().columns.items() if column.description}
            for table, schema in schemas.items()}


def describe(con: duckdb.DuckDBPyConnection, models: list[Model],
             schemas: dict[str, type[pa.DataFrameModel]]) -> pd.DataFrame:
    """One row per column of every staging and mart table built in `con`, with its description and where it comes from."""
    known = schema_descriptions(schemas)
    sources = {table: f"schema of {table}" for table in known}
    by_name = {model.name: model for model in models}
    rows = []
    for model in models:
        schema, table = model.name.split(".")
        comments = dict(model.column_comments)
        described = {}
        for column, data_type in con.execute(
                "select column_name, data_type from duckdb_columns() where schema_name = ? and table_name = ? "
                "and database_name = current_database() order by column_index", [schema, table]).fetchall():
            if column in comments:
                description, source = comments[column], str(model.path.name)
            else:
                description, source = inherited(column, model, by_name, known, sources)
            described[column] = description
            rows.append((schema, table, column, data_type, description, source, model.description))
        known[model.name], sources[model.name] = described, model.name
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame[frame["schema_name"].isin(DOCUMENTED_LAYERS)].reset_index(drop=True)


def inherited(column: str, model: Model, models: dict[str, Model], known: dict[str, dict[str, str]],
              sources: dict[str, str]) -> tuple[str | None, str | None]:
    """The description of `column` in the nearest table `model` reads, directly or through other models."""
    queue, seen = deque(sorted(model.depends_on)), set()
    while queue:
        table = queue.popleft()
        if table in seen:
            continue
        seen.add(table)
        if known.get(table, {}).get(column):
            return known[table][column], sources[table]
        if table in models:
            queue.extend(sorted(models[table].depends_on))
    return None, None


def write_dictionary(con: duckdb.DuckDBPyConnection, models: list[Model],
                     schemas: dict[str, type[pa.DataFrameModel]]) -> int:
    """Create meta.columns afresh from the built warehouse; returns how many columns it describes."""
    frame = describe(con, models, schemas)
    con.register("dictionary", frame)
    try:
        con.execute("create or replace table meta.columns as select * from dictionary")
    finally:
        con.unregister("dictionary")
    con.execute("comment on table meta.columns is $$One row per column of every staging and mart table: its type, "
                "what it holds, and where that description is written.$$")
    return len(frame)
