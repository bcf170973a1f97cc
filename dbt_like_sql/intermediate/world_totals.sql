-- One row per (year, product level, product): world exports of the product and its share of
-- world exports, for the years that (nearly) every reporter covers. The denominator of RCA.
-- The Atlas reconciles each flow, so world exports are the sum of every reporter's exports.
-- A year with few reporters (the 2010-2020 files hold North Korea and Russia alone) is left
-- out: its sum would not be the world's. "Nearly every" is 90% of the best-covered year.
with reporters_per_year as (
    select year, count(distinct iso3) as reporters
    from intermediate.product_shares
    where flow = 'X' and market_iso3 = 'WLD'
    group by year
),
covered_years as (
    select year
    from reporters_per_year
    where reporters >= 0.9 * (select max(reporters) from reporters_per_year)
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
