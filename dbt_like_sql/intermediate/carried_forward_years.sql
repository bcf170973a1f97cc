-- One row per (staging model, series, year) in which the series repeats the year before's figures
-- for nearly all it holds (95% of at least 20 figures held in both years, compared to the digit): a
-- year carried forward, not measured (FAOSTAT's export file repeats 2017 in 2018 and 2019 for every
-- area). Such a year is never evidence for itself; the evidence models leave it out and their notes
-- name the last genuine year.
with figures as (
    -- a figure is keyed by a hash of its key columns. A trade flow is compared as its reporter's total with each
    -- partner (a year carried forward repeats every product, so every total): 48,000 figures, not 1.9 million; a
    -- mirrored flow is a copy of its partner's report, and is left out
    select 'staging.trade_flows' as model, source, year, hash(reporter_iso3, partner_iso3, flow, classification) as figure,
           sum(value_usd) as value
    from staging.trade_flows
    where not is_mirror and product_level = 'hs2'
    group by all
    union all
    select 'staging.macro_indicators', source, year, hash(iso3, indicator), value from staging.macro_indicators
    union all
    select 'staging.food_supply', source, year, hash(iso3, item, element), value from staging.food_supply
    union all
    select 'staging.energy_balance', source, year, hash(iso3, indicator), value from staging.energy_balance
),
compared as (
    select now.model, now.source, now.year, count(*) as figures,
           count(*) filter (where now.value = before.value) as repeated
    from figures as now
    join figures as before
        on before.model = now.model and before.source = now.source and before.figure = now.figure
       and before.year = now.year - 1
    group by all
),
carried as (
    select * from compared where figures >= 20 and repeated >= 0.95 * figures
)
select
    carried.model,  -- the staging model the series lands in
    carried.source,  -- the series (the model's `source` value)
    carried.year,  -- the year that repeats the year before
    carried.figures,  -- figures held in both years
    carried.repeated,  -- of those, the ones equal to the year before's
    (select max(genuine.year) from compared as genuine
     where genuine.model = carried.model and genuine.source = carried.source and genuine.year < carried.year
       and genuine.year not in (select other.year from carried as other
                                where other.model = carried.model and other.source = carried.source)
    ) as last_genuine_year  -- the last year before it that was measured
from carried
