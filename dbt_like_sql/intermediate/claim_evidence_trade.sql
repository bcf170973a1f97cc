-- One row per bilateral-trade claim (trade_value, trade_change) and year, from the Atlas's trade
-- flows (staging.trade_flows: a reporter's own figures, or its partners' mirrored where it reports
-- none). trade_value (args exporter|importer|year|chapter, the chapter empty for all goods): what
-- the exporter sold the importer that year, in M USD; none at all is 0, not missing, when the
-- exporter's trade that year is held. trade_change (args exporter|from year|to year): the change of
-- the exporter's goods exports to the world between the two years, in percent.
with claims as (
    select claim_id, metric, split_part(metric_args, '|', 1) as arg1, split_part(metric_args, '|', 2) as arg2,
           split_part(metric_args, '|', 3) as arg3, nullif(split_part(metric_args, '|', 4), '') as arg4
    from seeds.claims
    where metric in ('trade_value', 'trade_change')
),
exports as (
    select claims.claim_id, claims.metric, claims.arg1 as exporter, claims.arg2, claims.arg3, claims.arg4, flows.year,
           sum(flows.value_usd) as world_usd,
           coalesce(sum(flows.value_usd) filter (where flows.partner_iso3 = claims.arg2
                                                   and (claims.arg4 is null or flows.product_code = claims.arg4)), 0)
               as bilateral_usd,
           any_value(snapshots.snapshot_sha256) as snapshot_sha256
    from claims
    join staging.trade_flows as flows
        on flows.source = 'atlas_hs92' and flows.reporter_iso3 = claims.arg1 and flows.flow = 'X'
       and flows.product_level = 'hs2'
    join intermediate.atlas_snapshots as snapshots on snapshots.reporter_iso3 = flows.reporter_iso3 and snapshots.year = flows.year
    group by all
),
trade_value as (
    select claim_id, year::varchar as evidence_period, bilateral_usd / 1e6 as computed_value, 'M USD' as evidence_unit,
           snapshot_sha256,
           printf('%s''s %s exports to %s in %d: %s M USD (of %s M USD to the world)', exporter,
                  coalesce('HS' || arg4, 'goods'), arg2, year, format('{:,.1f}', bilateral_usd / 1e6),
                  format('{:,.0f}', world_usd / 1e6)) as note
    from exports
    where metric = 'trade_value' and year = try_cast(arg3 as integer)
),
trade_change as (
    select later.claim_id, later.year::varchar as evidence_period,
           100 * (later.world_usd / earlier.world_usd - 1) as computed_value, '%' as evidence_unit,
           concat_ws(',', earlier.snapshot_sha256, nullif(later.snapshot_sha256, earlier.snapshot_sha256)) as snapshot_sha256,
           printf('%s''s goods exports: %s M USD in %d, %s M USD in %d (%+.1f%%)', later.exporter,
                  format('{:,.0f}', earlier.world_usd / 1e6), earlier.year, format('{:,.0f}', later.world_usd / 1e6),
                  later.year, 100 * (later.world_usd / earlier.world_usd - 1)) as note
    from exports as later
    join exports as earlier on earlier.claim_id = later.claim_id and earlier.year = try_cast(later.arg2 as integer)
    where later.metric = 'trade_change' and later.year = try_cast(later.arg3 as integer)
)
select
    claim_id,  -- the claim's id in seeds.claims
    evidence_period,  -- the year the evidence is for (the later year, for a change)
    computed_value,  -- the trade in M USD, or its change in percent
    null::double as computed_low,  -- none: the Atlas's figure as it stands
    null::double as computed_high,  -- none
    evidence_unit,  -- the unit of computed_value (seeds.units)
    'atlas_hs92' as evidence_source,  -- the tradebrief source
    'staging.trade_flows' as evidence_table,  -- the warehouse table the evidence comes from
    snapshot_sha256,  -- the snapshots the figures were read from, comma-separated
    note,  -- the evidence in words
    1 as preference  -- one row a claim and year
from (select * from trade_value union all by name select * from trade_change)
