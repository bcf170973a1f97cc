-- One row per (year, importer, exporter, product level): Michaely's trade complementarity,
-- 100 * (1 - 1/2 * sum |m_ik - x_jk|), 0 (nothing in common) to 100 (the exporter sells exactly
-- what the importer buys). Serves the brief's claim that the economies are not complementary.
-- Shares sum to 1, so the index equals 100 * sum min(m_ik, x_jk): the join touches only the
-- products both sides trade, and a pair with none in common gets 0.
-- grain: year, importer_iso3, exporter_iso3, product_level
-- required: tci
with import_shares as (
    select year, iso3 as importer_iso3, product_level, product_code, share
    from intermediate.product_shares
    where flow = 'M' and market_iso3 = 'WLD'
),
export_shares as (
    select year, iso3 as exporter_iso3, product_level, product_code, share
    from intermediate.product_shares
    where flow = 'X' and market_iso3 = 'WLD'
),
importers as (
    select distinct year, importer_iso3, product_level from import_shares
),
exporters as (
    select distinct year, exporter_iso3, product_level from export_shares
),
pairs as (
    select year, importer_iso3, exporter_iso3, product_level
    from importers
    join exporters using (year, product_level)
    where importer_iso3 <> exporter_iso3
),
overlap as (
    select year, importer_iso3, exporter_iso3, product_level,
           sum(least(import_shares.share, export_shares.share)) as common_share
    from import_shares
    join export_shares using (year, product_level, product_code)
    where importer_iso3 <> exporter_iso3
    group by all
)
select
    pairs.year,
    pairs.importer_iso3,  -- ISO3 code of the importing country
    importer.country_name as importer_name,  -- the importing country's name
    pairs.exporter_iso3,  -- ISO3 code of the exporting country
    exporter.country_name as exporter_name,  -- the exporting country's name
    pairs.product_level,
    100 * coalesce(overlap.common_share, 0) as tci  -- trade complementarity index, 0 to 100
from pairs
left join overlap using (year, importer_iso3, exporter_iso3, product_level)
left join staging.countries as importer on importer.iso3 = pairs.importer_iso3
left join staging.countries as exporter on exporter.iso3 = pairs.exporter_iso3
