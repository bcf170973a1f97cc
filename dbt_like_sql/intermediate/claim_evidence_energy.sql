-- One row per energy-series claim (energy_series) and year: the country's coal figure from
-- staging.energy_balance, in a unit of the claim's own dimension (a claim in Mt reads the review's
-- tonnes, never the IEA's TJ), every year held. Args: country|indicator (e.g. RUS|coal_production).
-- family: energy
-- metrics: energy_series
with claims as (
    select claims.brief, claims.claim_id, split_part(claims.metric_args, '|', 1) as iso3,
           split_part(claims.metric_args, '|', 2) as indicator, units.dimension
    from seeds.claims as claims
    join seeds.units as units using (unit)
    where claims.metric = 'energy_series'
),
series as (
    select claims.brief, claims.claim_id, claims.iso3, balance.*,
           row_number() over (partition by claims.brief, claims.claim_id, balance.year
                              order by case balance.source when 'energy_review' then 1 else 2 end) as preference
    from claims
    join staging.energy_balance as balance on balance.iso3 = claims.iso3 and balance.indicator = claims.indicator
    join seeds.units as units on units.unit = balance.unit and units.dimension = claims.dimension
)
select
    brief,  -- the claim's brief (seeds.briefs)
    claim_id,  -- the claim's id in seeds.claims
    year::varchar as evidence_period,  -- the year of the figure
    value as computed_value,  -- the figure that year
    null::double as computed_low,  -- none: the figure is taken as published
    null::double as computed_high,  -- none
    unit as evidence_unit,  -- the unit of computed_value (seeds.units)
    case source when 'energy_review' then 'energy' else source end as evidence_source,  -- the tradebrief source
    'staging.energy_balance' as evidence_table,  -- the warehouse table the evidence comes from
    source as evidence_series,  -- the series within it (energy_review or iea)
    snapshot_sha256,  -- the snapshot the figure was read from
    printf('%s %s in %d: %s %s (%s, edition with data to %d)', iso3, indicator, year, format('{:,.1f}', value), unit,
           case source when 'energy_review' then 'Statistical Review of World Energy' else 'IEA World Energy Balances' end,
           data_to) as note,  -- the figure in words
    preference  -- the review before the IEA for one year
from series
