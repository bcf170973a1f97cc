-- One row per (year, country, HS6 product it exports) of BACI: Balassa's revealed comparative
-- advantage, x_ik / (X_wk / X_w), above 1 where the product weighs more in the country's exports
-- than in the world's. The HS6 counterpart of marts.revealed_comparative_advantage.
with exports as (
    select year, exporter as country_code, product, sum(value_kusd) as value_kusd
    from baci.flows
    group by all
),
country_shares as (
    select year, country_code, product,
           value_kusd / sum(value_kusd) over (partition by year, country_code) as share
    from exports
),
world_shares as (
    select year, product,
           sum(value_kusd) / sum(sum(value_kusd)) over (partition by year) as share
    from exports
    group by year, product
)
select
    country_shares.year,
    countries.iso3,
    products.hs6,
    country_shares.share / world_shares.share as rca
from country_shares
join world_shares using (year, product)
join baci.countries using (country_code)
join baci.products using (product)
