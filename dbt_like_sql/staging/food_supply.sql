-- One row per (country, year, item, element, source): FAO food balance figures. Serves the brief's
-- claims on fish consumption in Russia and on Russia as a fish exporter. 'fao_owid' is the
-- per-capita supply series (kg per person per year); 'faostat' is FAOSTAT's own food balance
-- (export and import quantities, 1000 tonnes).
with per_capita as (
    select iso3, year, 'Fish, Seafood' as item, 'Food supply quantity' as element, value,
           'kg/capita/yr' as unit, 'fao_owid' as source
    from raw.fao_fish_supply
    where regexp_full_match(iso3, '[A-Z]{3}')
),
balances as (
    select iso3, year, item, element, value, unit, 'faostat' as source
    from raw.faostat_food_balances
    where iso3 is not null and value is not null
)
select
    iso3,  -- ISO 3166 alpha-3 code of the country
    year::integer as year,  -- calendar year of the figure
    item,  -- FAO food item (Fish, Seafood)
    element,  -- FAO element: food supply quantity, export or import quantity
    value::double as value,  -- the figure, in `unit`
    unit,  -- the unit of `value` (kg/capita/yr, tonnes, ...)
    source  -- the tradebrief source the row comes from: fao_owid or faostat
from per_capita
union all
select * from balances
