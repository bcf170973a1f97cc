-- One row per bilateral-trade claim (trade_value, partner_share, trade_change), year and source,
-- from staging.trade_flows: the Atlas (HS2, to 2020; preferred) and Comtrade's totals for every
-- pair (2017-2022), each a reporter's own figures or mirrored from its partners' reports, and the
-- note says which source and, where both sides reported, both figures. trade_value (args
-- exporter|importer|year|chapter, the chapter empty for all goods, which only the Atlas has by
-- chapter): what the exporter sold the importer that year, in M USD; none at all is 0, not
-- missing, when the exporter's trade that year is held. partner_share (args exporter|partner|year):
-- the partner's share of the exporter's goods exports, in percent. trade_change (args exporter|from
-- year|to year): the change of the exporter's goods exports between the two years, in percent.
with claims as (
    select brief, claim_id, metric, split_part(metric_args, '|', 1) as exporter, split_part(metric_args, '|', 2) as arg2,
           split_part(metric_args, '|', 3) as arg3, nullif(split_part(metric_args, '|', 4), '') as chapter
    from seeds.claims
    where metric in ('trade_value', 'partner_share', 'trade_change')
),
atlas as (
    select claims.brief, claims.claim_id, flows.year, 'atlas_hs92' as source, 1 as preference, any_value(snapshots.snapshot_sha256) as snapshot_sha256,
           sum(flows.value_usd) as world_usd,
           coalesce(sum(flows.value_usd) filter (where flows.partner_iso3 = claims.arg2
                                                   and (claims.chapter is null or flows.product_code = claims.chapter)), 0)
               as bilateral_usd,
           null::double as reported_usd, null::double as mirrored_usd
    from claims
    join staging.trade_flows as flows
        on flows.source = 'atlas_hs92' and flows.reporter_iso3 = claims.exporter and flows.flow = 'X'
       and flows.product_level = 'hs2'
    join intermediate.atlas_snapshots as snapshots on snapshots.reporter_iso3 = flows.reporter_iso3 and snapshots.year = flows.year
    group by claims.brief, claims.claim_id, flows.year
),
comtrade_pairs as (
    -- each partner's figure, as the exporter reported it and as the partner's own imports mirror it
    select claims.brief, claims.claim_id, claims.arg2, flows.year, flows.partner_iso3,
           max(flows.value_usd) filter (where not flows.is_mirror) as reported_usd,
           max(flows.value_usd) filter (where flows.is_mirror) as mirrored_usd
    from claims
    join staging.trade_flows as flows
        on flows.source = 'comtrade' and flows.reporter_iso3 = claims.exporter and flows.flow = 'X'
       and flows.product_level = 'total' and flows.partner_iso3 <> 'WLD'
    where claims.chapter is null
    group by all
),
comtrade_snapshots as (
    select year, string_agg(distinct snapshot_sha256::varchar, ',' order by snapshot_sha256::varchar) as snapshot_sha256
    from raw.comtrade_totals
    group by year
),
comtrade as (
    select brief, claim_id, year, 'comtrade' as source, 2 as preference, any_value(comtrade_snapshots.snapshot_sha256) as snapshot_sha256,
           sum(coalesce(reported_usd, mirrored_usd)) as world_usd,
           coalesce(sum(coalesce(reported_usd, mirrored_usd)) filter (where partner_iso3 = arg2), 0) as bilateral_usd,
           max(reported_usd) filter (where partner_iso3 = arg2) as reported_usd,
           max(mirrored_usd) filter (where partner_iso3 = arg2) as mirrored_usd
    from comtrade_pairs
    left join comtrade_snapshots using (year)
    group by brief, claim_id, year
),
exports as (
    select claims.metric, claims.exporter, claims.arg2, claims.arg3, claims.chapter, held.*
    from claims
    join (select * from atlas union all by name select * from comtrade) as held using (brief, claim_id)
),
sides as (
    select *, case when reported_usd is not null and mirrored_usd is not null
                   then printf('; %s reports %s M USD, %s''s imports mirror %s M USD', exporter,
                               format('{:,.1f}', reported_usd / 1e6), arg2, format('{:,.1f}', mirrored_usd / 1e6))
                   when mirrored_usd is not null then printf('; mirrored from %s''s imports', arg2)
                   else '' end as sides_note
    from exports
),
trade_value as (
    select brief, claim_id, year::varchar as evidence_period, bilateral_usd / 1e6 as computed_value, 'M USD' as evidence_unit,
           source, preference, snapshot_sha256,
           printf('%s''s %s exports to %s in %d: %s M USD (of %s M USD to the world; %s)', exporter,
                  coalesce('HS' || chapter, 'goods'), arg2, year, format('{:,.1f}', bilateral_usd / 1e6),
                  format('{:,.0f}', world_usd / 1e6), source) || sides_note as note
    from sides
    where metric = 'trade_value' and year = try_cast(arg3 as integer)
),
partner_share as (
    select brief, claim_id, year::varchar as evidence_period, 100 * bilateral_usd / world_usd as computed_value,
           '%' as evidence_unit, source, preference, snapshot_sha256,
           printf('%s takes %.1f%% of %s''s goods exports in %d (%s of %s M USD; %s)', arg2, 100 * bilateral_usd / world_usd,
                  exporter, year, format('{:,.1f}', bilateral_usd / 1e6), format('{:,.0f}', world_usd / 1e6), source)
               || sides_note as note
    from sides
    where metric = 'partner_share' and year = try_cast(arg3 as integer) and world_usd > 0
),
trade_change as (
    select later.brief, later.claim_id, later.year::varchar as evidence_period,
           100 * (later.world_usd / earlier.world_usd - 1) as computed_value, '%' as evidence_unit,
           later.source, later.preference,
           concat_ws(',', earlier.snapshot_sha256, nullif(later.snapshot_sha256, earlier.snapshot_sha256)) as snapshot_sha256,
           printf('%s''s goods exports: %s M USD in %d, %s M USD in %d (%+.1f%%; %s)', later.exporter,
                  format('{:,.0f}', earlier.world_usd / 1e6), earlier.year, format('{:,.0f}', later.world_usd / 1e6),
                  later.year, 100 * (later.world_usd / earlier.world_usd - 1), later.source) as note
    from sides as later
    join sides as earlier
        on earlier.brief = later.brief and earlier.claim_id = later.claim_id and earlier.source = later.source and earlier.year = try_cast(later.arg2 as integer)
    where later.metric = 'trade_change' and later.year = try_cast(later.arg3 as integer)
)
select
    brief,  -- the claim's brief (seeds.briefs)
    claim_id,  -- the claim's id in seeds.claims
    evidence_period,  -- the year the evidence is for (the later year, for a change)
    computed_value,  -- the trade in M USD, or a share or change in percent
    null::double as computed_low,  -- none: the source's figure as it stands
    null::double as computed_high,  -- none
    evidence_unit,  -- the unit of computed_value (seeds.units)
    source as evidence_source,  -- the tradebrief source: atlas_hs92 or comtrade
    'staging.trade_flows' as evidence_table,  -- the warehouse table the evidence comes from
    snapshot_sha256,  -- the snapshots the figures were read from, comma-separated
    note,  -- the evidence in words, with both sides' figures where both reported
    preference  -- the Atlas before Comtrade's totals in a year both hold
from (select * from trade_value union all by name select * from partner_share union all by name select * from trade_change)
