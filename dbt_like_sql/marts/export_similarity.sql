-- One row per (year, exporter a, exporter b, market, product level): Finger-Kreinin export
-- similarity, 100 * sum min(x_ak, x_bk), 0 (nothing in common) to 100 (identical baskets), to the
-- world ('WLD') or within one market of seeds.similarity_markets. Serves the brief's claim that
-- Russia competes with North Korea, above all in China. Both orders of each pair are kept.
-- grain: year, exporter_a_iso3, exporter_b_iso3, market_iso3, product_level
with export_shares as (
    select year, iso3, market_iso3, product_level, product_code, share
    from intermediate.product_shares
    where flow = 'X'
),
exporters as (
    select distinct year, iso3, market_iso3, product_level from export_shares
),
pairs as (
    select a.year, a.iso3 as exporter_a_iso3, b.iso3 as exporter_b_iso3, a.market_iso3, a.product_level
    from exporters as a
    join exporters as b using (year, market_iso3, product_level)
    where a.iso3 <> b.iso3
),
overlap as (
    select a.year, a.iso3 as exporter_a_iso3, b.iso3 as exporter_b_iso3, a.market_iso3, a.product_level,
           sum(least(a.share, b.share)) as common_share
    from export_shares as a
    join export_shares as b using (year, market_iso3, product_level, product_code)
    where a.iso3 <> b.iso3
    group by all
)
select
    pairs.year,
    pairs.exporter_a_iso3,  -- ISO3 code of one exporter
    exporter_a.country_name as exporter_a_name,  -- its name
    pairs.exporter_b_iso3,  -- ISO3 code of the other
    exporter_b.country_name as exporter_b_name,  -- its name
    pairs.market_iso3,  -- the market both sell to: WLD for the world, or one country
    coalesce(market.country_name, 'World') as market_name,  -- the market's name
    pairs.product_level,
    100 * coalesce(overlap.common_share, 0) as esi  -- export similarity index, 0 to 100
from pairs
left join overlap using (year, exporter_a_iso3, exporter_b_iso3, market_iso3, product_level)
left join staging.countries as exporter_a on exporter_a.iso3 = pairs.exporter_a_iso3
left join staging.countries as exporter_b on exporter_b.iso3 = pairs.exporter_b_iso3
left join staging.countries as market on market.iso3 = pairs.market_iso3
