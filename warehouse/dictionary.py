"""The data dictionary: every table and column of the warehouse, described where it is made.

A raw or seed table's description is its Pandera schema's docstring, a column's its field's
`description`; a meta table's is declared with its columns in warehouse/meta.py.
A model's description is its header comment. A column's is the comment written beside
it in the model's final select; a column a model only passes on keeps the description it has
in the nearest table the model reads: another model, or a raw or seed table, whose Pandera
schema field carries a `description`. Nothing is written twice, and a column nobody describes
shows up empty (a test keeps that from happening in staging and marts). Every description also
becomes the table's or column's DuckDB comment, so `duckdb_columns().comment`, DBeaver and other
catalog browsers show it.
"""

from __future__ import annotations

from collections import deque

import duckdb
import pandas as pd
import pandera.pandas as pa

from warehouse.meta import META_TABLES
from warehouse.models import Model
from warehouse.publish import sql_string

DOCUMENTED_LAYERS = ("raw", "seeds", "staging", "intermediate", "marts", "report", "meta")
DICTIONARY_DESCRIPTION = ("One row per column of every table of the warehouse: its type, what it holds, and where that "
                          "description is written.")
DICTIONARY_COLUMNS = {
    "schema_name": "the table's schema", "table_name": "the table", "column_name": "the column",
    "data_type": "its DuckDB type", "description": "what it holds",
    "described_in": "where that description is written: a model's file, a schema, or the table it is passed on from",
    "table_description": "what one row of the table is",
}
COLUMNS = ["schema_name", "table_name", "column_name", "data_type", "description", "described_in", "table_description"]


def schema_descriptions(schemas: dict[str, type[pa.DataFrameModel]]) -> dict[str, dict[str, str | None]]:
    """For each raw or seed table, the descriptions its Pandera schema gives its columns."""
    return {table: {name: column.description for name, column in schema.to_schema().columns.items() if column.description}
            for table, schema in schemas.items()}


def describe(con: duckdb.DuckDBPyConnection, models: list[Model],
             schemas: dict[str, type[pa.DataFrameModel]]) -> pd.DataFrame:
    """One row per column of every table built in `con` (raw, seeds, models and meta), with its description
    and where it comes from."""
    known = schema_descriptions(schemas) | {f"meta.{table}": {name: description for name, _, description in spec.columns}
                                            for table, spec in META_TABLES.items()}
    sources = {table: f"schema of {table}" if table in schemas else "warehouse/meta.py" for table in known}
    by_name = {model.name: model for model in models}
    rows = []
    for name, schema_model in schemas.items():
        schema, table = name.split(".")
        for column, data_type in table_columns(con, schema, table):
            description = known[name].get(column)
            rows.append((schema, table, column, data_type, description, sources[name] if description else None,
                         " ".join((schema_model.__doc__ or "").split("\n\n")[0].split())))
    for model in models:
        schema, table = model.name.split(".")
        comments = dict(model.column_comments)
        described: dict[str, str | None] = {}
        for column, data_type in table_columns(con, schema, table):
            source: str | None
            if column in comments:
                description, source = comments[column], str(model.path.name)
            else:
                description, source = inherited(column, model, by_name, known, sources)
            described[column] = description
            rows.append((schema, table, column, data_type, description, source, model.description))
        known[model.name], sources[model.name] = described, model.name
    for table, spec in META_TABLES.items():
        types = dict(table_columns(con, "meta", table))
        rows += [("meta", table, name, types.get(name, kind.upper()), description, "warehouse/meta.py", spec.description)
                 for name, kind, description in spec.columns]
    rows += [("meta", "columns", name, "VARCHAR", description, "warehouse/dictionary.py", DICTIONARY_DESCRIPTION)
             for name, description in DICTIONARY_COLUMNS.items()]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame[frame["schema_name"].isin(DOCUMENTED_LAYERS)].reset_index(drop=True)


def table_columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[tuple[str, str]]:
    return con.execute("select column_name, data_type from duckdb_columns() where schema_name = ? and table_name = ? "
                       "and database_name = current_database() order by column_index", [schema, table]).fetchall()


def inherited(column: str, model: Model, models: dict[str, Model], known: dict[str, dict[str, str | None]],
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
    con.execute(f"comment on table meta.columns is {sql_string(DICTIONARY_DESCRIPTION)}")
    # a table kept from the published warehouse has its comments already: only what differs is written
    tables = dict(((schema, table), comment) for schema, table, comment in con.execute(
        "select schema_name, table_name, comment from duckdb_tables() where database_name = current_database()"
    ).fetchall())
    columns = dict(((schema, table, column), comment) for schema, table, column, comment in con.execute(
        "select schema_name, table_name, column_name, comment from duckdb_columns() "
        "where database_name = current_database()").fetchall())
    con.begin()  # one commit for the hundreds of comments, not one each: half the time
    for (schema, table), described in frame.groupby(["schema_name", "table_name"], sort=False):
        table_description = described["table_description"].iloc[0]
        if schema in ("raw", "seeds", "meta") and table_description and tables.get((schema, table)) != table_description:
            con.execute(f"comment on table {schema}.{table} is {sql_string(table_description)}")
        for column, description in zip(described["column_name"], described["description"]):
            if isinstance(description, str) and description and columns.get((schema, table, column)) != description:
                con.execute(f'comment on column {schema}.{table}."{column}" is {sql_string(description)}')
    con.commit()
    return len(frame)

