-- One row per (year, country, over): Herfindahl-Hirschman concentration of the country's goods
-- exports over HS2 products or over partners, sum of squared shares, and its normalised form
-- (hhi - 1/n) / (1 - 1/n) over the n products or partners it sells to (1 when n = 1).
-- Serves the brief's picture of an export basket dominated by a few chapters and one buyer.
with by_product as (
    select year, iso3, 'product' as over, share
    from intermediate.product_shares
    where flow = 'X' and market_iso3 = 'WLD' and product_level = 'hs2'
),
partner_values as (
    select year, reporter_iso3 as iso3, partner_iso3, sum(value_usd) as value_usd
    from staging.trade_flows
    where source = 'atlas_hs92' and flow = 'X' and product_level = 'hs2'
    group by all
),
by_partner as (
    select year, iso3, 'partner' as over,
           value_usd / sum(value_usd) over (partition by year, iso3) as share
    from partner_values
),
shares as (
    select * from by_product
    union all
    select * from by_partner
),
concentration as (
    select year, iso3, over, sum(share * share) as hhi, count(*) as n
    from shares
    group by all
)
select
    year,
    iso3,  -- ISO3 code of the exporter
    over,  -- what the concentration is measured over: HS2 products, or partners
    hhi,  -- Herfindahl-Hirschman index, the sum of squared shares: 1/n (even) to 1 (one product or partner)
    case when n > 1 then (hhi - 1.0 / n) / (1 - 1.0 / n) else 1 end as hhi_normalized  -- the index rescaled to 0 (even) to 1
from concentration
