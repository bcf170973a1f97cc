"""The HS6 kernel against the SQL definition: fed the real 2016 HS2 flows, the HS6 models give the HS2 marts."""

import duckdb
import numpy as np
import pandas as pd
import pytest

from warehouse import kernels, settings
from warehouse.kernels import Baskets, all_pairs, min_sum, year_shares
from warehouse.models import HS6_LAYERS, build, discover

YEAR = 2016  # the one year the recorded Atlas has for every reporter (the others hold only PRK and RUS)


def baskets(country, column, value, n_products):
    """The share matrix of rows added in one batch."""
    summed = Baskets(country.max(), n_products)
    summed.add(country, column, value)
    return summed.shares()


def test_min_sum_of_a_hand_worked_case():
    # Importer 1 buys half product 10, half 20; importer 2 buys only 30.
    # Exporter 5 sells a quarter 10, a quarter 20, half 30: with importer 1 it shares
    # min(.5,.25) + min(.5,.25) = .5, with importer 2 min(1, .5) = .5. Exporter 6 sells only 10.
    # Products 10, 20, 30 are columns 0, 1, 2.
    imports = baskets(np.array([1, 1, 2]), np.array([0, 1, 2]), np.array([3.0, 3.0, 7.0]), 3)
    exports = baskets(np.array([5, 5, 5, 6]), np.array([0, 1, 2, 0]), np.array([1.0, 1.0, 2.0, 9.0]), 3)

    pairs = all_pairs(imports, exports, "importer", "exporter", "tci").set_index(["importer", "exporter"])["tci"]

    assert pairs.to_dict() == pytest.approx({(1, 5): 50.0, (1, 6): 50.0, (2, 5): 50.0, (2, 6): 0.0})


def test_a_country_is_never_paired_with_itself_and_a_zero_basket_shares_nothing():
    exports = baskets(np.array([3, 3, 4]), np.array([0, 1, 0]), np.array([1.0, 1.0, 0.0]), 2)

    pairs = all_pairs(exports, exports, "a", "b", "esi")

    assert sorted(zip(pairs["a"], pairs["b"], pairs["esi"])) == [(3, 4, 0.0), (4, 3, 0.0)]


def test_codes_at_the_top_of_baci_range_land_in_their_own_cells():
    # BACI's codes reach 999 and HS6 has about 5,400 products: 999 * 5,400 overflows the int16
    # the codes arrive in, so a cell computed in the codes' own type would land elsewhere.
    summed = Baskets(999, 5_400)
    summed.add(np.array([999, 999, 4], dtype=np.int16), np.array([5_399, 0, 5_399], dtype=np.int32),
               np.array([3.0, 1.0, 2.0]))
    summed.add(np.array([999], dtype=np.int16), np.array([5_399], dtype=np.int32), np.array([4.0]))

    shares = summed.shares()

    assert shares.countries.tolist() == [4, 999]
    assert shares.shares[1, 5_399] == 7.0 / 8.0 and shares.shares[1, 0] == 1.0 / 8.0
    assert shares.shares[0, 5_399] == 1.0
    assert np.count_nonzero(shares.shares) == 3


@pytest.mark.parametrize("n_rows, workers", [(1, 1), (31, 2), (32, 2), (70, 3), (97, 2)])
def test_the_mirrored_and_blocked_min_sum_equals_the_plain_one_exactly(n_rows, workers):
    rng = np.random.default_rng(n_rows)
    left, right = rng.random((n_rows, 50)), rng.random((n_rows + 5, 50))
    plain = np.array([[np.minimum(a, b).sum() for b in right] for a in left])

    assert np.allclose(min_sum(left, right, workers), plain, rtol=0, atol=1e-12)
    assert np.array_equal(min_sum(left, left, workers, symmetric=True), min_sum(left, left, 1))


def test_shares_streamed_in_small_batches_equal_a_grouped_sum_year_by_year(monkeypatch):
    monkeypatch.setattr(kernels, "BATCH_ROWS", 7)  # many batches, the last one short
    rng = np.random.default_rng(5)
    flows = pd.DataFrame({"year": np.repeat([2015, 2016], 60).astype("int16"),
                          "exporter": rng.integers(0, 900, 120).astype("int16"),
                          "importer": rng.integers(0, 900, 120).astype("int16"),
                          "product": rng.choice([10_101, 20_202, 970_000, 510_510], 120).astype("int32"),
                          "value_kusd": rng.random(120)})
    con = duckdb.connect()
    con.register("flows", flows)

    shares = year_shares(con, "flows")

    assert sorted(shares) == [2015, 2016]
    for year, matrices in shares.items():
        of_year = flows[flows.year == year]
        products = sorted(of_year["product"].unique())
        for side, matrix in matrices.items():
            sums = of_year.groupby([side, "product"]).value_kusd.sum()
            expected = (sums / sums.groupby(level=0).transform("sum")).unstack(fill_value=0.0)
            expected = expected.reindex(columns=products, fill_value=0.0)
            assert matrix.countries.tolist() == expected.index.tolist()
            assert np.allclose(matrix.shares, expected.to_numpy(), rtol=0, atol=1e-15)


