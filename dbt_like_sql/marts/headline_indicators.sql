-- One row per headline indicator: the figures the brief's argument rests on, as this run computes
-- them, with the snapshots they come from. Each run appends them to meta.indicator_history, and
-- seeds.drift_rules says how far each may move before an alert fires. North Korea's trade with China and
-- Russia (prk_trade) is what they report to UN Comtrade: its imports every year, its exports and total where both sides are held.
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
partner_trade as (
    select flows.year, flows.partner_iso3, flows.flow, flows.value_usd, totals.snapshot_sha256
    from staging.trade_flows as flows
    join raw.comtrade_totals as totals
        on totals.year = flows.year and totals.reporter_iso3 = flows.partner_iso3 and totals.partner_iso3 = 'PRK'
       and totals.flow = case flows.flow when 'X' then 'M' else 'X' end
    where flows.source = 'comtrade' and flows.reporter_iso3 = 'PRK' and flows.partner_iso3 in ('CHN', 'RUS')
      and flows.product_level = 'total'
),
prk_trade as (
    select 'prk_trade:' || partner_iso3 || ':' || case flow when 'X' then 'exports' else 'imports' end || ':' || year,
           value_usd / 1e6, 'M USD', snapshot_sha256
    from partner_trade
    union all
    select 'prk_trade:' || partner_iso3 || ':total:' || year, sum(value_usd) / 1e6, 'M USD',
           string_agg(distinct snapshot_sha256, ',' order by snapshot_sha256)
    from partner_trade
    group by year, partner_iso3
    having count(distinct flow) = 2
),
claims as (
    select 'claim:' || claim_id, computed_value, unit, snapshot_sha256
    from marts.claim_checks
    where computed_value is not null
)
select
    indicator,  -- what the figure is, as kind:subject:year (tci:PRK->RUS:2016, export_share:PRK:27:2016, prk_trade:CHN:imports:2019: North Korea's goods trade with China or Russia as they report it, ...)
    value,  -- the figure, in `unit`
    unit,  -- the unit of `value`
    snapshot_sha256  -- the snapshots the figure was computed from, comma-separated sha256
from complementarity
union all select * from complementarity_rank
union all select * from export_shares
union all select * from exports_total
union all select * from prk_trade
union all select * from claims
