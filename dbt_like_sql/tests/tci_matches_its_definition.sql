-- marts.trade_complementarity, computed from sum min(m, x), equals Michaely's own form
-- 100 * (1 - 1/2 * sum |m - x|), summed here over every product of the year.
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
products as (
    select distinct year, product_level, product_code from import_shares
    union
    select distinct year, product_level, product_code from export_shares
),
pair_products as (
    select pairs.year, pairs.importer_iso3, pairs.exporter_iso3, pairs.product_level, products.product_code
    from marts.trade_complementarity as pairs
    join products using (year, product_level)
),
michaely as (
    select pair_products.year, pair_products.importer_iso3, pair_products.exporter_iso3,
           pair_products.product_level,
           100 * (1 - 0.5 * sum(abs(coalesce(import_shares.share, 0) - coalesce(export_shares.share, 0)))) as tci
    from pair_products
    left join import_shares using (year, importer_iso3, product_level, product_code)
    left join export_shares using (year, exporter_iso3, product_level, product_code)
    group by all
)
select pairs.*, michaely.tci as michaely_tci
from marts.trade_complementarity as pairs
join michaely using (year, importer_iso3, exporter_iso3, product_level)
where abs(pairs.tci - michaely.tci) > 1e-6