def test_a_negative_code_is_refused_rather_than_wrapped_to_another_cell():
    con = duckdb.connect()
    con.execute("create table flows as select * from (values (2016, 4, -8, 10101, 1.0), (2016, 8, 4, 10101, 2.0)) "
                "t(year, exporter, importer, product, value_kusd)")

    with pytest.raises(ValueError, match="flows has a negative country or product code in 2016"):
        year_shares(con, "flows")


@pytest.fixture(scope="module")
def hs2_as_baci(recorded_warehouse):
    """The recorded 2016 HS2 flows, shaped as a BACI year, with the HS6 models built on them.

    The Atlas is reconciled (every export row equals its partner's import row), so the exports
    alone carry both sides, as BACI's rows do.
    """
    path, _ = recorded_warehouse
    con = duckdb.connect()
    con.execute(f"attach '{path}' as published (read_only)")
    con.execute("create schema baci")
    con.execute(f"""
        create table baci.countries as
        select row_number() over (order by iso3)::smallint as country_code, iso3
        from (select distinct reporter_iso3 as iso3 from published.staging.trade_flows
              where source = 'atlas_hs92' and year = {YEAR}
              union select distinct partner_iso3 from published.staging.trade_flows
              where source = 'atlas_hs92' and year = {YEAR})""")
    con.execute("""
        create table baci.products as
        select distinct product_code::integer as product, product_code as hs6
        from published.staging.trade_flows where source = 'atlas_hs92' and product_level = 'hs2'""")
    con.execute(f"""
        create table baci.flows as
        select year::smallint as year, exporter.country_code as exporter, importer.country_code as importer,
               product_code::integer as product, value_usd as value_kusd
        from published.staging.trade_flows
        join baci.countries as exporter on exporter.iso3 = reporter_iso3
        join baci.countries as importer on importer.iso3 = partner_iso3
        where source = 'atlas_hs92' and product_level = 'hs2' and flow = 'X' and year = {YEAR}""")
    build(con, discover(settings.current().models, HS6_LAYERS))
    return con


@pytest.mark.parametrize("hs6_model, sql_mart, keys, value", [
    ("hs6.trade_complementarity", "marts.trade_complementarity", ["importer_iso3", "exporter_iso3"], "tci"),
    ("hs6.export_similarity", "(select * from published.marts.export_similarity where market_iso3 = 'WLD')",
     ["exporter_a_iso3", "exporter_b_iso3"], "esi"),
])
def test_the_kernel_models_equal_the_sql_marts_on_the_real_hs2_data(hs2_as_baci, hs6_model, sql_mart, keys, value):
    sql_mart = sql_mart if sql_mart.startswith("(") else f"published.{sql_mart}"
    on = " and ".join(f"kernel.{key} = definition.{key}" for key in keys)
    matched, kernel_only, sql_only, worst = hs2_as_baci.execute(f"""
        with definition as (select * from {sql_mart} where year = {YEAR} and product_level = 'hs2'),
             kernel as (select * from {hs6_model})
        select count(kernel.{value}) filter (where definition.{value} is not null),
               count(*) filter (where definition.{value} is null),
               count(*) filter (where kernel.{value} is null),
               max(abs(kernel.{value} - definition.{value}))
        from kernel full join definition on {on}""").fetchone()

    assert matched > 50_000  # about 230 x 230 pairs
    assert (kernel_only, sql_only) == (0, 0)
    assert worst < 1e-9


def test_the_hs6_rca_model_equals_the_sql_mart_on_the_real_hs2_data(hs2_as_baci):
    matched, unmatched, worst = hs2_as_baci.execute(f"""
        with definition as (select * from published.marts.revealed_comparative_advantage
                            where year = {YEAR} and product_level = 'hs2'),
             hs6 as (select * from hs6.revealed_comparative_advantage)
        select count(*) filter (where hs6.rca is not null and definition.rca is not null),
               count(*) filter (where hs6.rca is null or definition.rca is null),
               max(abs(hs6.rca - definition.rca) / definition.rca)
        from hs6 full join definition on hs6.iso3 = definition.iso3 and hs6.hs6 = definition.product_code""").fetchone()

    assert matched > 10_000
    assert unmatched == 0
    assert worst < 1e-9
