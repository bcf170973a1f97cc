"""The data dictionary: every table and column of every schema described, from the SQL beside it, a schema, or
upstream, and the catalog's comments the same."""

import duckdb
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from tests.test_model_runner import write_models
from warehouse.dictionary import describe
from warehouse.meta import create_schemas
from warehouse.models import build, discover


def test_every_staging_and_mart_column_of_the_real_warehouse_is_described(recorded_warehouse):
    path, _ = recorded_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        columns = con.execute("select table_schema, table_name, column_name from information_schema.columns "
                              "where table_schema in ('staging', 'marts') order by all").fetchall()
        described = con.execute("select schema_name, table_name, column_name, description, table_description "
                                "from meta.columns where schema_name in ('staging', 'marts') order by all").fetchall()

    assert [row[:3] for row in described] == columns
    assert all(description and table_description for *_, description, table_description in described)


def test_the_dictionary_covers_raw_and_intermediate_and_its_descriptions_are_the_catalogs_comments(recorded_warehouse):
    path, _ = recorded_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        covered = con.execute("select schema_name, count(distinct table_name) from meta.columns group by all").fetchall()
        tables = con.execute("select schema_name, count(*) from duckdb_tables() where schema_name in "
                             "('raw', 'intermediate') group by all").fetchall()
        undescribed = con.execute(
            "select columns.schema_name, columns.table_name, columns.column_name from meta.columns as columns "
            "join duckdb_columns() as catalog on catalog.schema_name = columns.schema_name "
            "and catalog.table_name = columns.table_name and catalog.column_name = columns.column_name "
            "where columns.description is not null and catalog.comment is distinct from columns.description").fetchall()
        commented = con.execute("select count(*) from duckdb_columns() where schema_name in ('staging', 'marts') "
                                "and comment is null").fetchall()
        raw_comment = con.execute("select comment from duckdb_tables() where schema_name = 'raw' "
                                  "and table_name = 'atlas_trade'").fetchall()
        atlas_value = con.execute("select description, described_in from meta.columns where schema_name = 'raw' "
                                  "and table_name = 'atlas_trade' and column_name = 'snapshot_sha256'").fetchall()

    assert set(tables) <= set(covered)
    assert {schema for schema, _ in covered} == {"raw", "seeds", "staging", "intermediate", "marts", "report", "meta"}
    assert undescribed == []
    assert commented == [(0,)]
    assert raw_comment[0][0].startswith("raw.atlas_trade: one row per (reporter, partner, product, year)")
    assert atlas_value == [("sha256 of the snapshot the row was read from", "schema of raw.atlas_trade")]


def test_every_table_and_column_of_every_schema_has_its_comment_and_a_dictionary_row(recorded_warehouse):
    path, _ = recorded_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        catalog = con.execute("""
            select schema_name, table_name, column_name from duckdb_columns()
            where database_name = current_database() and not internal order by all""").fetchall()
        dictionary = con.execute("select schema_name, table_name, column_name from meta.columns order by all").fetchall()
        uncommented_columns = con.execute("""
            select schema_name, table_name, column_name from duckdb_columns()
            where database_name = current_database() and not internal and coalesce(comment, '') = ''""").fetchall()
        uncommented_tables = con.execute("""
            select schema_name, table_name from duckdb_tables() where coalesce(comment, '') = ''
            union all
            select schema_name, view_name from duckdb_views() where not internal and coalesce(comment, '') = ''
            """).fetchall()
        schemas = {row[0] for row in catalog}

    assert schemas == {"raw", "seeds", "staging", "intermediate", "marts", "report", "meta"}
    assert uncommented_tables == []
    assert uncommented_columns == []
    assert dictionary == catalog  # no gap either way: every column the catalog has, the dictionary describes


class RawFlows(pa.DataFrameModel):
    year: Series[int]
    v: Series[float] = pa.Field(description="value, thousand USD")


def test_a_column_is_described_beside_its_sql_or_where_it_comes_from(tmp_path):
    root = write_models(tmp_path, {
        "staging.flows": "-- One row per flow.\nselect year, -- the calendar year\n    v from raw.flows",
        "marts.totals": "-- One row per year: the total.\nselect year, sum(v) as v, -- the year's total value\n"
                        "    count(*) as n from staging.flows group by year",
    })
    con = duckdb.connect()
    create_schemas(con)
    con.execute("create table raw.flows as select * from (values (2016, 1.0)) t(year, v)")
    models = discover(root)
    build(con, models)

    rows = describe(con, models, {"raw.flows": RawFlows}).set_index(["schema_name", "table_name", "column_name"])

    assert rows.loc[("staging", "flows", "year"), ["description", "described_in"]].tolist() == ["the calendar year", "flows.sql"]
    assert rows.loc[("staging", "flows", "v"), ["description", "described_in"]].tolist() == ["value, thousand USD", "schema of raw.flows"]
    assert rows.loc[("marts", "totals", "year"), ["description", "described_in"]].tolist() == ["the calendar year", "staging.flows"]
    assert rows.loc[("marts", "totals", "v"), "description"] == "the year's total value"
    assert pd.isna(rows.loc[("marts", "totals", "n"), "description"])
    assert rows.loc[("marts", "totals", "n"), "table_description"] == "One row per year: the total."
    assert rows.loc[("raw", "flows", "v"), ["description", "described_in"]].tolist() == ["value, thousand USD", "schema of raw.flows"]
    assert pd.isna(rows.loc[("raw", "flows", "year"), "description"])
