-- One row per published-figure claim (published, published_ratio) and figure period: the figure, or
-- one figure as a percentage of another of the same period, from staging.published_figures.
-- Several figures for one period are ranked by `preference`: the better quality grade first, then
-- the later publication. Args: published figure_id; published_ratio numerator|denominator.
-- family: published
-- metrics: published, published_ratio
with claims as (
    select brief, claim_id, metric, split_part(metric_args, '|', 1) as arg1, split_part(metric_args, '|', 2) as arg2,
           split_part(direct_args, '|', 1) as direct_numerator,
           try_cast(split_part(direct_args, '|', 3) as double) as coverage_low,
           try_cast(split_part(direct_args, '|', 4) as double) as coverage_high
    from seeds.claims
    where metric in ('published', 'published_ratio')
),
figures as (
    select *, case quality when 'primary' then 1 when 'secondary' then 2 else 3 end as quality_order
    from staging.published_figures
),
published as (
    select claims.brief, claims.claim_id, figures.period as evidence_period, figures.value as computed_value,
           figures.unit as evidence_unit, 'published' as evidence_source,
           'staging.published_figures' as evidence_table, figures.snapshot_sha256,
           printf('%s: %s %s (%s, %s, %s; %s%s)', figures.subject, format('{:,.10g}', figures.value), figures.unit,
                  figures.publisher_or_speaker, figures.outlet, figures.published, figures.quality,
                  coalesce('; ' || figures.qualifier, '')) as note,
           row_number() over (partition by claims.brief, claims.claim_id, figures.period
                              order by figures.quality_order, figures.published desc) as preference
    from claims
    join figures on figures.figure_id = claims.arg1
    where claims.metric = 'published'
),
published_ratio as (
    select claims.brief, claims.claim_id, numerator.period as evidence_period, 100 * numerator.value / denominator.value as computed_value,
           '%' as evidence_unit, 'published' as evidence_source,
           'staging.published_figures' as evidence_table,
           concat_ws(',', numerator.snapshot_sha256, nullif(denominator.snapshot_sha256, numerator.snapshot_sha256)) as snapshot_sha256,
           printf('%s %s %s / %s %s %s (%s)', numerator.subject, format('{:,.10g}', numerator.value), numerator.unit,
                  denominator.subject, format('{:,.10g}', denominator.value), denominator.unit, numerator.period) as note,
           row_number() over (partition by claims.brief, claims.claim_id, numerator.period
                              order by numerator.quality_order + denominator.quality_order) as preference
    from claims
    join figures as numerator on numerator.figure_id = claims.arg1
    join figures as denominator on denominator.figure_id = claims.arg2 and denominator.period = numerator.period
    where claims.metric = 'published_ratio' and numerator.unit = denominator.unit
),
direct_ratio as (
    -- the claim's own quantity counted directly, over the same denominator: the figure covers coverage_low to
    -- coverage_high of the quantity, so the quantity is the figure divided by those
    select claims.brief, claims.claim_id, direct.period as evidence_period, 100 * direct.value / denominator.value as computed_value,
           100 * direct.value / denominator.value / claims.coverage_high as computed_low,
           100 * direct.value / denominator.value / claims.coverage_low as computed_high,
           '%' as evidence_unit, 'published' as evidence_source, 'staging.published_figures' as evidence_table,
           concat_ws(',', direct.snapshot_sha256, nullif(denominator.snapshot_sha256, direct.snapshot_sha256)) as snapshot_sha256,
           printf('measured directly, before the proxy: %s %s %s / %s %s %s (%s), the figure covering %s to %s of the '
                  'quantity, so %.1f%% to %.1f%%', direct.subject, format('{:,.10g}', direct.value), direct.unit,
                  denominator.subject, format('{:,.10g}', denominator.value), denominator.unit, direct.period,
                  format('{:.0f}%', 100 * claims.coverage_low), format('{:.0f}%', 100 * claims.coverage_high),
                  100 * direct.value / denominator.value / claims.coverage_high,
                  100 * direct.value / denominator.value / claims.coverage_low) as note,
           0 as preference
    from claims
    join figures as direct on direct.figure_id = claims.direct_numerator
    join figures as denominator on denominator.figure_id = claims.arg2 and denominator.period = direct.period
    where claims.metric = 'published_ratio' and direct.unit = denominator.unit
)
select
    brief,  -- the claim's brief (seeds.briefs)
    claim_id,  -- the claim's id in seeds.claims
    evidence_period,  -- the period the evidence is for
    computed_value,  -- what the figures give
    null::double as computed_low,  -- none: a published figure is taken as published (a direct count: its coverage)
    null::double as computed_high,  -- none
    evidence_unit,  -- the unit of computed_value (seeds.units)
    evidence_source,  -- the tradebrief source
    evidence_table,  -- the warehouse table the evidence comes from
    snapshot_sha256,  -- the snapshot of the published figures
    note,  -- the evidence in words
    preference,  -- the order in which one rule prefers this evidence among a claim's rows of one period (direct 0, then 1)
    false as direct  -- true when a figure counts the claim's own quantity: a proxy's margins do not apply to it
from published
union all
select brief, claim_id, evidence_period, computed_value, null, null, evidence_unit, evidence_source, evidence_table, snapshot_sha256,
       note, preference, false
from published_ratio
union all
select brief, claim_id, evidence_period, computed_value, computed_low, computed_high, evidence_unit, evidence_source, evidence_table,
       snapshot_sha256, note, preference, true
from direct_ratio
