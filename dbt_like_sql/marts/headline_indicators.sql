-- One row per headline indicator: the figures the brief's argument rests on, as this run computes
-- them, with the snapshots they come from. Each run appends them to meta.indicator_history, and
-- seeds.drift_rules says how far each may move before an alert fires.
with complementarity as (
    select 'tci:PRK->' || ranks.importer_iso3 || ':' || ranks.year as indicator, ranks.tci as value, 'index 0-100' as unit,
           snapshots.snapshot_sha256
    from marts.complementarity_rank as ranks
    join intermediate.atlas_snapshots as snapshots on snapshots.reporter_iso3 = ranks.exporter_iso3 and snapshots.year = ranks.year
    where ranks.exporter_iso3 = 'PRK' and ranks.importer_iso3 in ('RUS', 'CHN') and ranks.product_level = 'hs2'
),
complementarity_rank as (
    select 'tci_rank:PRK->' || ranks.importer_iso3 || ':' || ranks.year, ranks.rank, 'rank', snapshots.snapshot_sha256
    from marts.complementarity_rank as ranks
    join intermediate.atlas_snapshots as snapshots on snapshots.reporter_iso3 = ranks.exporter_iso3 and snapshots.year = ranks.year
    where ranks.exporter_iso3 = 'PRK' and ranks.importer_iso3 in ('RUS', 'CHN') and ranks.product_level = 'hs2'
      and ranks.rank is not null
),
export_shares as (
    select 'export_share:PRK:' || structure.year || ':HS' || structure.product_code, 100 * structure.share, '%',
           snapshots.snapshot_sha256
    from marts.export_structure as structure
    join intermediate.atlas_snapshots as snapshots on snapshots.reporter_iso3 = structure.iso3 and snapshots.year = structure.year
    where structure.iso3 = 'PRK' and structure.product_level = 'hs2' and structure.rank <= 5
),
exports_total as (
    select 'exports_total:PRK:' || structure.year, sum(structure.value_usd) / 1e6, 'M USD',
           any_value(snapshots.snapshot_sha256)
    from marts.export_structure as structure
    join intermediate.atlas_snapshots as snapshots on snapshots.reporter_iso3 = structure.iso3 and snapshots.year = structure.year
    where structure.iso3 = 'PRK' and structure.product_level = 'hs2'
    group by structure.year
),
claims as (
    select 'claim:' || claim_id, computed_value, unit, snapshot_sha256
    from marts.claim_checks
    where computed_value is not null
)
select
    indicator,  -- what the figure is, as kind:subject:year (tci:PRK->RUS:2016, export_share:PRK:27:2016, ...)
    value,  -- the figure, in `unit`
    unit,  -- the unit of `value`
    snapshot_sha256  -- the snapshots the figure was computed from, comma-separated sha256
from complementarity
union all select * from complementarity_rank
union all select * from export_shares
union all select * from exports_total
union all select * from claims
