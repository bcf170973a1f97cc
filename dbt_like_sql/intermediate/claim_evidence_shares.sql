-- One row per share claim (export_share, buyer_share) and period: the share the Atlas trade data
-- gives, in percent, with the snapshots it was computed from. export_share args: exporter|year|chapter;
-- buyer_share args: exporter|buyer|year|chapter. Serves intermediate.claim_evidence.
-- family: shares
-- metrics: export_share, buyer_share
with claims as (
    select brief, claim_id, metric, split_part(metric_args, '|', 1) as arg1, split_part(metric_args, '|', 2) as arg2,
           split_part(metric_args, '|', 3) as arg3, split_part(metric_args, '|', 4) as arg4
    from seeds.claims
    where metric in ('export_share', 'buyer_share')
),
export_share as (
    select claims.brief, claims.claim_id, structure.year::varchar as evidence_period, 100 * structure.share as computed_value,
           'atlas_hs92' as evidence_source, 'marts.export_structure' as evidence_table, snapshots.snapshot_sha256,
           printf('HS%s is %.1f%% of %s''s %d goods exports to the world (%.0f M USD of %.0f M USD)',
                  structure.product_code, 100 * structure.share, structure.iso3, structure.year,
                  structure.value_usd / 1e6, structure.value_usd / structure.share / 1e6) as note
    from claims
    join marts.export_structure as structure
        on structure.iso3 = claims.arg1 and structure.year = try_cast(claims.arg2 as integer)
       and structure.product_level = 'hs2' and structure.product_code = claims.arg3
    join intermediate.atlas_snapshots as snapshots on snapshots.reporter_iso3 = structure.iso3 and snapshots.year = structure.year
    where claims.metric = 'export_share'
),
buyer_flows as (
    select claims.brief, claims.claim_id, claims.arg1 as exporter, claims.arg2 as buyer, claims.arg4 as chapter, flows.year,
           sum(flows.value_usd) filter (where flows.partner_iso3 = claims.arg2) as bought,
           sum(flows.value_usd) as exported
    from claims
    join staging.trade_flows as flows
        on flows.source = 'atlas_hs92' and flows.reporter_iso3 = claims.arg1 and flows.flow = 'X'
       and flows.year = try_cast(claims.arg3 as integer) and flows.product_level = 'hs2' and flows.product_code = claims.arg4
    where claims.metric = 'buyer_share'
    group by all
),
buyer_share as (
    select buyer_flows.brief, buyer_flows.claim_id, buyer_flows.year::varchar as evidence_period,
           100 * coalesce(buyer_flows.bought, 0) / buyer_flows.exported as computed_value,
           'atlas_hs92' as evidence_source, 'staging.trade_flows' as evidence_table, snapshots.snapshot_sha256,
           printf('%s takes %.1f%% of %s''s HS%s exports in %d', buyer_flows.buyer,
                  100 * coalesce(buyer_flows.bought, 0) / buyer_flows.exported, buyer_flows.exporter, buyer_flows.chapter,
                  buyer_flows.year) as note
    from buyer_flows
    join intermediate.atlas_snapshots as snapshots on snapshots.reporter_iso3 = buyer_flows.exporter and snapshots.year = buyer_flows.year
)
select
    brief,  -- the claim's brief (seeds.briefs)
    claim_id,  -- the claim's id in seeds.claims
    evidence_period,  -- the period the evidence is for
    computed_value,  -- what the data gives
    null::double as computed_low,  -- the least value the evidence cannot tell apart from computed_value (none: exact)
    null::double as computed_high,  -- the most value the evidence cannot tell apart from computed_value
    '%' as evidence_unit,  -- the unit of computed_value (seeds.units)
    evidence_source,  -- the tradebrief source
    evidence_table,  -- the warehouse table the evidence comes from
    snapshot_sha256,  -- the snapshots it was computed from
    note,  -- the evidence in words
    1 as preference  -- the order in which one rule prefers this evidence among a claim's rows of one period (1 first)
from export_share
union all
select brief, claim_id, evidence_period, computed_value, null, null, '%', evidence_source, evidence_table, snapshot_sha256, note, 1
from buyer_share
