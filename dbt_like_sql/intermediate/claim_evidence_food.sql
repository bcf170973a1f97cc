-- One row per fish-supply claim, year and source (food_supply_ratio, food_supply_trend), from FAO's
-- supply per person (staging.food_supply): the food balances 2010-2023 ('faostat_fbs', preferred)
-- and Our World in Data's longer extract to 2017 ('fao_owid'), each series compared only with
-- itself. food_supply_ratio (args country|base year): the latest year's supply as a percentage of
-- the base year's. food_supply_trend (args country): each year's change from the year before, for
-- the claims of a steady decline. food_supply_vs_world (args country): each year's supply as a
-- percentage of the world's, for a comparison with the world ("low by global standards"). A year
-- FAO carried forward from an earlier one is no evidence: it is left out, a change is taken only
-- between genuine years, and the note names the last genuine year.
-- family: food
-- metrics: food_supply_ratio, food_supply_trend, food_supply_vs_world
with claims as (
    select brief, claim_id, metric, split_part(metric_args, '|', 1) as iso3, try_cast(split_part(metric_args, '|', 2) as integer) as base_year
    from seeds.claims
    where metric in ('food_supply_ratio', 'food_supply_trend', 'food_supply_vs_world')
),
series as (
    select claims.brief, claims.claim_id, claims.metric, claims.base_year, supply.*
    from claims
    join staging.food_supply as supply
        on supply.iso3 = claims.iso3 and supply.element = 'Food supply quantity'
       and (supply.source, supply.item) in (('fao_owid', 'Fish, Seafood'), ('faostat_fbs', 'Fish and seafood (class)'))
),
carried as (
    -- the years FAO carried an earlier balance forward into: no evidence for themselves
    select brief, claim_id, source, string_agg(year::varchar, ', ' order by year) as years
    from series
    where carried_forward
    group by all
),
supply as (
    select series.brief, series.claim_id, series.metric, series.base_year, series.source, series.item, series.year, series.value,
           series.unit, series.snapshot_sha256,
           lag(series.value) over (partition by series.brief, series.claim_id, series.source order by series.year) as previous,
           lag(series.year) over (partition by series.brief, series.claim_id, series.source order by series.year) as previous_year,
           max(series.year) over (partition by series.brief, series.claim_id, series.source) as latest_year,
           case series.source when 'faostat_fbs' then 1 else 2 end as preference,
           coalesce(printf('; FAO carried its balance forward into %s (only population moved), so %d is the last '
                           'genuine year', carried.years,
                           max(series.year) over (partition by series.brief, series.claim_id, series.source)), '') as carried_note
    from series
    left join carried using (brief, claim_id, source)
    where not series.carried_forward
),
food_supply_ratio as (
    select latest.brief, latest.claim_id, latest.year::varchar as evidence_period, 100 * latest.value / base.value as computed_value,
           '%' as evidence_unit, latest.source, latest.preference,
           concat_ws(',', least(latest.snapshot_sha256, base.snapshot_sha256),
                     nullif(greatest(latest.snapshot_sha256, base.snapshot_sha256), least(latest.snapshot_sha256, base.snapshot_sha256))) as snapshot_sha256,
           printf('FAO fish and seafood supply: %.2f kg/person in %d against %.2f in %d', latest.value, latest.year,
                  base.value, base.year) || latest.carried_note as note
    from supply as latest
    join supply as base on base.brief = latest.brief and base.claim_id = latest.claim_id and base.source = latest.source and base.year = latest.base_year
    where latest.metric = 'food_supply_ratio' and latest.year = latest.latest_year
),
food_supply_trend as (
    select brief, claim_id, year::varchar as evidence_period, value - previous as computed_value, unit as evidence_unit, source,
           preference, snapshot_sha256,
           printf('FAO fish and seafood supply: %.2f kg/person in %d, %+.2f from %d', value, year, value - previous,
                  previous_year) || carried_note as note
    from supply
    where metric = 'food_supply_trend' and previous_year = year - 1
),
food_supply_vs_world as (
    select supply.brief, supply.claim_id, supply.year::varchar as evidence_period, 100 * supply.value / world.value as computed_value,
           '%' as evidence_unit, supply.source, supply.preference,
           concat_ws(',', supply.snapshot_sha256, nullif(world.snapshot_sha256, supply.snapshot_sha256)) as snapshot_sha256,
           printf('FAO fish and seafood supply: %.2f kg/person in %d against the world''s %.2f', supply.value, supply.year,
                  world.value) || supply.carried_note as note
    from supply
    join staging.food_supply as world
        on world.iso3 = 'WLD' and world.source = supply.source and world.item = supply.item
       and world.element = 'Food supply quantity' and world.year = supply.year and not world.carried_forward
    where supply.metric = 'food_supply_vs_world'
),
evidence as (
    select * from food_supply_ratio
    union all by name
    select * from food_supply_trend
    union all by name
    select * from food_supply_vs_world
)
select
    brief,  -- the claim's brief (seeds.briefs)
    claim_id,  -- the claim's id in seeds.claims
    evidence_period,  -- the year the evidence is for
    computed_value,  -- the ratio in percent (to the base year or to the world), or the change from the year before
    null::double as computed_low,  -- none: FAO's figure as published
    null::double as computed_high,  -- none
    evidence_unit,  -- the unit of computed_value (seeds.units)
    'fao' as evidence_source,  -- the tradebrief source
    'staging.food_supply' as evidence_table,  -- the warehouse table the evidence comes from
    source as evidence_series,  -- the series within it (faostat_fbs or fao_owid)
    snapshot_sha256,  -- the snapshots the figures were read from, comma-separated
    note,  -- the evidence in words
    preference  -- the food balances 2010-2023 before the older extract
from evidence
