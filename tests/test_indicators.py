"""The SQL marts against small cases worked out on paper.

The flows below are synthetic, made for these tests: exporters E, F, G, H and importers
I, J, K trade products A-D with a partner Z and with China, all in 2016.
"""

import duckdb
import pandas as pd
import pytest

from flows.registry import SOURCES
from warehouse import settings
from warehouse.contracts import contract_tests
from warehouse.data_tests import run_data_tests
from warehouse.load import empty_frame, load_table
from warehouse.meta import create_schemas
from warehouse.models import build, discover
from warehouse.seeds import load_seeds

EXPORTS = [  # reporter, partner, product, USD
    ("EEE", "ZZZ", "A", 3), ("EEE", "ZZZ", "B", 7),
    ("FFF", "ZZZ", "A", 20), ("FFF", "ZZZ", "B", 20), ("FFF", "ZZZ", "D", 60),
    ("GGG", "CHN", "A", 5), ("GGG", "CHN", "B", 5), ("GGG", "ZZZ", "C", 10),
    ("HHH", "CHN", "A", 4),
]
IMPORTS = [
    ("III", "ZZZ", "A", 30), ("III", "ZZZ", "B", 70),
    ("JJJ", "ZZZ", "C", 5),
    ("KKK", "ZZZ", "A", 50), ("KKK", "ZZZ", "B", 30), ("KKK", "ZZZ", "C", 20),
]


def atlas_rows():
    rows = [(r, p, k, v, 0.0) for r, p, k, v in EXPORTS] + [(r, p, k, 0.0, v) for r, p, k, v in IMPORTS]
    frame = pd.DataFrame(rows, columns=["reporter_iso3", "partner_iso3", "product_code", "export_value", "import_value"])
    ids = {code: i for i, code in enumerate(sorted(set(frame.reporter_iso3) | set(frame.partner_iso3)))}
    return frame.assign(
        year=2016,
        location_id=frame.reporter_iso3.map(ids),
        partner_id=frame.partner_iso3.map(ids),
        product_id=frame.product_code.map(ord),
        product_level="hs2",
        source_file="synthetic",
        source_line=range(2, len(frame) + 2),
        snapshot_sha256="0" * 64,
    )


@pytest.fixture(scope="module")
def marts():
    con = duckdb.connect()
    create_schemas(con)
    for source in SOURCES:
        for table, schema in source.SCHEMAS.items():
            load_table(con, "raw", table, empty_frame(schema))
    load_table(con, "raw", "atlas_trade", atlas_rows())
    load_table(con, "raw", "atlas_products", pd.DataFrame({
        "product_id": [ord(c) for c in "ABCD"], "product_code": list("ABCD"),
        "product_name": [f"product {c}" for c in "ABCD"], "product_level": "hs2", "parent_id": float("nan"),
        "source_file": "synthetic", "source_line": range(2, 6), "snapshot_sha256": "0" * 64,
    }))
    load_seeds(con, settings.current().models / "seeds")
    build(con, discover(settings.current().models))
    yield con
    con.close()


def scalar(con, sql, *params):
    rows = con.execute(sql, list(params)).fetchall()
    assert len(rows) == 1, rows
    return rows[0][0]


def tci(con, importer, exporter):
    return scalar(con, "select tci from marts.trade_complementarity where importer_iso3 = ? and exporter_iso3 = ?",
                  importer, exporter)


def test_identical_import_and_export_profiles_give_complementarity_100(marts):
    # I buys A 30%, B 70%; E sells A 30%, B 70%.
    assert tci(marts, "III", "EEE") == pytest.approx(100)


def test_disjoint_profiles_give_complementarity_0(marts):
    # J buys only C; E sells only A and B: the pair is kept with 0, not dropped.
    assert tci(marts, "JJJ", "EEE") == pytest.approx(0)


def test_complementarity_of_a_four_product_example_matches_the_paper_value(marts):
    # K buys A .5, B .3, C .2; F sells A .2, B .2, D .6.
    # 100 * (1 - 1/2 * (|.5-.2| + |.3-.2| + |.2-0| + |0-.6|)) = 100 * (1 - 0.6) = 40.
    assert tci(marts, "KKK", "FFF") == pytest.approx(40)
    # K with E: min(.5,.3) + min(.3,.7) = .6.
    assert tci(marts, "KKK", "EEE") == pytest.approx(60)


def test_complementarity_covers_every_importer_exporter_pair(marts):
    pairs = marts.execute("select count(*) from marts.trade_complementarity").fetchall()[0][0]
    assert pairs == 3 * 4  # importers I, J, K by exporters E, F, G, H


