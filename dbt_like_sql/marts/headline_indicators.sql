-- One row per headline indicator: the figures the brief's argument rests on, as this run computes
-- them, with the snapshots they come from. Each run appends them to meta.indicator_history, and
-- seeds.drift_rules says how far each may move before an alert fires. North Korea's trade with China and
-- Russia (prk_trade) is what they report to UN Comtrade: its imports every year, its exports and total where both sides are held.
-- grain: indicator
-- required: unit
with products as (
    select string_agg(printf('%s %s %s', upper(product_level), product_code,
                             case when counted then 'counted' else 'left out' end), '; ' order by product_code) as basis
    from seeds.product_treatment
),
complementarity as (
    select 'tci:PRK->' || ranks.importer_iso3 || ':' || ranks.year as indicator, ranks.tci as value, 'index 0-100' as unit,
           snapshots.snapshot_sha256, products.basis
    from marts.complementarity_rank as ranks
    cross join products
    join intermediate.atlas_snapshots as snapshots on snapshots.reporter_iso3 = ranks.exporter_iso3 and snapshots.year = ranks.year
    where ranks.exporter_iso3 = 'PRK' and ranks.importer_iso3 in ('RUS', 'CHN') and ranks.product_level = 'hs2'
),
complementarity_rank as (
    select 'tci_rank:PRK->' || ranks.importer_iso3 || ':' || ranks.year, ranks.rank, 'rank', snapshots.snapshot_sha256,
           products.basis
    from marts.complementarity_rank as ranks
    cross join products
    join intermediate.atlas_snapshots as snapshots on snapshots.reporter_iso3 = ranks.exporter_iso3 and snapshots.year = ranks.year
    where ranks.exporter_iso3 = 'PRK' and ranks.importer_iso3 in ('RUS', 'CHN') and ranks.product_level = 'hs2'
      and ranks.rank is not null
),
export_shares as (
    select 'export_share:PRK:' || structure.year || ':HS' || structure.product_code, 100 * structure.share, '%',
           snapshots.snapshot_sha256, products.basis
    from marts.export_structure as structure
    cross join products
    join intermediate.atlas_snapshots as snapshots on snapshots.reporter_iso3 = structure.iso3 and snapshots.year = structure.year
    where structure.iso3 = 'PRK' and structure.product_level = 'hs2' and structure.rank <= 5
),
exports_total as (
    select 'exports_total:PRK:' || structure.year, sum(structure.value_usd) / 1e6, 'M USD',
           any_value(snapshots.snapshot_sha256), any_value(products.basis)
    from marts.export_structure as structure
    cross join products
    join intermediate.atlas_snapshots as snapshots on snapshots.reporter_iso3 = structure.iso3 and snapshots.year = structure.year
    where structure.iso3 = 'PRK' and structure.product_level = 'hs2'
    group by structure.year
),
prk_trade as (
    select 'prk_trade:' || partner_iso3 || ':' || direction || ':' || year, value_usd / 1e6, 'M USD', snapshot_sha256,
           null as basis
    from marts.partner_trade_series
    unpivot (value_usd for direction in (imports_usd as 'imports', exports_usd as 'exports', total_usd as 'total'))
    where iso3 = 'PRK' and partner_iso3 in ('CHN', 'RUS')
),
claims as (
    select 'claim:' || brief || '/' || claim_id, computed_value, unit, evidence_snapshot_sha256, null
    from marts.claim_checks
    where computed_value is not null
)
select
    indicator,  -- what the figure is, as kind:subject:year (tci:PRK->RUS:2016, export_share:PRK:27:2016, prk_trade:CHN:imports:2019: North Korea's goods trade with China or Russia as they report it, ...)
    value,  -- the figure, in `unit`
    unit,  -- the unit of `value`
    snapshot_sha256,  -- the snapshots the figure was computed from, comma-separated sha256
    basis  -- for a figure made of product shares, which products whose place is a choice count (seeds.product_treatment: HS2 99 counted)
from complementarity
union all select * from complementarity_rank
union all select * from export_shares
union all select * from exports_total
union all select * from prk_trade
union all select * from claims
