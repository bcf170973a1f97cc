-- One row per rank claim (export_rank, published_rank, food_export_rank, energy_export_rank, partner_rank) and period: where the
-- claim's subject ranks in the field the data holds for that period, 1 the largest. A rank that
-- rests on a gap under 1% (the sources' own uncertainty) to a neighbour is a near-tie: computed_low
-- to computed_high spans every place the tie allows, and the note names the neighbours.
-- Args: export_rank exporter|year|chapter; published_rank the figure-id prefix of the field (the
-- subject is the figure ending in _<geography>); food_export_rank country|FAO element;
-- energy_export_rank the indicator of staging.energy_balance that the review's countries are ranked by
-- (coal_exports_energy: exajoules, not tonnes; regions such as "Other Asia Pacific" are not ranked);
-- partner_rank exporter|year|partner, the partner's place among the exporter's export partners by value.
-- family: ranks
-- metrics: export_rank, published_rank, food_export_rank, energy_export_rank, partner_rank
with claims as (
    select brief, claim_id, metric, geography, split_part(metric_args, '|', 1) as arg1, split_part(metric_args, '|', 2) as arg2,
           split_part(metric_args, '|', 3) as arg3
    from seeds.claims
    where metric in ('export_rank', 'published_rank', 'food_export_rank', 'energy_export_rank', 'partner_rank')
),
chapter_fields as (
    select claims.brief, claims.claim_id, structure.year::varchar as period, 'HS' || structure.product_code as entity,
           structure.value_usd / 1e6 as value, structure.product_code = claims.arg3 as is_subject,
           'atlas_hs92' as evidence_source, 'marts.export_structure' as evidence_table, null as evidence_series,
           snapshots.snapshot_sha256,
           printf('among %s''s %d exports by chapter (M USD)', claims.arg1, structure.year) as field
    from claims
    join marts.export_structure as structure
        on structure.iso3 = claims.arg1 and structure.year = try_cast(claims.arg2 as integer) and structure.product_level = 'hs2'
    join intermediate.atlas_snapshots as snapshots on snapshots.reporter_iso3 = structure.iso3 and snapshots.year = structure.year
    where claims.metric = 'export_rank'
),
figure_fields as (
    select claims.brief, claims.claim_id, figures.period, upper(regexp_extract(figures.figure_id, '_([a-z]{3})$', 1)) as entity,
           figures.value, ends_with(figures.figure_id, '_' || lower(claims.geography)) as is_subject,
           'published' as evidence_source, 'staging.published_figures' as evidence_table, null as evidence_series,
           figures.snapshot_sha256,
           printf('among the exporters the published figures %s* list for %s (%s)', claims.arg1, figures.period, figures.unit) as field
    from claims
    join staging.published_figures as figures on starts_with(figures.figure_id, claims.arg1)
    where claims.metric = 'published_rank'
),
food_fields as (
    select claims.brief, claims.claim_id, supply.year::varchar as period, supply.iso3 as entity, supply.value,
           supply.iso3 = claims.arg1 as is_subject, 'fao' as evidence_source,
           'staging.food_supply' as evidence_table, 'faostat' as evidence_series, supply.snapshot_sha256,
           printf('among fish and seafood exporters by %s in %d (%s)', lower(claims.arg2), supply.year, supply.unit) as field
    from claims
    join staging.food_supply as supply
        on supply.source = 'faostat' and supply.element = claims.arg2 and supply.item = 'Fish, Seafood'
    where claims.metric = 'food_export_rank'
),
energy_fields as (
    select claims.brief, claims.claim_id, balance.year::varchar as period, balance.iso3 as entity, balance.value,
           balance.iso3 = claims.geography as is_subject,
           'energy' as evidence_source, 'staging.energy_balance' as evidence_table,
           'energy_review' as evidence_series, balance.snapshot_sha256,
           printf('among the exporting countries the Statistical Review lists for %d (%s, energy content, not tonnes)',
                  balance.year, balance.unit) as field
    from claims
    join staging.energy_balance as balance
        on balance.source = 'energy_review' and balance.indicator = claims.arg1 and balance.iso3 <> 'WLD'
    where claims.metric = 'energy_export_rank'
),
partner_fields as (
    select claims.brief, claims.claim_id, flows.year::varchar as period, flows.partner_iso3 as entity, sum(flows.value_usd) / 1e6 as value,
           flows.partner_iso3 = claims.arg3 as is_subject, 'atlas_hs92' as evidence_source,
           'staging.trade_flows' as evidence_table, null as evidence_series, any_value(snapshots.snapshot_sha256) as snapshot_sha256,
           printf('among %s''s export partners in %d (M USD)', claims.arg1, flows.year) as field
    from claims
    join staging.trade_flows as flows
        on flows.source = 'atlas_hs92' and flows.reporter_iso3 = claims.arg1 and flows.flow = 'X'
       and flows.year = try_cast(claims.arg2 as integer) and flows.product_level = 'hs2'
    join intermediate.atlas_snapshots as snapshots on snapshots.reporter_iso3 = flows.reporter_iso3 and snapshots.year = flows.year
    where claims.metric = 'partner_rank'
    group by claims.brief, claims.claim_id, flows.year, flows.partner_iso3, claims.arg1, claims.arg3
),
fields as (
    select * from chapter_fields
    union all select * from figure_fields
    union all select * from food_fields
    union all select * from energy_fields
    union all select * from partner_fields
),
placed as (
    select subject.brief, subject.claim_id, subject.period, subject.entity, subject.value, subject.evidence_source,
           subject.evidence_table, subject.evidence_series, subject.snapshot_sha256, subject.field,
           1 + count(other.entity) filter (where other.value > subject.value) as rank,
           1 + count(other.entity) filter (where other.value > 1.01 * subject.value) as rank_low,
           1 + count(other.entity) filter (where other.value >= 0.99 * subject.value) as rank_high,
           1 + count(other.entity) as listed,
           string_agg(other.entity, ', ' order by other.entity)
               filter (where other.value between 0.99 * subject.value and 1.01 * subject.value) as tied_with
    from fields as subject
    left join fields as other
        on other.brief = subject.brief and other.claim_id = subject.claim_id and other.period = subject.period and not other.is_subject
    where subject.is_subject
    group by all
)
select
    brief,  -- the claim's brief (seeds.briefs)
    claim_id,  -- the claim's id in seeds.claims
    period as evidence_period,  -- the period the evidence is for
    rank as computed_value,  -- the subject's rank, 1 the largest
    rank_low as computed_low,  -- the best rank a near-tie allows
    rank_high as computed_high,  -- the worst rank a near-tie allows
    'rank' as evidence_unit,  -- the unit of computed_value (seeds.units)
    evidence_source,  -- the tradebrief source
    evidence_table,  -- the warehouse table the evidence comes from
    evidence_series,  -- the series within it, where it holds several
    snapshot_sha256,  -- the snapshot of the subject's figure
    printf('%s ranks %d of %d %s: %s', entity, rank, listed, field, format('{:,.1f}', value))
        || case when tied_with is not null then printf('; a near-tie (within 1%%) with %s, so ranks %d to %d are one', tied_with,
                                                         rank_low, rank_high) else '' end as note,  -- the evidence in words
    1 as preference  -- the order in which one rule prefers this evidence among a claim's rows of one period (1 first)
from placed
