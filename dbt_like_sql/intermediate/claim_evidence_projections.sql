-- One row per projection claim (projection): a claim about capacity or the future, which no data
-- can decide, set beside the nearest historical figure the warehouse holds (args: its published
-- figure id), with how many times it the claim is. The verdict stays unverifiable.
-- family: projections
-- metrics: projection
with claims as (
    select brief, claim_id, coalesce(value, (value_low + value_high) / 2) as stated, unit, metric_args as figure_id
    from seeds.claims
    where metric = 'projection'
)
select
    claims.brief,  -- the claim's brief (seeds.briefs)
    claims.claim_id,  -- the claim's id in seeds.claims
    figures.period as evidence_period,  -- the period of the historical figure
    figures.value as computed_value,  -- the historical figure
    null::double as computed_low,  -- none
    null::double as computed_high,  -- none
    figures.unit as evidence_unit,  -- the unit of computed_value (seeds.units)
    'published' as evidence_source,  -- the tradebrief source
    'staging.published_figures' as evidence_table,  -- the warehouse table of the historical figure
    figures.snapshot_sha256,  -- the snapshot of the published figures
    printf('a projection, which no data can decide; the nearest historical figure: %s, %s %s (%s), so the claim is %.1f times it',
           figures.subject, format('{:,.10g}', figures.value), figures.unit, figures.period, claims.stated / figures.value) as note,  -- the comparison in words
    1 as preference  -- one row a claim
from claims
join staging.published_figures as figures on figures.figure_id = claims.figure_id
