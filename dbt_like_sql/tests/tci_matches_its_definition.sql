-- marts.trade_complementarity, computed from sum min(m, x), equals Michaely's own form
-- 100 * (1 - 1/2 * sum |m - x|), summed here over every product of the year.
with products as (
    select distinct year, product_level, product_code
    from intermediate.product_shares
    where market_iso3 = 'WLD'
),
pair_products as (
    select pairs.year, pairs.importer_iso3, pairs.exporter_iso3, pairs.product_level, products.product_code
    from marts.trade_complementarity as pairs
    join products using (year, product_level)
),
michaely as (
    select pair_products.year, pair_products.importer_iso3, pair_products.exporter_iso3, pair_products.product_level,
           100 * (1 - 0.5 * sum(abs(coalesce(m.share, 0) - coalesce(x.share, 0)))) as tci
    from pair_products
    left join intermediate.product_shares as m
        on m.flow = 'M' and m.market_iso3 = 'WLD' and m.iso3 = pair_products.importer_iso3
       and m.year = pair_products.year and m.product_level = pair_products.product_level
       and m.product_code = pair_products.product_code
    left join intermediate.product_shares as x
        on x.flow = 'X' and x.market_iso3 = 'WLD' and x.iso3 = pair_products.exporter_iso3
       and x.year = pair_products.year and x.product_level = pair_products.product_level
       and x.product_code = pair_products.product_code
    group by all
)
select pairs.*, michaely.tci as michaely_tci
from marts.trade_complementarity as pairs
join michaely using (year, importer_iso3, exporter_iso3, product_level)
where abs(pairs.tci - michaely.tci) > 1e-6