def test_export_similarity_to_the_world_and_within_china(marts):
    # E sells A .3, B .7; F sells A .2, B .2, D .6: min-sum .4.
    assert scalar(marts, """select esi from marts.export_similarity
                            where exporter_a_iso3 = 'EEE' and exporter_b_iso3 = 'FFF' and market_iso3 = 'WLD'""") == pytest.approx(40)
    # In China G sells A .5, B .5 and H sells A 1.0: min-sum .5. To the world G sells A .25, B .25, C .5: .25.
    assert scalar(marts, """select esi from marts.export_similarity
                            where exporter_a_iso3 = 'GGG' and exporter_b_iso3 = 'HHH' and market_iso3 = 'CHN'""") == pytest.approx(50)
    assert scalar(marts, """select esi from marts.export_similarity
                            where exporter_a_iso3 = 'HHH' and exporter_b_iso3 = 'GGG' and market_iso3 = 'WLD'""") == pytest.approx(25)


def test_revealed_comparative_advantage_against_world_shares(marts):
    # World exports: A 32, B 32, C 10, D 60, total 134.
    assert scalar(marts, "select rca from marts.revealed_comparative_advantage where iso3 = 'FFF' and product_code = 'D'") \
        == pytest.approx(0.6 / (60 / 134))
    assert scalar(marts, "select rca from marts.revealed_comparative_advantage where iso3 = 'EEE' and product_code = 'A'") \
        == pytest.approx(0.3 / (32 / 134))


def test_export_concentration_over_products_and_partners(marts):
    by_product = marts.execute(
        "select hhi, hhi_normalized from marts.export_concentration where iso3 = 'EEE' and over = 'product'").fetchall()
    # E: .3^2 + .7^2 = .58; normalised over 2 products: (.58 - .5) / (1 - .5) = .16.
    assert by_product[0] == pytest.approx((0.58, 0.16))
    # G sells to China (10) and Z (10): .5^2 + .5^2 = .5, normalised 0.
    assert marts.execute(
        "select hhi, hhi_normalized from marts.export_concentration where iso3 = 'GGG' and over = 'partner'"
    ).fetchall()[0] == pytest.approx((0.5, 0.0))


def test_export_structure_ranks_products_by_value_with_names(marts):
    rows = marts.execute("""select product_code, product_name, share, rank from marts.export_structure
                            where iso3 = 'FFF' order by rank, product_code""").fetchall()
    assert rows == [("D", "product D", pytest.approx(0.6), 1),
                    ("A", "product A", pytest.approx(0.2), 2),
                    ("B", "product B", pytest.approx(0.2), 2)]


def test_data_tests_pass_on_the_worked_example(marts):
    failing = [r for r in run_data_tests(marts, settings.current().models / "tests") if not r.passed]
    assert failing == []


def test_a_data_test_returning_rows_fails_with_all_its_rows_counted_and_a_sample(marts, tmp_path):
    (tmp_path / "twelve_rows.sql").write_text("select range as n from range(12)")
    [result] = run_data_tests(marts, tmp_path)
    assert not result.passed and result.failing_rows == 12
    assert result.sample == "n=0; n=1; n=2; n=3; n=4"


def test_a_data_test_ending_in_a_line_comment_still_runs(marts, tmp_path):
    (tmp_path / "three_rows.sql").write_text("select range as n from range(3)\n-- three rows, so it fails")
    [result] = run_data_tests(marts, tmp_path)
    assert result.failing_rows == 3


def test_the_michaely_data_test_catches_a_complementarity_off_its_definition(marts):
    marts.begin()
    try:
        marts.execute("update marts.trade_complementarity set tci = tci + 0.5 where importer_iso3 = 'KKK' and exporter_iso3 = 'FFF'")
        results = {r.test: r for r in run_data_tests(marts, settings.current().models / "tests")}
    finally:
        marts.rollback()
    assert results["tci_matches_its_definition"].failing_rows == 1
    assert "importer_iso3=KKK" in results["tci_matches_its_definition"].sample


def test_the_key_data_test_catches_a_trade_flow_that_stands_twice(marts):
    marts.begin()
    try:  # FFF's export of D (60 USD) twice: one key, two rows in staging.trade_flows
        marts.execute("insert into raw.atlas_trade select * from raw.atlas_trade "
                      "where reporter_iso3 = 'FFF' and product_code = 'D'")
        models = settings.current().models
        results = {r.test: r for r in run_data_tests(marts, models / "tests",
                                                     generated=contract_tests(discover(models)))}
    finally:
        marts.rollback()
    assert results["grain_of_staging_trade_flows"].failing_rows == 1
    assert "reporter_iso3=FFF" in results["grain_of_staging_trade_flows"].sample
    assert "copies=2" in results["grain_of_staging_trade_flows"].sample
