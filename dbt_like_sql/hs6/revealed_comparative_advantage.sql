-- One row per (year, country, HS6 product it exports) of BACI: Balassa's revealed comparative
-- advantage, x_ik / (X_wk / X_w), above 1 where the product weighs more in the country's exports
-- than in the world's. The HS6 counterpart of marts.revealed_comparative_advantage. The totals
-- are ordered sums, so a rerun (or a run on another worker) gives the same bits.
with exports as (
    select year, exporter as country_code, product, sum(value_kusd) as value_kusd
    from baci.flows
    group by all
),
country_totals as (
    select year, country_code, sum(value_kusd order by product) as value_kusd
    from exports
    group by all
),
product_totals as (
    select year, product, sum(value_kusd order by country_code) as value_kusd
    from exports
    group by all
),
world_totals as (
    select year, sum(value_kusd order by product) as value_kusd
    from product_totals
    group by all
)
select
    exports.year,
    countries.iso3,
    products.hs6,
    (exports.value_kusd / country_totals.value_kusd)
        / (product_totals.value_kusd / world_totals.value_kusd) as rca
from exports
join country_totals using (year, country_code)
join product_totals using (year, product)
join world_totals using (year)
join baci.countries using (country_code)
join baci.products using (product)
