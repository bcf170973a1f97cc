import duckdb
import pytest

from warehouse.errors import ModelError
from warehouse.meta import create_schemas
from warehouse.models import build, discover


def write_models(root, models: dict[str, str]):
    for name, sql in models.items():
        path = root / f"{name.replace('.', '/')}.sql"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(sql)
    return root


def test_models_are_ordered_by_the_tables_their_sql_reads(tmp_path):
    # Alphabetical order would build a_totals before z_flows; the SQL says otherwise.
    root = write_models(tmp_path, {
        "marts.a_totals": "-- One row per year.\nselect year, sum(v) as v from intermediate.b_by_year group by year",
        "intermediate.b_by_year": "with f as (select * from staging.z_flows) select year, v from f",
        "staging.z_flows": "select year, v from raw.flows",
    })

    order = [m.name for m in discover(root)]

    assert order.index("staging.z_flows") < order.index("intermediate.b_by_year") < order.index("marts.a_totals")
    assert next(m for m in discover(root) if m.name == "intermediate.b_by_year").depends_on == {"staging.z_flows"}


def test_staging_builds_views_and_marts_build_tables_with_their_header_comment(tmp_path):
    root = write_models(tmp_path, {
        "staging.flows": "select year, v from raw.flows",
        "marts.totals": "-- One row per year: the total.\nselect year, sum(v) as v from staging.flows group by year",
    })
    con = duckdb.connect()
    create_schemas(con)
    con.execute("create table raw.flows as select * from (values (2016, 1.0), (2016, 2.0), (2017, 5.0)) t(year, v)")

    built = build(con, discover(root))

    assert {b.model.name: b.rows for b in built} == {"staging.flows": 3, "marts.totals": 2}
    assert con.execute("select count(*) from duckdb_views() where schema_name = 'staging' and view_name = 'flows'").fetchall() == [(1,)]
    assert con.execute(
        "select comment from duckdb_tables() where schema_name = 'marts' and table_name = 'totals'"
    ).fetchall() == [("One row per year: the total.",)]


def test_a_cycle_between_models_is_refused(tmp_path):
    root = write_models(tmp_path, {
        "intermediate.a": "select * from intermediate.b",
        "intermediate.b": "select * from intermediate.a",
    })
    with pytest.raises(ModelError, match="cycle"):
        discover(root)


def test_a_model_reading_a_model_that_does_not_exist_is_refused_with_its_file(tmp_path):
    root = write_models(tmp_path, {"marts.a": "select * from intermediate.missing"})
    with pytest.raises(ModelError, match=r"marts/a\.sql reads intermediate\.missing"):
        discover(root)


def test_a_model_file_with_two_statements_is_refused(tmp_path):
    root = write_models(tmp_path, {"marts.a": "select 1; select 2"})
    with pytest.raises(ModelError, match=r"a\.sql.*exactly one select"):
        discover(root)


def test_a_model_that_fails_in_duckdb_names_its_file(tmp_path):
    root = write_models(tmp_path, {"staging.a": "select no_such_column from raw.flows"})
    con = duckdb.connect()
    create_schemas(con)
    con.execute("create table raw.flows as select 1 as v")
    with pytest.raises(ModelError, match=r"staging/a\.sql failed to build"):
        build(con, discover(root))


def test_a_python_model_is_ordered_by_what_it_reads_and_built_from_the_frame_it_returns(tmp_path):
    root = write_models(tmp_path, {"hs6.a_values": "-- One row per year.\nselect year, v from raw.flows"})
    (root / "hs6" / "doubled.py").write_text(
        '"""One row per year: twice the value."""\n\n'
        'READS = ("hs6.a_values",)\n\n\n'
        'def model(con, shared):\n'
        '    return con.execute("select year, 2 * v as v from hs6.a_values").df()\n')
    con = duckdb.connect()
    create_schemas(con)
    con.execute("create table raw.flows as select * from (values (2016, 1.5), (2017, 4.0)) t(year, v)")

    built = build(con, discover(root, ("hs6",)))

    assert [b.model.name for b in built] == ["hs6.a_values", "hs6.doubled"]
    assert con.execute("select * from hs6.doubled order by year").fetchall() == [(2016, 3.0), (2017, 8.0)]
    assert con.execute("select comment from duckdb_tables() where table_name = 'doubled'").fetchone()[0] == \
        "One row per year: twice the value."


def test_python_models_of_one_build_share_what_one_of_them_computed(tmp_path):
    root = tmp_path / "models"
    (root / "hs6").mkdir(parents=True)
    for name in ("first", "second"):
        (root / "hs6" / f"{name}.py").write_text(
            '"""One row: the shared total, how many times it was computed, how many models have read it."""\n\n'
            'import pandas\n\n'
            'READS = ("raw.flows",)\n\n\n'
            'def model(con, shared):\n'
            '    if "total" not in shared:\n'
            '        shared["total"] = con.execute("select sum(v) from raw.flows").fetchall()[0][0]\n'
            '        shared["computed"] = shared.get("computed", 0) + 1\n'
            '    shared["readers"] = shared.get("readers", 0) + 1\n'
            '    return pandas.DataFrame({"total": [shared["total"]], "computed": [shared["computed"]],\n'
            '                             "readers": [shared["readers"]]})\n')
    con = duckdb.connect()
    create_schemas(con)
    con.execute("create table raw.flows as select * from (values (1.5), (4.0)) t(v)")

    for _ in range(2):  # a second build starts with nothing shared
        build(con, discover(root, ("hs6",)))

        assert con.execute("select * from hs6.first union all select * from hs6.second").fetchall() == \
            [(5.5, 1, 1), (5.5, 1, 2)]


def test_a_python_model_without_reads_is_refused(tmp_path):
    (tmp_path / "hs6").mkdir()
    (tmp_path / "hs6" / "loose.py").write_text('"""No READS."""\n\ndef model(con, shared):\n    return None\n')

    with pytest.raises(ModelError, match="loose.py: a Python model defines READS"):
        discover(tmp_path, ("hs6",))
