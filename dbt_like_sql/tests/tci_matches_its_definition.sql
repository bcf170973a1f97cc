-- marts.trade_complementarity, computed from sum min(m, x), equals Michaely's own form
-- 100 * (1 - 1/2 * sum |m - x|), summed here over every product of the year: over the products both
-- countries trade, |m - x|; over those only one of them trades, that one's share.
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
import_totals as (
    select year, importer_iso3, product_level, sum(share) as total from import_shares group by all
),
export_totals as (
    select year, exporter_iso3, product_level, sum(share) as total from export_shares group by all
),
in_common as (
    select year, importer_iso3, exporter_iso3, product_level,
           sum(abs(import_shares.share - export_shares.share)) as gap,
           sum(import_shares.share) as import_share,
           sum(export_shares.share) as export_share
    from import_shares
    join export_shares using (year, product_level, product_code)
    group by all
),
michaely as (
    select pairs.year, pairs.importer_iso3, pairs.exporter_iso3, pairs.product_level,
           100 * (1 - 0.5 * (coalesce(in_common.gap, 0)
                             + import_totals.total - coalesce(in_common.import_share, 0)
                             + export_totals.total - coalesce(in_common.export_share, 0))) as tci
    from marts.trade_complementarity as pairs
    join import_totals using (year, importer_iso3, product_level)
    join export_totals using (year, exporter_iso3, product_level)
    left join in_common using (year, importer_iso3, exporter_iso3, product_level)
)
select pairs.*, michaely.tci as michaely_tci
from marts.trade_complementarity as pairs
left join michaely using (year, importer_iso3, exporter_iso3, product_level)
where michaely.tci is null or abs(pairs.tci - michaely.tci) > 1e-6
