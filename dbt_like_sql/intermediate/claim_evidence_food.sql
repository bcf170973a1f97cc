-- One row per fish-supply claim and year (food_supply_ratio, food_supply_trend), from FAO's supply
-- per person (staging.food_supply, fao_owid). food_supply_ratio (args country|base year): the
-- latest year's supply as a percentage of the base year's. food_supply_trend (args country): each
-- year's change from the year before, for the claims of a steady decline.
with claims as (
    select claim_id, metric, split_part(metric_args, '|', 1) as iso3, try_cast(split_part(metric_args, '|', 2) as integer) as base_year
    from seeds.claims
    where metric in ('food_supply_ratio', 'food_supply_trend')
),
supply as (
    select claims.claim_id, claims.metric, claims.base_year, supply.year, supply.value, supply.unit,
           lag(supply.value) over (partition by claims.claim_id order by supply.year) as previous,
           lag(supply.year) over (partition by claims.claim_id order by supply.year) as previous_year,
           max(supply.year) over (partition by claims.claim_id) as latest_year
    from claims
    join staging.food_supply as supply
        on supply.iso3 = claims.iso3 and supply.source = 'fao_owid' and supply.item = 'Fish, Seafood'
),
food_supply_ratio as (
    select latest.claim_id, latest.year::varchar as evidence_period, 100 * latest.value / base.value as computed_value,
           '%' as evidence_unit,
           printf('FAO fish and seafood supply: %.2f kg/person in %d against %.2f in %d', latest.value, latest.year,
                  base.value, base.year) as note
    from supply as latest
    join supply as base on base.claim_id = latest.claim_id and base.year = latest.base_year
    where latest.metric = 'food_supply_ratio' and latest.year = latest.latest_year
),
food_supply_trend as (
    select claim_id, year::varchar as evidence_period, value - previous as computed_value, unit as evidence_unit,
           printf('FAO fish and seafood supply: %.2f kg/person in %d, %+.2f from %d', value, year, value - previous,
                  previous_year) as note
    from supply
    where metric = 'food_supply_trend' and previous_year = year - 1
)
select
    claim_id,  -- the claim's id in seeds.claims
    evidence_period,  -- the year the evidence is for
    computed_value,  -- the ratio in percent, or the change from the year before
    null::double as computed_low,  -- none: FAO's figure as published
    null::double as computed_high,  -- none
    evidence_unit,  -- the unit of computed_value (seeds.units)
    'fao (staging.food_supply, fao_owid)' as evidence_source,  -- FAO's supply per person via Our World in Data
    null as snapshot_sha256,  -- the FAO snapshots are in meta.snapshots
    note,  -- the evidence in words
    1 as preference  -- one row a claim and year
from food_supply_ratio
union all
select claim_id, evidence_period, computed_value, null, null, evidence_unit, 'fao (staging.food_supply, fao_owid)', null, note, 1
from food_supply_trend
