-- One row per (year, product level, product): world exports of the product and its share of
-- world exports, for the years that (nearly) every reporter covers (intermediate.reporter_coverage).
-- The denominator of RCA. The Atlas reconciles each flow, so world exports are the sum of every
-- reporter's exports; in a year with few reporters that sum would not be the world's.
with covered_years as (
    select year
    from intermediate.reporter_coverage
    where covered
),
world as (
    select year, product_level, product_code, sum(value_usd) as value_usd
    from intermediate.product_shares
    join covered_years using (year)
    where flow = 'X' and market_iso3 = 'WLD'
    group by all
)
select
    year, product_level, product_code, value_usd,
    value_usd / sum(value_usd) over (partition by year, product_level) as share
from world
